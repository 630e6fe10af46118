"""The English and the Chinese edition of the course notebooks run the same code.

Layout: ``notebooks/NN_*.ipynb`` and ``notebooks/dashboards/*.ipynb`` (English),
``notebooks/zh/NN_*.ipynb`` and ``notebooks/zh/dashboards/*.ipynb`` (Chinese), same file
names; likewise ``solutions/exNN_*.ipynb`` and ``solutions/zh/exNN_*.ipynb``, from which
``make exercises`` generates ``exercises/`` and ``exercises/zh/``. The editions differ in prose only: every code cell is byte-identical, except the
language literal of the first code cell (``ct.set_language("en")`` / ``ct.set_language("zh")``).
Every markdown cell of the Chinese edition is written in Chinese; relative links work in
both editions; one Chinese term per concept across the Chinese notebooks.

Fast checks on the stored files (no kernel).
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
EN = ROOT / "notebooks"
ZH = EN / "zh"
SOLUTIONS = ROOT / "solutions"
EXERCISES = ROOT / "exercises"

# Exercises whose Chinese edition (solutions/zh/<name>.ipynb and Chinese question texts) is
# still being written. REMOVE a name when its Chinese edition lands: a test fails while a
# name is listed here and its solutions/zh notebook exists. Must end empty.
ZH_PENDING = {
    # ----
    # ---- (one line between the two helpers' entries keeps their merges apart)
}
LITERAL = {"en": 'ct.set_language("en")', "zh": 'ct.set_language("zh")'}

# A translated markdown cell has at least this many Chinese characters per ASCII letter
# of prose (code spans, formulas and link targets are not prose). Our translations keep
# English terms beside the Chinese ones, so they sit well above it; an English cell with a
# Chinese heading sits far below.
MIN_CJK_PER_LETTER = 0.7

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

# One Chinese term per concept (the courseware's term first). Variants that must not occur
# in the Chinese edition, with the term to use instead.
TERM_VARIANTS = {
    "回报周期": "回收期",
    "回本周期": "回收期",
    "投资回收期": "回收期",
    "获客成本": "客户获取成本",
    "顾客总价值": "客户总价值",
    "总顾客价值": "客户总价值",
    "顾客总成本": "客户总成本",
    "总顾客成本": "客户总成本",
    "顾客让渡价值": "客户让渡价值",
    "客户生命周期价值": "客户终生价值",
    "客户终身价值": "客户终生价值",
    "终身价值": "客户终生价值",
    "留存率": "保留率",
    "折现率": "贴现率",
    "贴现因子": "折现因子",
    "探索期": "考察期",
    "成长期": "形成期",
    "成熟期": "稳定期",
    "衰退期": "退化期",
}
# Allowed where the courseware itself gives the variant as an alias.
ALIASES_ALLOWED = {"贴现率（也称折现率）"}


def _rel(path: Path) -> str:
    return str(path.relative_to(ROOT))


def en_notebooks() -> list[Path]:
    return sorted([*EN.glob("*.ipynb"), *(EN / "dashboards").glob("*.ipynb")])


def zh_notebooks() -> list[Path]:
    return sorted([*ZH.glob("*.ipynb"), *(ZH / "dashboards").glob("*.ipynb")])


def counterpart(path: Path) -> Path:
    """The other edition's notebook of the same name."""
    rel = path.relative_to(EN)
    if rel.parts[0] == "zh":
        return EN.joinpath(*rel.parts[1:])
    return ZH / rel


def _read(path: Path):
    return nbformat.read(path, as_version=4)


def _code(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "code"]


def code_differences(en_nb, zh_nb) -> list[str]:
    """Why the code of two editions differs (empty list: same code). Pure, for testing."""
    en, zh = _code(en_nb), _code(zh_nb)
    problems = []
    if len(en) != len(zh):
        problems.append(f"{len(en)} code cells in English, {len(zh)} in Chinese")
    if not en and not zh:
        return problems  # prose only (e.g. the glossary): nothing to run
    if not en or LITERAL["en"] not in en[0].splitlines():
        problems.append(f"the English first code cell does not call {LITERAL['en']}")
    if not zh or LITERAL["zh"] not in zh[0].splitlines():
        problems.append(f"the Chinese first code cell does not call {LITERAL['zh']}")
    for i, (e, z) in enumerate(zip(en, zh)):
        if i == 0:
            z = z.replace(LITERAL["zh"], LITERAL["en"], 1)
        if e != z:
            problems.append(f"code cell {i} differs:\n--- en\n{e}\n--- zh\n{z}")
    return problems


