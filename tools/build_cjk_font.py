"""Rebuild the course's CJK font: a subset of Noto Sans SC (SIL Open Font License 1.1).

The course ships ``clvteach/fonts/ClvTeachSansSC-Regular.ttf`` so that Chinese renders
on machines without any CJK font (matplotlib figures, JupyterLab, Voilà). It holds
every character the course uses (the string catalogue, the glossary, the notebooks,
exercises and solutions, the README) plus a margin: printable ASCII, Latin-1, general
and CJK punctuation, full-width forms, and the 6,763 hanzi of GB 2312 (levels 1 and 2),
so that new course text rarely needs a rebuild (about 2.3 MB). One weight only: bold
text (titles) is drawn with it too (matplotlib maps bold to it, browsers embolden it).

Usage (run from the repository root; needs npm and fontTools)::

    python tools/build_cjk_font.py                # fetch the source font with npm
    python tools/build_cjk_font.py --source DIR   # or an unpacked package in DIR/package
    python tools/build_cjk_font.py --check        # only list characters the font lacks

The source is the npm package ``@expo-google-fonts/noto-sans-sc`` (Google Fonts' Noto
Sans SC, TrueType outlines, OFL-1.1), fetched with ``npm pack`` into a temporary folder.
The subset is renamed "ClvTeach Sans SC" (a modified version must not pose as the
original; Noto has no Reserved Font Name) and its hinting is dropped (smaller file).
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = ROOT / "clvteach" / "fonts"
FAMILY = "ClvTeach Sans SC"
NPM_PACKAGE = "@expo-google-fonts/noto-sans-sc@0.4.3"
#: style -> (file in the npm package, output file)
WEIGHTS = {
    "Regular": ("package/400Regular/NotoSansSC_400Regular.ttf",
                FONT_DIR / "ClvTeachSansSC-Regular.ttf"),
}
OUTPUT = WEIGHTS["Regular"][1]

# Text sources whose characters the font must cover (relative to the repository root).
SOURCE_GLOBS = ("clvteach/**/*.py", "notebooks/**/*.ipynb", "exercises/**/*.ipynb",
                "solutions/**/*.ipynb", "README.md", "clvteach/**/*.css")


def _margin() -> set[str]:
    chars = {chr(c) for c in range(0x20, 0x7F)}  # printable ASCII
    chars |= {chr(c) for c in range(0xA0, 0x100)}  # Latin-1
    chars |= {chr(c) for c in range(0x2010, 0x2060)}  # dashes, quotes, ellipsis, ‰
    chars |= set("←↑→↓↔⇒×÷−±≈≠≤≥∞√∑∆·•…★☆○●◎□■△▲▽▼※")
    chars |= {chr(c) for c in range(0x3000, 0x3040)}  # CJK punctuation
    chars |= {chr(c) for c in range(0xFF01, 0xFF5F)}  # full-width forms
    # GB 2312: 3,755 common hanzi (level 1, rows 16-55) and 3,008 more (level 2, rows 56-87)
    for row in range(0xB0, 0xF8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def _text_of(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        return text
    # notebook: cell sources and text outputs (not base64 images)
    nb = json.loads(text)
    parts = []
    for cell in nb.get("cells", []):
        parts.append("".join(cell.get("source", "")))
        for out in cell.get("outputs", []):
            parts.append("".join(out.get("text", "")))
            for mime, value in out.get("data", {}).items():
                if mime.startswith("text/"):
                    parts.append("".join(value) if isinstance(value, list) else str(value))
    return "\n".join(parts)


def course_characters(root: Path = ROOT) -> set[str]:
    """Every non-control character in the course's texts (what the font must cover)."""
    chars: set[str] = set()
    for pattern in SOURCE_GLOBS:
        for path in sorted(root.glob(pattern)):
            if ".venv" in path.parts or "node_modules" in path.parts:
                continue
            chars |= set(_text_of(path))
    return {c for c in chars if c.isprintable() and not c.isspace()} | {" "}


def needed_characters(root: Path = ROOT) -> set[str]:
    """What the font must draw: the course's characters that are CJK or punctuation.

    Latin letters, digits and symbols are drawn by the Latin font (DejaVu Sans in
    matplotlib, the page's font in the browser); the course font covers CJK text
    (U+2E80 and above, where no Latin font helps) and the shared punctuation.
    """
    return {c for c in course_characters(root) if ord(c) >= 0x2E80}


def subset_characters(root: Path = ROOT) -> set[str]:
    return course_characters(root) | _margin()


def missing(font: Path, chars: Iterable[str]) -> list[str]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font), lazy=True) as ttf:
        cmap = ttf.getBestCmap()
    return sorted(c for c in chars if ord(c) not in cmap)


def fetch_source(tmp: Path) -> Path:
    """``npm pack`` the source font package into ``tmp``; return its folder."""
    out = subprocess.run(["npm", "pack", NPM_PACKAGE, "--pack-destination", str(tmp)],
                         check=True, capture_output=True, text=True).stdout.split()[-1]
    with tarfile.open(tmp / out) as archive:
        for member in (*(src for src, _ in WEIGHTS.values()), "package/LICENSE_FONT"):
            archive.extract(member, tmp, filter="data")
    return tmp


def build(source: Path, output: Path = OUTPUT, root: Path = ROOT,
          style: str = "Regular") -> tuple[int, int]:
    """Subset ``source`` to the course's characters; return (glyphs, bytes)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    with TTFont(str(source), lazy=True) as ttf:
        source_cmap = ttf.getBestCmap()
    chars = sorted(c for c in subset_characters(root) if ord(c) in source_cmap)
    options = subset.Options()
    options.hinting = False
    options.desubroutinize = True
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(c) for c in chars])
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 16):
            record.string = FAMILY
        elif record.nameID == 4:
            record.string = f"{FAMILY} {style}"
        elif record.nameID in (2, 17):
            record.string = style
        elif record.nameID == 6:
            record.string = FAMILY.replace(" ", "") + f"-{style}"
        elif record.nameID == 3:
            record.string = f"{FAMILY.replace(' ', '')}-{style};clvteach subset"
    font["head"].created = font["head"].modified = 0x00000000E0000000  # reproducible
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    return len(font.getGlyphOrder()), output.stat().st_size


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--source", type=Path,
                        help="the unpacked npm package's parent folder (default: npm pack)")
    parser.add_argument("--check", action="store_true",
                        help="only report course characters missing from the shipped font")
    args = parser.parse_args(argv)
    if args.check:
        lacking = missing(OUTPUT, needed_characters())
        print(f"{OUTPUT.name}: {len(lacking)} course character(s) missing"
              + (f": {''.join(lacking)}" if lacking else ""))
        return 1 if lacking else 0
    with tempfile.TemporaryDirectory() as tmp:
        folder = args.source or fetch_source(Path(tmp))
        for style, (member, output) in WEIGHTS.items():
            glyphs, size = build(folder / member, output, style=style)
            print(f"wrote {output.relative_to(ROOT)}: {glyphs} glyphs, {size / 1e6:.2f} MB")
        licence = folder / "package" / "LICENSE_FONT"
        (FONT_DIR / "OFL.txt").write_text(licence.read_text(encoding="utf-8"),
                                          encoding="utf-8")
    lacking = missing(OUTPUT, needed_characters())
    if lacking:
        print(f"not in the source font: {''.join(lacking)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
