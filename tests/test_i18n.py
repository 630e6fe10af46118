"""The string catalogue: complete in both languages, and nothing English shown in zh."""
from __future__ import annotations

import re
import string
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import pytest  # noqa: E402

import clvteach as ct  # noqa: E402
from clvteach import i18n  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HAN = re.compile(r"[\u4e00-\u9fff]")
# Allowed in zh text: abbreviations and symbols the courseware itself uses, model names,
# and names that come from data (the offers are named by their owner, not translated).
LATIN_OK = {"CLV", "CAC", "LTV", "DCF", "RFM", "BG", "NBD", "sBG", "alpha", "beta", "P",
            "T", "S", "r_t", "t", "nan", "NaN", "pandas", "DataFrame",
            # notebook sentences: the package, a keyword argument, data set, abbreviations
            # and authors the Chinese edition keeps as they are
            "clvteach", "convention", "t_x", "CDNOW", "CRM", "VIP", "DERL", "Beta", "Fader",
            "Hardie",
            "True", "False", "None"}  # Python's literals, as a student types them
DATA_NAMES = ("Chenguang smart mug", "Rival smart mug (illustrative)", "illustrative")
WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


def english_words(shown: str) -> list[str]:
    """Latin words of 3+ letters in ``shown`` that are not allowed in a zh display."""
    for name in DATA_NAMES:
        shown = shown.replace(name, "")
    return [w for w in WORD.findall(shown) if w not in LATIN_OK]


def _fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


# --------------------------------------------------------------------- the catalogue
def test_every_key_is_namespaced_and_has_both_languages():
    namespaces = {"term", "plot", "widget", "unit", "error", "check", "lifecycle", "table",
                  "nb"}
    for key, entry in i18n.CATALOGUE.items():
        assert re.fullmatch(r"[a-z]+(\.[a-z0-9_]+)+", key), key
        assert key.split(".")[0] in namespaces, key
        assert set(entry) == set(i18n.LANGUAGES), key
        assert all(entry[lang].strip() for lang in i18n.LANGUAGES), key
        if key.startswith("nb."):
            # a notebook sentence may leave out a field in one language (the English key
            # beside a Chinese name, say); both editions run every one of them
            # (tests/test_zh_outputs.py), so a field missing from the call still fails
            continue
        assert _fields(entry["en"]) == _fields(entry["zh"]), key


def test_every_chinese_entry_is_translated():
    # only language-neutral entries (ratios, abbreviations) may read the same in zh
    neutral = {"plot.clv_cac_ratio", "widget.clv_cac", "plot.model.sbg_fit",
               # "label: value" with the colon of each language (full-width in zh)
               "plot.label_value", "widget.summary_line", "plot.alt.note_sep",
               "plot.alt.stop"}  # the full stop of each language
    for key, entry in i18n.CATALOGUE.items():
        if key in neutral:
            continue
        assert HAN.search(entry["zh"]), (key, entry["zh"])
        assert not english_words(re.sub(r"\{[^}]*\}", "", entry["zh"])), (key, entry["zh"])


def test_no_key_has_two_meanings_in_the_old_sense():
    # "growth" once meant both "Growth customers" and "Revenue growth / year"
    assert i18n.text("term.segment.growth", "en") == "Growth customers"
    assert i18n.text("widget.growth", "en") == "Revenue growth / year"
    # one term, one Chinese name: the same English term never gets two translations
    by_en: dict[str, set[str]] = {}
    for key in i18n.keys("term."):
        by_en.setdefault(i18n.CATALOGUE[key]["en"], set()).add(i18n.CATALOGUE[key]["zh"])
    assert {en: zh for en, zh in by_en.items() if len(zh) > 1} == {}


def test_the_library_keys_all_have_terms():
    from clvteach import lifecycle, sensitivity, value

    families = {
        "stage": lifecycle.STAGE_KEYS,
        "pattern": lifecycle.PATTERN_KEYS,
        "process": ("reach", "acquisition", "conversion", "retention", "win_back"),
        "value_type": tuple(vt.key for vt in value.VALUE_TYPES),
        "segment": ("high_value", "growth", "watch", "low_value"),
        "delivered": (*value.VALUE_COMPONENTS, *value.COST_COMPONENTS),
        "factor": sensitivity.FACTOR_KEYS,
        "verdict": ("healthy", "thin", "losing"),
    }
    missing = [f"term.{family}.{k}" for family, ks in families.items() for k in ks
               if not i18n.has_text(f"term.{family}.{k}")]
    assert missing == []


