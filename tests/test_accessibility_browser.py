"""Accessibility in a real browser: a Voilà dashboard, the Voilà list page and JupyterLab.

* the CLV calculator dashboard in Voilà: axe-core finds no serious or critical violation;
  every ``<img>`` has a non-empty alt; the live figure's alt describes the figure and
  changes with it; every slider has an accessible name and a readable value text
  ("80 %", "2,400 yuan", "5 years"); everything is reachable and usable with the keyboard
  alone (Tab to each control, arrow keys move a slider);
* the Voilà list page (``make present``) logs no console error;
* labels and readouts of the explorers with the longest labels are never cut, also in
  presentation mode;
* ``make present`` culls the kernels of closed pages (never of an open one);
* a course notebook (stored outputs) in JupyterLab: no serious or critical axe violation
  in its content, i.e. rendered markdown and outputs (JupyterLab's own editor and panel
  widgets are JupyterLab's business), and every image in it has alt text.

Servers and browser: ``tests/browser_support.py``; results in test-artifacts/a11y/.
"""
from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path
from typing import Iterator

import pytest

from browser_support import (
    ARTIFACTS,
    CHROMIUM,
    INSTALL_HINT,
    ROOT,
    chromium_page,
    descendants,
    free_port,
    jupyter_env,
    jupyterlab_args,
    running_server,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
DASHBOARD = "notebooks/dashboards/clv_calculator.ipynb"
LAB_NOTEBOOK = "notebooks/03_clv_fundamentals.ipynb"
RUN_MS = 60_000
STEP_MS = 15_000
LAB_CONTENT = ("{include: [['.jp-NotebookPanel-notebook .jp-OutputArea'], "
               "['.jp-NotebookPanel-notebook .jp-RenderedMarkdown']], "
               "exclude: [['button[data-heading-level]']]}")
RAW_FLOAT = re.compile(r"^-?\d+\.\d{3,}$")
CULL_IDLE = 4  # seconds (make present: 600)
CULL_INTERVAL = 1


@pytest.fixture(scope="module")
def chromium() -> Path:
    if not CHROMIUM.exists():
        pytest.skip(INSTALL_HINT)
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: run `npm ci` (make test does)")
    return CHROMIUM


@pytest.fixture
def out(request) -> Path:
    folder = ARTIFACTS.parent / "a11y" / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def run_axe(page, context: str = "document") -> list[dict]:
    page.add_script_tag(path=str(AXE))
    return page.evaluate(f"""async () => {{
        const r = await axe.run({context}, {{resultTypes: ['violations']}});
        return r.violations.map(v => ({{id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 5).map(n => n.target.join(' '))}}));
    }}""")


def blocking(violations: list[dict]) -> list[str]:
    return [f"{v['impact']} {v['id']} ({v['help']}): {v['nodes']}" for v in violations
            if v["impact"] in BLOCKING]


def images_without_alt(page, scope: str = "document") -> list[str]:
    return page.evaluate(f"""() => [...{scope}.querySelectorAll('img')]
        .filter(i => !(i.getAttribute('alt') || '').trim())
        .map(i => i.outerHTML.slice(0, 120))""")


def present_command(folder: Path, port: int) -> list[str]:
    """The Voila arguments of ``make present`` (Makefile), for ``folder`` with short culling."""
    dry = subprocess.run(
        ["make", "-s", "-n", "-o", ".venv/.clvteach-installed", "present",
         f"PRESENT_IDLE={CULL_IDLE}", f"PRESENT_CULL_INTERVAL={CULL_INTERVAL}",
         f"PRESENT_DIR={folder}", f"LAB_ARGS=--no-browser --port={port} "
         "--Voila.ip=127.0.0.1 --Voila.port_retries=0 --Voila.token="],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    words = shlex.split(dry.replace("\\\n", " "))
    voila = next(i for i, w in enumerate(words) if w.endswith("bin/voila"))
    return ["voila", *words[voila + 1:]]


def _dashboard(path: Path, *cells: str) -> None:
    nb = {"cells": [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "outputs": [],
                     "execution_count": None, "source": src} for i, src in enumerate(cells)],
          "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3",
                                      "language": "python"}},
          "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb))


