"""Real-browser test: the CLV calculator's retention slider responds in JupyterLab and Voilà.

As a person would: open the notebook, run all cells, move the retention slider with the
keyboard (focus its handle, ArrowRight / ArrowLeft), then type a new value into its readout.
After each move the displayed current value must be exactly what ``ct.current_value``
computes for the new retention with the calculator's other defaults, formatted as in the
widget contract (``f"{value:,.1f}"``, API.md).

Debian's Chromium (``/usr/bin/chromium``), driven by Playwright for Python; screenshots, the
browser console and phase timings go to ``test-artifacts/browser/<test>/`` (not committed).
Servers and browser: ``tests/browser_support.py``.
"""
from __future__ import annotations

import hashlib
import inspect
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

import pytest

from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    INSTALL_HINT,
    ROOT,
    Server,
    Stopwatch,
    chromium_page,
    lab_and_voila,
)

pytestmark = pytest.mark.browser

# The notebooks the test opens, relative to the repository root: the course notebook
# that shows the CLV calculator, and its Voila dashboard.
LAB_NOTEBOOK = "notebooks/03_clv_fundamentals.ipynb"
VOILA_DASHBOARD = "notebooks/dashboards/clv_calculator.ipynb"

RUN_MS = 60_000  # server start to a rendered calculator: kernel start + running the notebook
STEP_MS = 15_000  # one slider move: a kernel round trip and a re-rendered figure
TYPED_RETENTION = 0.9


@dataclass(frozen=True)
class Calculator:
    """What the calculator should show: its initial retention and the displayed value."""

    retention: float
    step: float
    readout: Callable[[float], str]
    current_value_text: Callable[[float], str]


@pytest.fixture(scope="module")
def calculator() -> Calculator:
    """Expected numbers from clvteach: ``ct.current_value`` with the calculator's defaults."""
    import clvteach as ct

    calc = ct.widgets.clv_calculator()
    defaults = {name: control.value for name, control in calc.controls.items()}
    accepted = inspect.signature(ct.current_value).parameters
    others = {k: v for k, v in defaults.items() if k in accepted and k != "retention"}
    slider = calc.controls["retention"]

    def current_value_text(retention: float) -> str:
        return f"{ct.current_value(**others, retention=retention):,.1f}"

    def readout(retention: float) -> str:
        return format(retention, slider.readout_format)

    return Calculator(slider.value, slider.step, readout, current_value_text)


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(INSTALL_HINT)
    pytest.importorskip("playwright.sync_api",
                        reason="Playwright for Python is missing: pip install -e '.[test]'")
    return CHROMIUM


@pytest.fixture(scope="module")
def servers(chromium, tmp_path_factory) -> Iterator[dict[str, Server]]:
    """JupyterLab and Voilà, both started at once: Voilà boots while JupyterLab is tested.

    Each test waits for its server and stops it when done; whatever is still running
    when the module ends (or fails) is stopped here.
    """
    home = tmp_path_factory.mktemp("jupyter")
    with lab_and_voila(home, root_dir=ROOT, dashboard=ROOT / VOILA_DASHBOARD) as servers:
        yield servers