def prose(markdown: str) -> str:
    """The prose of a markdown cell: no code, no formulas, no HTML tags, no link targets."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"\$\$.*?\$\$", " ", text, flags=re.S)
    text = re.sub(r"\$[^$]*\$", " ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    # bibliographic references stay in their original language
    text = re.sub(r"\*\*参考文献。\*\*.*?(\n\n|$)", " ", text, flags=re.S)
    return text


def untranslated(markdown: str) -> bool:
    """Whether a markdown cell of the Chinese edition still reads as English."""
    text = prose(markdown)
    cjk = len(_CJK.findall(text))
    letters = len(re.findall(r"[A-Za-z]", text))
    return cjk == 0 or cjk < MIN_CJK_PER_LETTER * letters


def links(markdown: str) -> list[str]:
    """Relative link targets of a markdown cell (no web links, no anchors only)."""
    targets = re.findall(r"\]\(([^)\s]+)\)", markdown)
    return [t.split("#")[0] for t in targets
            if not re.match(r"[a-z]+:", t) and not t.startswith("#")]


PAIRS = [(p, counterpart(p)) for p in en_notebooks()]


def en_solutions() -> list[Path]:
    return sorted(SOLUTIONS.glob("ex*.ipynb"))


def zh_solutions() -> list[Path]:
    return sorted((SOLUTIONS / "zh").glob("ex*.ipynb"))


def zh_exercises() -> list[Path]:
    return sorted((EXERCISES / "zh").glob("ex*.ipynb"))


SOLUTION_PAIRS = [(p, SOLUTIONS / "zh" / p.name) for p in en_solutions()
                  if p.stem not in ZH_PENDING]
ALL_EDITIONS = [*en_notebooks(), *zh_notebooks(), *en_solutions(), *zh_solutions(),
                *sorted(EXERCISES.glob("ex*.ipynb")), *zh_exercises()]


def test_solutions_and_exercises_exist_in_both_editions():
    en = {p.name for p in en_solutions()}
    zh = {p.name for p in zh_solutions()}
    pending = {f"{name}.ipynb" for name in ZH_PENDING}
    assert en, "no English solutions found"
    assert not (en - pending) - zh, f"solutions without a Chinese edition: {sorted(en - pending - zh)}"
    assert not zh - en, f"Chinese solutions without an English edition: {sorted(zh - en)}"
    assert not zh & pending, f"remove {sorted(zh & pending)} from ZH_PENDING: they are translated"
    assert {p.name for p in zh_exercises()} == zh, \
        "exercises/zh must hold one exercise per solutions/zh notebook (run `make exercises`)"
    assert {p.name for p in EXERCISES.glob("ex*.ipynb")} == en


@pytest.mark.parametrize("en_path, zh_path", SOLUTION_PAIRS, ids=[_rel(p) for p, _ in SOLUTION_PAIRS])
def test_solution_editions_run_the_same_code(en_path, zh_path):
    if not zh_path.exists():
        pytest.fail(f"{_rel(zh_path)} is missing (the Chinese edition of {_rel(en_path)})")
    en, zh = _read(en_path), _read(zh_path)
    problems = code_differences(en, zh)
    assert not problems, f"{_rel(en_path)} vs {_rel(zh_path)}:\n" + "\n".join(problems)
    assert [c.cell_type for c in en.cells] == [c.cell_type for c in zh.cells], \
        f"cell types differ between {_rel(en_path)} and {_rel(zh_path)}"
    assert [c.get("id") for c in en.cells] == [c.get("id") for c in zh.cells], \
        f"cell ids differ between {_rel(en_path)} and {_rel(zh_path)} (the grader matches them)"


def test_every_english_solution_sets_its_language():
    for path in en_solutions():
        first = next(c for c in _read(path).cells if c.cell_type == "code").source.splitlines()
        assert LITERAL["en"] in first, f"{_rel(path)}: the first code cell lacks {LITERAL['en']}"
        assert first.index(LITERAL["en"]) == first.index("import clvteach as ct") + 1, \
            f"{_rel(path)}: {LITERAL['en']} must follow `import clvteach as ct`"


@pytest.mark.parametrize("path", [*zh_solutions(), *zh_exercises()], ids=_rel)
def test_every_markdown_cell_of_chinese_exercises_is_in_chinese(path):
    for i, cell in enumerate(_read(path).cells):
        if cell.cell_type == "markdown":
            assert not untranslated(cell.source), \
                f"{_rel(path)}, cell {i} is not translated:\n{cell.source[:300]}"


@pytest.mark.parametrize("en_path, zh_path", SOLUTION_PAIRS, ids=[_rel(p) for p, _ in SOLUTION_PAIRS])
def test_solution_translations_keep_every_number(en_path, zh_path):
    if not zh_path.exists():
        pytest.fail(f"{_rel(zh_path)} is missing")
    for i, (e, z) in enumerate(zip(_read(en_path).cells, _read(zh_path).cells)):
        if e.cell_type == "markdown" and z.cell_type == "markdown":
            lost = numbers(e.source, english=True) - numbers(z.source)
            assert not lost, f"{_rel(zh_path)}, cell {i} lost the numbers {sorted(lost)}"


def test_chinese_exercises_link_to_the_chinese_edition():
    """solutions/zh and exercises/zh link to notebooks/zh; notebooks/zh link to exercises/zh
    (where the Chinese edition of that exercise exists)."""
    wrong = []
    for path in [*zh_solutions(), *zh_exercises(), *zh_notebooks()]:
        for cell in _read(path).cells:
            if cell.cell_type != "markdown":
                continue
            for target in links(cell.source):
                resolved = (path.parent / target).resolve()
                if resolved.suffix != ".ipynb":
                    continue
                if resolved.parent == EN.resolve() or EN.resolve() / "dashboards" == resolved.parent:
                    if path.parent.parent.resolve() in (SOLUTIONS.resolve(), EXERCISES.resolve()):
                        wrong.append(f"{_rel(path)} links to the English notebook {target}")
                if resolved.parent == EXERCISES.resolve() and (
                        EXERCISES / "zh" / resolved.name).exists():
                    wrong.append(f"{_rel(path)} links to the English exercise {target}")
    assert not wrong, "\n".join(wrong)


def test_both_editions_exist_and_have_the_same_notebooks():
    assert en_notebooks(), "no English notebooks found"
    en = {_rel(counterpart(p)) for p in en_notebooks()}
    zh = {_rel(p) for p in zh_notebooks()}
    assert not en - zh, f"notebooks without a Chinese edition: {sorted(en - zh)}"
    assert not zh - en, f"Chinese notebooks without an English edition: {sorted(zh - en)}"


@pytest.mark.parametrize("en_path, zh_path", PAIRS, ids=[_rel(p) for p, _ in PAIRS])
def test_editions_run_the_same_code(en_path, zh_path):
    if not zh_path.exists():
        pytest.fail(f"{_rel(zh_path)} is missing (the Chinese edition of {_rel(en_path)})")
    problems = code_differences(_read(en_path), _read(zh_path))
    assert not problems, f"{_rel(en_path)} vs {_rel(zh_path)}:\n" + "\n".join(problems)


@pytest.mark.parametrize("en_path, zh_path", PAIRS, ids=[_rel(p) for p, _ in PAIRS])
def test_editions_have_the_same_cells_in_the_same_order(en_path, zh_path):
    if not zh_path.exists():
        pytest.fail(f"{_rel(zh_path)} is missing")
    en = [c.cell_type for c in _read(en_path).cells]
    zh = [c.cell_type for c in _read(zh_path).cells]
    assert en == zh, f"cell types differ between {_rel(en_path)} and {_rel(zh_path)}"


@pytest.mark.parametrize("zh_path", zh_notebooks(), ids=_rel)
def test_every_markdown_cell_of_the_chinese_edition_is_in_chinese(zh_path):
    for i, cell in enumerate(_read(zh_path).cells):
        if cell.cell_type == "markdown":
            assert not untranslated(cell.source), \
                f"{_rel(zh_path)}, cell {i} is not translated:\n{cell.source[:300]}"


@pytest.mark.parametrize("path", ALL_EDITIONS, ids=_rel)
def test_relative_links_point_at_existing_files(path):
    for cell in _read(path).cells:
        if cell.cell_type == "markdown":
            for target in links(cell.source):
                assert (path.parent / target).exists(), \
                    f"{_rel(path)} links to {target}, which does not exist"


def test_start_pages_link_to_each_other():
    en = "\n".join(c.source for c in _read(EN / "00_start_here.ipynb").cells)
    zh = "\n".join(c.source for c in _read(ZH / "00_start_here.ipynb").cells)
    assert "(zh/00_start_here.ipynb)" in en, "the English start page does not link to zh"
    assert "(../00_start_here.ipynb)" in zh, "the Chinese start page does not link to en"


def test_chinese_links_to_notebooks_stay_in_the_chinese_edition():
    for path in zh_notebooks():
        for cell in _read(path).cells:
            if cell.cell_type != "markdown":
                continue
            for target in links(cell.source):
                resolved = (path.parent / target).resolve()
                if resolved.suffix == ".ipynb" and EN.resolve() in resolved.parents:
                    # a notebook may offer its own other-language edition
                    is_edition_switch = resolved == counterpart(path).resolve()
                    assert ZH.resolve() in resolved.parents or is_edition_switch, \
                        f"{_rel(path)} links to the English notebook {target}"


def test_one_chinese_term_per_concept():
    found = []
    for path in zh_notebooks():
        if path.name == "glossary.ipynb":
            continue  # the glossary names the variants (synonyms) on purpose
        for i, cell in enumerate(_read(path).cells):
            if cell.cell_type != "markdown":
                continue
            text = cell.source
            for alias in ALIASES_ALLOWED:
                text = text.replace(alias, "")
            for variant, term in TERM_VARIANTS.items():
                if variant in text:
                    found.append(f"{_rel(path)} cell {i}: {variant} (use {term})")
    assert not found, "\n".join(found)


# Headings and prompts that mark the structure of a course notebook, in both editions.
MARKERS = {
    "## Learning objectives": "## 学习目标",
    "**Try it.**": "**动手试一试。**",
    "## Recap": "## 小结",
    "## Instructor notes": "## 教师备注",
}


def numbers(markdown: str, *, english: bool = False) -> set[str]:
    """The numbers a markdown cell states (thousands separators removed)."""
    text = re.sub(r"(?<=\d)(,|\\,|\u2009| )(?=\d{3}\b)", "", markdown)
    if english:
        # "the 80/20 rule" is 二八法则; "seed 004" names supporting material, not a number
        text = re.sub(r"\b80/20\b|\bseed \d+", " ", text)
    return set(re.findall(r"\d+(?:\.\d+)?", text))


@pytest.mark.parametrize("en_path, zh_path", PAIRS, ids=[_rel(p) for p, _ in PAIRS])
def test_translations_keep_every_number_and_the_structure(en_path, zh_path):
    if not zh_path.exists():
        pytest.fail(f"{_rel(zh_path)} is missing")
    en, zh = _read(en_path).cells, _read(zh_path).cells
    for i, (e, z) in enumerate(zip(en, zh)):
        if e.cell_type != "markdown" or z.cell_type != "markdown":
            continue
        lost = numbers(e.source, english=True) - numbers(z.source)
        assert not lost, f"{_rel(zh_path)}, cell {i} lost the numbers {sorted(lost)} of the English cell"
        for marker_en, marker_zh in MARKERS.items():
            assert (marker_en in e.source) == (marker_zh in z.source), \
                f"{_rel(zh_path)}, cell {i}: {marker_en!r} in English needs {marker_zh!r} in Chinese"


def test_chinese_edition_uses_the_courseware_terms_the_english_one_must_show():
    """Every Chinese term that tests/test_notebooks_content.py requires in an English
    notebook's prose is in the Chinese edition's prose too (the courseware's own wording)."""
    from test_notebooks_content import SPECS

    for name, spec in SPECS.items():
        zh_path = ZH / name
        if not zh_path.exists():
            pytest.fail(f"{_rel(zh_path)} is missing")
        md = "\n".join(c.source for c in _read(zh_path).cells if c.cell_type == "markdown")
        missing = [t for t in spec["prose"] if _CJK.search(t) and t not in md]
        assert not missing, f"{_rel(zh_path)} lacks the courseware terms {missing}"


# ------------------------------------------------------------------ the checks can fail
def _nb(*cells):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(s) if kind == "code" else nbformat.v4.new_markdown_cell(s)
                for kind, s in cells]
    return nb


