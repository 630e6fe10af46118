"""The two ways to install (pip via pyproject.toml, conda via environment.yml) agree."""
from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAME = re.compile(r"^\s*([A-Za-z0-9_.\-]+)")


def _name(spec: str) -> str:
    return NAME.match(spec).group(1).lower().replace("_", "-")


def pyproject_packages() -> dict[str, str]:
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    specs = list(meta["dependencies"])
    for extra in meta["optional-dependencies"].values():
        specs += extra
    return {_name(s): s.replace(" ", "") for s in specs}


def environment_packages() -> dict[str, str]:
    specs: dict[str, str] = {}
    in_deps = False
    for line in (ROOT / "environment.yml").read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        m = re.match(r"^  - (\S.*)$", line)  # conda packages sit at exactly two spaces
        if in_deps and m and not m.group(1).startswith("pip:"):
            spec = m.group(1).split("#")[0].strip()
            specs[_name(spec)] = spec.replace(" ", "")
    specs.pop("python", None)
    specs.pop("pip", None)
    return specs


def test_same_packages_in_pyproject_and_environment_yml():
    pip_side, conda_side = pyproject_packages(), environment_packages()
    assert set(pip_side) == set(conda_side), (
        f"only in pyproject.toml: {sorted(set(pip_side) - set(conda_side))}; "
        f"only in environment.yml: {sorted(set(conda_side) - set(pip_side))}"
    )


def test_same_version_bounds():
    pip_side, conda_side = pyproject_packages(), environment_packages()
    differ = {k: (pip_side[k], conda_side[k]) for k in pip_side if pip_side[k] != conda_side.get(k)}
    assert not differ, f"version bounds differ (pyproject, environment.yml): {differ}"


def test_course_packages_declared():
    required = {"jupyterlab", "ipywidgets", "pandas", "numpy", "matplotlib", "nbval", "pytest"}
    assert required <= set(pyproject_packages())


def test_environment_yml_installs_the_toolkit_for_binder():
    text = (ROOT / "environment.yml").read_text()
    assert re.search(r"^\s+- -e \.\s*$", text, re.M), "environment.yml must pip-install '-e .'"


def test_python_floor_matches():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert meta["requires-python"] == ">=3.11"
    assert "  - python>=3.11" in (ROOT / "environment.yml").read_text()