@pytest.fixture
def artifacts(request) -> Path:
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    return folder


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- what a person does ------------------------------------------------------------------
def move_retention_slider(page, calculator: Calculator, shots: Path,
                          watch: Stopwatch) -> None:
    """Keyboard, then typed readout; after each, the exact current value from clvteach."""
    from playwright.sync_api import expect

    # The first live CLV calculator (root class ct-clv-calculator; other explorers use
    # their own prefixed classes): a stored output is a static PNG (no slider handle).
    explorer = page.locator(".ct-clv-calculator").filter(
        has=page.locator(".ct-retention .noUi-handle")).first
    slider = explorer.locator(".ct-retention")
    handle = slider.locator(".noUi-handle")
    readout = slider.locator(".widget-readout")
    shown = explorer.locator(".ct-current-value")
    r0 = calculator.retention
    up = round(r0 + calculator.step, 10)
    down = round(r0 - calculator.step, 10)
    expected = [calculator.current_value_text(r) for r in (r0, up, down, TYPED_RETENTION)]
    assert len(set(expected)) == 4, f"each move must change the shown value: {expected}"

    # Wait for the calculator, or fail at once with the traceback if a cell raised.
    raised = page.locator(".jp-OutputArea-output",
                          has_text="Traceback (most recent call last)")
    expect(handle.or_(raised).first).to_be_visible(timeout=RUN_MS)
    if raised.count():
        pytest.fail(f"a notebook cell raised:\n{raised.first.inner_text()[-3000:]}")
    expect(readout).to_have_text(calculator.readout(r0), timeout=STEP_MS)
    expect(shown).to_have_text(calculator.current_value_text(r0), timeout=STEP_MS)
    watch.mark("notebook run, calculator shown")
    explorer.scroll_into_view_if_needed()  # in a long course notebook, for the screenshots
    page.screenshot(path=shots / "1-initial.png")

    handle.focus()
    handle.press("ArrowRight")
    expect(readout).to_have_text(calculator.readout(up), timeout=STEP_MS)
    expect(shown).to_have_text(calculator.current_value_text(up), timeout=STEP_MS)
    page.screenshot(path=shots / "2-arrow-right.png")

    handle.press("ArrowLeft")
    handle.press("ArrowLeft")
    expect(readout).to_have_text(calculator.readout(down), timeout=STEP_MS)
    expect(shown).to_have_text(calculator.current_value_text(down), timeout=STEP_MS)
    page.screenshot(path=shots / "3-arrow-left.png")
    watch.mark("keyboard: ArrowRight, ArrowLeft x2")

    readout.click()
    page.keyboard.press("Control+A")
    page.keyboard.type(str(TYPED_RETENTION))
    page.keyboard.press("Enter")
    expect(readout).to_have_text(calculator.readout(TYPED_RETENTION), timeout=STEP_MS)
    expect(shown).to_have_text(calculator.current_value_text(TYPED_RETENTION),
                               timeout=STEP_MS)
    page.screenshot(path=shots / "4-typed.png")
    watch.mark(f"typed {TYPED_RETENTION} into the readout")


def run_in_page(page, log, server, shots: Path, watch: Stopwatch,
                steps: Callable[[], None]) -> None:
    """Run ``steps`` and check the console; on failure keep a screenshot and the logs."""
    try:
        steps()
        assert not log.errors, "errors in the browser console:\n" + "\n".join(log.errors)
    except BaseException:
        page.screenshot(path=shots / "failure.png")
        print("--- browser console:\n" + "\n".join(log.messages))
        print(f"--- {server.name} log (tail):\n{server.log_tail()}")
        raise
    finally:
        (shots / "console.log").write_text("\n".join(log.messages) + "\n")
        (shots / "timings.txt").write_text(watch.report() + "\n")


# --- tests ---------------------------------------------------------------------------------
def test_retention_slider_in_jupyterlab(servers, calculator, artifacts, tmp_path):
    from playwright.sync_api import expect

    notebook = ROOT / LAB_NOTEBOOK
    before = _digest(notebook)
    watch = Stopwatch()
    server = servers["jupyterlab"]
    try:
        with chromium_page(tmp_path / "profile") as (page, log):
            server.wait_until_serving()
            watch.mark("JupyterLab serving, Chromium started")

            def steps() -> None:
                page.goto(f"{server.url}/lab/tree/{LAB_NOTEBOOK}")
                # Run All is disabled until the kernel is connected.
                expect(page.locator(".jp-StatusBar-Widget", has_text="| Idle")).to_be_visible(
                    timeout=RUN_MS)
                watch.mark("notebook open, kernel idle")
                page.locator(".lm-MenuBar-item", has_text="Run").click()
                page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                move_retention_slider(page, calculator, artifacts, watch)

            run_in_page(page, log, server, artifacts, watch, steps)
    finally:
        server.stop()  # now, not at the end of the module: its kernel is done
    watch.mark("JupyterLab and Chromium stopped")
    (artifacts / "timings.txt").write_text(watch.report() + "\n")
    # Autosave is off in the test's settings: running the course must not rewrite it.
    assert _digest(notebook) == before, f"{LAB_NOTEBOOK} was modified by the browser test"


def test_retention_slider_in_voila(servers, calculator, artifacts, tmp_path):
    watch = Stopwatch()
    server = servers["voila"]
    try:
        with chromium_page(tmp_path / "profile") as (page, log):
            server.wait_until_serving()
            watch.mark("Voila serving, Chromium started")

            def steps() -> None:
                page.goto(server.url + "/")
                move_retention_slider(page, calculator, artifacts, watch)

            run_in_page(page, log, server, artifacts, watch, steps)
    finally:
        server.stop()
    watch.mark("Voila and Chromium stopped")
    (artifacts / "timings.txt").write_text(watch.report() + "\n")
