"""Fidelity monthly statement CSV (`Statement<m><dd><yyyy>.csv`): each account's period-end value.

A December statement is how a user hands over the Dec 31 values Form 8606 line 6 needs
(export-formats 2.1, 6). Layout [S14][S5]: an account summary table (`Account Type,Account,...`;
2019: `Account #`), then `Symbol/CUSIP,Description,...,Ending Value,Cost Basis`, under which
each block starts with the account number alone on a line, then an asset-class line (`Stocks`,
`Core Account`, ...), the positions, and `Subtotal of ...` (2019: `SubTotal of`). A position
belongs to the account named by the last account-number line above it; one without such a line
is rejected rather than guessed.

The account balance is `Ending Net Value`, falling back to `Ending mkt Value` when that cell is
empty: opensteuerauszug derives closing cash as `Ending Net Value - Ending mkt Value` [S14 PR
#373], so the market value may leave out the core (cash) position, which is exactly the residual
line 6 must see. Where the two differ, a note says so. The statement holds no transactions.
"""

from __future__ import annotations

import csv
import re
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import polars as pl

from rothaudit import schema
from rothaudit.errors import InputError
from rothaudit.importing.base import ParsedFile, Rejection
from rothaudit.importing.columns import money, required, split_rejections, text
from rothaudit.importing.text import decode, head_text, is_blank, normalise_header, physical_lines

# `{m}` is not padded [S14]; browsers add ` (1)` to a repeated download.
_FILE_NAME = re.compile(r"statement(\d{1,2})(\d{2})(\d{4})(?: ?\(\d+\))?\.csv", re.IGNORECASE)
# The PDF statement states its period as `February 1, 2024 - February 29, 2024`; no CSV sample
# shows such a line, so this is only read when a file's name carries no date.
_PERIOD = re.compile(r"[A-Z][a-z]+ \d{1,2}, \d{4}\s*[-\u2013]\s*([A-Z][a-z]+ \d{1,2}, \d{4})")
_ACCOUNT_NUMBER = re.compile(r"[A-Za-z]{0,2}\d[\d-]{3,}")
_PLAIN_NUMBER = re.compile(r"-?\d[\d,]*(\.\d+)?")
_SUMMARY_HEADER = {"account type", "beginning mkt value", "ending mkt value"}
_POSITIONS_HEADER = {"symbol/cusip", "description", "ending value"}
_SUMMARY_COLUMNS = {
    "account_number": ("account", "account #", "account number"),
    "account_name": ("account type",),
    "mkt": ("ending mkt value",),
    "net": ("ending net value",),
}
_POSITION_COLUMNS = {
    "symbol": ("symbol/cusip",),
    "description": ("description",),
    "quantity": ("quantity",),
    "price": ("price",),
    "value": ("ending value",),
}


def cells(line: str) -> list[str]:
    """One CSV line's cells, stripped."""
    return [c.strip() for c in next(csv.reader([line]), [])]


def column_index(header: list[str], wanted: dict[str, tuple[str, ...]]) -> dict[str, int]:
    """Our column name -> position in this header, matched by name (case, spaces, `($)` ignored)."""
    names = [normalise_header(c) for c in header]
    return {key: names.index(a) for key, opts in wanted.items() for a in opts if a in names}


def pick(row: list[str], index: dict[str, int], key: str) -> str | None:
    i = index.get(key)
    return row[i] if i is not None and i < len(row) else None


def mask(account: str) -> str:
    return "..." + account[-4:]


def show(amount: Decimal) -> str:
    """A money amount as the statement prints it: cents, unless it has more places."""
    cents = amount.quantize(Decimal("0.01"))
    return str(cents if cents == amount else amount.normalize())


