"""The course notebooks 01-04 teach what the course brief says, the way the guide says.

Checks on the stored notebooks (fast, no kernel): structure (learning objectives mapped to
the courseware's three goals, recap, exercise link, instructor notes at the end), the
brief's cases and Chinese terms in the prose, the brief's numbers in the *computed* outputs
(never only typed in prose), short code cells that only call clvteach, complete and clean
outputs. One slower check re-runs each notebook's code in-process and inspects every
matplotlib figure it draws: each axis with numbers on it has a label, with a unit.
"""
from __future__ import annotations

import ast
import contextlib
import io
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"

MAX_CODE_LINES = 15


def number(value: str) -> str:
    """Regex for a number as printed: optional thousands separators, optional trailing zeros.

    ``number("8865")`` matches 8865, 8,865, 8865.0 and 8,865.00 but not 88650 or 18865.
    """
    whole, _, frac = value.partition(".")
    digits = whole.lstrip("-")
    groups = []
    head = len(digits) % 3 or 3
    groups.append(digits[:head])
    groups += [digits[i:i + 3] for i in range(head, len(digits), 3)]
    body = ",?".join(groups)
    tail = rf"\.{frac}0*" if frac else r"(?:\.0+)?"
    return rf"(?<![\d.,]){re.escape('-') if whole.startswith('-') else ''}{body}{tail}(?![\d])"


# --------------------------------------------------------------------------------------
# What each notebook must contain (from /work/shared/COURSE_BRIEF.md)
# --------------------------------------------------------------------------------------
SPECS = {
    "01_customer_value.ipynb": {
        "exercise": "../exercises/ex01_customer_value.ipynb",
        "prose": [
            "客户价值", "马斯洛需求层次",
            "功能性价值", "信赖性价值", "社会性价值", "探知性价值", "美感性价值", "自我实现价值",
            "washing machine", "bank", "JD", "SF Express", "Haier", "Apple", "BMW", "WeChat",
            "Adobe", "Tesla", "LEGO", "MUJI", "Dyson", "Patagonia", "open-source",
            "客户让渡价值", "Kotler", "客户总价值", "客户总成本",
            "产品价值", "服务价值", "人员价值", "形象价值",
            "货币成本", "时间成本", "精力成本", "心理成本", "价值链",
            "晨光智能咖啡杯", "小林", "298 yuan", "55–85 °C", "1-year", "24 h",
            "15 minutes", "2 days", "物超所值", "不值", "感知价值",
        ],
        # numbers the brief gives that the outputs must show as computed by clvteach
        "outputs": ["298", "470", "388", "82", "1.21"],
        "widgets": ["delivered_value_explorer", "offer_comparison"],
    },
    "02_customer_lifecycle.ipynb": {
        "exercise": "../exercises/ex02_customer_lifecycle.ipynb",
        "prose": [
            "客户生命周期", "BCG", "到达", "获取", "转换", "保留", "流失/赢回",
            "site traffic", "brand searches", "CAC", "conversion rate", "first-time buyers",
            "LTV", "repurchase rate", "CSAT", "NPS", "churn rate", "win-back rate",
            "考察期", "形成期", "稳定期", "退化期", "臻选咖啡", "小林",
            "buy one, get one free", "two more", "sea-salt caramel latte", "almond croissant",
            "5-yuan", "3 visits a week", "gold star", "1.5 km", "silent churn", "free-delivery",
            "早期流产型", "中途夭折型", "提前退出型", "长久保持型",
            "1-yuan cherries", "paid-knowledge subscription", "annual card", "小李",
            "iPhone", "MacBook", "lengthen",
        ],
        "outputs": [],
        "widgets": ["lifecycle_explorer", "pattern_explorer"],
    },
    "03_clv_fundamentals.ipynb": {
        "exercise": "../exercises/ex03_clv_fundamentals.ipynb",
        "prose": [
            "客户终生价值", "历史价值", "当前价值", "潜在价值", "张三", "StreamNow",
            "2400 yuan", "60 %", "20 %", "10 %", "3058", "3840", "458", "1029", "1487",
            "8865", "Christmas tree", "m\\,r/(1+d-r)", "m/(1+d-r)", "m(1+d)/(1+d-r)",
            "计算的时间长度", "贴现率", "客户的保留率", "客户的收入变化", "客户关系的维系成本",
            "客户购买价值", "客户口碑价值", "客户信息价值", "NPS", "CSAT",
            "one** year", "share of wallet",
        ],
        # courseware rows and totals, the exact 5-year sum, the three conventions
        "outputs": ["4320", "1047.2", "761.2", "553.7", "403.2", "293.3", "3058.6", "3058.7",
                    "3840", "458", "1029", "1487", "8865", "400", "4800", "5280"],
        "widgets": ["sensitivity_explorer", "clv_calculator"],
    },
    "04_clv_analysis_steps.ipynb": {
        "exercise": "../exercises/ex04_clv_analysis_steps.ipynb",
        "prose": [
            "收集客户资料和数据", "定义和计算客户终生价值", "分析客户投资与利润",
            "基于CLV细分客户", "制定相应的营销策略", "transactions", "costs", "behaviour",
            "demographics", "CLV > CAC", "3 : 1", "payback", "RFM", "Lorenz",
            "高价值客户", "成长型客户", "需警惕客户", "低价值客户", "80/20", "CDNOW", "3 years", "$T = 36$ months",
        ],
        "outputs": [],
        "widgets": ["segment_explorer"],
    },
}
GOALS = ["Knowledge", "知识目标", "Ability", "能力目标", "Literacy", "素养目标"]


