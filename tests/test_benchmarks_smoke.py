"""Every benchmark still runs against the current API, on tiny inputs.

The benchmarks (``make bench``) are too slow for ``make test``; these cases run each one's
core code on a few customers / changes / submissions so an API change breaks the tests
instead of silently breaking the benchmarks. The hub benchmarks need a running hub
(tests/test_hub.py covers that path): here they import and find what they rely on.
"""
from __future__ import annotations

import importlib.util
import inspect
import os
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


def load(name: str):
    """The benchmark script ``benchmarks/<name>.py`` as a module (not run)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", BENCHMARKS / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_every_benchmark_is_smoke_tested():
    scripts = {p.stem for p in BENCHMARKS.glob("*.py")}
    tested = {"bgnbd_fit", "rfm_summary", "widget_latency", "sandbox", "grading",
              "hub_load", "hub_kernel_memory"}
    assert scripts == tested


def test_rfm_summary_agrees_with_the_baseline_on_a_small_log(capsys):
    bench = load("rfm_summary")
    assert bench.main(["--transactions", "3000", "--customers", "300", "--repeats", "1"]) == 0
    out = capsys.readouterr().out
    assert "3,000 transactions, 300 customers" in out
    assert "results agree" in out


def test_rfm_summary_on_the_simulated_coffee_shop(capsys):
    bench = load("rfm_summary")
    assert bench.main(["--data", "coffee", "--customers", "40", "--repeats", "1"]) == 0
    assert "simulate_coffee_shop(40)" in capsys.readouterr().out


def test_bgnbd_fit_matches_the_naive_fit_on_a_small_simulation(capsys):
    bench = load("bgnbd_fit")
    assert bench.main(["--quick", "--sim-customers", "2000"]) == 0
    out = capsys.readouterr().out
    assert "CDNOW sample: 2,357 customers; simulated: 2,000 customers" in out
    # The CDNOW estimates of Fader, Hardie and Lee (2005): r=0.243, alpha=4.414, a=0.793, b=2.426.
    assert "r=0.2426, alpha=4.4136, a=0.7929, b=2.4259" in out


def test_widget_latency_times_every_explorer():
    bench = load("widget_latency")
    available = bench.explorers()
    assert set(available) == set(bench.EXPLORERS)  # none silently dropped by a rename
    for name, factory in available.items():
        explorer = factory()
        for kind in ("walk", "sweep"):
            changes = bench.schedule(explorer, kind)
            assert len(changes) >= bench.MIN_CHANGES, name
        draws = explorer.view.full_draws
        wall, cpu = bench.time_widget(explorer, changes[:2])
        assert len(wall) == len(cpu) == 2 and explorer.view.full_draws >= draws
        assert len(bench.time_naive(explorer, changes[:1])) == 1


def test_widget_latency_main_on_one_explorer(capsys, monkeypatch):
    bench = load("widget_latency")
    monkeypatch.setattr(bench, "MIN_CHANGES", 1)
    monkeypatch.setattr(bench, "STEPS_PER_SLIDER", 1)
    assert bench.main(["pattern_explorer"]) in (0, 1)  # 1 = target missed on a busy machine
    out = capsys.readouterr().out
    assert "pattern_explorer" in out and "sweep" in out


def test_sandbox_benchmark_runs_a_submission(capsys, monkeypatch):
    bench = load("sandbox")
    books = bench.submissions(3)
    assert len(books) == 3 and all(nb.cells for _, nb in books)
    tiny = nbformat.v4.new_notebook()
    tiny.cells = [nbformat.v4.new_code_cell("x = 1 + 1")]
    monkeypatch.setattr(bench, "submissions", lambda n: [(f"s{i}", tiny) for i in range(n)])
    assert bench.main(["--n", "1", "--jobs", "1", "--modes", "none"]) == 0
    assert "{'ok': 1}" in capsys.readouterr().out


def test_grading_benchmark_builds_answerable_submissions(tmp_path):
    bench = load("grading")
    names = sorted(p.stem for p in (ROOT / "exercises").glob("ex*.ipynb"))
    paths = bench.build(tmp_path, len(names) + 1)
    assert [p.name.split("_", 1)[1] for p in paths[:len(names)]] == [f"{n}.ipynb" for n in names]
    for path in paths:
        nb = nbformat.read(path, as_version=4)
        answers = [c for c in nb.cells if c.metadata.get("clvteach", {}).get("role") == "answer"]
        placeholders = [c for c in answers if re.fullmatch(r"\w+ = \.\.\.", c.source.strip())]
        assert answers and not placeholders, path.name  # every answer cell filled in
        assert not any("load_key" in c.source for c in answers), path.name  # key is hidden
    assert any("while True" in c.source for c in nbformat.read(paths[-1], as_version=4).cells)
    # The engine's keywords as the benchmark passes them.
    from clvteach.exercises import grade as gr
    from clvteach.exercises import sandbox

    inspect.signature(gr.grade).bind(
        paths, release=ROOT / "exercises", key=ROOT / "instructor" / "key",
        out=tmp_path / "grades.csv", jobs=2, cell_timeout=5, notebook_timeout=60,
        isolation="none", progress=True)
    inspect.signature(sandbox.execute_isolated).bind(
        nbformat.v4.new_notebook(), cell_timeout=60, notebook_timeout=120, isolation="none")
    assert gr.available_cores() >= 1


def test_grading_benchmark_grades_a_model_answer(tmp_path):
    bench = load("grading")
    (path, _) = bench.build(tmp_path, 2)  # the second has the wrong answer and the loop
    wall, (result,) = bench.once([path], tmp_path, 1, "none")
    assert wall > 0 and result.run_seconds > 0 and not result.infra_error
    assert (result.status, result.score) == ("ok", result.max_score) and result.max_score > 0


@pytest.mark.parametrize("name", ["hub_load", "hub_kernel_memory"])
def test_hub_benchmarks_import_and_find_notebook_03(name):
    bench = load(name)
    support = sys.modules["hub_support"]
    cells = support.code_cells(ROOT / "notebooks" / "03_clv_fundamentals.ipynb")
    assert cells
    if name == "hub_load":
        assert any("clv_calculator()" in code for code in cells)  # the slider it moves
    memory = support.memory_kb(os.getpid())
    assert {"rss", "pss", "uss"} <= set(memory) and memory["rss"] > 0
    assert callable(bench.main)
