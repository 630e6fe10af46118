"""Print nbgitpuller links: one click pulls the student release into a student's server.

A student who opens such a link logs in to the hub (LMS or OAuth), gets their server
started, and nbgitpuller clones the release repository into their home directory (or
merges the newest commits into it, keeping the student's own edits), then opens the
start page in JupyterLab. The same link serves every student (``/hub/user-redirect/``
stands for "my server"); put it in the LMS or on the first slide.

Usage::

    make links HUB=https://hub.example.edu REPO=https://github.com/you/clv-course-student
    python tools/nbgitpuller_links.py --hub URL --repo URL [--branch main] [--lang zh]
                                      [--all] [--app lab|notebook] [--targetpath DIR]

``REPO`` is the student release (``make release`` builds it: notebooks and exercises
without solutions), pushed to any git host the hub can reach.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit

__all__ = ["START_PAGES", "nbgitpuller_link", "repo_directory", "course_links", "main"]

ROOT = Path(__file__).resolve().parent.parent
#: The start page of each edition, relative to the release's root.
START_PAGES = {"en": "notebooks/00_start_here.ipynb", "zh": "notebooks/zh/00_start_here.ipynb"}
_APPS = {"lab": "lab/tree", "notebook": "tree"}


def repo_directory(repo: str) -> str:
    """The directory nbgitpuller clones ``repo`` into by default.

    nbgitpuller takes the last ``/``-separated part of the URL as it is (a ``.git``
    suffix stays), so the link's ``urlpath`` must use the same name.
    """
    name = repo.rstrip("/").split("/")[-1]
    if not name or name.endswith(":"):
        raise ValueError(f"repo must name a repository, got {repo!r}")
    return name


def nbgitpuller_link(*, hub: str, repo: str, path: str, branch: str = "main",
                     app: str = "lab", targetpath: str | None = None) -> str:
    """The nbgitpuller link that pulls ``repo`` and opens ``path`` in it.

    Parameters
    ----------
    hub : str
        The hub's address, ``https://hub.example.edu`` (a path prefix such as
        ``https://example.edu/jupyter`` is kept).
    repo : str
        Git URL of the student release.
    path : str
        File to open, relative to the repository root (``notebooks/00_start_here.ipynb``).
    branch : str, keyword-only
        Branch to pull.
    app : {"lab", "notebook"}, keyword-only
        Open it in JupyterLab or in Notebook 7.
    targetpath : str, optional
        Directory in the student's home to pull into; default the repository's name.

    Returns
    -------
    str
        ``{hub}/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=...`` with every
        value percent-encoded (``/`` too), as nbgitpuller's own link generator does.
    """
    scheme = urlsplit(hub).scheme
    if scheme not in ("http", "https") or not urlsplit(hub).netloc:
        raise ValueError(f"hub must be an http(s) address such as https://hub.example.edu, "
                         f"got {hub!r}")
    if not repo:
        raise ValueError("repo must be the student release's git URL, got ''")
    if not branch:
        raise ValueError("branch must be a branch name, got ''")
    if app not in _APPS:
        raise ValueError(f"app must be one of {sorted(_APPS)}, got {app!r}")
    if not path or path.startswith("/"):
        raise ValueError(f"path must be relative to the repository root, got {path!r}")
    directory = targetpath or repo_directory(repo)
    urlpath = f"{_APPS[app]}/{directory}/{path}"
    query = [("repo", repo), ("branch", branch), ("urlpath", urlpath)]
    if targetpath:
        query.append(("targetpath", targetpath))
    encoded = "&".join(f"{key}={quote(value, safe='')}" for key, value in query)
    return f"{hub.rstrip('/')}/hub/user-redirect/git-pull?{encoded}"


def course_links(*, hub: str, repo: str, branch: str = "main", lang: str = "en",
                 every_notebook: bool = False, app: str = "lab",
                 targetpath: str | None = None) -> list[tuple[str, str]]:
    """``(page, link)`` pairs: the start page, then (``every_notebook``) each notebook."""
    if lang not in START_PAGES:
        raise ValueError(f"lang must be one of {sorted(START_PAGES)}, got {lang!r}")
    pages = [START_PAGES[lang]]
    if every_notebook:
        folder = Path(START_PAGES[lang]).parent
        pages += sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / folder).glob("*.ipynb")
                        if p.relative_to(ROOT).as_posix() != START_PAGES[lang])
    return [(page, nbgitpuller_link(hub=hub, repo=repo, path=page, branch=branch, app=app,
                                    targetpath=targetpath)) for page in pages]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hub", required=True, help="the hub's address, https://...")
    parser.add_argument("--repo", required=True, help="git URL of the student release")
    parser.add_argument("--branch", default="main")
    parser.add_argument("--lang", default="en", choices=sorted(START_PAGES),
                        help="edition whose start page opens (zh: the Chinese edition)")
    parser.add_argument("--all", action="store_true", help="also one link per notebook")
    parser.add_argument("--app", default="lab", choices=sorted(_APPS))
    parser.add_argument("--targetpath", default=None,
                        help="folder in the student's home (default: the repo's name)")
    args = parser.parse_args(argv)
    try:
        links = course_links(hub=args.hub, repo=args.repo, branch=args.branch,
                             lang=args.lang, every_notebook=args.all, app=args.app,
                             targetpath=args.targetpath)
    except ValueError as exc:
        parser.error(str(exc))
    for page, link in links:
        print(f"# {page}\n{link}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
