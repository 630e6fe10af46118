"""Table-driven bad inputs across the public API: each error names parameter, rule, value."""
from __future__ import annotations

import math

import pytest

import clvteach as ct

ZS = dict(annual_revenue=2400, margin=0.6, retention=0.8, discount_rate=0.1)
POT = dict(ZS, upgrade_revenue=3600, upgrade_probability=0.3, referrals_per_year=0.5,
           referral_cost=500)
NAN = math.nan


def with_(base, **changes):
    return {**base, **changes}


# (id, function, kwargs, exception, regex the message must match)
CASES = [
    # ---- clv: retention outside [0, 1)
    ("cv-retention-1", ct.current_value, with_(ZS, retention=1.0), ValueError,
     r"retention must be in \[0, 1\), got 1.0"),
    ("cv-retention-1.2", ct.current_value, with_(ZS, retention=1.2), ValueError,
     r"retention must be in \[0, 1\), got 1.2"),
    ("cv-retention-neg", ct.current_value, with_(ZS, retention=-0.1), ValueError,
     r"retention must be in \[0, 1\), got -0.1"),
    ("cv-retention-nan", ct.current_value, with_(ZS, retention=NAN), ValueError,
     "retention must be a number, got nan"),
    ("cv-retention-str", ct.current_value, with_(ZS, retention="80%"), TypeError,
     r"retention must be a number, got '80%' \(str\)"),
    # ---- clv: rates
    ("cv-discount-neg", ct.current_value, with_(ZS, discount_rate=-0.1), ValueError,
     r"discount_rate must be in \[0, inf\), got -0.1"),
    ("cv-discount-nan", ct.current_value, with_(ZS, discount_rate=NAN), ValueError,
     "discount_rate must be a number, got nan"),
    ("cv-discount-inf", ct.current_value, with_(ZS, discount_rate=math.inf), ValueError,
     "discount_rate must be"),
    ("cv-growth-below-minus-1", ct.current_value, with_(ZS, growth=-1.5), ValueError,
     r"growth must be in \(-1, inf\), got -1.5"),
    ("cv-growth-nan", ct.current_value, with_(ZS, growth=NAN), ValueError,
     "growth must be a number, got nan"),
    ("cv-margin-above-1", ct.current_value, with_(ZS, margin=1.5), ValueError,
     r"margin must be in \[0, 1\], got 1.5"),
    ("cv-margin-none", ct.current_value, with_(ZS, margin=None), TypeError,
     r"margin must be a number, got None \(NoneType\)"),
    ("cv-revenue-neg", ct.current_value, with_(ZS, annual_revenue=-1), ValueError,
     r"annual_revenue must be in \[0, inf\), got -1.0"),
    ("cv-revenue-list", ct.current_value, with_(ZS, annual_revenue=[2400]), TypeError,
     r"annual_revenue must be a number, got \[2400\] \(list\)"),
    ("cv-maintenance-neg", ct.current_value, with_(ZS, maintenance_cost=-5), ValueError,
     r"maintenance_cost must be in \[0, inf\), got -5.0"),
    # ---- clv: horizon
    ("cv-horizon-neg", ct.current_value, with_(ZS, horizon=-1), ValueError,
     r"horizon must be in \[0, inf\), got -1"),
    ("cv-horizon-fraction", ct.current_value, with_(ZS, horizon=2.5), TypeError,
     "horizon must be an integer, got 2.5"),
    ("cv-horizon-str", ct.current_value, with_(ZS, horizon="5"), TypeError,
     r"horizon must be an integer, got '5' \(str\)"),
    ("cv-horizon-bool", ct.current_value, with_(ZS, horizon=True), TypeError,
     "horizon must be an integer, got True"),
    ("table-horizon-none", ct.dcf_table, with_(ZS, horizon=None), TypeError,
     "horizon must be an integer, got None"),
    ("cv-convention", ct.current_value, with_(ZS, convention="middle"), ValueError,
     "convention must be one of 'courseware', 'end', 'start', got 'middle'"),
    ("cv-rounding", ct.current_value, with_(ZS, horizon=5, rounding="bank"), ValueError,
     "rounding must be one of None, 'courseware', got 'bank'"),
    ("cv-rounding-infinite", ct.current_value, with_(ZS, rounding="courseware"), ValueError,
     "rounding must be None when horizon is None"),
    ("cv-period", ct.current_value, with_(ZS, period="day"), ValueError,
     "period must be one of 'year', 'quarter', 'month', 'week', got 'day'"),
    ("cv-growth-diverges", ct.current_value, with_(ZS, growth=0.5), ValueError,
     r"growth must be below \(1 \+ discount_rate\) / retention - 1"),
    # ---- clv: other functions
    ("hist-years-neg", ct.historical_value,
     dict(annual_revenue=2400, margin=0.6, years=-3), ValueError,
     r"years must be in \[0, inf\), got -3.0"),
    ("hist-margin-str", ct.historical_value,
     dict(annual_revenue=2400, margin="60%", years=3), TypeError,
     r"margin must be a number, got '60%' \(str\)"),
    ("mm-retention", ct.margin_multiple, dict(retention=1.0, discount_rate=0.1), ValueError,
     r"retention must be in \[0, 1\), got 1.0"),
    ("pot-probability", ct.potential_value, with_(POT, upgrade_probability=1.3), ValueError,
     r"upgrade_probability must be in \[0, 1\], got 1.3"),
    ("pot-referrals-neg", ct.potential_value, with_(POT, referrals_per_year=-0.5), ValueError,
     r"referrals_per_year must be in \[0, inf\), got -0.5"),
    ("pot-method", ct.potential_value, with_(POT, method="fancy"), ValueError,
     "method must be one of 'courseware', 'spread', got 'fancy'"),
    ("pot-spread-rounding", ct.potential_value,
     with_(POT, method="spread", rounding="courseware"), ValueError,
     "rounding must be None with method='spread', got 'courseware'"),
    ("summary-override", ct.clv_summary, dict(retention=1.5), ValueError,
     r"retention must be in \[0, 1\), got 1.5"),
    ("summary-unknown", ct.clv_summary, dict(churn=0.2), TypeError,
     "churn must be one of the CustomerCase fields"),
    ("summary-case-type", ct.clv_summary, dict(case={"retention": 0.8}), TypeError,
     "case must be a CustomerCase, got dict"),
    ("simple-years-nan", ct.simple_clv, dict(annual_revenue=40, years=NAN), ValueError,
     "years must be a number, got nan"),
    ("aov-margin", ct.aov_clv, dict(average_order_value=100, purchase_frequency=4,
                                    lifespan=3, margin=-0.1), ValueError,
     r"margin must be in \[0, 1\], got -0.1"),
    ("ratio-cac-zero", ct.clv_cac_ratio, dict(clv=8865, cac=0), ValueError,
     r"cac must be in \(0, inf\), got 0.0"),
    ("ratio-clv-str", ct.clv_cac_ratio, dict(clv="8865", cac=100), TypeError,
     r"clv must be a number, got '8865' \(str\)"),
    ("payback-cac-neg", ct.payback_period, with_(ZS, cac=-10), ValueError,
     r"cac must be in \[0, inf\), got -10.0"),
    ("payback-discounted", ct.payback_period, with_(ZS, cac=10, discounted="yes"), TypeError,
     "discounted must be True or False, got 'yes'"),
    # ---- units
    ("units-rate", ct.annual_to_period_rate, dict(rate=-1.0, period="month"), ValueError,
     r"rate must be in \(-1, inf\), got -1.0"),
    ("units-retention", ct.annual_to_period_retention, dict(retention=1.0, period="month"),
     ValueError, r"retention must be in \[0, 1\), got 1.0"),
    ("units-period", ct.annual_to_period_rate, dict(rate=0.1, period="fortnight"), ValueError,
     "period must be one of 'year', 'quarter', 'month', 'week', got 'fortnight'"),
    ("units-rate-inf", ct.annual_to_period_rate, dict(rate=math.inf, period="month"),
     ValueError, "rate must be finite, got inf"),
    ("units-annual-rate-inf", ct.period_to_annual_rate, dict(rate=math.inf, period="month"),
     ValueError, "rate must be finite, got inf"),
    ("units-amount-inf", ct.annual_to_period_amount, dict(amount=-math.inf, period="month"),
     ValueError, "amount must be finite, got -inf"),
    ("units-years-inf", ct.years_to_periods, dict(years=math.inf, period="month"), ValueError,
     "years must be finite, got inf"),
    ("units-annual-rate-low", ct.period_to_annual_rate, dict(rate=-1.0, period="month"),
     ValueError, r"rate must be in \(-1, inf\), got -1.0"),
    ("units-years-neg", ct.years_to_periods, dict(years=-1, period="month"), ValueError,
     r"years must be in \[0, inf\), got -1.0"),
    ("units-annual-retention", ct.period_to_annual_retention,
     dict(retention=1.5, period="month"), ValueError, r"retention must be in \[0, 1\), got 1.5"),
]

