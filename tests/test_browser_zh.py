"""Real-browser test of the Chinese edition: Chinese drawn with the course font, no boxes.

The same person as in ``tests/test_browser.py``, in the Chinese edition: open the zh
course notebook 03 in JupyterLab (run all cells) and the zh CLV calculator dashboard in
Voilà, move the retention slider (keyboard, then a typed value), and check that

* the Chinese heading and widget labels are drawn with the course font "ClvTeach Sans SC"
  (Chromium reports the fonts it actually used for a node, ``CSS.getPlatformFontsForNode``;
  ``document.fonts.check`` is true and the course's ``@font-face`` is loaded);
* the Voilà title (markdown) has no glyph drawn with a fallback-less font (no tofu);
* the figure shows Chinese labels: the PNG in the page is byte-identical to the one the
  same explorer draws here with ``lang="zh"`` (and differs from the English one).

Servers and browser: ``tests/browser_support.py``; screenshots in
``test-artifacts/browser/<test>/``.
"""
from __future__ import annotations

import base64
from pathlib import Path
from typing import Iterator

import pytest

from browser_support import (
    ROOT,
    Server,
    Stopwatch,
    chromium_page,
    lab_and_voila,
)
from test_browser import (  # noqa: F401  (fixtures)
    RUN_MS,
    TYPED_RETENTION,
    artifacts,
    calculator,
    chromium,
    move_retention_slider,
    run_in_page,
)

pytestmark = pytest.mark.browser

LAB_NOTEBOOK = "notebooks/zh/03_clv_fundamentals.ipynb"
VOILA_DASHBOARD = "notebooks/zh/dashboards/clv_calculator.ipynb"
COURSE_FONT = "ClvTeach Sans SC"


@pytest.fixture(scope="module")
def zh_servers(chromium, tmp_path_factory) -> Iterator[dict[str, Server]]:  # noqa: F811
    home = tmp_path_factory.mktemp("jupyter-zh")
    with lab_and_voila(home, root_dir=ROOT, dashboard=ROOT / VOILA_DASHBOARD) as servers:
        yield servers


def platform_fonts(page, selector: str) -> dict[str, int]:
    """Fonts Chromium used to draw the text of the first ``selector`` node: name -> glyphs."""
    cdp = page.context.new_cdp_session(page)
    try:
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
        assert node, f"no node {selector!r} in the page"
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    finally:
        cdp.detach()
    return {f["familyName"]: f["glyphCount"] for f in fonts}


def check_chinese_is_drawn_with_the_course_font(page, selectors: list[str]) -> None:
    state = page.evaluate("""async (family) => {
        await document.fonts.ready;
        const faces = [...document.fonts].filter(
            f => f.family.replace(/["']/g, "") === family);
        return {check: document.fonts.check(`16px "${family}"`, "客户"),
                statuses: faces.map(f => f.status)};
    }""", COURSE_FONT)
    assert state["check"], state
    assert "loaded" in state["statuses"], (
        f"the course @font-face was not loaded: {state}; `make env` installs the course font "
        "for browsers (tools/install_fonts.py)")
    for selector in selectors:
        fonts = platform_fonts(page, selector)
        assert fonts.get(COURSE_FONT, 0) > 0, (selector, fonts)
        # every glyph comes from a real font: no box of a missing glyph (tofu)
        assert all(name for name in fonts), (selector, fonts)


def figure_png(page) -> bytes:
    """The bytes of the live calculator's figure as the page shows it."""
    data = page.evaluate("""async () => {
        const img = [...document.querySelectorAll(".ct-clv-calculator img.ct-figure,"
                                                   + ".ct-clv-calculator .ct-figure img,"
                                                   + ".ct-clv-calculator img")].pop();
        const buf = await (await fetch(img.src)).arrayBuffer();
        let s = ""; new Uint8Array(buf).forEach(b => s += String.fromCharCode(b));
        return btoa(s);
    }""")
    return base64.b64decode(data)


def expected_png(lang: str) -> bytes:
    import clvteach as ct

    calc = ct.widgets.clv_calculator(lang=lang)
    calc.controls["retention"].value = TYPED_RETENTION
    return calc.image.value


def test_zh_calculator_in_voila_draws_chinese_with_the_course_font(
        zh_servers, calculator, artifacts, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    watch = Stopwatch()
    server = zh_servers["voila"]
    try:
        with chromium_page(tmp_path / "profile") as (page, log):
            server.wait_until_serving()

            def steps() -> None:
                page.goto(server.url + "/")
                move_retention_slider(page, calculator, artifacts, watch)
                expect(page.locator(".ct-clv-calculator h3")).to_have_text(
                    "客户终生价值计算器", timeout=RUN_MS)
                expect(page.locator(".ct-retention .widget-label")).to_have_text("年保留率")
                check_chinese_is_drawn_with_the_course_font(page, [
                    "h1", ".ct-clv-calculator h3", ".ct-retention .widget-label",
                    ".ct-clv-calculator .ct-numbers .widget-label"])
                shown = figure_png(page)
                assert shown == expected_png("zh"), "the figure is not the zh figure"
                assert shown != expected_png("en")
                page.screenshot(path=artifacts / "5-fonts-checked.png")
                watch.mark("course font and zh figure checked")

            run_in_page(page, log, server, artifacts, watch, steps)
    finally:
        server.stop()


def test_zh_course_notebook_in_jupyterlab_draws_chinese_with_the_course_font(
        zh_servers, calculator, artifacts, tmp_path):  # noqa: F811
    from playwright.sync_api import expect

    watch = Stopwatch()
    server = zh_servers["jupyterlab"]
    try:
        with chromium_page(tmp_path / "profile") as (page, log):
            server.wait_until_serving()

            def steps() -> None:
                page.goto(f"{server.url}/lab/tree/{LAB_NOTEBOOK}")
                expect(page.locator(".jp-StatusBar-Widget", has_text="| Idle")).to_be_visible(
                    timeout=RUN_MS)
                page.locator(".lm-MenuBar-item", has_text="Run").click()
                page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                move_retention_slider(page, calculator, artifacts, watch)
                expect(page.locator(".ct-clv-calculator h3").first).to_have_text(
                    "客户终生价值计算器")
                check_chinese_is_drawn_with_the_course_font(page, [
                    ".ct-clv-calculator h3", ".ct-retention .widget-label"])
                page.screenshot(path=artifacts / "5-fonts-checked.png")

            run_in_page(page, log, server, artifacts, watch, steps)
    finally:
        server.stop()
    assert Path(ROOT / LAB_NOTEBOOK).is_file()
