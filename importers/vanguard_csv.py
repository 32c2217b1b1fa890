"""Vanguard `OfxDownload.csv`: several CSV tables stacked, split at blank lines, read by header.

Layout facts (shared/domain/export-formats.md §1): holdings then transactions, more sections for
employer plans and old mutual-fund or 529 accounts; every line ends with a comma; rows newest
first; no preamble, footer or download date; dates `MM/DD/YYYY` or `YYYY-MM-DD`; the fee column
is `Commission Fees` or `Commissions and Fees`. Each section is read by polars as text and its
columns mapped by name; a section whose header we do not know has every line rejected.
This module holds the sections and how their rows are typed; the file is walked either whole
(`vanguard_walk`, for `parse`) or a slice at a time (`vanguard_stream`, for `parse_file`).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import BinaryIO

import polars as pl

from rothaudit import schema
from rothaudit.errors import InputError
from rothaudit.importing import columns
from rothaudit.importing.base import ParsedFile, Rejection
from rothaudit.importing.slices import NotPlain, lf_pieces
from rothaudit.importing.text import (
    head_text,
    normalise_header,
    physical_lines,
    utf8_lf,
)

from .vanguard_actions import classify, stated_tax_year


@dataclass(frozen=True)
class Section:
    """A known section: the frame its rows feed; canonical column -> normalised header cell."""

    name: str
    frame: str  # "transactions" | "balances"
    columns: dict[str, str]


def _header(text: str) -> tuple[str, ...]:
    cells = [normalise_header(c) for c in text.split(",")]
    while cells and cells[-1] == "":
        cells.pop()  # the trailing comma every Vanguard line carries
    return tuple(cells)


_BROKERAGE_TX = (
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,"
    "Investment Name,Symbol,Shares,Share Price,Principal Amount,{fees},Net Amount,"
    "Accrued Interest,Account Type,"
)
_TX_COMMON = {
    "account_number": "account number",
    "trade_date": "trade date",
    "type_description": "transaction description",
    "description": "investment name",
    "price": "share price",
}
_BROKERAGE = Section(
    "brokerage transactions",
    "transactions",
    {
        **_TX_COMMON,
        "settlement_date": "settlement date",
        "type": "transaction type",
        "symbol": "symbol",
        "quantity": "shares",
        "amount": "net amount",
    },
)
_MUTUAL_FUND = Section(
    "mutual-fund transactions",
    "transactions",
    {
        **_TX_COMMON,
        "settlement_date": "process date",
        "type": "transaction type",
        "quantity": "shares",
        "amount": "net amount",
    },
)
_PLAN = Section(
    "employer-plan transactions",
    "transactions",
    {
        **_TX_COMMON,
        "settlement_date": "run date",  # the day the plan processed it
        "type": "transaction activity",
        "quantity": "transaction shares",
        "amount": "dollar amount",
    },
)
_HOLDINGS = Section(
    "holdings",
    "balances",
    {
        "account_number": "account number",
        "description": "investment name",
        "symbol": "symbol",
        "quantity": "shares",
        "price": "share price",
        "value": "total value",
    },
)
_PLAN_HOLDINGS = Section(
    "employer-plan holdings",
    "balances",
    {
        "account_number": "plan number",
        "account_name": "plan name",
        "description": "fund name",
        "quantity": "shares",
        "price": "price",
        "value": "total value",
    },
)
_529_HOLDINGS = Section(
    "529 holdings",
    "balances",
    {
        "account_number": "fund account number",
        "description": "fund name",
        "quantity": "shares",
        "price": "price",
        "value": "total value",
    },
)

# Every section header seen (export-formats.md §1.2), normalised: case, spaces, trailing comma.
SECTIONS: dict[tuple[str, ...], Section] = {
    _header("Account Number,Investment Name,Symbol,Shares,Share Price,Total Value,"): _HOLDINGS,
    _header(_BROKERAGE_TX.format(fees="Commission Fees")): _BROKERAGE,
    _header(_BROKERAGE_TX.format(fees="Commissions and Fees")): _BROKERAGE,
    _header("Plan Number,Plan Name,Fund Name,Shares,Price,Total Value,"): _PLAN_HOLDINGS,
    _header(
        "Account Number,Trade Date,Run Date,Transaction Activity,Transaction Description,"
        "Investment Name,Share Price,Transaction Shares,Dollar Amount,"
    ): _PLAN,
    # the old mutual-fund header has a space after each comma; 529 uses the same cells
    _header(
        "Account Number, Trade Date, Process Date, Transaction Type, Transaction Description, "
        "Investment Name, Share Price, Shares, Gross Amount, Net Amount,"
    ): _MUTUAL_FUND,
    _header("Fund Account Number,Fund Name,Price,Shares,Total Value"): _529_HOLDINGS,
}

_SCALE = {"amount": 6, "value": 6, "quantity": 6, "price": 9}
_DATES = ("trade_date", "settlement_date")
_REQUIRED = ("account_number", "trade_date", "amount", "value")
# Passed on as read and cleaned by `_transactions` on their distinct pairs: they only decide
# kind, tax year and action, so the rows need not be checked for cleaning one by one.
_TEXT = {"type": "raw", "type_description": "raw"}


def _fields(line: str) -> list[str]:
    return next(csv.reader([line]))


def _read_rows(
    header: str,
    data: pl.Series,
    first_line: int,
    raw: tuple[bytes, int, int] | None = None,
    bad_width: pl.Series | None = None,
    wanted: set[str] | None = None,
    last: int | None = None,
) -> pl.DataFrame:
    """Section rows as text columns named by the normalised header, each with its source line.

    `raw` is (file bytes, offset of the first data line, line count): when given (the section
    has no quote, so every line is exactly one row), polars parses the rows straight from the
    bytes, and `data` may be empty (the caller dropped the lines; `bad_width` is their check).
    With `last` (the header's named cell count), the raw rows also carry that last named cell
    as `_last<last>` and no `_e_fields`: the caller proves or checks the widths.
    """
    cells = [normalise_header(c) for c in _fields(header)]
    named = len(_header(header))
    names = [c if c and c not in cells[:i] else f"_extra{i}" for i, c in enumerate(cells)]
    text_schema = {n: pl.String() for n in names}
    options = {
        "has_header": False,
        "schema": text_schema,
        "truncate_ragged_lines": True,
        "extra_columns": "ignore",
        "missing_columns": "insert",
    }
    count = raw[2] if raw is not None else data.len()
    if not count:
        frame = pl.DataFrame(schema=text_schema)
    elif raw is not None:
        buffer = io.BytesIO(raw[0])
        buffer.seek(raw[1])
        keep = [i for i, n in enumerate(names) if wanted is None or n in wanted]
        if last is not None:
            extra = [] if last - 1 in keep else [last - 1]
            keep = sorted(keep + extra)
        frame = pl.read_csv(buffer, n_rows=count, quote_char=None, columns=keep, **options)
        if last is not None:
            frame = frame.with_columns(pl.col(names[last - 1]).alias(f"_last{last}"))
            if extra:
                frame = frame.drop(names[last - 1])
            return frame.with_columns(
                pl.int_range(first_line, first_line + count, dtype=pl.Int64).alias("source_line")
            )
    else:
        text = "\n".join(data.to_list()).encode("utf-8")
        try:
            frame = pl.read_csv(io.BytesIO(text), **options)
        except pl.exceptions.PolarsError:  # a malformed quote (e.g. a lone `"`)
            frame = None
    if frame is None or frame.height != count:  # a stray quote: read each line on its own
        rows = [(_fields(line) + [None] * len(names))[: len(names)] for line in data]
        frame = pl.DataFrame(rows, schema=text_schema, orient="row")
    # one trailing comma is the export's habit; beyond it, a row must have the header's width
    bad_width = _width_errors(data, named) if bad_width is None else bad_width
    return frame.with_columns(
        pl.int_range(first_line, first_line + count, dtype=pl.Int64).alias("source_line"),
        bad_width.alias("_e_fields"),
    )


def _width_errors(data: pl.Series, named: int) -> pl.Series:
    """`N fields where the header names M` for rows whose width is not the header's, else null.

    One regex tells the well-formed rows (no quote, exactly `named` fields, one optional
    trailing comma); only the others are counted, quoted ones with the csv module.
    """
    if named < 1:
        exact = pl.Series([False] * data.len())
    else:
        exact = data.str.contains(
            rf"^(?:[^,\"]*,){{{named}}}$|^(?:[^,\"]*,){{{named - 1}}}[^,\"]+$"
        )
    odd = (~exact).arg_true()
    errors = pl.repeat(None, data.len(), dtype=pl.String, eager=True)
    if not odd.len():
        return errors
    lines = data.gather(odd).str.strip_suffix(",")
    width = (lines.str.count_matches(",") + 1).cast(pl.Int64)
    quoted = lines.str.contains('"').arg_true()  # rare: count those fields properly
    if quoted.len():
        exact_width = [len(_fields(lines[int(i)])) for i in quoted]
        width = width.scatter(quoted, pl.Series(exact_width, dtype=pl.Int64))
    message = pl.select(
        pl.when(pl.lit(width) != named)
        .then(pl.format(f"{{}} fields where the header names {named}", pl.lit(width)))
        .otherwise(None)
    ).to_series()
    return errors.scatter(odd, message)


def _typed(
    holder: list[pl.DataFrame], section: Section, labels: dict[str, str]
) -> tuple[pl.DataFrame, list[Rejection]]:
    """Parse each mapped column; rows with any unparseable or missing required cell are rejected.

    The text frame comes in a one-item list that is emptied, so it is dropped as soon as it
    is parsed.
    """
    parsed, errors = typed_columns(holder.pop(), section, labels)
    return columns.split_rejections(parsed, errors)


def typed_columns(
    frame: pl.DataFrame | pl.LazyFrame,
    section: Section,
    labels: dict[str, str],
    carry: Sequence[pl.Expr] = (),
) -> tuple[pl.DataFrame, list[str]]:
    """The mapped columns parsed (`columns.convert`: one query; `frame` may be a CSV scan)
    with their error columns, named in the order the first error wins, and `carry`."""
    cells = {
        canon: columns.Cell(
            cell,
            "date" if canon in _DATES else "money" if canon in _SCALE else _TEXT.get(canon, "text"),
            labels.get(cell, cell),
            _SCALE.get(canon, 6),
        )
        for canon, cell in section.columns.items()
    }
    out = columns.convert(frame, cells, [pl.col("source_line"), pl.col("_e_fields"), *carry])
    errors, checks = ["_e_fields"], []
    for canon, cell in cells.items():
        if cell.kind in ("text", "raw") and canon not in _REQUIRED:
            continue
        error = pl.col(f"_e_{canon}") if cell.kind in ("money", "date") else pl.lit(None, pl.String)
        if canon in _REQUIRED:
            error = pl.coalesce(error, columns.required(pl.col(canon), cell.label))
        errors.append(f"_e_{canon}")
        checks.append(error.alias(f"_e_{canon}"))
    return out.with_columns(checks), errors


def _canonical(frame: pl.DataFrame, target: dict[str, pl.DataType]) -> pl.DataFrame:
    missing = [pl.lit(None, t).alias(c) for c, t in target.items() if c not in frame.columns]
    return frame.with_columns(missing).select(list(target)).cast(target)


def _transactions(frame: pl.DataFrame) -> pl.DataFrame:
    """Kind, stated tax year and action text, all functions of (type, description) alone:
    computed once per distinct pair (a large export has a few dozen) and joined back. Both
    cells come as read (`_TEXT`) and are cleaned here, on the distinct pairs only."""
    pair = ["type", "type_description"]
    derived = _derived(frame.select(pair).unique())
    joined = frame.join(derived, on=pair, how="left", nulls_equal=True, maintain_order="left")
    return _canonical(joined, schema.TX_IMPORT_SCHEMA)


def _derived(pairs: pl.DataFrame) -> pl.DataFrame:
    """`kind`, `designated_tax_year` and `action` of each distinct (type, description)."""
    kind = classify(pl.col("_type"), pl.col("_description"))
    return (
        pairs.with_columns(
            columns.text("type").alias("_type"),
            columns.text("type_description").alias("_description"),
        )
        .with_columns(kind.alias("kind"))
        .select(
            *pairs.columns,
            "kind",
            stated_tax_year(pl.col("kind"), pl.col("_description")).alias("designated_tax_year"),
            pl.concat_str(["_type", "_description"], separator=" | ", ignore_nulls=True)
            .fill_null("")
            .alias("action"),
        )
    )


@dataclass
class _State:
    """What the section walk has produced so far."""

    transactions: list[pl.DataFrame]
    balances: list[pl.DataFrame]
    rejections: list[Rejection]
    skipped: int = 0
    known_sections: int = 0


def _is_data_row(line: str) -> bool:
    """Data rows start with an account number (`12345678`, `208182839-01`); headers with words."""
    return not any(ch.isalpha() for ch in _fields(line)[0])


def _section(current: tuple[Section, str], rows: list[pl.DataFrame], state: _State) -> None:
    """`rows` holds the section's text frame, which `_typed` takes out of it (memory)."""
    section, header = current
    labels = {normalise_header(c): c.strip() for c in _fields(header)}
    good, rejected = _typed(rows, section, labels)
    state.rejections += rejected
    if section.frame == "transactions":
        state.transactions.append(_transactions(good))
    else:
        state.skipped += good.height  # holdings are balances, not transactions
        state.balances.append(good)


def _holdings_date(path: Path, transactions: pl.DataFrame) -> tuple[date, str]:
    """The download day, which the file never states: estimated, and said so."""
    newest = transactions["trade_date"].max() if transactions.height else None
    if isinstance(newest, date):
        return newest, (
            f"holdings dated {newest.isoformat()} (estimated): Vanguard's CSV has no download "
            "date, so the newest transaction date in the file is used"
        )
    try:
        day = date.fromtimestamp(path.stat().st_mtime)
    except OSError as err:
        raise InputError(path.name, f"holdings section has no date ({err.strerror})") from None
    return day, (
        f"holdings dated {day.isoformat()} (estimated): Vanguard's CSV has no download date "
        "and this file has no transactions, so the file's modification time is used"
    )


def _balances(
    path: Path, tx: pl.DataFrame, parts: list[pl.DataFrame]
) -> tuple[pl.DataFrame, list[str]]:
    """Holdings rows as positions dated the (estimated) download day, with a note saying so."""
    if not any(part.height for part in parts):
        return schema.empty(schema.BAL_IMPORT_SCHEMA), []
    as_of, note = _holdings_date(path, tx)
    extra = {
        "as_of": pl.lit(as_of, pl.Date),
        "as_of_estimated": pl.lit(True),
        "level": pl.lit("position"),
        "origin": pl.lit("vanguard_holdings"),
    }
    frames = [_canonical(p.with_columns(**extra), schema.BAL_IMPORT_SCHEMA) for p in parts]
    return pl.concat(frames), [note]


class VanguardCsv:
    """The importer object the registry finds as `IMPORTER`."""

    name = "vanguard_csv"
    institution = "vanguard"

    def identify(self, path: Path, head: bytes) -> bool:
        """True when the first non-blank line is a Vanguard section header."""
        for line in physical_lines(head_text(head)):
            if line.strip().strip(","):
                return _header(line) in SECTIONS
        return False

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        from .vanguard_walk import walk  # the whole-file walk builds on this module

        data, start = utf8_lf(data)
        state = _State([], [], [])
        n_lines = walk(data, start, state)
        return finish(path, state, n_lines)

    def parse_file(self, path: Path, f: BinaryIO | None = None) -> ParsedFile:
        """`parse` reading the file a slice at a time (`vanguard_stream`; from `f`, else
        opening `path`), so a large export is never held whole; any file that reader does
        not take is read whole."""
        from .vanguard_stream import read  # the stream reader builds on this module

        try:
            with path.open("rb") if f is None else nullcontext(f) as source:
                parsed = read(path, lf_pieces(source))
        except NotPlain:  # cp1252 or odd line ends: read whole, as `parse` does
            parsed = None
        return parsed if parsed is not None else self.parse(path, path.read_bytes())


def finish(path: Path, state: _State, n_lines: int) -> ParsedFile:
    """The parsed file from what the section walk produced."""
    if not state.known_sections:
        raise InputError(path.name, "no known Vanguard section header")
    tx = (
        pl.concat(state.transactions)
        if state.transactions
        else schema.empty(schema.TX_IMPORT_SCHEMA)
    )
    balances, notes = _balances(path, tx, state.balances)
    rejections = sorted(state.rejections, key=lambda r: r.line)
    return ParsedFile(tx, balances, rejections, n_lines, state.skipped, notes)


IMPORTER = VanguardCsv()