VALUE_CASES = [
    ("value-type-unknown", ct.value_type, dict(name="emotional"), ValueError,
     "name must be one of 'functional', .* got 'emotional'"),
    ("value-type-int", ct.value_type, dict(name=3), TypeError, r"name must be a string, got 3"),
    ("delivered-negative-cost", ct.delivered_value, dict(monetary=-298), ValueError,
     r"monetary must be in \[0, inf\), got -298.0"),
    ("delivered-nan-value", ct.delivered_value, dict(product=NAN), ValueError,
     "product must be a number, got nan"),
    ("delivered-str", ct.delivered_value, dict(image="high"), TypeError,
     r"image must be a number, got 'high' \(str\)"),
    ("delivered-unknown", ct.delivered_value, dict(price=298), TypeError,
     "price must be one of the Offer fields"),
    ("compare-empty", ct.compare_offers, dict(offers=[]), ValueError,
     "offers must have at least 1 offer, got 0"),
    ("compare-not-offer", ct.compare_offers, dict(offers=[ct.CHENGUANG_MUG, {"product": 1}]),
     TypeError, r"offers\[1\] must be an Offer, got dict"),
]

FUNNEL = dict(reached=1000, acquired=100, converted=60, retained=40, won_back=5)

LIFECYCLE_CASES = [
    ("classify-empty", ct.classify_pattern, dict(trajectory=[]), ValueError,
     "trajectory must have at least 1 value, got 0"),
    ("classify-nan", ct.classify_pattern, dict(trajectory=[1, NAN, 2]), ValueError,
     "trajectory must not contain NaN, got NaN at position 1"),
    ("classify-negative", ct.classify_pattern, dict(trajectory=[1, -2, 0]), ValueError,
     r"trajectory values must be in \[0, inf\), got -2 at position 1"),
    ("classify-inf", ct.classify_pattern, dict(trajectory=[1, math.inf]), ValueError,
     "trajectory must be finite, got inf at position 1"),
    ("classify-string", ct.classify_pattern, dict(trajectory="1,2,3"), TypeError,
     "trajectory must be a sequence of numbers, got '1,2,3'"),
    ("classify-2d", ct.classify_pattern, dict(trajectory=[[1, 2], [3, 4]]), ValueError,
     r"trajectory must be one-dimensional, got shape \(2, 2\)"),
    ("classify-alpha", ct.classify_pattern, dict(trajectory=[1, 0], alpha=1.5), ValueError,
     r"alpha must be in \(0, 1\), got 1.5"),
    ("funnel-order", ct.funnel_kpis, with_(FUNNEL, acquired=2000), ValueError,
     r"acquired must be <= reached \(1000\), got 2000"),
    ("funnel-won-back", ct.funnel_kpis, with_(FUNNEL, won_back=70), ValueError,
     r"won_back must be <= churned = acquired - retained \(60\), got 70"),
    ("funnel-negative", ct.funnel, with_(FUNNEL, reached=-1), ValueError,
     r"reached must be in \[0, inf\), got -1.0"),
    ("funnel-spend-nan", ct.funnel_kpis, with_(FUNNEL, acquisition_spend=NAN), ValueError,
     "acquisition_spend must be a number, got nan"),
    ("curve-duration", ct.FourStageCurve, dict(exploration=0, formation=0, stability=0,
                                               deterioration=0), ValueError,
     "duration must be > 0 .* got 0"),
    ("curve-negative-level", ct.FourStageCurve, dict(peak_level=-3), ValueError,
     r"peak_level must be in \[0, inf\), got -3.0"),
    ("curve-t-outside", ct.FourStageCurve().stage_at, dict(t=16), ValueError,
     r"t must be in \[0, 15\] \(the curve's duration\), got 16"),
    ("curve-period", ct.FourStageCurve, dict(period="day"), ValueError,
     "period must be one of 'year', 'quarter', 'month', 'week', got 'day'"),
    ("pattern-unknown", ct.canonical_pattern, dict(pattern="churner"), ValueError,
     "pattern must be one of 'early_abortion', .* got 'churner'"),
    ("pattern-short-window", ct.canonical_pattern, dict(pattern="early_exit", periods=10),
     ValueError, r"periods must be in \[16, inf\), got 10"),
    ("pattern-peak-inf", ct.canonical_pattern, dict(pattern="early_exit", peak=math.inf),
     ValueError, "peak must be finite, got inf"),
    ("pattern-stability-inf", ct.canonical_curve,
     dict(pattern="long_term_retention", stability=math.inf), ValueError,
     "stability must be finite, got inf"),
    ("classify-minus-inf", ct.classify_pattern, dict(trajectory=[1, -math.inf]), ValueError,
     r"trajectory values must be in \[0, inf\), got -inf at position 1"),
    ("sample-rng", ct.sample_pattern, dict(pattern="early_exit", rng="seed"), TypeError,
     "rng must be a numpy Generator or an integer seed, got 'seed'"),
]