def _read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / name, as_version=4)


def _markdown(nb) -> str:
    return "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def _text_outputs(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        if out.output_type == "stream":
            parts.append(out.text)
        elif out.output_type in {"execute_result", "display_data"}:
            for mime in ("text/plain", "text/html"):
                if mime in out.get("data", {}):
                    parts.append(out.data[mime])
    return "\n".join(parts)


def _all_outputs(nb) -> str:
    return "\n".join(_text_outputs(c) for c in nb.cells if c.cell_type == "code")


@pytest.fixture(params=sorted(SPECS), ids=lambda n: n.split("_")[0])
def notebook(request):
    return request.param, _read(request.param), SPECS[request.param]


def test_objectives_open_the_notebook_and_map_the_three_goals(notebook):
    _, nb, _ = notebook
    first_md = [c.source for c in nb.cells[:3] if c.cell_type == "markdown"]
    objectives = next((s for s in first_md if "Learning objectives" in s), None)
    assert objectives is not None, "no 'Learning objectives' section in the first three cells"
    for goal in GOALS:
        assert goal in objectives, f"learning objectives do not mention {goal!r}"


def test_recap_exercise_link_and_instructor_notes_at_the_end(notebook):
    name, nb, spec = notebook
    md_cells = [c.source for c in nb.cells if c.cell_type == "markdown"]
    recap = [s for s in md_cells if re.search(r"^## Recap", s, re.M)]
    assert len(recap) == 1, "exactly one '## Recap' section expected"
    link = f"]({spec['exercise']})"
    assert link in recap[0], f"recap must link the exercise notebook {spec['exercise']}"
    last = nb.cells[-1]
    assert last.cell_type == "markdown" and re.search(r"^## Instructor notes", last.source, re.M), \
        "the last cell must be the '## Instructor notes' section"
    assert re.search(r"^\s*1\. \*\*\(\d+ min\)", last.source, re.M), \
        "instructor notes must give a timed live-demo sequence"
    assert nb.cells.index(last) > max(i for i, c in enumerate(nb.cells) if c.cell_type == "code")


def test_brief_cases_and_chinese_terms_are_in_the_prose(notebook):
    _, nb, spec = notebook
    text = _markdown(nb)
    missing = [s for s in spec["prose"] if s not in text]
    assert not missing, f"missing from the prose: {missing}"


def test_brief_numbers_are_computed_by_clvteach(notebook):
    _, nb, spec = notebook
    outputs = _all_outputs(nb)
    missing = [v for v in spec["outputs"] if not re.search(number(v), outputs)]
    assert not missing, f"these numbers of the brief are not in any computed output: {missing}"


def test_try_it_prompts_lead_to_a_live_explorer(notebook):
    _, nb, spec = notebook
    cells = nb.cells
    prompts = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and "**Try it.**" in c.source]
    assert prompts, "no '**Try it.**' prompt"
    for i in prompts:
        nxt = next((c for c in cells[i + 1:] if c.cell_type == "code"), None)
        assert nxt is not None and "ct.widgets." in nxt.source, \
            f"the 'Try it' prompt in cell {i} is not followed by an explorer cell"
    code = "\n".join(c.source for c in cells if c.cell_type == "code")
    for widget in spec["widgets"]:
        assert f"ct.widgets.{widget}(" in code, f"explorer ct.widgets.{widget}() not shown"


def test_code_cells_are_short_and_only_call_clvteach(notebook):
    _, nb, _ = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code[0].source.strip() == 'import clvteach as ct\nct.set_language("en")'
    for cell in code:
        lines = [l for l in cell.source.splitlines() if l.strip()]
        assert len(lines) <= MAX_CODE_LINES, f"code cell too long ({len(lines)} lines):\n{cell.source}"
        assert not re.search(r"^\s*(def|class|lambda)\b|\blambda\b", cell.source, re.M), \
            f"logic belongs in clvteach, not in a notebook:\n{cell.source}"
        imports = re.findall(r"^\s*(?:import|from)\s+(\S+)", cell.source, re.M)
        assert set(imports) <= {"clvteach"}, f"notebooks import only clvteach, got {imports}"


