"""Fidelity positions download (`Portfolio_Positions_<Mon>-<dd>-<yyyy>.csv`): holdings on a day.

A download made on Dec 31 is a year-end value; any other day it is only that day's snapshot,
which is why `as_of` is kept on every row. One header line (generations differ: 2021 `Cost Basis,
Cost Basis Per Share`, later `Cost Basis Total,Average Cost Basis`, 2026 lower case, optional
`Basket Name`/`Investment Type`; mapped by name), one row per position, a trailing comma on each
row, `$`/`+`/quoted thousands in the money cells [S13], then a blank line, quoted legal text and a
`Date downloaded ...` stamp (export-formats 2.1, 2.3, 2.4).

Decisions: the core position's `SPAXX**` loses its `**` (the marker of the core position) so it
matches the statement's `SPAXX`. A `Pending Activity` row (only a Current Value) is kept as a
position with symbol `Pending Activity`: it is money Fidelity counts in the account's value, and
dropping it silently would change the total; consumers that want settled holdings can filter it.
"""

from __future__ import annotations

import io
import re
from datetime import date
from pathlib import Path

import polars as pl

from rothaudit import schema
from rothaudit.errors import InputError
from rothaudit.importers.fidelity_statement_csv import cells, column_index, pick
from rothaudit.importing.base import ParsedFile
from rothaudit.importing.columns import money, required, split_rejections, text
from rothaudit.importing.text import decode, head_text, is_blank, normalise_header, physical_lines

_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
_FILE_NAME = re.compile(
    r"portfolio_positions_([a-z]{3})-(\d{1,2})-(\d{4})(?: ?\(\d+\))?\.csv", re.IGNORECASE
)
# `"Date downloaded" 04/06/2019, ...`, `Date downloaded 07/30/2021 2:26 PM ET`,
# `Date downloaded Apr-12-2026 6:21 p.m ET` (export-formats 2.3; 2026 parsers).
_DOWNLOADED = re.compile(
    r"date downloaded\W*(?:(\d{1,2})/(\d{1,2})/(\d{4})|([a-z]{3})-(\d{1,2})-(\d{4}))",
    re.IGNORECASE,
)
_HEADER = {"account number", "symbol", "quantity", "last price", "current value"}
_COLUMNS = {
    "account_number": ("account number",),
    "account_name": ("account name",),
    "symbol": ("symbol",),
    "description": ("description",),
    "quantity": ("quantity",),
    "price": ("last price",),
    "value": ("current value",),
}


def _is_header(row: list[str]) -> bool:
    names = {normalise_header(c) for c in row}
    return _HEADER <= names and "run date" not in names


def _date(month: str, day: str, year: str) -> date | None:
    number = int(month) if month.isdigit() else _MONTHS.get(month.lower(), 0)
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def _from_name(path: Path) -> date | None:
    found = _FILE_NAME.fullmatch(path.name)
    return _date(*found.groups()) if found else None


def _from_footer(lines: list[str]) -> date | None:
    for line in reversed(lines):
        found = _DOWNLOADED.search(line)
        if found:
            g = found.groups()
            return _date(*g[:3]) if g[0] else _date(*g[3:])
    return None


class FidelityPositionsCsv:
    name = "fidelity_positions_csv"
    institution = "fidelity"

    def identify(self, path: Path, head: bytes) -> bool:
        """The positions header (by name, never an activity `Run Date` header) near the top."""
        lines = [ln for ln in physical_lines(head_text(head))[:12] if not is_blank(ln)]
        return any(_is_header(cells(ln)) for ln in lines[:5])

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        lines = physical_lines(decode(data))
        as_of, estimated, notes = _from_name(path), False, []
        if as_of is None:
            as_of, estimated = _from_footer(lines), True
            if as_of is None:
                raise InputError(
                    path.name,
                    "cannot tell the holdings date: the name is not Portfolio_Positions_"
                    "<Mon>-<dd>-<yyyy>.csv and there is no 'Date downloaded' line",
                )
            notes.append(f"holdings date {as_of.isoformat()} taken from the 'Date downloaded' line")
        df = _frame(lines)
        balances, rejections = _balances(df)
        balances = balances.with_columns(
            pl.lit(as_of).alias("as_of"), pl.lit(estimated).alias("as_of_estimated")
        )
        return ParsedFile(
            transactions=schema.empty(schema.TX_IMPORT_SCHEMA),
            balances=balances,
            rejections=rejections,
            rows=len(lines),
            skipped=len(lines) - len(rejections),
            notes=notes,
        )