SENSITIVITY_CASES = [
    ("tornado-factor", ct.tornado, dict(ranges={"loyalty": (0, 1)}), ValueError,
     "factor must be one of 'horizon', .* got 'loyalty'"),
    ("tornado-range-pair", ct.tornado, dict(ranges={"retention": 0.9}), TypeError,
     r"ranges\['retention'\] must be a \(low, high\) pair, got 0.9"),
    ("tornado-range-retention", ct.tornado, dict(ranges={"retention": (0.7, 1.0)}),
     ValueError, r"retention must be in \[0, 1\), got 1.0"),
    ("tornado-metric", ct.tornado, dict(metric="profit"), ValueError,
     "metric must be one of 'clv', 'current', 'potential', got 'profit'"),
    ("curve-factor", ct.sensitivity_curve, dict(factor="price"), ValueError,
     "factor must be one of 'horizon', .* got 'price'"),
    ("curve-values-empty", ct.sensitivity_curve, dict(factor="retention", values=[]),
     ValueError, "values must have at least 1 value, got 0"),
    ("curve-horizon-fraction", ct.sensitivity_curve, dict(factor="horizon", values=[2.5]),
     TypeError, "horizon must be an integer, got 2.5"),
    ("case-value-case", ct.case_value, dict(case="Zhang San"), TypeError,
     "case must be a CustomerCase, got str"),
]

