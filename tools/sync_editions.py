"""Copy the English notebooks' code cells into the Chinese edition.

Course notebooks: ``notebooks/`` -> ``notebooks/zh/``; exercise solutions: ``solutions/`` ->
``solutions/zh/`` (then ``make exercises`` writes ``exercises/zh/``). The two editions run
the same code (tests/test_editions.py); only the prose and the language literal of the
first code cell differ. After changing a code cell of an English notebook, run this script,
then re-execute the Chinese notebooks it names (``make notebooks``) and, for solutions,
regenerate the exercises (``make exercises``). Markdown cells are never touched: translate
new or changed prose by hand. A solution without a Chinese edition yet is reported, not
created (copy it and translate its markdown cells).

Usage: python tools/sync_editions.py [--check]
  --check   change nothing; exit 1 if any Chinese code cell is out of date
"""
from __future__ import annotations

import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "notebooks"
ZH = EN / "zh"
SOLUTIONS = ROOT / "solutions"
EN_LITERAL, ZH_LITERAL = 'ct.set_language("en")', 'ct.set_language("zh")'


def pairs() -> list[tuple[Path, Path]]:
    english = sorted([*EN.glob("*.ipynb"), *(EN / "dashboards").glob("*.ipynb")])
    return [(p, ZH / p.relative_to(EN)) for p in english] + solution_pairs()


def solution_pairs() -> list[tuple[Path, Path]]:
    """(English solution, its Chinese edition) for every ``solutions/ex*.ipynb``."""
    return [(p, SOLUTIONS / "zh" / p.name) for p in sorted(SOLUTIONS.glob("ex*.ipynb"))]


def sync(en_path: Path, zh_path: Path, *, write: bool) -> list[int]:
    """Indices of the Chinese code cells that differ from English (updated if ``write``)."""
    if not zh_path.exists():
        raise SystemExit(f"{zh_path.relative_to(ROOT)} is missing: copy {en_path.name} and "
                         "translate its markdown cells")
    en = nbformat.read(en_path, as_version=4)
    zh = nbformat.read(zh_path, as_version=4)
    en_types = [c.cell_type for c in en.cells]
    zh_types = [c.cell_type for c in zh.cells]
    if en_types != zh_types:
        at = next((i for i, (a, b) in enumerate(zip(en_types, zh_types)) if a != b),
                  min(len(en_types), len(zh_types)))
        raise SystemExit(f"{zh_path.relative_to(ROOT)}: cells differ from the English edition "
                         f"from cell {at} on (added or removed cells): edit it by hand")
    changed = []
    first = True
    for i, (e, z) in enumerate(zip(en.cells, zh.cells)):
        if e.cell_type != "code":
            continue
        source = e.source.replace(EN_LITERAL, ZH_LITERAL, 1) if first else e.source
        first = False
        if z.source != source:
            changed.append(i)
            z.source = source
            z.outputs = []
            z.execution_count = None
    if changed and write:
        nbformat.write(zh, zh_path)
    return changed


def main(argv: list[str]) -> int:
    check = "--check" in argv
    stale = 0
    for en_path, zh_path in pairs():
        if not zh_path.exists() and zh_path.parent.parent == SOLUTIONS:
            stale += 1
            print(f"{zh_path.relative_to(ROOT)} is missing: copy {en_path.relative_to(ROOT)} "
                  "and translate its markdown cells")
            continue
        changed = sync(en_path, zh_path, write=not check)
        if changed:
            stale += 1
            verb = "out of date" if check else "updated, re-execute it"
            print(f"{zh_path.relative_to(ROOT)}: code cells {changed} {verb}")
    return 1 if check and stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