def test_every_literal_key_in_the_code_exists():
    keys = set()
    for path in (ROOT / "clvteach").rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        found = re.findall(r"""(?:label|text|_msg)\(\s*["']([a-z_][a-z0-9_.]*)["']""", source)
        for key in found:
            if path.parent.name == "widgets" and "." not in key:
                key = f"widget.{key}"
            elif path.name == "_validation.py":
                key = f"error.{key}"
            keys.add(key)
    assert len(keys) > 90
    assert sorted(k for k in keys if "." in k and not i18n.has_text(k)) == []


def test_text_fills_fields_follows_the_language_and_refuses_unknown_keys():
    assert i18n.text("plot.clv_cac_ratio", "en", ratio=3.06) == "CLV:CAC = 3.1:1"
    assert i18n.text("term.stage.stability") == "Stability"
    with ct.language("zh"):
        assert i18n.text("term.stage.stability") == "稳定期"
    with pytest.raises(KeyError, match="'spend' is not a key"):
        i18n.text("spend")
    with pytest.raises(ValueError, match="lang must be one of"):
        i18n.text("plot.year", "de")


def test_option_aliases_accept_english_and_chinese_names():
    aliases = i18n.option_aliases(["functional", "self_actualisation"])
    assert aliases["自我实现价值"] == "self_actualisation"
    assert aliases["self_actualisation_value"] == "self_actualisation"
    # "retention" is a process and a factor: within one question it stays unambiguous
    assert i18n.option_aliases(["reach", "retention"])["保留"] == "retention"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_validation_errors_follow_the_language(lang):
    expected = {"en": r"retention must be in \[0, 1\), got 1.2",
                "zh": r"retention 必须在 \[0, 1\) 范围内，收到的是 1.2"}[lang]
    with ct.language(lang), pytest.raises(ValueError, match=expected):
        ct.current_value(annual_revenue=2400, margin=0.6, retention=1.2, discount_rate=0.1,
                         horizon=5)


# --------------------------------------------------------------- what a zh student sees
def _widget_strings(widget) -> list[str]:
    import ipywidgets as widgets

    out = []
    for attr in ("description", "value", "tooltip"):
        value = getattr(widget, attr, None)
        if isinstance(value, str) and isinstance(widget, (widgets.Label, widgets.HTML,
                                                           widgets.Button)) or (
                attr == "description" and isinstance(value, str)):
            value = re.sub(r"<style>.*?</style>", " ", value, flags=re.S)  # CSS is not shown
            out.append(re.sub(r"<[^>]+>", " ", value))
    for label in getattr(widget, "_options_labels", ()) or ():
        out.append(label)
    for child in getattr(widget, "children", ()) or ():
        out += _widget_strings(child)
    return out


def _figure_strings(figure) -> list[str]:
    from matplotlib.text import Text

    return [t.get_text() for t in figure.findobj(Text) if t.get_visible() and t.get_text()]


EXPLORERS = {
    "clv_calculator": lambda: ct.widgets.clv_calculator(lang="zh"),
    "sensitivity_explorer": lambda: ct.widgets.sensitivity_explorer(lang="zh"),
    "delivered_value_explorer": lambda: ct.widgets.delivered_value_explorer(lang="zh"),
    "offer_comparison": lambda: ct.widgets.offer_comparison(lang="zh"),
    "lifecycle_explorer": lambda: ct.widgets.lifecycle_explorer(lang="zh"),
    "pattern_explorer": lambda: ct.widgets.pattern_explorer(lang="zh"),
    "segment_explorer": lambda: ct.widgets.segment_explorer(ct.datasets.load_cdnow(),
                                                            currency="USD", lang="zh"),
}