def test_stored_outputs_are_complete_clean_and_in_order(notebook):
    _, nb, _ = notebook
    code = [c for c in nb.cells if c.cell_type == "code"]
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), \
        f"not executed top to bottom in a fresh kernel: execution counts {counts}"
    for cell in code:
        kinds = {o.output_type for o in cell.outputs}
        assert "error" not in kinds, f"stored error in:\n{cell.source}"
        for out in cell.outputs:
            if out.output_type == "stream":
                assert out.name == "stdout", f"stderr output (warning?) in:\n{cell.source}\n{out.text}"
    text = _all_outputs(nb)
    assert not re.search(r"Wall time|CPU times|\b20\d\d-\d\d-\d\d[ T]\d\d:\d\d", text), \
        "wall-clock output in a stored notebook"


def test_every_figure_has_a_stored_picture(notebook):
    """A figure drawn by a cell is stored as a PNG (so the notebook reads well on GitHub)."""
    _, nb, _ = notebook
    for cell in nb.cells:
        if cell.cell_type == "code" and re.search(r"\bct\.plot_\w+\(", cell.source):
            mimes = {m for o in cell.outputs for m in o.get("data", {})}
            assert "image/png" in mimes, f"no stored figure for:\n{cell.source}"


# --------------------------------------------------------------------------------------
# Figures: re-run the code in-process and inspect the drawn artists
# --------------------------------------------------------------------------------------
# a unit, or "score" for dimensionless 1-5 scales such as RFM scores
UNIT = re.compile(r"yuan|元|\$|dollar|USD|%|share|week|month|year|day|customers|count|"
                  r"score|周|月|年|人|分|per ", re.I)


def _is_numeric_axis(axis) -> bool:
    labels = [t.get_text() for t in axis.get_ticklabels() if t.get_text()]
    if not labels:
        return bool(axis.get_visible())
    numeric = re.compile(r"^[\s\u2212\-+−]?[\d,.\s]+(%|k|万)?$")
    return all(numeric.match(text) for text in labels)


def _figure_problems(fig) -> list[str]:
    problems = []
    for ax in fig.axes:
        if not ax.axison or not ax.get_visible() or ax.get_label() == "<colorbar>":
            continue
        units = []
        for name, axis, label in (("x", ax.xaxis, ax.get_xlabel()), ("y", ax.yaxis, ax.get_ylabel())):
            if not axis.get_visible() or not len(axis.get_ticklocs()):  # NullLocator: []
                continue
            if _is_numeric_axis(axis):
                if not label.strip():
                    problems.append(f"axes {ax.get_title()!r}: numeric {name} axis without a label")
                units.append(label)
        if units and not any(UNIT.search(u) for u in units):
            problems.append(f"axes {ax.get_title()!r}: no unit in axis labels {units}")
    return problems


def _run_cell(source: str, namespace: dict, name: str):
    """Execute a cell like IPython does and return the value of its last expression."""
    tree = ast.parse(source)
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    exec(compile(tree, f"<{name}>", "exec"), namespace)  # noqa: S102
    if last is None:
        return None
    return eval(compile(ast.Expression(last.value), f"<{name}>", "eval"), namespace)  # noqa: S307


@pytest.mark.parametrize("name", sorted(SPECS), ids=lambda n: n.split("_")[0])
def test_every_figure_has_axis_labels_with_units(name, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    nb = _read(name)
    monkeypatch.chdir(NOTEBOOKS)
    monkeypatch.syspath_prepend(str(ROOT))
    namespace: dict = {"__name__": "__notebook__"}
    checked = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        figures = []
        with contextlib.redirect_stdout(io.StringIO()):
            result = _run_cell(cell.source, namespace, name)
            # an explorer draws its own (non-pyplot) figure when it is displayed
            if hasattr(result, "_repr_mimebundle_") and hasattr(result, "figure"):
                result._repr_mimebundle_()
                figures.append(result.figure)
        figures += [plt.figure(num) for num in plt.get_fignums()]
        for fig in figures:
            problems = _figure_problems(fig)
            assert not problems, f"figure of cell\n{cell.source}\n" + "\n".join(problems)
            checked += 1
        plt.close("all")
    assert checked > 0, "the notebook draws no figure"


def test_number_regex():
    assert re.search(number("8865"), "total 8,865.0 yuan")
    assert re.search(number("1047.2"), "| 1047.2 |")
    assert not re.search(number("400"), "4000")
    assert not re.search(number("458"), "1458")
    assert not re.search(number("1047.2"), "1047.25")


def test_notebook_04_segments_fill_all_four_quadrants_and_budget_comes_from_clvteach():
    nb = _read("04_clv_analysis_steps.ipynb")
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "ct.peak_gap_potential(" in code and "spend_gap_potential" not in code
    assert "ct.segment_budget(" in code
    assert not re.search(r"potential_share\"\]\)\.round", code)  # no inline arithmetic
    counts = next(c for c in nb.cells if c.cell_type == "code"
                  and 'values["segment"].value_counts()' in c.source)
    text = _text_outputs(counts)
    for segment in ("high_value", "growth", "watch", "low_value"):
        match = re.search(rf"^{segment}\s+(\d+)", text, re.M)
        assert match and int(match.group(1)) > 0, (segment, text)
