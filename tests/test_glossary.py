"""The bilingual glossary: one source, rendered notebooks up to date, terms used one way."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from clvteach import i18n
from clvteach.glossary import TERMS, glossary_markdown

ROOT = Path(__file__).resolve().parent.parent
ZH_DIRS = [ROOT / "notebooks" / "zh", ROOT / "exercises" / "zh", ROOT / "solutions" / "zh"]


def _zh_texts() -> dict[str, str]:
    """Every zh notebook's cell sources and text outputs (not the glossary itself)."""
    texts = {}
    for folder in ZH_DIRS:
        for path in sorted(folder.rglob("*.ipynb")):
            if path.name == "glossary.ipynb" or ".ipynb_checkpoints" in path.parts:
                continue
            nb = json.loads(path.read_text(encoding="utf-8"))
            texts[str(path.relative_to(ROOT))] = "\n".join(
                "".join(cell["source"]) for cell in nb["cells"])
    return texts


def test_glossary_has_the_chapter_terms_in_both_languages():
    zh = {t.zh for t in TERMS}
    for term in ("客户让渡价值", "客户总价值", "客户总成本", "客户生命周期", "考察期", "形成期",
                 "稳定期", "退化期", "客户终生价值", "历史价值", "当前价值", "潜在价值",
                 "客户获取成本（CAC）", "回收期", "贴现率", "保留率"):
        assert term in zh, term
    assert len({t.en for t in TERMS}) == len(TERMS) == len(zh)
    assert all(t.definition_en and t.definition_zh for t in TERMS)
    assert "| **回收期** | payback period |" in glossary_markdown("zh")


def test_glossary_notebooks_are_up_to_date_and_linked_from_both_start_pages():
    out = subprocess.run([sys.executable, "tools/build_glossary.py", "--check"], cwd=ROOT,
                         capture_output=True, text=True)
    assert out.returncode == 0, out.stdout
    for start in ("notebooks/00_start_here.ipynb", "notebooks/zh/00_start_here.ipynb"):
        assert "](glossary.ipynb)" in (ROOT / start).read_text(encoding="utf-8"), start


@pytest.mark.parametrize("term", TERMS, ids=lambda t: t.en)
def test_zh_edition_and_catalogue_use_the_glossary_term(term):
    """No 回报周期 in one place and 回收期 in another: the avoided variants appear nowhere."""
    texts = _zh_texts()
    assert texts, "the Chinese edition has no notebooks"
    texts["the string catalogue"] = "\n".join(e["zh"] for e in i18n.CATALOGUE.values())
    found = {(where, variant) for where, body in texts.items() for variant in term.avoid
             if variant in body}
    assert found == set(), f"use {term.zh!r}, not: {sorted(found)}"


def test_every_glossary_term_is_used_by_the_zh_edition():
    body = "\n".join(_zh_texts().values())
    # a term counts as used with or without its "（CAC）"-style abbreviation
    unused = [t.zh for t in TERMS if t.zh.split("（")[0] not in body]
    assert unused == []
