"""Library architecture: no module reaches into another module's private names."""
from __future__ import annotations

import ast
from pathlib import Path

import clvteach as ct

ROOT = Path(ct.__file__).parent


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
        for path in sorted(ROOT.rglob("*.py"))  # every module, exercises included
        for hit in _private_imports(path)
    ]
    assert not offenders, "private names imported across modules:\n" + "\n".join(offenders)


def test_the_rule_catches_a_private_import():
    probe = ROOT / "probe_module.py"  # never written: only its location matters
    node_bad, node_ok = ast.parse("from .rfm import _prepare\nfrom . import _validation\n").body
    assert not _is_private_module(probe, node_bad, "_prepare")
    assert _is_private_module(probe, node_ok, "_validation")


# ------------------------------------------------------------------ pinned constants
# Period arithmetic lives in the period type (clvteach/units.py): days per year, weeks per
# year and months per year are written there once. tests/test_units.py forbids any 365.25,
# 52 or 12 in the math and data modules; here the rule reaches every module (plots,
# widgets, style, i18n, cli too): 365.25 and 52 never appear as numbers, and 12 never as an
# operand of arithmetic (``12 * fee``, ``rate / 12``); a 12 that is not a conversion (a
# marker size, a cache size) is not arithmetic.
PERIOD_LITERALS = (365.25, 52)


def _is_number(node: ast.AST, value: float) -> bool:
    return (isinstance(node, ast.Constant) and type(node.value) in (int, float)
            and node.value == value)


def _period_literals(source: str, label: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if any(_is_number(node, v) for v in PERIOD_LITERALS):
            found.append((node.lineno, f"{label}:{node.lineno}: {node.value!r}"))
        if isinstance(node, ast.BinOp) and (_is_number(node.left, 12)
                                           or _is_number(node.right, 12)):
            found.append((node.lineno, f"{label}:{node.lineno}: 12 in arithmetic"))
    return [hit for _, hit in sorted(found)]


def test_no_period_literal_outside_the_period_type():
    offenders = [
        hit
        for path in sorted(ROOT.rglob("*.py"))
        if path.relative_to(ROOT) != Path("units.py")
        for hit in _period_literals(path.read_text(encoding="utf-8"),
                                    str(path.relative_to(ROOT)))
    ]
    assert not offenders, ("period literals outside clvteach/units.py (use DAYS_PER_YEAR, "
                           "MONTHS_PER_YEAR, WEEK, ...):\n" + "\n".join(offenders))


def test_the_period_rule_catches_a_conversion():
    source = "a = 1200 / 12\nb = 7 * 52\nc = x / 365.25\nd = plot(markersize=12)\n"
    assert _period_literals(source, "probe.py") == [
        "probe.py:1: 12 in arithmetic", "probe.py:2: 52", "probe.py:3: 365.25"]


def _assignments(name: str) -> list[str]:
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            targets = (node.targets if isinstance(node, ast.Assign)
                       else [node.target] if isinstance(node, ast.AnnAssign) else [])
            if any(isinstance(t, ast.Name) and t.id == name for t in targets):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_clv_cac_target_and_zhang_san_are_defined_once():
    assert _assignments("CLV_CAC_TARGET") == [_assignments("CLV_CAC_TARGET")[0]]
    assert _assignments("CLV_CAC_TARGET")[0].startswith("clv.py:")
    assert _assignments("ZHANG_SAN") == [_assignments("ZHANG_SAN")[0]]
    assert _assignments("ZHANG_SAN")[0].startswith("clv.py:")
    # nobody builds a second Zhang San from the defaults
    for path in sorted(ROOT.rglob("*.py")):
        if path.relative_to(ROOT) == Path("clv.py"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and not node.args and not node.keywords
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) == "CustomerCase"):
                raise AssertionError(f"{path.relative_to(ROOT)}:{node.lineno}: CustomerCase()")


def test_the_verdict_and_the_chart_read_the_one_target(monkeypatch):
    import inspect

    from clvteach.plotting import clv as plotting_clv

    default = inspect.signature(plotting_clv.plot_clv_cac).parameters["target"].default
    assert default is ct.clv.CLV_CAC_TARGET == 3.0  # the same object, not a second 3.0
    assert ct.clv_cac_verdict(3.5) == "healthy"
    monkeypatch.setattr(ct.clv, "CLV_CAC_TARGET", 4.0)
    assert ct.clv_cac_verdict(3.5) == "thin"  # the verdict reads the constant, no copy


# ------------------------------------------------------------------ typed results
# Results carry their metadata in small typed objects (PredictiveCLV, CohortRetention,
# ChannelValue, SegmentThresholds, ...), never under string keys in DataFrame.attrs.
ATTRS_PENDING: set[str] = set()


def _attrs_uses(source: str, label: str) -> list[str]:
    return [f"{label}:{node.lineno}: .attrs"
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Attribute) and node.attr == "attrs"]


def test_no_result_travels_in_dataframe_attrs():
    offenders = [
        hit
        for path in sorted(ROOT.rglob("*.py"))
        if path.relative_to(ROOT).as_posix() not in ATTRS_PENDING
        for hit in _attrs_uses(path.read_text(encoding="utf-8"),
                               path.relative_to(ROOT).as_posix())
    ]
    assert not offenders, "DataFrame.attrs used as an interface:\n" + "\n".join(offenders)
    assert _attrs_uses("t.attrs = {'x': 1}\ny = t.attrs['x']\n", "probe.py") == [
        "probe.py:1: .attrs", "probe.py:2: .attrs"]
