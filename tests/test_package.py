"""Package structure: public API, import-time weight, validation messages."""
from __future__ import annotations

import subprocess
import sys

import pytest

import clvteach as ct
from clvteach import _validation as v


def test_every_name_in_all_resolves():
    for name in ct.__all__:
        assert getattr(ct, name) is not None, name


def test_import_does_not_load_matplotlib_or_ipywidgets():
    # One fresh interpreter for the package, its math modules, style and i18n (the
    # plotting and widget code is loaded on first use only).
    code = ("import sys, clvteach; import clvteach.units, clvteach.value, clvteach.lifecycle, "
            "clvteach.clv, clvteach.sensitivity, clvteach.style, clvteach.i18n; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_attribute_is_a_clear_error():
    with pytest.raises(AttributeError, match="no attribute 'nonexistent'"):
        ct.nonexistent  # noqa: B018


@pytest.mark.parametrize(
    ("call", "exc", "message"),
    [
        (lambda: v.check_retention("retention", 1.2), ValueError,
         r"retention must be in \[0, 1\), got 1.2"),
        (lambda: v.check_retention("retention", 1), ValueError,
         r"retention must be in \[0, 1\), got 1.0"),
        (lambda: v.check_rate("discount_rate", float("nan")), ValueError,
         "discount_rate must be a number, got nan"),
        (lambda: v.check_rate("discount_rate", -0.1), ValueError,
         r"discount_rate must be in \[0, inf\), got -0.1"),
        (lambda: v.check_number("horizon", "5"), TypeError,
         "horizon must be a number, got '5' \\(str\\)"),
        (lambda: v.check_number("horizon", True), TypeError, "horizon must be a number"),
        (lambda: v.check_number("horizon", 2.5, integer=True), TypeError,
         "horizon must be an integer, got 2.5"),
        (lambda: v.check_choice("timing", "middle", ["end", "start"]), ValueError,
         "timing must be one of 'end', 'start', got 'middle'"),
        (lambda: v.check_array("values", []), ValueError,
         "values must have at least 1 value, got 0"),
        (lambda: v.check_array("values", [1, float("nan")]), ValueError,
         "values must not contain NaN, got NaN at position 1"),
        (lambda: v.check_array("values", [1, -2], low=0), ValueError,
         r"values values must be in \[0, inf\), got -2 at position 1"),
    ],
)
def test_validation_messages_name_parameter_rule_and_value(call, exc, message):
    with pytest.raises(exc, match=message):
        call()


def test_check_columns_names_the_missing_column():
    import pandas as pd

    with pytest.raises(ValueError, match="transactions is missing column 'date'"):
        v.check_columns("transactions", pd.DataFrame({"customer_id": [1]}), ["customer_id", "date"])


def test_sources_cite_publications_not_file_paths():
    # The courseware is cited as a publication ("courseware ch. 6, 客户价值的分析与获取"),
    # never as a path that exists only on an authoring machine.
    import re
    from pathlib import Path

    root = Path(ct.__file__).parent
    path_citation = re.compile(r"(/work/|/home/|shared/seeds|seeds/\d{3}_|[A-Za-z]:\\\\)")
    offenders = [
        f"{p.relative_to(root.parent)}:{i}: {line.strip()}"
        for p in sorted(root.rglob("*.py"))
        for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if path_citation.search(line)
    ]
    assert not offenders, "file paths cited in the library:\n" + "\n".join(offenders)
