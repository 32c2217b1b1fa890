"""Vanguard CSV: the bytes-level plan (`_runs_from_bytes` + `_read_span`) gives exactly what the
line-by-line plan (`_walk_lines`) gives: rows, rejections and their line numbers, counts, notes.

Each case is parsed twice, once with the bytes plan forced off; the bytes plan must also have
been the one taken, or the comparison would prove nothing.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from polars.testing import assert_frame_equal

from rothaudit.importers import vanguard_walk
from rothaudit.importers.vanguard_csv import IMPORTER

HOLDINGS = "Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,"
TX = (
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,"
    "Investment Name,Symbol,Shares,Share Price,Principal Amount,Commission Fees,Net Amount,"
    "Accrued Interest,Account Type,"
)
HOLD_ROW = "11112222,VANGUARD FEDERAL MONEY MARKET,VMFXX,10.0,1.0,10.0,"


def _tx(trade: str = "01/02/2025", kind: str = "Buy", amount: str = "-100.00") -> str:
    return f"11112222,{trade},{trade},{kind},{kind},CASH,,1.0,100.0,{amount},0.0,{amount},0.0,CASH,"


def _file(*tx_rows: str, tail: str = "\n") -> str:
    return "\n".join([HOLDINGS, HOLD_ROW, "", "", "", TX, *tx_rows]) + tail


CASES = {
    "clean": _file(*[_tx() for _ in range(5)]),
    "both date styles": _file(_tx("01/02/2025"), _tx("2025-01-03"), _tx("12/31/2024")),
    "quoted field with comma": _file(
        _tx(), '11112222,01/02/2025,01/02/2025,Buy,Buy,"FUND, ADMIRAL",,1.0,1.0,-1,0,-1,0,CASH,'
    ),
    "odd row mid-section (one field short)": _file(
        _tx(), _tx()[:-1].rsplit(",", 1)[0] + ",", _tx()
    ),
    "odd row mid-section (one field more)": _file(_tx(), _tx() + "X,", _tx()),
    "short row ending in an empty cell": _file(
        _tx() + ",", _tx().replace(",CASH,,", ",CASH,"), _tx()
    ),
    "extra cell instead of the trailing comma": _file(_tx(), _tx() + "X", _tx()),
    "no trailing commas": _file(*[_tx()[:-1] for _ in range(3)]),
    "two trailing commas": _file(_tx() + ",", _tx()),
    "empty account type": _file(_tx().replace(",CASH,\n", ",,"), _tx()[: -len("CASH,")] + ","),
    "no final newline": _file(_tx(), _tx(), tail=""),
    "blank lines of spaces and commas mid-section": _file(_tx(), " , ,", _tx(), "", _tx()),
    "data after a blank line continues the section": _file(_tx(), "", "", _tx("2024-05-06")),
    "unknown header after a blank line": _file(_tx(), "", "Some Other,Header,", "1,2,", _tx()),
    "row starting with a letter mid-section": _file(_tx(), "A" + _tx(), _tx()),
    "row starting with a quote mid-section": _file(_tx(), '"11112222"' + _tx()[8:], _tx()),
    "bad cells": _file(_tx(amount="abc"), _tx(trade="13/45/2025"), _tx()),
    "header only": _file(),
    "crlf": _file(_tx(), _tx()).replace("\n", "\r\n"),
}


def _parse(path: Path):
    return IMPORTER.parse(path, path.read_bytes())


@pytest.mark.parametrize("name", list(CASES))
def test_bytes_plan_equals_line_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    path = tmp_path / "OfxDownload.csv"
    path.write_bytes(CASES[name].encode("utf-8"))
    taken = []
    runs = vanguard_walk._runs_from_bytes
    monkeypatch.setattr(
        vanguard_walk, "_runs_from_bytes", lambda *a: taken.append(runs(*a)) or taken[-1]
    )
    fast = _parse(path)
    assert taken and taken[0] is not None  # the bytes plan was used
    monkeypatch.setattr(vanguard_walk, "_runs_from_bytes", lambda *a: None)
    slow = _parse(path)
    assert_frame_equal(fast.transactions, slow.transactions)
    assert_frame_equal(fast.balances, slow.balances)
    assert fast.rejections == slow.rejections
    assert (fast.rows, fast.skipped, fast.notes) == (slow.rows, slow.skipped, slow.notes)


def test_cases_cover_rejections_and_the_proof_failing() -> None:
    """The odd cases really are odd for the line plan (they would not test the fallback else)."""
    assert "field" in str(_rejections("odd row mid-section (one field more)"))
    assert "field" in str(_rejections("short row ending in an empty cell"))


def _rejections(name: str) -> list:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "OfxDownload.csv"
        path.write_bytes(CASES[name].encode("utf-8"))
        return _parse(path).rejections


def test_many_lines_not_starting_with_a_digit_use_the_line_plan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(vanguard_walk, "_MAX_NOT_DIGIT", 3)
    data = _file(*["A" + _tx() for _ in range(5)]).encode()
    assert vanguard_walk._runs_from_bytes(data, 0) is None