def _frame(lines: list[str]) -> pl.DataFrame:
    """Position rows: from the header to the first blank line, read by polars in one go."""
    start = next((i for i, ln in enumerate(lines[:40]) if _is_header(cells(ln))), None)
    if start is None:
        return _from_rows([])
    end = start + 1
    while end < len(lines) and not is_blank(lines[end]):
        end += 1
    block = io.StringIO("\n".join(lines[start:end]) + "\n")
    raw = pl.read_csv(block, infer_schema=False, truncate_ragged_lines=True)
    if raw.height != end - start - 1:  # a quoted line break: fall back to line by line
        return _from_rows(_rows(lines[start:end], first_line=start + 1))
    index = column_index(raw.columns, _COLUMNS)
    filled = pl.sum_horizontal(pl.col(raw.columns).str.strip_chars().fill_null("") != "")
    return (
        raw.with_row_index("source_line", offset=start + 2)
        .filter(filled >= 2)
        .select(
            pl.col("source_line").cast(pl.Int64),
            *(
                (pl.col(raw.columns[index[k]]) if k in index else pl.lit(None, pl.String)).alias(k)
                for k in _COLUMNS
            ),
        )
    )


def _rows(lines: list[str], first_line: int) -> list[list[str | int | None]]:
    """The same rows, one line at a time (header first); lines with one cell are footer."""
    index = column_index(cells(lines[0]), _COLUMNS)
    rows: list[list[str | int | None]] = []
    for number, line in enumerate(lines[1:], start=first_line + 1):
        row = cells(line)
        if sum(1 for c in row if c) >= 2:
            rows.append([number, *(pick(row, index, k) for k in _COLUMNS)])
    return rows


def _from_rows(rows: list[list[str | int | None]]) -> pl.DataFrame:
    columns = {"source_line": pl.Int64, **{n: pl.String for n in _COLUMNS}}
    return pl.DataFrame(rows, schema=columns, orient="row")


def _balances(df: pl.DataFrame) -> tuple[pl.DataFrame, list]:
    quantity, quantity_error = money("quantity", label="Quantity")
    price, price_error = money("price", label="Last Price", scale=9)
    value, value_error = money("value", label="Current Value")
    symbol = text("symbol").str.strip_chars_end("*")
    pending = symbol.str.to_lowercase() == "pending activity"
    df = df.with_columns(
        text("account_number").alias("account_number"),
        text("account_name").alias("account_name"),
        pl.when(pending).then(pl.lit("Pending Activity")).otherwise(symbol).alias("symbol"),
        text("description").alias("description"),
        quantity.alias("quantity"),
        price.alias("price"),
        value.alias("value"),
        quantity_error.alias("_e_quantity"),
        price_error.alias("_e_price"),
        value_error.alias("_e_value"),
    ).with_columns(
        required(pl.col("account_number"), "Account Number").alias("_e_account"),
        required(pl.col("value"), "Current Value").alias("_e_missing"),
    )
    errors = ["_e_account", "_e_value", "_e_missing", "_e_quantity", "_e_price"]
    good, rejections = split_rejections(df, errors)
    balances = good.select(
        "source_line",
        "account_number",
        "account_name",
        pl.lit("position").alias("level"),
        pl.lit("positions_download").alias("origin"),
        "symbol",
        "description",
        pl.col("quantity").cast(schema.QUANTITY),
        pl.col("price").cast(schema.PRICE),
        pl.col("value").cast(schema.AMOUNT),
    )
    return balances, rejections


IMPORTER = FidelityPositionsCsv()