@pytest.fixture(scope="module")
def present(chromium, tmp_path_factory) -> Iterator[tuple]:
    """``make present`` on a folder of dashboards: the CLV calculator (as in the course)
    and the two with the longest labels, each also in presentation mode."""
    folder = tmp_path_factory.mktemp("dashboards")
    shutil.copy(ROOT / DASHBOARD, folder / "clv_calculator.ipynb")
    _dashboard(folder / "long_labels.ipynb", "import clvteach as ct",
               "ct.widgets.sensitivity_explorer()",
               "ct.widgets.segment_explorer(ct.datasets.load_cdnow(), currency='USD')",
               "ct.widgets.sensitivity_explorer(presentation=True)",
               "ct.widgets.segment_explorer(ct.datasets.load_cdnow(), currency='USD', "
               "presentation=True)")
    home = tmp_path_factory.mktemp("present-home")
    env = jupyter_env(home)
    env["JUPYTER_PATH"] = str(ROOT / "share" / "jupyter")
    port = free_port()
    with running_server("voila-present", present_command(folder, port), env=env,
                        cwd=ROOT, port=port, log_dir=home, ready_path="/") as server:
        server.wait_until_serving()
        yield server, folder


def test_voila_list_page_has_no_console_errors(present, tmp_path, out):
    server, _folder = present
    with chromium_page(tmp_path / "profile") as (page, log):
        page.goto(server.url + "/", wait_until="load")
        links = page.locator("a[href*='/voila/render/']")
        links.first.wait_for(timeout=RUN_MS)
        assert links.count() == 2, links.all_inner_texts()
        page.wait_for_timeout(500)  # late errors of the page's scripts
        (out / "console.log").write_text("\n".join(log.messages) + "\n")
        assert not log.errors, "\n".join(log.errors)
        violations = run_axe(page)
        (out / "axe.json").write_text(json.dumps(violations, indent=1))
        assert not blocking(violations), "\n".join(blocking(violations))


def test_dashboard_is_accessible_in_voila(present, tmp_path, out):
    from playwright.sync_api import expect

    server, _folder = present
    with chromium_page(tmp_path / "profile") as (page, log):
        try:
            page.goto(server.url + "/voila/render/clv_calculator.ipynb")
            explorer = page.locator(".ct-clv-calculator")
            handle = explorer.locator(".ct-retention .noUi-handle")
            expect(handle).to_be_visible(timeout=RUN_MS)
            figure = explorer.locator("img.ct-figure")
            expect(figure).to_have_attribute("alt", re.compile(r"Present value"),
                                             timeout=STEP_MS)
            expect(handle).to_have_attribute("aria-valuetext", "80 %", timeout=STEP_MS)
            expect(explorer.locator(".ct-annual-revenue .noUi-handle")).to_have_attribute(
                "aria-valuetext", "2,400 yuan")
            expect(explorer.locator(".ct-horizon .noUi-handle")).to_have_attribute(
                "aria-valuetext", "5 years")
            handles = page.evaluate("""() => [...document.querySelectorAll('.noUi-handle')]
                .map(h => [h.getAttribute('aria-label'), h.getAttribute('aria-valuetext')])""")
            assert handles and all(name and text for name, text in handles), handles
            assert not [t for _n, t in handles if RAW_FLOAT.match(t)], handles
            before = figure.get_attribute("alt")

            # keyboard only: Tab reaches every slider and the dropdown
            page.locator("body").click(position={"x": 5, "y": 5})
            reached: list[str] = []
            for _ in range(40):
                page.keyboard.press("Tab")
                reached.append(page.evaluate("""() => {
                    const e = document.activeElement;
                    return e.tagName + '|' + (e.getAttribute('aria-label') || '');
                }"""))
            names = {r.split("|")[1] for r in reached}
            expected = {h[0] for h in handles}
            assert expected <= names, f"not reachable by Tab: {expected - names}"
            assert any(r.startswith("SELECT|") for r in reached), reached
            handle.focus()
            page.keyboard.press("ArrowRight")
            expect(handle).to_have_attribute("aria-valuetext", "81 %", timeout=STEP_MS)
            expect(figure).not_to_have_attribute("alt", before, timeout=STEP_MS)

            violations = run_axe(page)
            (out / "axe.json").write_text(json.dumps(violations, indent=1))
            assert not blocking(violations), "\n".join(blocking(violations))
            assert not images_without_alt(page), images_without_alt(page)
            assert not log.errors, "\n".join(log.errors)
        finally:
            page.screenshot(path=out / "page.png")
            (out / "console.log").write_text("\n".join(log.messages) + "\n")


