"""nbgitpuller links (tools/nbgitpuller_links.py, `make links`): encoding and choices."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import nbgitpuller_links as links  # noqa: E402

HUB = "https://hub.example.edu"
REPO = "https://github.com/teacher/clv-course-student"


def _query(link: str) -> dict[str, str]:
    query = parse_qs(urlsplit(link).query, strict_parsing=True)
    assert all(len(v) == 1 for v in query.values())
    return {k: v[0] for k, v in query.items()}


def test_start_page_link_round_trips():
    link = links.nbgitpuller_link(hub=HUB, repo=REPO, path="notebooks/00_start_here.ipynb")
    assert link.startswith(f"{HUB}/hub/user-redirect/git-pull?")
    assert _query(link) == {
        "repo": REPO, "branch": "main",
        "urlpath": "lab/tree/clv-course-student/notebooks/00_start_here.ipynb"}


def test_every_value_is_percent_encoded():
    link = links.nbgitpuller_link(hub=HUB, repo=REPO + ".git", path="notebooks/zh/00_start_here.ipynb")
    query = urlsplit(link).query
    # Slashes and colons inside values are encoded: one '?' and only '&' between pairs.
    assert "repo=https%3A%2F%2Fgithub.com%2Fteacher%2Fclv-course-student.git" in query
    assert "urlpath=lab%2Ftree%2Fclv-course-student.git%2Fnotebooks%2Fzh%2F00_start_here.ipynb" in query
    assert "/" not in query and ":" not in query


def test_non_ascii_and_reserved_characters_survive():
    path = "notebooks/zh/客户 价值&CLV#1.ipynb"
    link = links.nbgitpuller_link(hub=HUB, repo="https://git.example.edu/课程/clv?x=1&y=2",
                                  path=path, branch="spring/2026", targetpath="我的 课程")
    query = _query(link)
    assert query["urlpath"] == f"lab/tree/我的 课程/{path}"
    assert query["repo"] == "https://git.example.edu/课程/clv?x=1&y=2"
    assert query["branch"] == "spring/2026"
    assert query["targetpath"] == "我的 课程"
    assert link.isascii() and " " not in link and "#" not in link


def test_chinese_start_page_and_notebook_app():
    (page, link), = links.course_links(hub=HUB + "/", repo=REPO, lang="zh", app="notebook")
    assert page == "notebooks/zh/00_start_here.ipynb"
    assert link.startswith(f"{HUB}/hub/user-redirect/")  # no double slash
    assert _query(link)["urlpath"] == "tree/clv-course-student/notebooks/zh/00_start_here.ipynb"


def test_hub_under_a_path_prefix_keeps_it():
    link = links.nbgitpuller_link(hub="https://example.edu/jupyter", repo=REPO,
                                  path="notebooks/00_start_here.ipynb")
    assert link.startswith("https://example.edu/jupyter/hub/user-redirect/git-pull?")


def test_every_notebook_listed_start_page_first():
    pages = [p for p, _ in links.course_links(hub=HUB, repo=REPO, every_notebook=True)]
    assert pages[0] == "notebooks/00_start_here.ipynb"
    assert "notebooks/03_clv_fundamentals.ipynb" in pages
    assert all((ROOT / p).exists() for p in pages)


@pytest.mark.parametrize("repo, expected", [
    # nbgitpuller keeps a .git suffix: the urlpath must name the same folder
    ("https://github.com/t/clv-course-student.git", "clv-course-student.git"),
    ("git@github.com:t/clv-course-student.git", "clv-course-student.git"),
    ("https://gitlab.example.edu/t/clv/", "clv"),
    ("/srv/git/clv-course-student", "clv-course-student"),
])
def test_repo_directory(repo, expected):
    assert links.repo_directory(repo) == expected


@pytest.mark.parametrize("kwargs, message", [
    ({"hub": "hub.example.edu"}, "hub must be an http(s) address"),
    ({"hub": "ftp://hub"}, "hub must be an http(s) address"),
    ({"repo": ""}, "repo must be"),
    ({"branch": ""}, "branch must be"),
    ({"app": "classic"}, "app must be one of"),
    ({"path": "/etc/passwd"}, "path must be relative"),
])
def test_bad_inputs_name_the_parameter(kwargs, message):
    args = {"hub": HUB, "repo": REPO, "path": "notebooks/00_start_here.ipynb", **kwargs}
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace(")", r"\)")):
        links.nbgitpuller_link(**args)


def test_bad_language():
    with pytest.raises(ValueError, match="lang must be one of"):
        links.course_links(hub=HUB, repo=REPO, lang="fr")


def test_command_line_prints_the_links():
    out = subprocess.run([sys.executable, str(ROOT / "tools" / "nbgitpuller_links.py"),
                          "--hub", HUB, "--repo", REPO, "--lang", "zh"],
                         capture_output=True, text=True, check=True).stdout
    comment, link = out.strip().splitlines()
    assert comment == "# notebooks/zh/00_start_here.ipynb"
    assert _query(link)["repo"] == REPO


def test_command_line_rejects_a_bad_hub():
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "nbgitpuller_links.py"),
                           "--hub", "hub.example.edu", "--repo", REPO],
                          capture_output=True, text=True)
    assert proc.returncode == 2
    assert "hub must be an http(s) address" in proc.stderr
