"""Presentation mode, language settings and the course font (clvteach.style, .settings)."""
from __future__ import annotations

import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib as mpl  # noqa: E402
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach import i18n, style  # noqa: E402


@pytest.fixture(autouse=True)
def _fresh_state():
    """Each test starts with presentation off, English, no cached font detection."""
    style.presentation(False)
    style._reset_language_state()
    saved_family = list(mpl.rcParams["font.family"])
    yield
    style.presentation(False)
    style._reset_language_state()
    mpl.rcParams["font.family"] = saved_family


@pytest.fixture
def no_cjk(monkeypatch):
    """A broken install: the course font file is gone and no system CJK font exists."""
    monkeypatch.setattr(style, "_installed_font_names", lambda: ["DejaVu Sans", "STIXGeneral"])


def test_presentation_is_one_call_and_reversible():
    before = {k: mpl.rcParams[k] for k in ("font.size", "lines.linewidth", "axes.prop_cycle")}
    ct.presentation(True)
    assert ct.is_presentation()
    assert mpl.rcParams["font.size"] >= 16
    assert mpl.rcParams["lines.linewidth"] >= 3
    assert mpl.rcParams["axes.prop_cycle"].by_key()["color"][0] == style.OKABE_ITO["blue"]
    ct.presentation(True)  # twice: must still restore the original settings
    ct.presentation(False)
    assert not ct.is_presentation()
    after = {k: mpl.rcParams[k] for k in before}
    assert after == before


def test_presentation_restores_user_settings_changed_before():
    mpl.rcParams["font.size"] = 9.5
    try:
        ct.presentation(True)
        assert mpl.rcParams["font.size"] == 18
        ct.presentation(False)
        assert mpl.rcParams["font.size"] == 9.5
    finally:
        mpl.rcParams["font.size"] = mpl.rcParamsDefault["font.size"]


def test_presentation_as_context_manager_restores_previous_mode():
    with ct.presentation(True):
        assert ct.is_presentation()
    assert not ct.is_presentation()


def test_presentation_rejects_non_bool():
    with pytest.raises(TypeError, match="on must be True or False, got 'yes'"):
        ct.presentation("yes")


def test_widget_style_is_larger_in_presentation_mode():
    normal = ct.widget_style()
    ct.presentation(True)
    big = ct.widget_style()
    for key in ("description_width", "font_size", "value_font_size"):
        assert float(big[key].removesuffix("px")) > float(normal[key].removesuffix("px"))
    big["font_size"] = "1px"  # a copy: changing it changes nothing
    assert ct.widget_style()["font_size"] != "1px"


def test_presentation_figures_use_thick_lines_and_big_fonts():
    table = __import__("pandas").DataFrame({"year": [1, 2], "present_value": [10.0, 8.0]})
    with ct.presentation(True):
        ax = ct.plot_clv_cac(table, cac=5.0)
        assert ax.lines[0].get_linewidth() >= 3
        assert ax.xaxis.label.get_fontsize() >= 18


def test_palette_is_okabe_ito():
    assert set(style.OKABE_ITO.values()) == {
        "#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00",
        "#CC79A7"}
    assert set(style.COLORS.values()) <= set(style.OKABE_ITO.values()) | {"#999999"}


def test_language_defaults_to_english_and_can_be_set():
    assert ct.get_language() == "en"
    ct.set_language("zh")
    assert ct.get_language() == "zh"
    assert ct.get_settings() == ct.settings.Settings(language="zh", presentation=False)
    # the message follows the language in force (here Chinese)
    with pytest.raises(ValueError, match="lang 必须是 'en', 'zh' 之一，收到的是 'fr'"):
        ct.set_language("fr")
    assert ct.get_language() == "zh"  # a rejected value changes nothing


def test_language_context_manager_restores_the_previous_language():
    with ct.language("zh") as current:
        assert current.language == "zh" and ct.get_language() == "zh"
        with ct.language("en"):
            assert ct.get_language() == "en"
        assert ct.get_language() == "zh"
    assert ct.get_language() == "en"
    with pytest.raises(RuntimeError), ct.language("zh"):
        raise RuntimeError("boom")
    assert ct.get_language() == "en"  # restored even after an error