def statement_date(path: Path, lines: list[str]) -> date:
    """Period end from the file name, else from a period line; else the statement cannot be used."""
    found = _FILE_NAME.fullmatch(path.name)
    if found:
        month, day, year = (int(g) for g in found.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass
    for line in lines:
        period = _PERIOD.search(line)
        if period:
            return datetime.strptime(period.group(1), "%B %d, %Y").date()
    raise InputError(
        path.name,
        "cannot tell the statement date: the name is not Statement<m><dd><yyyy>.csv "
        "and the file states no period",
    )


class FidelityStatementCsv:
    name = "fidelity_statement_csv"
    institution = "fidelity"

    def identify(self, path: Path, head: bytes) -> bool:
        """The account summary header within the first lines."""
        lines = [ln for ln in physical_lines(head_text(head))[:12] if not is_blank(ln)]
        return any(_SUMMARY_HEADER <= {normalise_header(c) for c in cells(ln)} for ln in lines)

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        lines = physical_lines(decode(data))
        as_of = statement_date(path, lines)
        summary, positions = _split(lines)
        names = {s["account_number"]: s["account_name"] for s in summary if s["account_number"]}
        for p in positions:
            p["account_name"] = names.get(p["account_number"] or "")
        accounts, rejections, notes = _accounts(summary)
        held, rejected = _positions(positions)
        rejections += rejected
        balances = (
            pl.concat([accounts, held])
            .sort("source_line")
            .with_columns(pl.lit(as_of).alias("as_of"), pl.lit(False).alias("as_of_estimated"))
        )
        rejections.sort(key=lambda r: r.line)
        return ParsedFile(
            transactions=schema.empty(schema.TX_IMPORT_SCHEMA),
            balances=balances,
            rejections=rejections,
            rows=len(lines),
            skipped=len(lines) - len(rejections),
            notes=notes,
        )


def _split(lines: list[str]) -> tuple[list[dict], list[dict]]:
    """Summary rows and position rows (with their account); everything else is skipped."""
    summary: list[dict] = []
    positions: list[dict] = []
    section, index, account = "preamble", {}, None
    for number, line in enumerate(lines, start=1):
        row = cells(line)
        filled = [c for c in row if c]
        if not filled:
            continue
        maybe_header = row[0].lower() in ("account type", "symbol/cusip")
        names = {normalise_header(c) for c in row} if maybe_header else set()
        if _SUMMARY_HEADER <= names:
            section, index = "summary", column_index(row, _SUMMARY_COLUMNS)
        elif _POSITIONS_HEADER <= names:
            section, index = "positions", column_index(row, _POSITION_COLUMNS)
        elif section == "summary":
            summary.append({"source_line": number, **{k: pick(row, index, k) for k in index}})
        elif section != "positions" or row[0].lower().startswith("subtotal of"):
            continue
        elif len(filled) == 1 and row[0]:
            known = {s["account_number"] for s in summary}
            if row[0] in known or _ACCOUNT_NUMBER.fullmatch(row[0]):
                account = row[0]
        else:
            row = _unshift_core_row(row, index)
            fields = {k: pick(row, index, k) for k in index}
            positions.append({"source_line": number, "account_number": account, **fields})
    return summary, positions


def _unshift_core_row(row: list[str], index: dict[str, int]) -> list[str]:
    """The 2019 core row has no Description cell (`CASH,<qty>,1,<begin>,<end>,N/A` [S5]):
    a number where the description belongs and no ending value means the cells sit one left."""
    d, v = index.get("description"), index.get("value")
    if d is None or v is None or v >= len(row) or d >= len(row):
        return row
    if _PLAIN_NUMBER.fullmatch(row[d]) and row[v].lower() in ("", "n/a", "not applicable"):
        return [*row[:d], "", *row[d:]]
    return row


def _frame(rows: list[dict], columns: list[str]) -> pl.DataFrame:
    records = [[r.get(c) for c in columns] for r in rows]
    types = {c: pl.Int64 if c == "source_line" else pl.String for c in columns}
    return pl.DataFrame(records, schema=types, orient="row")


def _accounts(summary: list[dict]) -> tuple[pl.DataFrame, list[Rejection], list[str]]:
    """One account-level balance per summary row."""
    df = _frame(summary, ["source_line", "account_number", "account_name", "mkt", "net"])
    mkt, mkt_error = money("mkt", label="Ending mkt Value")
    net, net_error = money("net", label="Ending Net Value")
    df = df.with_columns(
        text("account_number").alias("account_number"),
        text("account_name").alias("account_name"),
        mkt.alias("mkt"),
        net.alias("net"),
        mkt_error.alias("_e_mkt"),
        net_error.alias("_e_net"),
    ).with_columns(
        required(pl.col("account_number"), "Account").alias("_e_account"),
        required(pl.coalesce("net", "mkt"), "Ending mkt Value").alias("_e_value"),
    )
    good, rejections = split_rejections(df, ["_e_account", "_e_mkt", "_e_net", "_e_value"])
    notes = [
        f"account {mask(acct)}: Ending Net Value {show(n)} used as its value; "
        f"Ending mkt Value is {show(m)}"
        for acct, m, n in good.select("account_number", "mkt", "net").iter_rows()
        if n is not None and m is not None and n != m
    ]
    balances = good.select(
        "source_line",
        "account_number",
        "account_name",
        pl.lit("account").alias("level"),
        pl.lit("statement_summary").alias("origin"),
        pl.lit(None, pl.String).alias("symbol"),
        pl.when(pl.col("net").is_not_null())
        .then(pl.lit("Ending Net Value"))
        .otherwise(pl.lit("Ending mkt Value"))
        .alias("description"),
        pl.lit(None, schema.QUANTITY).alias("quantity"),
        pl.lit(None, schema.PRICE).alias("price"),
        pl.coalesce("net", "mkt").cast(schema.AMOUNT).alias("value"),
    )
    return balances, rejections, notes


def _positions(positions: list[dict]) -> tuple[pl.DataFrame, list[Rejection]]:
    """One position-level balance per holding line, valued at its `Ending Value`."""
    columns = ["source_line", "account_number", "account_name", "symbol", "description"]
    df = _frame(positions, [*columns, "quantity", "price", "value"])
    quantity, quantity_error = money("quantity", label="Quantity")
    price, price_error = money("price", label="Price", scale=9)
    value, value_error = money("value", label="Ending Value")
    df = df.with_columns(
        *(text(c).alias(c) for c in columns[1:]),
        quantity.alias("quantity"),
        price.alias("price"),
        value.alias("value"),
        quantity_error.alias("_e_quantity"),
        price_error.alias("_e_price"),
        value_error.alias("_e_value"),
    ).with_columns(
        pl.when(pl.col("account_number").is_null())
        .then(pl.lit("position listed before any account number line"))
        .alias("_e_account"),
        required(pl.col("value"), "Ending Value").alias("_e_missing"),
    )
    errors = ["_e_account", "_e_value", "_e_missing", "_e_quantity", "_e_price"]
    good, rejections = split_rejections(df, errors)
    balances = good.select(
        *columns[:3],
        pl.lit("position").alias("level"),
        pl.lit("statement_position").alias("origin"),
        "symbol",
        "description",
        pl.col("quantity").cast(schema.QUANTITY),
        pl.col("price").cast(schema.PRICE),
        pl.col("value").cast(schema.AMOUNT),
    )
    return balances, rejections


IMPORTER = FidelityStatementCsv()