@pytest.mark.parametrize("name", sorted(EXPLORERS))
def test_zh_explorers_show_no_untranslated_string(name):
    explorer = EXPLORERS[name]()
    shown = _widget_strings(explorer) + _figure_strings(explorer.figure)
    shown += [explorer.readout_text(r.key) for r in explorer.readouts]
    shown += explorer.summary_lines()  # e.g. the pattern explorer's reason
    with ct.language("zh"):  # the figure's text alternative (alt), as a zh notebook has it
        from clvteach.plotting._describe import alt_text

        shown.append(alt_text(explorer.figure))
    assert any(HAN.search(s) for s in shown)
    untranslated = {s: english_words(s) for s in shown if english_words(s)}
    assert untranslated == {}
    # the text summaries beside the figure: a Chinese label takes the full-width colon
    for text in (explorer.summary(), shown[-1]):
        assert not re.search(r"[\u4e00-\u9fff）]:", text), text  # "价值 : 成本" is a ratio


def test_zh_plots_show_no_untranslated_string():
    from test_plotting_common import PLOTS

    for name, draw in PLOTS.items():
        ax = draw(lang="zh")
        shown = _figure_strings(ax.figure)
        untranslated = {s: english_words(s) for s in shown if english_words(s)}
        assert untranslated == {}, name


def test_zh_model_plots_show_no_untranslated_string():
    import numpy as np

    from clvteach.models import BetaGeo, ShiftedBetaGeo

    bg = BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426, time_unit="week")
    sbg = ShiftedBetaGeo(period="year").fit([1000, 631, 468, 382, 326, 289, 262, 241])
    x, t_x = np.array([0, 1, 2, 9]), np.array([0, 10.0, 20.0, 30.0])
    with ct.language("zh"):
        axes = [ct.plot_probability_alive(bg, T=38.86, max_frequency=5, n_recency=5),
                ct.plot_calibration_vs_holdout(bg, x, t_x, np.full(4, 38.0),
                                               np.array([0, 1, 2, 6]), holdout_length=39),
                ct.plot_sbg_survival(sbg, [1000, 631, 468], periods=5, constant_retention=0.8),
                ct.plot_sbg_retention(sbg, [1000, 631, 468], periods=5, constant_retention=0.8)]
    for ax in axes:
        shown = _figure_strings(ax.figure)
        assert any(HAN.search(s) for s in shown)
        assert {s: english_words(s) for s in shown if english_words(s)} == {}


# ------------------------------------------------------------------- choosing a language
def test_choice_questions_accept_chinese_and_english_option_names():
    from clvteach.exercises import _core

    q = _core.ChoiceQuestion(key="t.q1", hint="a stage", answer=lambda p: "formation",
                             options={"exploration": "考察期 exploration",
                                      "formation": "形成期 formation"})
    for answer in ("formation", "形成期", "Formation", " formation "):
        q.judge(answer, None, q.target(None))  # right: no exception
    with pytest.raises(_core.Diagnosis, match="not this one"):
        q.judge("考察期", None, q.target(None))  # an option, but the wrong one
    with pytest.raises(_core.Diagnosis, match="'稳定期' is not an option; choose from"):
        q.judge("稳定期", None, q.target(None))
    with ct.language("zh"), pytest.raises(_core.Diagnosis, match="不是可选项"):
        q.judge("稳定期", None, q.target(None))


def test_make_lab_opens_the_chosen_edition():
    import subprocess

    def dry_run(*args):
        return subprocess.run(["make", "-n", *args], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout

    assert "notebooks/00_start_here.ipynb" in dry_run("lab")
    assert "notebooks/zh/00_start_here.ipynb" in dry_run("lab", "LANG=zh")
    assert (ROOT / "notebooks" / "zh" / "00_start_here.ipynb").is_file()
    assert "notebooks/zh/dashboards" in dry_run("present", "LANG=zh")


def test_text_pairs_follow_the_language_and_refuse_half_translations():
    from clvteach.i18n import Text, localise

    hint = Text("{n} years of profit", "{n} 年的利润")
    assert hint.format(n=3).get("en") == "3 years of profit"
    assert localise(hint.format(n=3), "zh") == "3 年的利润"
    assert localise("plain", "zh") == "plain"
    typed = hint.format(n="{oops")  # what a student typed is shown as is
    assert typed.get("zh") == "{oops 年的利润" and str(typed) == "{oops years of profit"
    with ct.language("zh"):
        assert f"{hint}" == "{n} 年的利润"
    assert str(hint) == "{n} years of profit"
    with pytest.raises(ValueError, match="placeholders"):
        Text("{n} years", "年")
    with pytest.raises(ValueError, match="must be Chinese"):
        Text("years", "years")
    with pytest.raises(ValueError, match="non-empty"):
        Text("", "年")