def test_code_differences_detects_any_change_but_the_language_literal():
    en = _nb(("code", 'import clvteach as ct\nct.set_language("en")'), ("code", "ct.ZHANG_SAN"))
    zh = _nb(("code", 'import clvteach as ct\nct.set_language("zh")'), ("code", "ct.ZHANG_SAN"))
    assert code_differences(en, zh) == []
    changed = _nb(("code", 'import clvteach as ct\nct.set_language("zh")'), ("code", "ct.ZHANG_SAN "))
    assert any("code cell 1 differs" in p for p in code_differences(en, changed))
    wrong_literal = _nb(("code", 'import clvteach as ct\nct.set_language("en")'), ("code", "ct.ZHANG_SAN"))
    assert code_differences(en, wrong_literal)
    missing = _nb(("code", 'import clvteach as ct\nct.set_language("zh")'))
    assert any("code cells" in p for p in code_differences(en, missing))
    prose_only = _nb(("markdown", "# Glossary"))
    assert code_differences(prose_only, _nb(("markdown", "# 术语表"))) == []
    assert code_differences(prose_only, zh)


def test_untranslated_detects_english_prose():
    assert untranslated("## Recap 小结\n\n* CLV = historical + current + potential value.")
    assert untranslated("Run `ct.check()` to check.")
    assert not untranslated("## 小结\n\n* 客户终生价值（CLV）= 历史价值 + 当前价值 + 潜在价值。")
    assert not untranslated("运行 `ct.widgets.clv_calculator()`，把**保留率**（Retention）滑块调到 0.85。")
    references = ("**参考文献。** Fader, Hardie & Lee (2005), Counting your customers the easy way, "
                  "Marketing Science. Fader & Hardie (2007), How to project customer retention.")
    assert not untranslated("## 小结\n\n* 保留率是一种假设。\n\n" + references)
    assert untranslated("## Recap\n\n* One retention rate is an assumption.\n\n" + references)