BG = ct.models.BetaGeo.from_params(r=0.243, alpha=4.414, a=0.793, b=2.426)
GG = ct.models.GammaGamma.from_params(p=6.25, q=3.74, v=15.44)
SBG = ct.models.ShiftedBetaGeo.from_params(alpha=0.668, beta=3.806)
HISTORY = dict(frequency=2, recency=30.0, T=38.0)

MODEL_CASES = [
    ("bg-params-inf", ct.models.BetaGeo.from_params,
     dict(r=math.inf, alpha=4.4, a=0.8, b=2.4), ValueError, "r must be finite, got inf"),
    ("bg-new-t-inf", BG.expected_purchases_new_customer, dict(t=math.inf), ValueError,
     "t must be finite, got inf at position 0"),
    ("bg-conditional-t-inf", BG.conditional_expected_purchases, dict(HISTORY, t=math.inf),
     ValueError, "t must be finite, got inf at position 0"),
    ("bg-alive-T-inf", BG.probability_alive, with_(HISTORY, T=[38.0, math.inf]), ValueError,
     "T must be finite, got inf at position 1"),
    ("bg-alive-recency-nan", BG.probability_alive, with_(HISTORY, recency=NAN), ValueError,
     "recency must not contain NaN, got NaN at position 0"),
    ("bg-grid-T-inf", BG.probability_alive_grid, dict(T=math.inf, max_frequency=5),
     ValueError, "T must be finite, got inf"),
    ("gg-params-inf", ct.models.GammaGamma.from_params, dict(p=6.0, q=3.7, v=math.inf),
     ValueError, "v must be finite, got inf"),
    ("gg-monetary-inf", GG.conditional_expected_spend, dict(frequency=2, monetary=math.inf),
     ValueError, "monetary must be finite, got inf at position 0"),
    ("gg-clv-margin-inf", GG.customer_lifetime_value,
     dict(HISTORY, transaction_model=BG, monetary=30.0, periods=12, period_length=4.0,
          discount_rate=0.01, margin=math.inf), ValueError, "margin must be finite, got inf"),
    ("gg-clv-period-length-inf", GG.customer_lifetime_value,
     dict(HISTORY, transaction_model=BG, monetary=30.0, periods=12, period_length=math.inf,
          discount_rate=0.01), ValueError, "period_length must be finite, got inf"),
    ("sbg-params-inf", ct.models.ShiftedBetaGeo.from_params, dict(alpha=0.7, beta=math.inf),
     ValueError, "beta must be finite, got inf"),
    ("sbg-retention-t-inf", SBG.retention_rate, dict(t=math.inf), ValueError,
     "t must be finite, got inf at position 0"),
    ("sbg-residual-margin-inf", SBG.residual_value, dict(margin=-math.inf, discount_rate=0.1),
     ValueError, "margin must be finite, got -inf"),
    ("sbg-alive-inf", ct.models.ShiftedBetaGeo().fit, dict(alive=[math.inf, 500.0]),
     ValueError, "alive must be finite, got inf at position 0"),
]

