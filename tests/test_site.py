"""The static course website (``make site``): built once, then every page opened in Chromium.

The site is built once per session (fixture ``site``, ≈15–25 s) from the stored outputs and
served from 127.0.0.1 by a small HTTP server. Each page must load with no console error,
no request to another host (the site must work offline and from any static host), every
formula typeset by the vendored MathJax, every internal link resolving (file and anchor),
every ``<img>`` with a non-empty alt text, and no serious or critical axe-core violation.
Console logs and the axe results go to ``test-artifacts/site/``.
"""
from __future__ import annotations

import contextlib
import functools
import http.server
import json
import re
import sys
import threading
import urllib.parse
from pathlib import Path
from typing import Iterator

import pytest

from browser_support import CHROMIUM, INSTALL_HINT, ROOT, chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.slow]

sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402

ARTIFACTS = ROOT / "test-artifacts" / "site"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = ("serious", "critical")
LOAD_MS = 30_000


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Path:
    """The built site (HTML folder), once per session."""
    if not (ROOT / "node_modules").is_dir():
        pytest.fail("node_modules is missing: run `npm ci` (make test does)")
    return build_site.build(tmp_path_factory.mktemp("site") / "site")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # no line per request on stderr
        pass


@pytest.fixture(scope="session")
def site_url(site) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")  # closed before other browser tests start theirs
def browser(site, tmp_path_factory):
    if not CHROMIUM.exists():
        pytest.skip(INSTALL_HINT)
    with chromium_page(tmp_path_factory.mktemp("chromium") / "profile") as (page, log):
        yield page, log


def site_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts)


def test_site_has_every_course_page(site):
    pages = set(site_pages(site))
    expected = {f"notebooks/{p.stem}.html"
                for p in build_site.pages(ROOT / "notebooks")}
    expected |= {f"exercises/{p.stem}.html" for p in build_site.pages(ROOT / "exercises")}
    expected |= {f"notebooks/zh/{p.stem}.html"
                 for p in build_site.pages(ROOT / "notebooks" / "zh")}
    assert {"notebooks/00_start_here.html", "notebooks/05_probabilistic_clv.html",
            "exercises/ex01_customer_value.html"} <= expected
    assert expected <= pages, f"pages missing from the site: {sorted(expected - pages)}"
    assert (site / "_static" / "mathjax" / "tex-chtml.js").exists()


def test_chinese_pages_declare_their_language(site):
    checked = {"en": 0, "zh-CN": 0}
    for rel in site_pages(site):
        head = (site / rel).read_text(encoding="utf-8")[:400]
        if "<html" not in head:  # index.html: a redirect to the start page
            continue
        lang = "zh-CN" if "zh" in Path(rel).parts else "en"
        assert f'<html lang="{lang}"' in head, f"{rel}: expected lang={lang}"
        checked[lang] += 1
    assert checked["zh-CN"] >= 7 and checked["en"] >= 7, checked


def test_site_ships_the_course_font_and_every_page_uses_it(site):
    static = site / "_static"
    shipped = ROOT / "clvteach" / "fonts"
    css = (static / build_site.FONT_CSS_FILE).read_text(encoding="utf-8")
    urls = re.findall(r'url\("([^"]+)"\)', css)
    assert urls, "the stylesheet declares no font file"
    for url in urls:  # relative to the stylesheet: works from any host and folder
        assert not re.match(r"[a-z]+:|/", url), url
        served = static / url
        assert served.read_bytes() == (shipped / served.name).read_bytes(), url
    assert (static / "fonts" / "OFL.txt").is_file(), "the font's licence ships with it"
    assert "@font-face" in css and "--pst-font-family-base" in css
    linked = 0
    for rel in site_pages(site):
        text = _read(site / rel)
        if "<html" not in text[:400]:  # index.html: a redirect
            continue
        assert re.search(rf'<link[^>]+href="[./]*_static/{build_site.FONT_CSS_FILE}', text), \
            f"{rel} does not link the font stylesheet"
        linked += 1
    assert linked >= 14


def test_toc_picks_up_new_pages(tmp_path):
    for name in ("00_start_here.ipynb", "01_a.ipynb", "glossary.md"):
        (tmp_path / "notebooks").mkdir(exist_ok=True)
        (tmp_path / "notebooks" / name).write_text("{}")
    (tmp_path / "notebooks" / "zh").mkdir()
    (tmp_path / "notebooks" / "zh" / "01_a.ipynb").write_text("{}")
    toc = build_site.toc_yaml(build_site.course_parts(tmp_path), tmp_path)
    assert "root: notebooks/00_start_here" in toc
    assert toc.index("notebooks/01_a") < toc.index("notebooks/glossary")
    assert "notebooks/zh/01_a" in toc


def test_stored_images_get_their_description_as_alt():
    nb = {"metadata": {"widgets": {}}, "cells": [{"cell_type": "code", "outputs": [
        {"output_type": "display_data", "data": {
            "image/png": "iVBORw0KGgo=", "text/plain": "CLV calculator\n  retention=0.8",
            "application/vnd.jupyter.widget-view+json": {"model_id": "x"}}}]}]}
    assert build_site.accessible_outputs(nb) == 1
    data = nb["cells"][0]["outputs"][0]["data"]
    assert data["text/html"].startswith('<img alt="CLV calculator retention=0.8" src="data:')
    assert "application/vnd.jupyter.widget-view+json" not in data
    assert "widgets" not in nb["metadata"]


