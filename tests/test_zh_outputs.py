"""No untranslated string in the stored outputs of the Chinese course notebooks.

Both editions run the same code cells (tests/test_editions.py), so every sentence, table
header, legend or widget label a cell shows must come from the library in the current
language (the catalogue, :mod:`clvteach.i18n`), not from an English literal. This test
reads what the Chinese notebooks (``notebooks/zh/``, dashboards included) store: printed
text, ``text/plain`` and ``text/html`` results (with the alt text of figures), and the
widget summaries (labels, descriptions, option names and HTML of the saved widget state).
An English word there fails unless it is a code identifier (``snake_case``, a keyword
argument ``name=``, a quoted value, a Python repr), a unit or abbreviation the Chinese
courseware uses too (CLV, CAC, RFM, ...), or a proper name (:data:`ALLOWED`).

Fast: no kernel, stored files only (re-execute with ``make notebooks``).
"""
from __future__ import annotations

import html
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
ZH = ROOT / "notebooks" / "zh"

# Words a Chinese reader sees untranslated on purpose: abbreviations of the courseware
# and the models, symbols, software, data sets and proper names.
ALLOWED = {
    # abbreviations and symbols
    "CLV", "CAC", "LTV", "DCF", "RFM", "NPS", "CSAT", "CRM", "VIP", "OTA", "DERL", "BG",
    "NBD", "sBG", "alpha", "beta", "Beta", "Gamma", "NaN", "nan", "max", "min",
    # software and files
    "clvteach", "Python", "pandas", "matplotlib", "Jupyter", "JupyterLab", "JupyterHub",
    "Voila", "ipynb",
    # data sets, firms and people
    "CDNOW", "StreamNow", "Patagonia", "Fader", "Hardie", "Zhang", "San",
}
WORD = re.compile(r"[A-Za-z][A-Za-z'’\-]*[A-Za-z]|[A-Za-z]")
RUN = re.compile(r"[A-Za-z][A-Za-z'’\-]*(?:[ \t]+[A-Za-z][A-Za-z'’\-]*)*")
# Code shown as code: quoted values, keyword arguments, identifiers, reprs, paths, numbers
# with units of code (1e-05), e-mail and web addresses.
CODE = [
    re.compile(r"\bdtype:\s*\w+|\bName:\s*\w+|\bLength:\s*\d+"),  # pandas footers
    re.compile(r"https?://\S+"),
    re.compile(r"\"[^\"\n]*\"|'[^'\n]*'"),
    re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*=[^\s,;)]*"),     # keyword=value
    re.compile(r"\S*[*/]\S*"),                              # formulas: m*r/(1+d-r)
    re.compile(r"\b[A-Z][A-Za-z0-9]*\((?:[^()]|\([^()]*\))*\)", re.S),  # Repr(...)
    re.compile(r"\b\w*(?:_\w*|\d\w*)"),   # snake_case, q1, ex01, 1e5 ...
    re.compile(r"\b[a-z]+[A-Z]\w*"),      # camelCase
    re.compile(r"\S+\.(?:ipynb|py|csv|md)\b"),
]


def shown_text(nb) -> list[tuple[str, str]]:
    """(where, text) of every output a reader sees in a stored notebook."""
    found = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            where = f"cell {i}"
            if out.output_type == "stream":
                found.append((where, out.text))
            elif out.output_type == "error":
                found.append((where, f"{out.ename}: {out.evalue}"))
            elif out.output_type in ("execute_result", "display_data"):
                data = out.get("data", {})
                if "text/plain" in data:
                    found.append((where + " text/plain", data["text/plain"]))
                if "text/html" in data:
                    found.append((where + " text/html", html_text(data["text/html"])))
    state = nb.metadata.get("widgets", {}).get(
        "application/vnd.jupyter.widget-state+json", {}).get("state", {})
    for model_id, model in state.items():
        found += [(f"widget {model['model_name']} {model_id[:8]}", t)
                  for t in widget_text(model.get("state", {}), model["model_name"])]
    return found


def html_text(markup: str) -> str:
    """The text of an HTML output, figures' alt text included (no styles, scripts, data)."""
    alts = re.findall(r"\balt=\"([^\"]*)\"", markup)
    markup = re.sub(r"<(style|script)\b.*?</\1>", " ", markup, flags=re.S | re.I)
    markup = re.sub(r"<[^>]+>", " ", markup)
    return html.unescape(" ".join([markup, *alts]))


def widget_text(state: dict, model_name: str) -> list[str]:
    """What a widget shows: its description, tooltip, option labels, text or HTML value."""
    texts = [state.get(k) for k in ("description", "tooltip", "placeholder")]
    texts += list(state.get("_options_labels") or [])
    if model_name in ("HTMLModel", "HTMLMathModel", "LabelModel", "ButtonModel",
                      "ToggleButtonModel", "TextareaModel"):
        value = state.get("value") if model_name != "ButtonModel" else None
        texts += [value if isinstance(value, str) else None]
    texts += [html_text(t) if isinstance(t, str) and "<" in t else t
              for t in (state.get("description"),)]
    return [html_text(t) for t in texts if isinstance(t, str) and t.strip()]


def english_runs(text: str) -> list[str]:
    """Runs of English words in ``text`` that are neither code nor :data:`ALLOWED`. Pure."""
    for pattern in CODE:
        text = pattern.sub(" ", text)
    return [run for run in RUN.findall(text)
            if any(len(w) > 1 and w not in ALLOWED for w in WORD.findall(run))]


def zh_notebooks() -> list[Path]:
    return sorted([*ZH.glob("*.ipynb"), *(ZH / "dashboards").glob("*.ipynb")])


def test_the_check_finds_english_and_lets_code_and_names_through():
    assert english_runs("客户总价值 = 470 元") == []
    assert english_runs("total customer value = 470 yuan") == ["total customer value",
                                                              "yuan"]
    assert english_runs("exploration=1, fixed_lifetime=False; m*(1+d)/(1+d-r)") == []
    assert english_runs("第 3 周  Formation  交叉销售") == ["Formation"]
    assert english_runs('convention="courseware"：倍数 4.000；product=280, CLV : CAC') == []
    assert english_runs("CustomerCase(name='Zhang San', retention=0.8)") == []
    assert english_runs("predicted_clv 的平均值，Gini 0.62") == ["Gini"]
    assert english_runs("CDNOW 客户，Fader & Hardie (2005)") == []
    assert english_runs("Name: count, dtype: int64") == []


@pytest.mark.parametrize("path", zh_notebooks(), ids=lambda p: str(p.relative_to(ZH)))
def test_zh_notebook_outputs_have_no_untranslated_string(path):
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert not code or any(c.get("outputs") for c in code), (
        f"{path.relative_to(ROOT)} has no stored outputs: run make notebooks")
    problems = [f"{where}: {run!r}" for where, text in shown_text(nb)
                for run in english_runs(text)]
    assert not problems, (
        f"{path.relative_to(ROOT)} shows English in the Chinese edition (give the string "
        "a catalogue key in clvteach/i18n.py and show it with ct.text / ct.show_table, then "
        "make notebooks):\n" + "\n".join(sorted(set(problems))[:60]))