EXTRA_CASES: list[tuple] = [*VALUE_CASES, *LIFECYCLE_CASES, *SENSITIVITY_CASES, *MODEL_CASES]


def _all_cases():
    return CASES + EXTRA_CASES


@pytest.mark.parametrize(("func", "kwargs", "exc", "message"),
                         [c[1:] for c in _all_cases()], ids=[c[0] for c in _all_cases()])
def test_bad_input_raises_clear_error(func, kwargs, exc, message):
    with pytest.raises(exc, match=message):
        func(**kwargs)


def test_at_least_forty_bad_inputs_are_covered():
    assert len(_all_cases()) >= 40
    assert len({c[0] for c in _all_cases()}) == len(_all_cases())  # unique ids


# ------------------------------------------------------- every message in both languages
import ast  # noqa: E402
import re  # noqa: E402
from pathlib import Path  # noqa: E402

from clvteach import i18n  # noqa: E402

PACKAGE = Path(ct.__file__).parent
# Texts of the exercises are owned by their Text pairs (tests/test_exercises*.py).
NOT_SCANNED = ("exercises",)
# The functions whose result is a message of the catalogue (clvteach.i18n): the generic
# checks of clvteach._validation build theirs inside, so a raise names one of these.
MESSAGE_FUNCTIONS = {"error_text", "text", "_msg"}
# Raises that never reach a student, each with the reason (file, enclosing function):
ALLOWED = {
    # Python's own attribute protocol: hasattr(), IPython completion and pickle read it
    ("__init__.py", "__getattr__"),
    # library-author errors: an unknown catalogue key or a half-written Text pair is a
    # bug of clvteach itself, caught by tests/test_i18n.py before any student sees it
    ("i18n.py", "text"),
    ("i18n.py", "__post_init__"),
    ("_validation.py", "error_text"),
    # after check_choice has raised for every other value: cannot happen
    ("units.py", "as_period"),
}
HAN = re.compile(r"[\u4e00-\u9fff]")


