"""Library architecture: no module reaches into another module's private names."""
from __future__ import annotations

import ast
from pathlib import Path

import clvteach as ct

ROOT = Path(ct.__file__).parent
# Exercise content and the grading core are maintained separately (issue 12/14) and are
# outside this rule for now, except the exercise modules already cleaned up (issue 17).
EXEMPT = ("exercises",)
CHECKED = ("exercises/ex04_clv_analysis_steps.py", "exercises/ex05_probabilistic_clv.py",
           "exercises/ex06_new_firm.py")


def _checked(path: Path) -> bool:
    rel = path.relative_to(ROOT)
    return rel.parts[0] not in EXEMPT or rel.as_posix() in CHECKED


def _private_imports(path: Path) -> list[str]:
    found = []
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module != "__future__":
            for alias in node.names:
                name = alias.name
                # dunders (__version__) are public; a package-private *module*
                # (``from .. import _validation``) is the package's internal API; a
                # private *name* of another module is not
                if (name.startswith("_") and not name.startswith("__")
                        and not _is_private_module(path, node, name)):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: "
                                 f"from {'.' * node.level}{node.module or ''} import {name}")
    return found


def _is_private_module(path: Path, node: ast.ImportFrom, name: str) -> bool:
    base = path.parent
    for _ in range(node.level - 1):
        base = base.parent
    if node.module:
        base = base.joinpath(*node.module.split("."))
    return base.joinpath(name + ".py").exists() or base.joinpath(name, "__init__.py").exists()


def test_no_import_of_a_private_name_across_modules():
    offenders = [
        hit
        for path in sorted(ROOT.rglob("*.py"))
        if _checked(path)
        for hit in _private_imports(path)
    ]
    assert not offenders, "private names imported across modules:\n" + "\n".join(offenders)


def test_the_rule_catches_a_private_import():
    probe = ROOT / "probe_module.py"  # never written: only its location matters
    node_bad, node_ok = ast.parse("from .rfm import _prepare\nfrom . import _validation\n").body
    assert not _is_private_module(probe, node_bad, "_prepare")
    assert _is_private_module(probe, node_ok, "_validation")