def test_presentation_is_part_of_the_settings_object():
    with ct.presentation(True):
        assert ct.get_settings().presentation is True
    assert ct.get_settings().presentation is False


def test_getters_have_no_side_effects():
    before = mpl.rcParams.copy()
    assert style.resolve_language("zh") == "zh"
    assert style.resolve_language() == "en"
    ct.get_language(), ct.get_settings(), style.cjk_font(), style.displayable("晨光")
    assert mpl.rcParams == before


def test_course_font_is_registered_by_the_plotting_layer():
    import clvteach.plotting  # noqa: F401

    assert style.cjk_font() == style.COURSE_FONT
    ct.set_language("zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no CJKFontWarning, no missing glyph
        ax = ct.plot_clv_composition(
            {"historical": 4320, "current": 3058, "potential": 1487})
        ax.figure.savefig(__import__("io").BytesIO(), format="png", dpi=20)
    assert ax.get_ylabel() == "价值（元）"
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "历史价值", "当前价值", "潜在价值", "客户终生价值"]
    assert style.COURSE_FONT in mpl.rcParams["font.family"]


def test_course_font_comes_back_after_rcdefaults():
    mpl.rcdefaults()
    ax = ct.plot_dcf(__import__("pandas").DataFrame({"year": [1], "present_value": [1.0]}),
                     lang="zh")
    assert style.COURSE_FONT in mpl.rcParams["font.family"]
    assert ax.get_xlabel() == "年"


def test_without_any_cjk_font_warns_once(no_cjk):
    with pytest.warns(style.CJKFontWarning, match="is missing") as record:
        assert style.use_cjk_font() is None
    assert len(record) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second warning would raise here
        assert style.use_cjk_font() is None


def test_session_language_is_used_when_lang_is_omitted():
    ct.set_language("zh")
    table = __import__("pandas").DataFrame({"year": [1, 2], "present_value": [10.0, 8.0]})
    ax = ct.plot_dcf(table)
    assert ax.get_xlabel() == "年"
    assert ct.plot_dcf(table, lang="en").get_xlabel() == "Year"
    with ct.language("en"):
        assert ct.plot_dcf(table).get_xlabel() == "Year"


def test_cjk_detection_prefers_known_fonts_and_accepts_any_cjk_family(monkeypatch):
    monkeypatch.setattr(style, "_installed_font_names",
                        lambda: ["DejaVu Sans", "WenQuanYi Zen Hei", "Noto Sans CJK SC"])
    assert style.cjk_font() == "Noto Sans CJK SC"
    style._reset_language_state()
    monkeypatch.setattr(style, "_installed_font_names", lambda: ["Foo CJK KR", "DejaVu Sans"])
    assert style.cjk_font() == "Foo CJK KR"


def test_displayable_strips_chinese_only_without_a_cjk_font(no_cjk):
    assert style.displayable("Chenguang smart mug (晨光智能咖啡杯)") == "Chenguang smart mug"
    assert style.displayable("晨光") == "?"
    assert style.displayable("CLV:CAC = 3.0:1") == "CLV:CAC = 3.0:1"


def test_displayable_keeps_chinese_with_the_course_font():
    assert style.displayable("Chenguang smart mug (晨光智能咖啡杯)") == (
        "Chenguang smart mug (晨光智能咖啡杯)")


def test_english_plots_of_chinese_data_names_draw_no_missing_glyphs():
    import io

    ax = ct.plot_offer_comparison(ct.compare_offers([ct.CHENGUANG_MUG, ct.RIVAL_MUG]))
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Chenguang smart mug (晨光智能咖啡杯)", "Rival smart mug (illustrative)"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        ax.figure.savefig(io.BytesIO(), format="png")


@pytest.mark.parametrize("module", [style, i18n, ct.settings])
def test_docstring_examples_run(module):
    import doctest

    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