def _message_arg(call: ast.Call) -> ast.expr | None:
    if call.args:
        return call.args[0]
    for kw in call.keywords:
        if kw.arg in ("message", "msg"):
            return kw.value
    return None


def _is_catalogue_lookup(node: ast.expr) -> bool:
    if isinstance(node, ast.Call):
        func = node.func
        name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
        return name in MESSAGE_FUNCTIONS
    return False


def literal_messages(source: str, filename: str) -> list[str]:
    """``raise``/``warnings.warn`` whose message is not a catalogue lookup, as file:line."""
    found = []
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def enclosing(node: ast.AST) -> str:
        while node in parents:
            node = parents[node]
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                return node.name
        return "<module>"

    for node in ast.walk(tree):
        call = None
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            call = node.exc
        elif isinstance(node, ast.Call) and (
                (isinstance(node.func, ast.Attribute) and node.func.attr == "warn")
                or (isinstance(node.func, ast.Name) and node.func.id == "warn")):
            call = node
        if call is None:
            continue
        message = _message_arg(call)
        if message is None or _is_catalogue_lookup(message):
            continue
        if (filename.rsplit("/", 1)[-1], enclosing(node)) in ALLOWED:
            continue
        found.append(f"{filename}:{node.lineno}")
    return found


@pytest.mark.source_text
def test_every_raise_and_warning_of_the_library_uses_the_catalogue():
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] in NOT_SCANNED:
            continue
        offenders += literal_messages(path.read_text(encoding="utf-8"), relative.as_posix())
    assert not offenders, ("messages written in the code instead of the catalogue "
                           "(clvteach.i18n error.* + _validation.error_text):\n"
                           + "\n".join(offenders))


def test_the_catalogue_rule_catches_literal_messages():
    source = '''
import warnings
def f(x):
    if x:
        raise ValueError(f"x must be > 0, got {x}")
    if x is None:
        raise TypeError("x must be a number")
    warnings.warn("careful: " + str(x))
    raise ValueError(error_text("error.range", name="x", interval="[0, 1]", value=x))
'''
    assert literal_messages(source, "probe.py") == ["probe.py:5", "probe.py:7", "probe.py:8"]


def test_error_messages_use_full_width_punctuation_in_chinese():
    bad = []
    for key in i18n.keys("error."):
        zh = re.sub(r"\{[^}]*\}", "", i18n.CATALOGUE[key]["zh"])
        if (re.search(r"[\u4e00-\u9fff][,;:!?]|[,;:!?]\s*[\u4e00-\u9fff]", zh)
                or re.search(r"\([^)]*[\u4e00-\u9fff]|[\u4e00-\u9fff][^(]*\)", zh)):
            bad.append((key, i18n.CATALOGUE[key]["zh"]))
    assert bad == []