def _check_page(page, log, base: str, path: str) -> dict:
    """Open one page; return what went wrong (empty lists: all good)."""
    outside: list[str] = []

    def route(r):
        host = urllib.parse.urlsplit(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    log.errors.clear()
    page.route("**/*", route)
    try:
        page.goto(f"{base}/{path}", wait_until="load", timeout=LOAD_MS)
        page.wait_for_function("!window.MathJax || (MathJax.startup && MathJax.startup.promise"
                               " && (window.__mjx_done || (MathJax.startup.promise.then("
                               "() => window.__mjx_done = true), false)))", timeout=LOAD_MS)
        math = page.evaluate("""() => {
            const all = [...document.querySelectorAll('.math, span.math, div.math')];
            return {total: all.length,
                    untypeset: all.filter(e => !e.querySelector('mjx-container')
                                                && e.tagName !== 'MJX-CONTAINER')
                                  .map(e => e.textContent.slice(0, 80)),
                    errors: [...document.querySelectorAll('mjx-merror')]
                                  .map(e => e.textContent.slice(0, 80)),
                    dollars: ((document.querySelector('main') || document.body ||
                                   document.documentElement).innerText || '').match(/\\$\\$?[^$\\n]{1,40}\\\\[a-z]+[^$\\n]*\\$/g)
                                  || []};
        }""")
        images = page.evaluate("""() => [...document.querySelectorAll('img')]
            .filter(i => !(i.getAttribute('alt') || '').trim())
            .map(i => (i.getAttribute('src') || '').slice(0, 60))""")
        links = page.evaluate("""() => [...document.querySelectorAll('a[href]')]
            .map(a => a.href).filter(h => h.startsWith(location.origin))""")
        page.add_script_tag(path=str(AXE))
        axe = page.evaluate("""async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }""")
    finally:
        page.unroute("**/*")
    return {"outside": outside, "console": list(log.errors), "math": math,
            "images_without_alt": images, "links": links, "axe": axe}


def _link_problem(site: Path, base: str, url: str) -> str | None:
    parts = urllib.parse.urlsplit(url)
    rel = urllib.parse.unquote(parts.path).lstrip("/")
    target = site / rel
    if target.is_dir():
        target = target / "index.html"
    if not target.exists():
        return f"{url}: no such file"
    if parts.fragment and target.suffix == ".html":
        text = _read(target)
        if not re.search(rf'id="{re.escape(parts.fragment)}"', text):
            return f"{url}: no anchor #{parts.fragment}"
    return None


@functools.lru_cache(maxsize=None)
def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")


def test_every_page_offline_typeset_linked_and_accessible(site, site_url, browser):
    page, log = browser
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    report: dict[str, dict] = {}
    problems: list[str] = []
    pages = site_pages(site)
    formulas = 0
    for path in pages:
        found = _check_page(page, log, site_url, path)
        report[path] = found
        formulas += found["math"]["total"]
        for url in found["outside"]:
            problems.append(f"{path}: request to another host: {url}")
        for line in found["console"]:
            problems.append(f"{path}: console: {line}")
        for text in found["math"]["untypeset"] + found["math"]["dollars"]:
            problems.append(f"{path}: formula not typeset: {text!r}")
        for text in found["math"]["errors"]:
            problems.append(f"{path}: MathJax error: {text!r}")
        for src in found["images_without_alt"]:
            problems.append(f"{path}: <img> without alt text: {src}")
        for url in sorted(set(found["links"])):
            problem = _link_problem(site, site_url, url)
            if problem:
                problems.append(f"{path}: broken link {problem}")
        for v in found["axe"]:
            if v["impact"] in BLOCKING:
                problems.append(f"{path}: axe {v['impact']} {v['id']} ({v['help']}): "
                                f"{v['nodes']}")
    (ARTIFACTS / "pages.json").write_text(json.dumps(report, indent=1, ensure_ascii=False))
    assert len(pages) >= 11, pages
    assert formulas > 20, f"only {formulas} formulas found: is the math rendered at all?"
    assert not problems, f"{len(problems)} problems on {len(pages)} pages:\n" + \
        "\n".join(problems[:60])


def test_the_page_check_can_fail(site, site_url, browser, tmp_path):
    """A page with an outside request, an untypeset formula and an image without alt."""
    page, log = browser
    bad = site / "_bad.html"
    bad.write_text('<html lang="en"><head><title>bad</title></head><body><main>'
                   '<img src="https://example.org/x.png">'
                   '<span class="math">\\(x^2\\)</span><a href="nowhere.html">x</a>'
                   '</main></body></html>')
    try:
        found = _check_page(page, log, site_url, "_bad.html")
    finally:
        bad.unlink()
    assert found["outside"] == ["https://example.org/x.png"]
    assert found["math"]["untypeset"] and found["images_without_alt"]
    assert _link_problem(site, site_url, f"{site_url}/nowhere.html")
    assert any(v["id"] == "image-alt" for v in found["axe"])
    with contextlib.suppress(Exception):
        page.unroute("**/*")
