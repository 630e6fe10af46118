"""Real-browser test: the CLV calculator's retention slider responds in JupyterLab and Voilà.

A person opens the notebook, runs it, moves the retention slider by keyboard and types a new
value into its readout; the displayed current value must then be exactly what clvteach
computes. Debian's Chromium is driven by Playwright for Python; screenshots go to
``test-artifacts/browser/`` (not committed).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    INSTALL_HINT,
    chromium_page,
    free_port,
    jupyter_env,
    jupyterlab_args,
    running_server,
    voila_args,
)

pytestmark = pytest.mark.browser

STEP = 0.01
WAIT_MS = 30_000  # a cold kernel start plus the first run of the notebook


@dataclass(frozen=True)
class Calculator:
    """What the page should show for a retention setting."""

    initial_retention: float
    current_value_text: Callable[[float], str]


# --- stand-in until the calculator lands (plain FloatSlider + HTML readout) -----------------
STAND_IN = dict(annual_revenue=2000.0, margin=0.36, discount_rate=0.1)


def _stand_in_value(retention: float) -> float:
    m = STAND_IN["annual_revenue"] * STAND_IN["margin"]
    return m * retention / (1 + STAND_IN["discount_rate"] - retention)


STAND_IN_SOURCE = f"""\
import ipywidgets as w
STAND_IN = {STAND_IN!r}
def value(retention):
    m = STAND_IN["annual_revenue"] * STAND_IN["margin"]
    return m * retention / (1 + STAND_IN["discount_rate"] - retention)
slider = w.FloatSlider(value=0.8, min=0.0, max=0.99, step={STEP}, description="Retention",
                       continuous_update=False, readout=True)
slider.add_class("ct-retention")
out = w.HTML()
def show(change=None):
    out.value = f'<span class="ct-current-value">{{value(slider.value):,.1f}}</span>'
slider.observe(show, names="value")
show()
w.VBox([slider, out])
"""


def write_stand_in(folder: Path) -> Path:
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": None, "id": "stand-in",
                   "metadata": {}, "outputs": [], "source": STAND_IN_SOURCE}],
        "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                    "language": "python", "name": "python3"},
                     "language_info": {"name": "python"}},
        "nbformat": 4, "nbformat_minor": 5,
    }
    path = folder / "stand_in.ipynb"
    path.write_text(json.dumps(notebook, indent=1))
    return path


STAND_IN_CALCULATOR = Calculator(0.8, lambda r: f"{_stand_in_value(r):,.1f}")


# --- fixtures ------------------------------------------------------------------------------
@pytest.fixture
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(INSTALL_HINT)
    pytest.importorskip("playwright", reason="Playwright for Python is in the `test` extra")
    return CHROMIUM


@pytest.fixture
def artifacts(request) -> Path:
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("*.png"):
        old.unlink()
    return folder


# --- what a person does ---------------------------------------------------------------------
def move_retention_slider(page, calculator: Calculator, shots: Path) -> None:
    from playwright.sync_api import expect

    slider = page.locator(".ct-retention")
    handle = slider.locator(".noUi-handle")
    readout = slider.locator(".widget-readout")
    shown = page.locator(".ct-current-value")
    r0 = calculator.initial_retention

    expect(readout).to_have_text(f"{r0:.2f}", timeout=WAIT_MS)
    expect(shown).to_have_text(calculator.current_value_text(r0))
    page.screenshot(path=shots / "1-initial.png")

    handle.focus()
    handle.press("ArrowRight")
    up = round(r0 + STEP, 2)
    expect(readout).to_have_text(f"{up:.2f}")
    expect(shown).to_have_text(calculator.current_value_text(up))
    page.screenshot(path=shots / "2-arrow-right.png")

    handle.press("ArrowLeft")
    handle.press("ArrowLeft")
    down = round(r0 - STEP, 2)
    expect(readout).to_have_text(f"{down:.2f}")
    expect(shown).to_have_text(calculator.current_value_text(down))
    page.screenshot(path=shots / "3-arrow-left.png")

    typed = 0.9 if abs(r0 - 0.9) > 2 * STEP else 0.7
    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(f"{typed}")
    page.keyboard.press("Enter")
    expect(readout).to_have_text(f"{typed:.2f}")
    expect(shown).to_have_text(calculator.current_value_text(typed))
    page.screenshot(path=shots / "4-typed.png")


def run_in_page(page, log, server, shots: Path, steps: Callable[[], None]) -> None:
    """Run ``steps``, then check the console; on failure keep a screenshot and the logs."""
    try:
        steps()
        assert not log.errors, "errors in the browser console:\n" + "\n".join(log.errors)
    except BaseException:
        page.screenshot(path=shots / "failure.png")
        print(f"--- browser console:\n" + "\n".join(log.messages))
        print(f"--- {server.name} log (tail):\n{server.log_tail()}")
        raise
    finally:
        (shots / "console.log").write_text("\n".join(log.messages) + "\n")


# --- tests -----------------------------------------------------------------------------------
def test_retention_slider_in_jupyterlab(chromium, artifacts, tmp_path):
    notebook = write_stand_in(tmp_path)
    calculator = STAND_IN_CALCULATOR
    port = free_port()
    home = tmp_path / "jupyter"
    with running_server("jupyterlab", jupyterlab_args(port=port, home=home,
                                                       root_dir=notebook.parent),
                        env=jupyter_env(home), cwd=notebook.parent, port=port,
                        log_dir=tmp_path, ready_path="/api/status") as server, \
            chromium_page(tmp_path / "profile") as (page, log):
        def steps() -> None:
            from playwright.sync_api import expect

            page.goto(f"{server.url}/lab/tree/{notebook.name}")
            expect(page.locator(".jp-Notebook")).to_be_visible(timeout=WAIT_MS)
            # Run All is disabled until the kernel is connected.
            expect(page.locator(".jp-StatusBar-Widget", has_text="| Idle")).to_be_visible(
                timeout=WAIT_MS)
            page.locator(".lm-MenuBar-item", has_text="Run").click()
            page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
            move_retention_slider(page, calculator, artifacts)

        run_in_page(page, log, server, artifacts, steps)


def test_retention_slider_in_voila(chromium, artifacts, tmp_path):
    notebook = write_stand_in(tmp_path)
    calculator = STAND_IN_CALCULATOR
    port = free_port()
    home = tmp_path / "jupyter"
    with running_server("voila", voila_args(port=port, notebook=notebook),
                        env=jupyter_env(home), cwd=notebook.parent, port=port,
                        log_dir=tmp_path, ready_path="/voila/static/extension.js") as server, \
            chromium_page(tmp_path / "profile") as (page, log):
        def steps() -> None:
            page.goto(server.url + "/")
            move_retention_slider(page, calculator, artifacts)

        run_in_page(page, log, server, artifacts, steps)
