"""Write the glossary notebooks from clvteach.glossary (the one source of the terms).

    python tools/build_glossary.py          # writes notebooks/glossary.ipynb and
                                            # notebooks/zh/glossary.ipynb
    python tools/build_glossary.py --check  # exit 1 if they are out of date

The notebooks hold markdown only (nothing to execute); a test checks they are current.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from clvteach.glossary import glossary_markdown

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"en": ROOT / "notebooks" / "glossary.ipynb",
           "zh": ROOT / "notebooks" / "zh" / "glossary.ipynb"}

INTRO = {
    "en": ("# Glossary 中英术语表\n\n"
           "The chapter's terms in English and Chinese, as the courseware "
           "(courseware ch. 6, 客户价值的分析与获取) writes them, each with a one-line "
           "definition and the notebook that introduces it. The Chinese edition uses exactly "
           "these Chinese terms. [中文版术语表](zh/glossary.ipynb) · "
           "[Back to the start page](00_start_here.ipynb)"),
    "zh": ("# 中英术语表 Glossary\n\n"
           "本章术语的中英文对照，中文术语与课件（第 6 章 客户价值的分析与获取）一致，"
           "并附一句话定义和首次出现的笔记本编号。中文版笔记本统一使用这些术语。"
           "[English glossary](../glossary.ipynb) · [返回开始页](00_start_here.ipynb)"),
}


def notebook(lang: str) -> str:
    cells = [INTRO[lang], glossary_markdown(lang)]
    nb = {
        "cells": [{"cell_type": "markdown", "id": f"glossary-{i}", "metadata": {},
                   "source": source.splitlines(keepends=True)}
                  for i, source in enumerate(cells)],
        "metadata": {"kernelspec": {"display_name": "Python 3", "language": "python",
                                    "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    return json.dumps(nb, ensure_ascii=False, indent=1) + "\n"


def _sources(text: str) -> list[str]:
    return ["".join(cell["source"]) for cell in json.loads(text)["cells"]]


def main(argv: list[str]) -> int:
    # compared by cell sources: executing the notebooks (make notebooks) may add metadata
    stale = [p for lang, p in TARGETS.items()
             if not p.is_file() or _sources(p.read_text(encoding="utf-8"))
             != _sources(notebook(lang))]
    if "--check" in argv:
        for p in stale:
            print(f"out of date: {p.relative_to(ROOT)} (run python tools/build_glossary.py)")
        return 1 if stale else 0
    for lang, path in TARGETS.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(notebook(lang), encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
