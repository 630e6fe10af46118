"""Presentation mode and language handling (clvteach.style, clvteach.i18n)."""
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
    monkeypatch.setattr(style, "_installed_font_names", lambda: ["DejaVu Sans", "STIXGeneral"])


@pytest.fixture
def fake_cjk(monkeypatch):
    # pretend DejaVu Sans (always installed) were the CJK font: labels switch to Chinese
    monkeypatch.setattr(style, "_CJK_FONTS", ("DejaVu Sans",))
    monkeypatch.setattr(style, "_installed_font_names", lambda: ["DejaVu Sans"])


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
    with pytest.raises(ValueError, match="lang must be one of 'en', 'zh', got 'fr'"):
        ct.set_language("fr")


def test_chinese_without_cjk_font_falls_back_to_english_and_warns_once(no_cjk):
    with pytest.warns(style.CJKFontWarning, match="none is installed") as record:
        assert style.resolve_language("zh") == "en"
    assert len(record) == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a second warning would raise here
        assert style.resolve_language("zh") == "en"
        ax = ct.plot_clv_composition(
            {"historical": 4320, "current": 3058, "potential": 1487}, lang="zh")
    assert ax.get_ylabel() == "Value (yuan)"
    assert [t.get_text() for t in ax.get_xticklabels()][0] == "Historical value"


def test_chinese_with_cjk_font_uses_chinese_labels_and_adds_the_font(fake_cjk):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = ct.plot_clv_composition(
            {"historical": 4320, "current": 3058, "potential": 1487}, lang="zh")
    assert ax.get_ylabel() == "价值（元）"
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "历史价值", "当前价值", "潜在价值", "客户终生价值"]
    assert "DejaVu Sans" in mpl.rcParams["font.family"]


def test_session_language_is_used_when_lang_is_omitted(fake_cjk):
    ct.set_language("zh")
    table = __import__("pandas").DataFrame({"year": [1, 2], "present_value": [10.0, 8.0]})
    ax = ct.plot_dcf(table)
    assert ax.get_xlabel() == "年"
    assert ct.plot_dcf(table, lang="en").get_xlabel() == "Year"


def test_cjk_detection_prefers_known_fonts_and_accepts_any_cjk_family(monkeypatch):
    monkeypatch.setattr(style, "_installed_font_names",
                        lambda: ["DejaVu Sans", "WenQuanYi Zen Hei", "Noto Sans CJK SC"])
    assert style.cjk_font() == "Noto Sans CJK SC"
    style._reset_language_state()
    monkeypatch.setattr(style, "_installed_font_names", lambda: ["Foo CJK KR", "DejaVu Sans"])
    assert style.cjk_font() == "Foo CJK KR"


def test_label_dictionaries_have_the_same_keys_and_shared_terms():
    assert set(i18n.LABELS["en"]) == set(i18n.LABELS["zh"])
    zh = i18n.LABELS["zh"]
    assert [zh[k] for k in ("exploration", "formation", "stability", "deterioration")] == [
        "考察期", "形成期", "稳定期", "退化期"]
    assert [zh[k] for k in ("early_abortion", "midterm_abortion", "early_exit",
                            "long_term_retention")] == [
        "早期流产型", "中途夭折型", "提前退出型", "长久保持型"]
    assert [zh[k] for k in ("reach", "acquisition", "conversion", "retention",
                            "win_back")] == ["到达", "获取", "转换", "保留", "流失/赢回"]
    assert [zh[k] for k in ("functional", "trust", "social", "epistemic", "aesthetic",
                            "self_actualisation")] == [
        "功能性价值", "信赖性价值", "社会性价值", "探知性价值", "美感性价值", "自我实现价值"]
    assert [zh[k] for k in ("high_value", "growth", "watch", "low_value")] == [
        "高价值客户", "成长型客户", "需警惕客户", "低价值客户"]


def test_text_fills_fields_and_passes_unknown_keys_through():
    assert i18n.text("clv_cac_ratio", "en", ratio=3.06) == "CLV:CAC = 3.1:1"
    assert i18n.text("spend", "zh") == "spend"
    with pytest.raises(ValueError, match="lang must be one of"):
        i18n.text("year", "de")


def test_displayable_strips_chinese_only_without_a_cjk_font(no_cjk):
    assert style.displayable("Chenguang smart mug (晨光智能咖啡杯)") == "Chenguang smart mug"
    assert style.displayable("晨光") == "?"
    assert style.displayable("CLV:CAC = 3.0:1") == "CLV:CAC = 3.0:1"


def test_displayable_keeps_chinese_and_registers_the_font_with_one(fake_cjk):
    assert style.displayable("Chenguang smart mug (晨光智能咖啡杯)") == (
        "Chenguang smart mug (晨光智能咖啡杯)")
    assert "DejaVu Sans" in mpl.rcParams["font.family"]


def test_english_plots_of_chinese_data_names_draw_no_missing_glyphs(no_cjk):
    import io

    ax = ct.plot_offer_comparison(ct.compare_offers([ct.CHENGUANG_MUG, ct.RIVAL_MUG]))
    assert [t.get_text() for t in ax.get_xticklabels()] == [
        "Chenguang smart mug", "Rival smart mug (illustrative)"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # matplotlib warns "Glyph ... missing from font(s)"
        ax.figure.savefig(io.BytesIO(), format="png")


def test_every_label_key_used_by_the_plots_exists():
    import re
    from pathlib import Path

    import clvteach.plotting as plotting

    root = Path(plotting.__file__).parent
    keys = set()
    for name in ("clv.py", "value.py", "lifecycle.py", "data.py"):
        keys |= set(re.findall(r"""label\(\s*["']([a-z_]+)["']""", (root / name).read_text()))
    assert len(keys) > 30
    missing = sorted(k for k in keys if not i18n.has_text(k))
    assert missing == []


@pytest.mark.parametrize("module", [style, i18n])
def test_docstring_examples_run(module):
    import doctest

    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
