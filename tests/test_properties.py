"""Properties of importing real-format CSV text: overlapping or repeated exports add nothing.

Exports cover date ranges, so two overlapping downloads of one account hold the same whole days:
importing both must give the totals (sum of amount by account and kind) of one export covering
the union, whatever the argument order. Rows are invented; the layouts are Vanguard's
OfxDownload.csv and Fidelity's all-accounts history (F7).
"""

from __future__ import annotations

import importlib.util
import tempfile
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rothaudit.importing.pipeline import import_paths

START = date(2024, 1, 1)
VANGUARD_HEADER = (
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,"
    "Investment Name,Symbol,Shares,Share Price,Principal Amount,Commissions and Fees,Net Amount,"
    "Accrued Interest,Account Type,"
)
FIDELITY_HEADER = (
    "Run Date,Account,Account Number,Action,Symbol,Description,Type,Exchange Quantity,"
    "Exchange Currency,Currency,Price,Quantity,Exchange Rate,Commission,Fees,Accrued Interest,"
    "Amount,Settlement Date"
)
VANGUARD_TYPES = [
    ("Contribution", 1),
    ("Conversion (outgoing)", -1),
    ("Dividend", 1),
    ("Buy", -1),
    ("Sell", 1),
]
FIDELITY_ACTIONS = [
    ("CASH CONTRIBUTION CURRENT YEAR (Cash)", 1),
    ("CONV TO ROTH IRA (Cash)", -1),
    ("DIVIDEND RECEIVED FIDELITY 500 INDEX FUND (FXAIX) (Cash)", 1),
    ("YOU BOUGHT FIDELITY 500 INDEX FUND (FXAIX) (Cash)", -1),
]
ACCOUNTS = ["11223344", "55667788", "99001122"]

# (account index, day offset, type index, cents)
ROW = st.tuples(st.integers(0, 2), st.integers(0, 9), st.integers(0, 4), st.integers(1, 10**7))


def _cents(n: int) -> str:
    return f"{'-' if n < 0 else ''}{abs(n) // 100}.{abs(n) % 100:02d}"


def vanguard(rows: list[tuple]) -> str:
    lines = []
    for acct, day, kind, cents in rows:
        name, sign = VANGUARD_TYPES[kind]
        d = (START + timedelta(days=day)).strftime("%m/%d/%Y")
        net = _cents(sign * cents)
        lines.append(
            f"{ACCOUNTS[acct]},{d},{d},{name},{name},CASH,,0.0,0.0,{net},0.0,{net},0.0,CASH,"
        )
    return "\n".join([VANGUARD_HEADER, *lines]) + "\n"


def fidelity(rows: list[tuple]) -> str:
    lines = []
    for acct, day, kind, cents in rows:
        action, sign = FIDELITY_ACTIONS[kind % len(FIDELITY_ACTIONS)]
        d = (START + timedelta(days=day)).strftime("%m/%d/%Y")
        lines.append(
            f'{d},"IRA","{ACCOUNTS[acct]}","{action}",,"No Description",Cash,0,,USD,,'
            f"0.000,0,,,,{_cents(sign * cents)},"
        )
    footer = [
        "",
        "",
        '"The data and information in this spreadsheet is invented."',
        "",
        "Date downloaded 01/31/2024 9:00 am",
    ]
    return "\ufeff" + "\n".join(["", FIDELITY_HEADER, *lines, *footer]) + "\n"


FORMATS = {"vanguard_csv": vanguard, "fidelity_csv": fidelity}


def signed_cents(fmt: str, row: tuple) -> int:
    """The amount the generated row carries, in cents: every row must be imported."""
    _, _, kind, cents = row
    table = VANGUARD_TYPES if fmt == "vanguard_csv" else FIDELITY_ACTIONS
    return table[kind % len(table)][1] * cents


def _available(name: str) -> bool:
    return importlib.util.find_spec(f"rothaudit.importers.{name}") is not None


def newest_first(rows: list[tuple]) -> list[tuple]:
    return sorted(rows, key=lambda r: -r[1])


def totals(paths: list[Path]) -> dict[tuple[str, str], object]:
    tx = import_paths(paths).transactions
    summed = tx.group_by("account_number", "kind").agg(pl.col("amount").sum())
    return {(a, k): v for a, k, v in summed.rows()}


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


PROPERTY = settings(max_examples=15, deadline=5000, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@PROPERTY
@given(
    rows=st.lists(ROW, min_size=1, max_size=25), cut=st.tuples(st.integers(0, 9), st.integers(0, 9))
)
def test_overlapping_exports_do_not_change_totals(fmt: str, rows: list[tuple], cut) -> None:
    if not _available(fmt):
        pytest.skip(f"importer {fmt} not present")
    render = FORMATS[fmt]
    first_end, second_start = max(cut), min(cut)  # whole days: [0, first_end], [second_start, 9]
    a = [r for r in rows if r[1] <= first_end]
    b = [r for r in rows if r[1] >= second_start]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        union = write(folder, "all.csv", render(newest_first(rows)))
        expected = totals([union])
        (folder / "pair").mkdir()
        one = write(folder / "pair", "1.csv", render(newest_first(a)))
        two = write(folder / "pair", "2.csv", render(newest_first(b)))
        assert totals([one, two]) == expected
        assert totals([two, one]) == expected


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@PROPERTY
@given(rows=st.lists(ROW, min_size=1, max_size=25))
def test_the_same_export_twice_changes_nothing(fmt: str, rows: list[tuple]) -> None:
    if not _available(fmt):
        pytest.skip(f"importer {fmt} not present")
    text = FORMATS[fmt](newest_first(rows))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        original = write(folder, "OfxDownload.csv", text)
        expected = totals([original])
        copy = write(folder, "OfxDownload (1).csv", text)
        assert totals([original, copy]) == expected
        assert totals([folder]) == expected
        assert sum(expected.values()) == Decimal(sum(signed_cents(fmt, r) for r in rows)) / 100
