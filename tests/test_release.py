"""`make release`: the student folder installs in a fresh virtual environment, its checks
work (pristine exercises fail, answered ones pass), and it holds no solution code or key.

The fresh venv gets the release installed with ``pip install --no-deps`` (a regular PEP 517
build, as a student's pip does); its third-party libraries come from this environment
through a ``.pth`` file, so nothing big is downloaded or installed again.
"""
from __future__ import annotations

import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import nbformat
import pytest

from clvteach.exercises import generate as gen

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import build_release  # noqa: E402


@pytest.fixture(scope="module")
def release(tmp_path_factory):
    out = tmp_path_factory.mktemp("release")
    return build_release.build(out)


def _solution_lines():
    for path in sorted((ROOT / "solutions").glob("ex*.ipynb")):
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "code":
                continue
            for block in gen.solution_blocks(cell.source):
                for line in block.code.splitlines():
                    if len(line.strip()) >= 12 and not line.strip().startswith("#"):
                        yield line.strip()


def test_release_holds_the_course_and_no_solution_or_key(release):
    names = {p.relative_to(release).parts[0] for p in release.iterdir()}
    assert names == {"Makefile", "README.md", "clvteach", "environment.yml", "exercises",
                     "notebooks", "pyproject.toml", "tools", ".gitignore"}
    assert sorted(p.name for p in (release / "exercises").glob("ex*.ipynb")) == sorted(
        p.name for p in (ROOT / "exercises").glob("ex*.ipynb"))
    # both editions ship: the Chinese exercises next to the English ones
    assert sorted(p.name for p in (release / "exercises" / "zh").glob("ex*.ipynb")) == sorted(
        p.name for p in (ROOT / "exercises" / "zh").glob("ex*.ipynb"))
    assert (release / "notebooks" / "zh" / "00_start_here.ipynb").exists()
    assert (release / "notebooks" / "00_start_here.ipynb").exists()
    texts = {p: p.read_text(encoding="utf-8", errors="replace")
             for p in release.rglob("*") if p.is_file() and p.suffix in {".py", ".ipynb", ".md",
                                                                         ".toml", ".yml", ""}}
    lines = list(_solution_lines())
    assert len(lines) > 20
    key_plain = [ln.strip() for p in (ROOT / "instructor" / "key").glob("*.py")
                 for ln in p.read_text(encoding="utf-8").splitlines()
                 if ln.strip().startswith(("DIRECTIONS", "TASK_STEP", "CASE_TYPES", "KPI_PROCESS",
                                           "EPISODE_STAGE", "HIDDEN_IDS"))]
    assert len(key_plain) >= 6
    for path, text in texts.items():
        assert path.suffix != ".ipynb" or "BEGIN SOLUTION" not in text, path
        assert not re.search(r"^(KEY = \{|HIDDEN_IDS = \()", text, re.MULTILINE), path
        # The library computes its checks' references itself (by design); solution code
        # must not be anywhere else, the key's plain answers nowhere.
        library = path.relative_to(release).parts[0] == "clvteach"
        for line in key_plain if library else lines + key_plain:
            assert line not in text, (path, line)
    assert not [p for p in release.rglob("*") if p.name in {"solutions", "instructor", "tests"}]
    with zipfile.ZipFile(release.parent / f"{release.name}.zip") as zf:
        zipped = sorted(n for n in zf.namelist())
    assert zipped == sorted(f"{release.name}/{p.relative_to(release).as_posix()}"
                            for p in release.rglob("*") if p.is_file())
    readme = (release / "README.md").read_text(encoding="utf-8")
    assert "make lab" in readme and "make check" in readme


def _answered(path: Path, student_id: str) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    solved = {c.id: c for c in nbformat.read(ROOT / "solutions" / path.name, as_version=4).cells}
    for cell in nb.cells:
        if cell.metadata.get("clvteach", {}).get("role") == "answer":
            cell.source = solved[cell.id].source.replace(gen.BEGIN + "\n", "").replace(
                "\n" + gen.END, "")
    nb.cells[1].source = nb.cells[1].source.replace('"..."', repr(student_id), 1)
    return nb


def test_release_installs_in_a_fresh_venv_and_its_checks_work(release, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True,
                   timeout=60)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig"
                                ".get_paths()['purelib'])"], capture_output=True, text=True,
                               check=True).stdout.strip())
    # The project's libraries (not its editable clvteach: .pth files there are not run).
    (site / "zz_course_libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps",
                    "--disable-pip-version-check", "-q", str(release)], check=True,
                   timeout=120, capture_output=True)
    where = subprocess.run([str(python), "-c", "import clvteach, clvteach.exercises as cx; "
                            "print(clvteach.__file__); print(hasattr(cx, 'load_key'))"],
                           capture_output=True, text=True, check=True, cwd=tmp_path).stdout
    assert where.splitlines()[0].startswith(str(site)), where
    assert where.splitlines()[1] == "False"
    work = tmp_path / "work"
    work.mkdir()
    pristine = release / "exercises" / "ex03_clv_fundamentals.ipynb"
    nb = nbformat.read(pristine, as_version=4)
    nb.cells[1].source = nb.cells[1].source.replace('"..."', '"2024000007"', 1)
    nbformat.write(nb, work / "pristine_ex03.ipynb")
    nbformat.write(_answered(pristine, "2024000007"), work / "answered_ex03.ipynb")
    run = subprocess.run([str(python), "-m", "pytest", str(work), "--nbval-lax",
                          "--nbval-current-env", "-p", "no:cacheprovider", "-q",
                          "--rootdir", str(work)],
                         capture_output=True, text=True, cwd=release, timeout=240)
    failed = sorted({re.match(r"FAILED (\S+?)::", ln).group(1).rsplit("/", 1)[-1]
                     for ln in run.stdout.splitlines() if ln.startswith("FAILED")})
    assert failed == ["pristine_ex03.ipynb"], run.stdout[-3000:]
    assert "not answered yet" in run.stdout
    assert re.search(r"\b9 failed, \d+ passed", run.stdout), run.stdout[-2000:]


def test_the_student_makefile_opens_and_checks_the_chinese_edition(release):
    def dry_run(*args):
        return subprocess.run(["make", "-n", *args], cwd=release, capture_output=True,
                              text=True, check=True).stdout

    assert "notebooks/zh/00_start_here.ipynb" in dry_run("lab", "LANG=zh")
    assert "notebooks/00_start_here.ipynb" in dry_run("lab")
    assert "clvteach.exercises.selfcheck exercises/zh" in dry_run("check", "NB=exercises/zh")
    assert "make check NB=exercises/zh" in (release / "README.md").read_text(encoding="utf-8")
