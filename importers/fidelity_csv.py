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
from rothaudit.importing.text import (
    head_text,
    is_blank,
    line_series,
    normalise_header,
    physical_lines,
    utf8_lf,
)

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


def _classify_lines(body: pl.Series, width: int) -> pl.DataFrame:
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


def _plain_run(body: pl.Series, width: int) -> int:
    """How many leading body lines certainly feed the parser unchanged.

    Such a line starts like a data row (a digit: not footer, blank or title) and is at most
    `width` fields, each unquoted or one well-formed quoted string: quotes balanced, nothing
    for `_repair`, not too wide, one parsed row per line. The run ends at the first other
    line, so the footer logic (which starts at the first footer line) sees the rest exactly as
    the line-by-line path always did.
    """
    field = r'(?:"(?:[^"]|"")*"|[^,"]*)'
    plain = pl.col("line").str.contains(rf'^\d[^,"]*(?:,{field}){{0,{width - 1}}}$')
    other = pl.DataFrame({"line": body}).select((~plain).arg_true().first()).item()
    return body.len() if other is None else int(other)


def _read_run(
    data: bytes, offset: int, count: int, width: int, wanted: list[int]
) -> pl.DataFrame | None:
    """The `count` lines at byte `offset` parsed by polars straight from the file's bytes.

    Only the `wanted` columns are kept. None if polars refuses a line (`_plain_run` should
    rule that out), so the caller falls back to the line-by-line path.
    """
    buffer = io.BytesIO(data)
    buffer.seek(offset)
    try:
        frame = pl.read_csv(
            buffer,
            has_header=False,
            schema={f"c{i}": pl.String() for i in range(width)},
            columns=wanted,
            n_rows=count,
            quote_char='"',
            truncate_ragged_lines=False,
        )
    except pl.exceptions.PolarsError:
        return None
    if frame.height != count:
        raise AssertionError(f"parsed {frame.height} rows from {count} lines")
    return frame


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
    """account_number, account_name and an error column, from whichever form the file has.

    Reads the cleaned text columns `_number` and `_account` (see `_convert`).
    """
    if "account_number" in cols:
        number = pl.col("_number")
        name = pl.col("_account") if "account" in cols else None
        error = columns.required(number, "Account Number")
    elif "account" in cols:
        raw = pl.col("_account")
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
    """Text cells -> typed canonical columns plus one error column per check.

    Each column is parsed once, eagerly, as a Series (value and error from the same pass).
    """
    absent = pl.repeat(None, frame.height, dtype=pl.String, eager=True)

    def cell(name: str) -> pl.Series:
        return frame[f"c{cols[name]}"] if name in cols else absent

    trade, e_trade = columns.date_series(cell("trade_date"), label="Run Date")
    settle, e_settle = columns.date_series(cell("settlement_date"), label="Settlement Date")
    amount, e_amount = columns.money_series(cell("amount"), label="Amount")
    quantity, e_qty = columns.money_series(cell("quantity"), label="Quantity")
    price, e_price = columns.money_series(cell("price"), label="Price", scale=9)
    parsed = pl.DataFrame(
        {
            "source_line": frame["source_line"],
            "_number": columns.text_series(cell("account_number")),
            "_account": columns.text_series(cell("account")),
            "trade_date": trade,
            "settlement_date": settle,
            "amount": amount,
            "quantity": quantity,
            "price": price,
            "symbol": columns.text_series(cell("symbol")),
            "description": columns.text_series(cell("description")),
            "action": columns.text_series(cell("action")),
            "_e_trade": e_trade,
            "_e_amount": e_amount,
            "e_settle": e_settle,
            "e_qty": e_qty,
            "e_price": e_price,
        }
    )
    return parsed.select(
        "source_line",
        *_account_columns(cols, path, display),
        "trade_date",
        "settlement_date",
        "amount",
        "quantity",
        "price",
        "symbol",
        "description",
        "action",
        pl.coalesce("_e_trade", columns.required(pl.col("trade_date"), "Run Date")).alias(
            "e_trade"
        ),
        pl.coalesce("_e_amount", columns.required(pl.col("amount"), "Amount")).alias("e_amount"),
        columns.required(pl.col("action"), "Action").alias("e_action"),
        "e_settle",
        "e_qty",
        "e_price",
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
    out = typed.with_columns(evidence.alias("_ev"))
    if not (out["_ev"] == "swapped").any():  # the usual file: no swap, only conflicts rejected
        conflict = pl.when(pl.col("_ev") == "conflict")
        error = conflict.then(pl.lit("price/quantity labels disagree with amount")).otherwise(None)
        return out.with_columns(error.alias("e_swap")).drop("_ev"), []
    by_account = pl.col("account_number")
    swaps = (pl.col("_ev") == "swapped").any().over(by_account)
    rights = (pl.col("_ev") == "labelled").any().over(by_account)
    two_numbers = present_p & present_q
    swap_row = (pl.col("_ev") == "swapped") | ((pl.col("_ev") == "none") & swaps & ~rights)
    ambiguous = (pl.col("_ev") == "conflict") | (
        (pl.col("_ev") == "none") & swaps & rights & two_numbers
    )
    out = out.with_columns(
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
        data, start = utf8_lf(data)
        lines = line_series(data, start)
        n_lines = lines.len()
        head = lines.head(_PREAMBLE_MAX).to_list()
        found = find_header(head)
        if found is None:
            raise InputError(display, "no Fidelity activity header (Run Date, Action, Amount)")
        at, cols = found
        width = len(_cells(head[at]))
        # Fast path: the leading run of plain data lines is parsed from the bytes directly;
        # the rest (footer, odd lines) goes through the line-by-line classification. The
        # line Series is dropped first: it holds a copy of the whole file.
        run = _plain_run(lines.slice(at + 1), width)
        tail = lines.slice(at + 1 + run)
        tail = pl.Series("line", tail.to_list(), dtype=pl.String) if run else tail
        del lines
        wanted = sorted(set(cols.values()))
        parts = []
        if run:
            offset = start + sum(len(line.encode("utf-8")) + 1 for line in head[: at + 1])
            fast = _read_run(data, offset, run, width, wanted)
            if fast is None:  # a row too wide: classify every line, as the slow path does
                tail, run = line_series(data, start).slice(at + 1), 0
            else:
                first = at + 2
                source_line = pl.int_range(first, first + run, dtype=pl.Int64)
                parts.append(fast.with_columns(source_line.alias("source_line")))
        rest = _classify_lines(tail, width).with_columns(
            pl.int_range(at + 2 + run, n_lines + 1, dtype=pl.Int64).alias("source_line")
        )
        del tail
        fed = rest.filter(pl.col("status") == "feed")
        early = rest.filter(~pl.col("status").is_in(["feed", "skip"]))
        rejections = [
            Rejection(int(n), str(r)) for n, r in early.select("source_line", "status").iter_rows()
        ]
        if fed.height or not parts:
            slow = _read_rows(head[at], width, fed)
            parts.append(slow.select(*(f"c{i}" for i in wanted), "source_line"))
        del rest, fed, early
        rows = pl.concat(parts) if len(parts) > 1 else parts[0]
        typed = _convert(rows, cols, path, display)
        del rows, parts
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
            rows=n_lines,
            skipped=n_lines - tx.height - len(rejections),
            notes=notes,
        )


IMPORTER = FidelityCsvImporter()
