"""Generate docs/formulas.md: concept -> function -> equation -> source, from the docstrings.

Every public function or method of the math, data and model modules whose docstring
states a formula (``.. math::`` or ``:math:``) must be listed in ``CONCEPTS`` below; the
equation and the source are read from the docstring itself, so the index cannot drift
from the code (tests/test_formula_index.py regenerates it and compares).

Usage: python tools/formula_index.py [--check]   (writes docs/formulas.md, or only checks)
"""
from __future__ import annotations

import argparse
import importlib
import inspect
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "formulas.md"

#: Modules whose public API is indexed.
MODULES = (
    "clvteach.units", "clvteach.value", "clvteach.lifecycle", "clvteach.clv",
    "clvteach.sensitivity", "clvteach.rfm", "clvteach.customer", "clvteach.segmentation",
    "clvteach.models.beta_geo", "clvteach.models.gamma_gamma",
    "clvteach.models.shifted_beta_geo",
)

#: Concepts in the order of the index, each with its functions (module-qualified).
CONCEPTS: dict[str, tuple[str, ...]] = {
    "CLV (customer lifetime value, 客户终生价值)": (
        "clvteach.clv.clv_summary", "clvteach.clv.simple_clv", "clvteach.clv.aov_clv",
        "clvteach.customer.channel_economics",
        "clvteach.models.gamma_gamma.GammaGamma.customer_lifetime_value",
    ),
    "Historical value (历史价值)": (
        "clvteach.clv.historical_value", "clvteach.customer.historical_clv",
    ),
    "Current value (当前价值)": (
        "clvteach.clv.current_value", "clvteach.clv.dcf_table", "clvteach.clv.margin_multiple",
        "clvteach.customer.predictive_clv", "clvteach.customer.spend_per_period",
        "clvteach.models.shifted_beta_geo.ShiftedBetaGeo.residual_value",
        "clvteach.models.shifted_beta_geo.ShiftedBetaGeo.discounted_expected_residual_lifetime",
    ),
    "Potential value (潜在价值)": (
        "clvteach.clv.potential_value", "clvteach.clv.potential_value_courseware",
        "clvteach.clv.potential_value_spread", "clvteach.customer.spend_gap_potential",
        "clvteach.customer.peak_gap_potential", "clvteach.customer.peak_spend",
        "clvteach.customer.referral_potential",
    ),
    "CLV : CAC and payback (获客成本)": ("clvteach.clv.payback_period",
                                       "clvteach.customer.channel_value"),
    "Periods and rates (时间单位)": (
        "clvteach.units.annual_to_period_rate", "clvteach.units.period_to_annual_rate",
        "clvteach.units.annual_to_period_retention",
        "clvteach.units.period_to_annual_retention",
    ),
    "Retention and survival (客户保持)": (
        "clvteach.customer.estimate_retention",
        "clvteach.models.shifted_beta_geo.ShiftedBetaGeo",
        "clvteach.models.shifted_beta_geo.ShiftedBetaGeo.survival",
        "clvteach.models.shifted_beta_geo.ShiftedBetaGeo.churn_probability",
        "clvteach.models.shifted_beta_geo.ShiftedBetaGeo.retention_rate",
        "clvteach.models.shifted_beta_geo.ShiftedBetaGeo.expected_lifetime",
    ),
    "Purchases and P(alive) (BG/NBD)": (
        "clvteach.models.beta_geo.BetaGeo",
        "clvteach.models.beta_geo.BetaGeo.probability_alive",
        "clvteach.models.beta_geo.BetaGeo.expected_purchases_new_customer",
        "clvteach.models.beta_geo.BetaGeo.conditional_expected_purchases",
        "clvteach.models.beta_geo.BetaGeo.probability_of_n_purchases",
        "clvteach.models.beta_geo.simulate_beta_geo",
    ),
    "Spend per purchase (Gamma-Gamma)": (
        "clvteach.models.gamma_gamma.GammaGamma",
        "clvteach.models.gamma_gamma.GammaGamma.mean_spend",
        "clvteach.models.gamma_gamma.GammaGamma.conditional_expected_spend",
    ),
    "RFM (最近购买、频率、金额)": (
        "clvteach.rfm.rfm_summary", "clvteach.rfm.rfm_scores",
    ),
    "Value concentration and segments (80/20, 客户细分)": (
        "clvteach.segmentation.pareto_analysis", "clvteach.segmentation.top_share",
        "clvteach.segmentation.lorenz_curve", "clvteach.segmentation.segment_budget",
    ),
    "Sensitivity (影响因素)": ("clvteach.sensitivity.tornado",),
    "Delivered value and lifecycle (客户让渡价值, 生命周期)": (
        "clvteach.value.delivered_value", "clvteach.lifecycle.FourStageCurve",
        "clvteach.lifecycle.funnel_kpis",
        "clvteach.lifecycle.classify_pattern",
        "clvteach.lifecycle.fixed_lifetime_stability", "clvteach.lifecycle.compare_curves",
        "clvteach.lifecycle.pattern_demo",
    ),
}