def test_labels_and_readouts_are_never_cut(present, tmp_path, out):
    from playwright.sync_api import expect

    server, _folder = present
    with chromium_page(tmp_path / "profile") as (page, log):
        try:
            page.goto(server.url + "/voila/render/long_labels.ipynb")
            expect(page.locator(".ct-explorer img.ct-figure")).to_have_count(4,
                                                                          timeout=RUN_MS)
            expect(page.locator(".ct-presentation")).to_have_count(2)
            page.wait_for_timeout(500)
            cut = page.evaluate("""() => [...document.querySelectorAll(
                    '.ct-explorer .widget-label, .ct-explorer .widget-label-basic,' +
                    ' .ct-explorer .widget-readout, .ct-explorer .widget-html-content')]
                .filter(e => e.offsetParent !== null && e.textContent.trim() &&
                        (e.scrollWidth > e.clientWidth + 1 || e.scrollHeight > e.clientHeight + 1))
                .map(e => e.textContent.trim() + ' (' + e.scrollWidth + ' > ' + e.clientWidth + ')')""")
            texts = page.locator(".ct-explorer").all_inner_texts()
            assert "CLV (hist. + current + potential)" in "\n".join(texts)
            assert "Current value threshold" in "\n".join(texts)
            assert not cut, f"cut labels: {cut}"
            assert not log.errors, "\n".join(log.errors)
        finally:
            page.screenshot(path=out / "page.png", full_page=True)
            (out / "console.log").write_text("\n".join(log.messages) + "\n")


def _kernels(server) -> list[int]:
    found = []
    for pid in descendants(server.process.pid):
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"ipykernel" in cmdline:
            found.append(pid)
    return found


def test_make_present_culls_the_kernels_of_closed_pages(present, tmp_path):
    """Every page above was closed: their kernels must go (idle + culling interval)."""
    server, _folder = present
    with chromium_page(tmp_path / "profile") as (page, _log):
        page.goto(server.url + "/voila/render/clv_calculator.ipynb")
        page.locator(".ct-retention .noUi-handle").wait_for(timeout=RUN_MS)
        assert _kernels(server), "no kernel for an open page?"
        page.wait_for_timeout((CULL_IDLE + 2 * CULL_INTERVAL) * 1000)
        assert _kernels(server), "the kernel of an OPEN page was culled"
    deadline = time.monotonic() + CULL_IDLE + 4 * CULL_INTERVAL + 10
    while _kernels(server) and time.monotonic() < deadline:
        time.sleep(0.5)  # polling the process table for the culler
    assert not _kernels(server), (f"kernels still running after the pages closed:\n"
                                  f"{server.log_tail()}")


def test_course_notebook_is_accessible_in_jupyterlab(chromium, tmp_path, out):
    from playwright.sync_api import expect

    home = tmp_path / "home"
    port = free_port()
    with running_server("jupyterlab", jupyterlab_args(port=port, home=home, root_dir=ROOT),
                        env=jupyter_env(home), cwd=ROOT, port=port, log_dir=tmp_path,
                        ready_path="/api/status") as server, \
            chromium_page(tmp_path / "profile") as (page, log):
        server.wait_until_serving()
        try:
            page.goto(f"{server.url}/lab/tree/{LAB_NOTEBOOK}")
            notebook = page.locator(".jp-NotebookPanel-notebook")
            expect(notebook.locator(".jp-OutputArea-output img").first).to_be_visible(
                timeout=RUN_MS)
            page.wait_for_timeout(1000)  # every stored output rendered
            scope = "document.querySelector('.jp-NotebookPanel-notebook')"
            missing = images_without_alt(page, scope)
            assert not missing, f"images without alt in {LAB_NOTEBOOK}: {missing}"
            # The course's content: rendered markdown and outputs. JupyterLab's own editor
            # and list widgets (CodeMirror inputs without a name, the windowed list's
            # roles, heading-collapse buttons without text) are JupyterLab's to fix.
            violations = run_axe(page, LAB_CONTENT)
            (out / "axe.json").write_text(json.dumps(violations, indent=1))
            assert not blocking(violations), "\n".join(blocking(violations))
        finally:
            page.screenshot(path=out / "page.png")
            (out / "console.log").write_text("\n".join(log.messages) + "\n")
