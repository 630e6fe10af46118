"""The CDNOW transaction log, shipped with the toolkit (no network access needed).

CDNOW was an online CD retailer. The data follow the customers who made their first
purchase in the first quarter of 1997 until the end of June 1998; it is the standard data
set of the customer-base-analysis literature (see ``data/PROVENANCE.md``).
"""
from __future__ import annotations

import gzip
import io
from importlib import resources
from typing import Literal

import numpy as np
import pandas as pd

from .._validation import check_bool, check_choice, error_text
from ..units import MONTHS_PER_YEAR

__all__ = ["load_cdnow"]

_FILES = {"sample": "CDNOW_sample.txt.gz", "master": "CDNOW_master.txt.gz"}


def _read_bytes(filename: str) -> bytes:
    data = resources.files(__package__).joinpath("data", filename).read_bytes()
    return gzip.decompress(data)


def _yyyymmdd_to_datetime(values: np.ndarray) -> np.ndarray:
    """Integer dates like 19970101 -> datetime64[ns], without string parsing."""
    year, rest = np.divmod(values, 10000)
    month, day = np.divmod(rest, 100)
    months = ((year - 1970) * MONTHS_PER_YEAR + (month - 1)).astype("datetime64[M]")
    return (months.astype("datetime64[D]") + (day - 1)).astype("datetime64[ns]")


def load_cdnow(
    kind: Literal["sample", "master"] = "sample", *, keep_master_id: bool = False
) -> pd.DataFrame:
    """Load the CDNOW transactions as a tidy transactions table.

    Parameters
    ----------
    kind : {"sample", "master"}
        ``"sample"``: the 1/10 sample of the literature, 6,919 transactions of 2,357
        customers. ``"master"``: all 69,659 transactions of 23,570 customers.
    keep_master_id : bool
        Only for ``kind="sample"``: add a column ``master_id`` with the customer's ID in
        the master file (the sample's ``customer_id`` is its own ID 1..2,357, the ``ID``
        of the literature's summary tables).

    Returns
    -------
    pandas.DataFrame
        One row per transaction line, in file order, with columns ``customer_id`` (int64),
        ``date`` (datetime64, day precision), ``quantity`` (int64, number of CDs) and
        ``amount`` (float64, US dollars). Several lines of one customer on one day are
        kept as separate rows; :func:`clvteach.rfm_summary` merges them into one
        purchase occasion.

    References
    ----------
    Fader, P. S., Hardie, B. G. S. and Lee, K. L. (2005). "Counting your customers" the
    easy way: an alternative to the Pareto/NBD model. *Marketing Science*, 24(2), 275-284.

    Examples
    --------
    >>> import clvteach as ct
    >>> tx = ct.datasets.load_cdnow()
    >>> tx.shape, tx["customer_id"].nunique()
    ((6919, 4), 2357)
    """
    check_choice("kind", kind, list(_FILES))
    check_bool("keep_master_id", keep_master_id)
    if keep_master_id and kind != "sample":
        raise ValueError(error_text("error.datasets.master_id", name="keep_master_id",
                                    other="kind", kind="'master'", value=repr(keep_master_id)))
    names = (["master_id", "customer_id"] if kind == "sample" else ["customer_id"]) + [
        "yyyymmdd", "quantity", "amount"]
    raw = pd.read_csv(
        io.BytesIO(_read_bytes(_FILES[kind])), sep=r"\s+", header=0 if kind == "master" else None,
        names=names, dtype={**dict.fromkeys(names, np.int64), "amount": np.float64},
    )
    frame = pd.DataFrame(
        {
            "customer_id": raw["customer_id"].to_numpy(),
            "date": _yyyymmdd_to_datetime(raw["yyyymmdd"].to_numpy()),
            "quantity": raw["quantity"].to_numpy(),
            "amount": raw["amount"].to_numpy(),
        }
    )
    if keep_master_id:
        frame["master_id"] = raw["master_id"].to_numpy()
    return frame