def test_links_and_terms_helpers():
    assert links("[a](../x.ipynb) [b](https://e.org) [c](#top) [d](y.ipynb#s)") == \
        ["../x.ipynb", "y.ipynb"]
    assert "回收期" == TERM_VARIANTS["回报周期"]


def test_numbers_ignore_separators_and_the_80_20_rule():
    assert numbers("36,000 yuan, 3 058.7 and 1\\,200") == {"36000", "3058.7", "1200"}
    assert numbers("the 80/20 rule (seed 004): 20 % bring 75 %", english=True) == {"20", "75"}


def test_sync_tool_copies_solution_code_cells_into_the_chinese_edition(tmp_path):
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import sync_editions

    assert (SOLUTIONS / "ex01_customer_value.ipynb", SOLUTIONS / "zh" / "ex01_customer_value.ipynb") \
        in sync_editions.pairs()
    en, zh = tmp_path / "en.ipynb", tmp_path / "zh.ipynb"
    nb = _read(SOLUTIONS / "ex01_customer_value.ipynb")
    nbformat.write(nb, en)
    nbformat.write(_read(SOLUTIONS / "zh" / "ex01_customer_value.ipynb"), zh)
    assert sync_editions.sync(en, zh, write=False) == []
    code = [i for i, c in enumerate(nb.cells) if c.cell_type == "code"]
    nb.cells[code[2]].source += "\n# changed"
    nbformat.write(nb, en)
    assert sync_editions.sync(en, zh, write=True) == [code[2]]
    synced = _read(zh)
    assert synced.cells[code[2]].source.endswith("# changed")
    assert LITERAL["zh"] in synced.cells[code[0]].source
    assert code_differences(_read(en), synced) == []
