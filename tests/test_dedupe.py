"""Cross-file duplicate removal on canonical frames built by hand (no importer involved)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from rothaudit import schema
from rothaudit.importing.dedupe import split_duplicates

DAY = date(2024, 1, 2)


def row(
    file: str,
    record: int,
    *,
    account: str = "1111",
    amount: str = "3500",
    quantity: str | None = None,
    institution: str = "vanguard",
    kind: str = "contribution",
    day: date = DAY,
) -> dict:
    """One canonical transaction; the source line is the record + 1 (a header line above)."""
    return {
        "row_id": f"{file}#{record}",
        "source_file": file,
        "record": record,
        "importer": "stub",
        "institution": institution,
        "source_line": record + 1,
        "account_number": account,
        "account_name": None,
        "trade_date": day,
        "settlement_date": None,
        "kind": kind,
        "designated_tax_year": None,
        "amount": Decimal(amount),
        "quantity": None if quantity is None else Decimal(quantity),
        "price": None,
        "symbol": None,
        "description": None,
        "action": kind,
    }


def frame(*rows: dict) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=schema.TRANSACTIONS_SCHEMA)


def ids(df: pl.DataFrame) -> list[str]:
    return df["row_id"].to_list()


def split(*rows: dict, order: dict[str, int] | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    tx = frame(*rows)
    files = sorted(set(tx["source_file"]))
    kept, dups = split_duplicates(tx, order or {f: i for i, f in enumerate(files)})
    assert kept.height + dups.height == tx.height
    return kept, dups


def test_identical_rows_inside_one_file_are_both_kept() -> None:
    kept, dups = split(row("a", 1), row("a", 2))
    assert ids(kept) == ["a#1", "a#2"]
    assert dups.is_empty()


def test_overlapping_downloads_are_duplicates() -> None:
    kept, dups = split(row("a", 1), row("a", 2, amount="12.34"), row("b", 1, amount="12.34"))
    assert ids(kept) == ["a#1", "a#2"]
    assert ids(dups) == ["b#1"]


def test_other_account_or_institution_is_never_a_duplicate() -> None:
    kept, dups = split(
        row("a", 1), row("b", 1, account="2222"), row("c", 1, institution="fidelity")
    )
    assert ids(kept) == ["a#1", "b#1", "c#1"]
    assert dups.is_empty()


@pytest.mark.parametrize(
    "change",
    [
        {"amount": "3500.01"},
        {"day": date(2024, 1, 3)},
        {"kind": "conversion_in"},
        {"quantity": "1"},
    ],
)
def test_any_fingerprint_difference_is_not_a_duplicate(change: dict) -> None:
    kept, dups = split(row("a", 1), row("b", 1, **change))
    assert dups.is_empty() and kept.height == 2


def test_kth_copy_matches_kth_copy() -> None:
    # a holds the row twice, b three times: b's first two repeat a's, b's third is new
    kept, dups = split(row("a", 1), row("a", 2), row("b", 1), row("b", 2), row("b", 3))
    assert ids(kept) == ["a#1", "a#2", "b#3"]
    assert dict(zip(ids(dups), dups["duplicate_of"], strict=True)) == {"b#1": "a#1", "b#2": "a#2"}


def test_third_file_repeats_the_earliest_copy_of_each_occurrence() -> None:
    kept, dups = split(row("a", 1), row("b", 1), row("b", 2), row("c", 1), row("c", 2))
    assert ids(kept) == ["a#1", "b#2"]
    pairs = dict(zip(ids(dups), dups["duplicate_of"], strict=True))
    assert pairs == {"b#1": "a#1", "c#1": "a#1", "c#2": "b#2"}


def test_duplicate_points_at_the_row_it_repeats() -> None:
    _kept, dups = split(row("a", 1, amount="1"), row("a", 2), row("b", 7))
    assert dups.select(
        "row_id", "duplicate_of", "duplicate_of_file", "duplicate_of_line"
    ).rows() == [("b#7", "a#2", "a", 3)]
    assert dups.schema == pl.Schema(schema.DUPLICATES_SCHEMA)


def test_null_quantity_takes_part_in_the_fingerprint() -> None:
    kept, dups = split(row("a", 1), row("b", 1), row("b", 2, quantity="0"))
    assert ids(dups) == ["b#1"]
    assert ids(kept) == ["a#1", "b#2"]


def test_file_order_decides_which_copy_is_kept() -> None:
    rows = (row("a", 1), row("b", 1))
    kept, dups = split(*rows, order={"a": 1, "b": 0})
    assert ids(kept) == ["b#1"] and ids(dups) == ["a#1"]


def test_kept_rows_keep_their_input_order_and_columns() -> None:
    rows = [row("b", 2, amount="2"), row("a", 1, amount="1"), row("b", 1, amount="1")]
    kept, _dups = split(*rows)
    assert ids(kept) == ["b#2", "a#1"]
    assert kept.schema == pl.Schema(schema.TRANSACTIONS_SCHEMA)


def test_empty_frame() -> None:
    kept, dups = split_duplicates(schema.empty(schema.TRANSACTIONS_SCHEMA), {})
    assert kept.is_empty() and dups.is_empty()
    assert dups.schema == pl.Schema(schema.DUPLICATES_SCHEMA)
