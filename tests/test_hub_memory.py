"""Per-student kernel memory on a hub: the probabilistic models (scipy.special, ~17 MB
per kernel) load only when a notebook uses them (benchmarks/hub_kernel_memory.py)."""
from __future__ import annotations

import subprocess
import sys

import pytest

CODE = """
import sys
import matplotlib
matplotlib.use("Agg")
import clvteach as ct
ct.plot_dcf(ct.dcf_table(annual_revenue=2400, margin=0.6, retention=0.8,
                         discount_rate=0.1, horizon=5))
ct.tornado(ct.ZHANG_SAN)
assert "scipy" not in sys.modules, "scipy loaded by the math, plots or sensitivity"
assert "clvteach.models" not in sys.modules
ct.models.BetaGeo
assert "scipy.special" in sys.modules
print("ok")
"""


def test_models_and_scipy_load_on_first_use():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_model_plots_still_check_the_model_type():
    with pytest.raises(TypeError, match="must be a fitted BetaGeo, got str"):
        import clvteach as ct

        ct.plot_probability_alive("not a model", T=10)