# (id, function, kwargs, exception, the offending value as the message shows it)
ZH_CASES = [
    ("zh-retention", ct.current_value, with_(ZS, retention=1.2), ValueError, "1.2"),
    ("zh-bool", ct.payback_period, with_(ZS, cac=10, discounted="yes"), TypeError, "'yes'"),
    ("zh-case-type", ct.clv_summary, dict(case={"retention": 0.8}), TypeError, "dict"),
    ("zh-unknown-field", ct.clv_summary, dict(churn=0.2), TypeError, "'churn'"),
    ("zh-value-type", ct.value_type, dict(name="emotional"), ValueError, "'emotional'"),
    ("zh-offer-field", ct.delivered_value, dict(price=298), TypeError, "'price'"),
    ("zh-no-offers", ct.compare_offers, dict(offers=[]), ValueError, "0"),
    ("zh-funnel-order", ct.funnel_kpis, with_(FUNNEL, acquired=2000), ValueError, "2000"),
    ("zh-won-back", ct.funnel_kpis, with_(FUNNEL, won_back=70), ValueError, "70"),
    ("zh-curve-t", ct.FourStageCurve().stage_at, dict(t=16), ValueError, "16"),
    ("zh-rng", ct.sample_pattern, dict(pattern="early_exit", rng="seed"), TypeError, "'seed'"),
    ("zh-range-pair", ct.tornado, dict(ranges={"retention": 0.9}), TypeError, "0.9"),
    ("zh-presentation", ct.presentation, dict(on="yes"), TypeError, "'yes'"),
    ("zh-recency", ct.models.BetaGeo().fit, dict(frequency=[1, 2], recency=[3, 1], T=[2, 5]),
     ValueError, "3"),
    ("zh-not-fitted", ct.models.BetaGeo().probability_alive, dict(HISTORY), RuntimeError,
     "BetaGeo"),
    ("zh-gg-repeat", ct.models.GammaGamma().fit, dict(frequency=[0, 2], monetary=[0.0, 5.0]),
     ValueError, "0"),
    ("zh-sbg-rising", ct.models.ShiftedBetaGeo().fit, dict(alive=[1000, 600, 700]),
     ValueError, "700"),
    ("zh-sbg-churn", ct.models.ShiftedBetaGeo().fit, dict(alive=[100, 100, 100]),
     ValueError, "100"),
    ("zh-cdnow", ct.datasets.load_cdnow, dict(kind="master", keep_master_id=True),
     ValueError, "True"),
    ("zh-coffee-bool", ct.datasets.simulate_coffee_shop, dict(n_customers=10, seed=1, seasonality=1),
     TypeError, "1"),
    ("zh-coffee-date", ct.datasets.CoffeeShopParams, dict(start="soon"), ValueError, "'soon'"),
]


@pytest.mark.parametrize(("func", "kwargs", "exc", "value"),
                         [c[1:] for c in ZH_CASES], ids=[c[0] for c in ZH_CASES])
def test_errors_read_in_chinese_with_the_offending_value(func, kwargs, exc, value):
    with ct.language("zh"), pytest.raises(exc) as caught:
        func(**kwargs)
    message = str(caught.value)
    assert HAN.search(message), message
    assert value in message, message
    with pytest.raises(exc) as english:  # and in English outside the block
        func(**kwargs)
    assert not HAN.search(str(english.value)), str(english.value)
    assert value in str(english.value)


def test_warnings_read_in_chinese():
    rows = [["a", "2024-01-02", 5.0], ["a", "2024-01-02", 5.0], ["b", "2024-01-03", 3.0]]
    import pandas as pd

    tx = pd.DataFrame(rows, columns=["customer_id", "date", "amount"])
    with ct.language("zh"), pytest.warns(UserWarning) as record:
        ct.TransactionLog.from_frame(tx, amount_col="amount", duplicates="drop")
    assert any(HAN.search(str(w.message)) and "1" in str(w.message) for w in record)
