"""Fidelity activity history CSV: `Accounts_History.csv` and `History_for_Account_<number>.csv`.

Fidelity generates the header per download (layouts F1-F8 in export-formats 2.2), so columns
are mapped by name. The file is a preamble (BOM, empty, comma-only or `Brokerage` lines), one
header, data rows, then a footer (blank lines, quoted legal text, `Date downloaded ...`). The
data block is found by scanning lines, never by feeding the footer to the CSV parser; each fed
line is exactly one parsed row, so `source_line` is known by position.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import polars as pl

from rothaudit import schema
from rothaudit.errors import InputError
from rothaudit.importers import fidelity_actions
from rothaudit.importing import columns
from rothaudit.importing.base import ParsedFile, Rejection
from rothaudit.importing.text import decode, head_text, is_blank, normalise_header, physical_lines

# Canonical column <- normalised header names (export-formats 2.2); others are ignored.
ALIASES: dict[str, tuple[str, ...]] = {
    "trade_date": ("run date", "date"),
    "account": ("account",),
    "account_number": ("account number",),
    "action": ("action",),
    "symbol": ("symbol",),
    "description": ("description", "security description"),
    "quantity": ("quantity",),
    "price": ("price",),
    "amount": ("amount",),
    "settlement_date": ("settlement date",),
}
_PREAMBLE_MAX = 12  # lines before the header (seen: up to 5)
_FILE_ACCOUNT = re.compile(r"^History_for_Account_(.+?)(?:\s*\(\d+\))?\.csv$", re.IGNORECASE)
# A line that starts the footer: the download stamp, or quoted text (the legal notice, one
# quoted line each or one quote spanning lines). Data rows start with the Run Date, never a quote
# followed by a letter.
_FOOTER = r'(?i)^\s*("\s*[a-z]|date downloaded)'
_DATE_START = r'^\s*"?\s*\d{1,2}/\d{1,2}/\d{2,4}\s*"?\s*,'
_TITLE = r"^\s*[A-Za-z][A-Za-z ()&/-]*\s*$"  # a section title such as `Brokerage`
_QUOTED = r'"(?:[^"]|"")*"'


def _cells(line: str) -> list[str]:
    return next(csv.reader([line]), [])


def find_header(lines: list[str]) -> tuple[int, dict[str, int]] | None:
    """Index of the header line and canonical column -> position, or None if not Fidelity."""
    for i, line in enumerate(lines[:_PREAMBLE_MAX]):
        if is_blank(line):
            continue
        names = [normalise_header(c) for c in _cells(line)]
        if names and names[0] in ("run date", "date") and {"action", "amount"} <= set(names):
            mapped = {}
            for canonical, aliases in ALIASES.items():
                for pos, name in enumerate(names):
                    if name in aliases and canonical not in mapped:
                        mapped[canonical] = pos
            return i, mapped
        if "," in line.strip().strip(","):
            return None  # another file's header or data: not a preamble line
    return None


def file_account(path: Path) -> str | None:
    """The account number of a one-account download, from its name (browser suffix allowed)."""
    match = _FILE_ACCOUNT.match(path.name)
    return match.group(1).strip() if match else None


def _repair(line: pl.Expr) -> pl.Expr:
    """`"Account1" X111111` (quoted name, number outside the quotes; F4) -> one quoted field."""
    pattern, repl = r'(^|,)"([^"]*)"( +[^,"]+)(,|$)', '${1}"${2}${3}"${4}'
    return line.str.replace_all(pattern, repl).str.replace_all(pattern, repl)


def _fields_beyond(df: pl.DataFrame, width: int) -> pl.Series:
    """Rows with more fields than the header, not counting trailing empty ones or quoted commas.

    Only lines with more raw commas than the header can be too wide, so the costly quote-aware
    count runs on those alone (a 1M-row file rarely has any).
    """
    wide = pl.col("line").str.count_matches(",", literal=True) + 1 > width
    candidates = df.with_row_index("_i").filter(wide)
    fields = pl.col("line").str.replace_all(_QUOTED, "").str.replace(r"[,\s]+$", "")
    too_wide = candidates.filter(fields.str.count_matches(",") + 1 > width)["_i"]
    return pl.int_range(df.height, eager=True).is_in(too_wide.implode())


def _classify_lines(body: list[str], width: int) -> pl.DataFrame:
    """Each line after the header: `feed` to the parser, `skip`, or a rejection reason."""
    df = pl.DataFrame({"line": body}, schema={"line": pl.String})
    if df["line"].str.contains('" ', literal=True).any():
        df = df.with_columns(_repair(pl.col("line")))
    df = df.with_columns(_fields_beyond(df, width).alias("_too_wide"))
    line = pl.col("line")
    in_footer = line.str.contains(_FOOTER).cast(pl.Int32).cum_sum() > 0
    skip = in_footer | line.str.contains(r"^[\s,]*$") | line.str.contains(_TITLE)
    status = (
        pl.when(in_footer & line.str.contains(_DATE_START))
        .then(pl.lit("data row after the footer began; not imported"))
        .when(skip)
        .then(pl.lit("skip"))
        .when(line.str.count_matches('"', literal=True) % 2 == 1)
        .then(pl.lit("unbalanced quotes in row"))
        .when(pl.col("_too_wide"))
        .then(pl.lit(f"row has more fields than the header's {width}"))
        .otherwise(pl.lit("feed"))
    )
    return df.select("line", status.alias("status"))


def _read_rows(header: str, width: int, fed: pl.DataFrame) -> pl.DataFrame:
    """Parse header + fed lines with polars; one output row per fed line, all text."""
    blob = "\n".join([header, *fed["line"].to_list()]) + "\n"
    frame = pl.read_csv(
        io.BytesIO(blob.encode("utf-8")),
        has_header=False,
        infer_schema=False,
        quote_char='"',
        truncate_ragged_lines=True,
        new_columns=[f"c{i}" for i in range(width)],
    ).slice(1)
    if frame.height != fed.height:
        raise AssertionError(f"parsed {frame.height} rows from {fed.height} lines")
    return frame.with_columns(fed["source_line"].alias("source_line"))


def _account_columns(cols: dict[str, int], path: Path, display: str) -> list[pl.Expr]:
    """account_number, account_name and an error column, from whichever form the file has."""
    if "account_number" in cols:
        number = columns.text(f"c{cols['account_number']}")
        name = columns.text(f"c{cols['account']}") if "account" in cols else None
        error = columns.required(number, "Account Number")
    elif "account" in cols:
        raw = columns.text(f"c{cols['account']}")
        number = raw.str.extract(r"(\S+)$", 1)
        name = raw.str.replace(r"\s*\S+$", "").str.strip_chars('" ')
        name = pl.when(name == "").then(None).otherwise(name)
        has_digit = number.str.contains(r"\d")
        error = (
            pl.when(raw.is_null())
            .then(pl.lit("missing Account"))
            .when(~has_digit)
            .then(pl.format("no account number in Account '{}'", raw))
            .otherwise(None)
        )
        number = pl.when(has_digit).then(number).otherwise(None)
    else:
        from_name = file_account(path)
        if from_name is None:
            raise InputError(
                display,
                "one-account Fidelity history without an account number: the number is only in "
                "the file name, keep it as History_for_Account_<number>.csv",
            )
        number, name, error = pl.lit(from_name), None, pl.lit(None, pl.String)
    name = name if name is not None else pl.lit(None, pl.String)
    return [number.alias("account_number"), name.alias("account_name"), error.alias("e_account")]


def _convert(frame: pl.DataFrame, cols: dict[str, int], path: Path, display: str) -> pl.DataFrame:
    """Text cells -> typed canonical columns plus one error column per check."""

    def col(name: str) -> str:
        return f"c{cols[name]}" if name in cols else "_absent"

    frame = frame.with_columns(pl.lit(None, pl.String).alias("_absent"))
    trade, e_trade = columns.date(col("trade_date"), label="Run Date")
    settle, e_settle = columns.date(col("settlement_date"), label="Settlement Date")
    amount, e_amount = columns.money(col("amount"), label="Amount")
    quantity, e_qty = columns.money(col("quantity"), label="Quantity")
    price, e_price = columns.money(col("price"), label="Price", scale=9)
    action = columns.text(col("action"))
    # lazy, so the cells each helper reads several times are computed once (CSE)
    return (
        frame.lazy()
        .select(
            "source_line",
            *_account_columns(cols, path, display),
            trade.alias("trade_date"),
            settle.alias("settlement_date"),
            amount.alias("amount"),
            quantity.alias("quantity"),
            price.alias("price"),
            columns.text(col("symbol")).alias("symbol"),
            columns.text(col("description")).alias("description"),
            action.alias("action"),
            pl.coalesce(e_trade, columns.required(trade, "Run Date")).alias("e_trade"),
            pl.coalesce(e_amount, columns.required(amount, "Amount")).alias("e_amount"),
            columns.required(action, "Action").alias("e_action"),
            e_settle.alias("e_settle"),
            e_qty.alias("e_qty"),
            e_price.alias("e_price"),
        )
        .collect()
    )


def resolve_price_quantity(typed: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """Undo Fidelity's swapped `Price`/`Quantity` labels where the evidence is clear.

    Price x Quantity is symmetric, so the product cannot show a swap; signs and gaps can:
    a price is never negative while sell quantities are, and a price with no quantity (401(k)
    `Contributions` rows with shares under `Price`) or a quantity with no price (a merger's
    shares) shows which cell is which. Each row is `swapped`, `labelled` (labels right),
    `conflict` (both negative) or `none` (no evidence, e.g. a buy with both positive).
    Per account: all evidence `swapped` -> swap its `none` rows too; evidence both ways ->
    `none` rows holding two numbers are rejected, since either reading is a guess.
    """
    p, q = pl.col("price"), pl.col("quantity")
    present_p, present_q = p.is_not_null() & (p != 0), q.is_not_null() & (q != 0)
    evidence = (
        pl.when((p < 0) & (q < 0))
        .then(pl.lit("conflict"))
        .when((p < 0) | (present_p & q.is_null()))
        .then(pl.lit("swapped"))
        .when((q < 0) | (present_q & p.is_null()))
        .then(pl.lit("labelled"))
        .otherwise(pl.lit("none"))
    )
    by_account = pl.col("account_number")
    swaps = (pl.col("_ev") == "swapped").any().over(by_account)
    rights = (pl.col("_ev") == "labelled").any().over(by_account)
    two_numbers = present_p & present_q
    swap_row = (pl.col("_ev") == "swapped") | ((pl.col("_ev") == "none") & swaps & ~rights)
    ambiguous = (pl.col("_ev") == "conflict") | (
        (pl.col("_ev") == "none") & swaps & rights & two_numbers
    )
    out = typed.with_columns(evidence.alias("_ev")).with_columns(
        swap_row.alias("_swap"),
        pl.when(ambiguous)
        .then(pl.lit("price/quantity labels disagree with amount"))
        .otherwise(None)
        .alias("e_swap"),
    )
    counts = (
        out.filter(pl.col("_swap") & pl.col("e_swap").is_null())
        .group_by("account_number", maintain_order=True)
        .len()
    )
    notes = [
        f"Price and Quantity labels swapped on {n} row(s) of account ...{str(acct)[-4:]}; "
        "values read the other way round"
        for acct, n in counts.iter_rows()
    ]
    fixed = out.with_columns(
        pl.when(pl.col("_swap")).then(p.cast(schema.QUANTITY)).otherwise(q).alias("quantity"),
        pl.when(pl.col("_swap")).then(q.cast(schema.PRICE)).otherwise(p).alias("price"),
    )
    return fixed.drop("_ev", "_swap"), notes


class FidelityCsvImporter:
    """Fidelity Activity & Orders download (all accounts or one account)."""

    name = "fidelity_csv"
    institution = "fidelity"

    def identify(self, path: Path, head: bytes) -> bool:
        return find_header(physical_lines(head_text(head))) is not None

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        display = path.name
        lines = physical_lines(decode(data))
        found = find_header(lines)
        if found is None:
            raise InputError(display, "no Fidelity activity header (Run Date, Action, Amount)")
        at, cols = found
        width = len(_cells(lines[at]))
        body = _classify_lines(lines[at + 1 :], width).with_columns(
            pl.int_range(at + 2, len(lines) + 1, dtype=pl.Int64).alias("source_line")
        )
        fed = body.filter(pl.col("status") == "feed")
        early = body.filter(~pl.col("status").is_in(["feed", "skip"]))
        rejections = [
            Rejection(int(n), str(r)) for n, r in early.select("source_line", "status").iter_rows()
        ]
        typed = _convert(_read_rows(lines[at], width, fed), cols, path, display)
        typed, notes = resolve_price_quantity(typed)
        errors = [
            "e_trade",
            "e_amount",
            "e_action",
            "e_account",
            "e_settle",
            "e_qty",
            "e_price",
            "e_swap",
        ]
        good, late = columns.split_rejections(typed, errors)
        rejections = sorted([*rejections, *late], key=lambda r: r.line)
        tx = good.with_columns(
            fidelity_actions.classify(pl.col("action"), pl.col("amount")).alias("kind"),
            fidelity_actions.designated_tax_year(pl.col("action"), pl.col("trade_date")).alias(
                "designated_tax_year"
            ),
        ).select(list(schema.TX_IMPORT_SCHEMA))
        return ParsedFile(
            transactions=tx.cast(schema.TX_IMPORT_SCHEMA),
            balances=schema.empty(schema.BAL_IMPORT_SCHEMA),
            rejections=rejections,
            rows=len(lines),
            skipped=len(lines) - tx.height - len(rejections),
            notes=notes,
        )


IMPORTER = FidelityCsvImporter()