#: Docstrings whose math only names a symbol (no formula of their own to index).
SYMBOLS_ONLY: tuple[str, ...] = (
    "clvteach.models.beta_geo.BetaGeo.fit",
    "clvteach.lifecycle.FourStageCurve.duration",
)

COURSEWARE = "courseware ch. 6, 客户价值的分析与获取"
_MATH_BLOCK = re.compile(r"\.\. math::[ \t]*(\S.*)?\n((?:[ \t]*\n|[ \t]+\S.*\n?)*)")
_INLINE = re.compile(r":math:`([^`]+)`")
_REF = re.compile(r"^\.\. \[(\d+)\]\s+(.*(?:\n {3,}\S.*)*)", re.M)


def resolve(qualified: str) -> object:
    """The object named ``module.attr[.attr]`` (longest importable module prefix)."""
    parts = qualified.split(".")
    for i in range(len(parts) - 1, 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except ModuleNotFoundError:
            continue
        for attr in parts[i:]:
            obj = getattr(obj, attr)
        return obj
    raise ImportError(qualified)


def _function(obj: object) -> object:
    return obj.fget if isinstance(obj, property) else getattr(obj, "__func__", obj)


def documented_formulas() -> list[str]:
    """Qualified names of the public callables whose docstring states a formula."""
    names = []
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            obj = getattr(module, name)
            members = [(name, obj)]
            if inspect.isclass(obj):
                members += [(f"{name}.{k}", v) for k, v in vars(obj).items()
                            if not k.startswith("_") and (inspect.isfunction(v) or isinstance(
                                v, (property, classmethod, staticmethod)))]
            for member, value in members:
                doc = inspect.getdoc(_function(value)) or ""
                if ".. math::" in doc or ":math:" in doc:
                    names.append(f"{module_name}.{member}")
    return names


def equation(doc: str) -> str:
    """The first displayed formula (else the longest inline one), on one line."""
    block = _MATH_BLOCK.search(doc + "\n")
    if block:
        text = (block.group(1) or "") + " " + block.group(2)
    else:
        text = max(_INLINE.findall(doc), key=len, default="")
    return " ".join(text.split())


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= 160 else text[:157].rstrip() + "..."


def source(doc: str, module_doc: str) -> str:
    """The first reference of the docstring; else the courseware if the docstring cites it;
    else the first reference of its module."""
    refs = _REF.findall(doc)
    if refs:
        return _shorten(refs[0][1])
    if "courseware" in doc.lower():
        return COURSEWARE
    refs = _REF.findall(module_doc)
    if refs:
        return _shorten(refs[0][1])
    section = module_doc.split("References\n----------\n", 1)
    if len(section) == 2:
        return _shorten(re.split(r"(?<=\d\)\.)|\n\n", section[1])[0])
    return ""


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render() -> str:
    lines = [
        "# Formula index 公式索引",
        "",
        "Generated by `python tools/formula_index.py` from the docstrings (do not edit by "
        "hand; `tests/test_formula_index.py` checks that it is up to date). For each "
        "concept: the functions that compute it, the formula their docstring states, and "
        "the source it cites.",
        "",
    ]
    for concept, names in CONCEPTS.items():
        lines += [f"## {concept}", "", "| function | equation | source |", "|---|---|---|"]
        for qualified in names:
            obj = resolve(qualified)
            doc = inspect.getdoc(_function(obj)) or ""
            module = inspect.getmodule(_function(obj))
            short = qualified.removeprefix("clvteach.")
            eq = equation(doc)
            lines.append(f"| `{short}` | {'$' + _cell(eq) + '$' if eq else ''} | "
                         f"{_cell(source(doc, module.__doc__ or ''))} |")
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check, do not write")
    args = parser.parse_args()
    text = render()
    if args.check:
        if not OUT.exists() or OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT.relative_to(ROOT)} is out of date: run python tools/formula_index.py")
            return 1
        return 0
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
