"""The course's CJK font: shipped, licensed, small, covering every character, used."""
from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FONTS = ROOT / "clvteach" / "fonts"


def _tool():
    spec = importlib.util.spec_from_file_location("build_cjk_font",
                                                  ROOT / "tools" / "build_cjk_font.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_font_files_are_shipped_small_and_licensed():
    from clvteach import style

    files = [FONTS / name for name in style.COURSE_FONT_FILES]
    assert all(f.is_file() for f in files)
    assert sum(f.stat().st_size for f in files) <= 3_000_000
    licence = (FONTS / "OFL.txt").read_text(encoding="utf-8")
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


@pytest.mark.parametrize("name", ["ClvTeachSansSC-Regular.ttf"])
def test_font_covers_every_character_the_course_uses(name):
    tool = _tool()
    needed = tool.needed_characters()
    assert len(needed) > 500  # the catalogue, glossary, notebooks... (sanity of the scan)
    assert "".join(tool.missing(FONTS / name, needed)) == ""
    # and the margin: common hanzi a student may type, CJK punctuation
    assert "".join(tool.missing(FONTS / name, "的一是了我不人在他有这个上们来到时大地为子中你说"
                                          "，。、；：？！“”‘’（）《》【】…—")) == ""


def test_font_family_name_is_the_course_font():
    from fontTools.ttLib import TTFont

    from clvteach import style

    for name in style.COURSE_FONT_FILES:
        with TTFont(str(FONTS / name)) as font:
            assert font["name"].getDebugName(1) == style.COURSE_FONT


def test_fresh_interpreter_draws_chinese_with_no_warning_at_all():
    """A fresh clone on a machine without any CJK font (like CI): no CJKFontWarning, no
    missing glyph, and every character is in one font of matplotlib's fallback list."""
    code = r"""
import io, warnings
warnings.simplefilter("error")
import matplotlib
matplotlib.use("Agg")
from matplotlib import font_manager
from matplotlib.text import Text
from fontTools.ttLib import TTFont
import clvteach as ct
ct.set_language("zh")
ax = ct.plot_clv_cac(ct.dcf_table(annual_revenue=2400, margin=0.6, retention=0.8,
                                  discount_rate=0.1, horizon=5), cac=1000, payback=2)
ax.figure.savefig(io.BytesIO(), format="png", dpi=30)
cmaps = {}
used = set()
for t in ax.figure.findobj(Text):
    if not t.get_text():
        continue
    # every font of the fallback list (findfont alone would return only the first)
    paths = font_manager.fontManager._find_fonts_by_props(t.get_fontproperties())
    for p in paths:
        if p not in cmaps:
            with TTFont(p, lazy=True) as font:
                cmaps[p] = set(font.getBestCmap())
    for ch in t.get_text():
        if ch.isspace():
            continue
        owner = next((p for p in paths if ord(ch) in cmaps[p]), None)
        assert owner is not None, (ch, t.get_text(), paths)
        if "\u4e00" <= ch <= "\u9fff":
            used.add(owner)
print(sorted(p.rsplit("/", 1)[-1] for p in used))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert "ClvTeachSansSC" in out.stdout
    assert "findfont" not in out.stderr and out.stderr == ""
