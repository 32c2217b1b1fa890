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
from collections.abc import Callable, Iterator
from contextlib import nullcontext
from pathlib import Path
from typing import BinaryIO

import polars as pl

from rothaudit import schema
from rothaudit.errors import InputError
from rothaudit.importing import columns
from rothaudit.importing.base import ParsedFile, Rejection
from rothaudit.importing.slices import (
    NOT_DIGIT_LINE,
    NotPlain,
    lf_pieces,
    line_slices,
    map_ordered,
)
from rothaudit.importing.text import (
    head_text,
    is_blank,
    line_series,
    normalise_header,
    physical_lines,
    utf8_lf,
)

from .fidelity_cells import convert, resolve_price_quantity, with_kinds
from .fidelity_cells import file_account as file_account  # public: the name-to-account rule

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


_NO_LINES = pl.Series("line", [], dtype=pl.String)


def _head_lines(data: bytes, start: int) -> list[str]:
    """The first `_PREAMBLE_MAX` physical lines, where the header must be."""
    lines: list[str] = []
    at = start
    while len(lines) < _PREAMBLE_MAX and at < len(data):
        end = data.find(b"\n", at)
        end = len(data) if end < 0 else end
        lines.append(data[at:end].decode("utf-8"))
        at = end + 1
    return lines


def _run_slices(first: bytes, pieces: Iterator[bytes], tail: list[bytes]) -> Iterator[bytes]:
    """Slices of whole lines of the leading run of lines that start with a digit.

    The run begins at `first` and goes on into the next `pieces` (LF text, each ending at a
    line end). What follows the run in its piece is put in `tail`; the caller reads the rest
    of `pieces` after it.
    """
    current: bytes | None = first
    while current is not None:
        if not current[:1].isdigit():
            tail.append(current)
            return
        # the run ends at a line that does not start with a digit (footer, blank or title
        # line, odd row); the piece's last newline is left out: the next piece shows that
        found = NOT_DIGIT_LINE.search(current, 0, len(current) - 1)
        end = found.start() + 1 if found else len(current)
        for a, b in line_slices(current, 0, end):
            yield current if b - a == len(current) else current[a:b]
        if found:
            tail.append(current[end:])
            return
        current = next(pieces, None)


def _typed_run(
    first: bytes,
    pieces: Iterator[bytes],
    first_line: int,
    width: int,
    wanted: list[int],
    args: tuple[dict[str, int], Path, str],
) -> tuple[list[pl.DataFrame], int, bytes] | None:
    """The leading run of data lines read from the bytes, typed: (parts, line count, the bytes
    after the run), or None when any line might be read differently from the line-by-line
    path (`_classify_lines` + `_read_rows`), which the caller then takes for the whole file.

    Each line of an accepted run starts like a data row (not footer, blank or title), and
    polars reads its slice as the header's width without error and one row per line: what
    "feed" means line by line. polars raises on a row wider than the first, and on text after
    a closing quote, so a line `_repair` would mend (`"Account1" X111111`) is never accepted;
    a line with an odd number of quotes joins the next, so the row count shows it (the last
    line of a slice is counted by hand).
    Slices are read and converted two at a time (`slices.map_ordered`).
    """

    def read(chunk: bytes) -> pl.DataFrame | None:
        """One slice typed, its `source_line` counted from 0; None if not plain."""
        lines = chunk.count(b"\n") + (0 if chunk.endswith(b"\n") else 1)
        if chunk[chunk.rfind(b"\n", 0, len(chunk) - 1) + 1 :].count(b'"') % 2:
            return None
        try:  # all cells as text, parsed and converted in one pass; a row wider than the first
            # raises (every column is read: `columns.convert`)
            scan = pl.scan_csv(chunk, has_header=False, infer_schema=False, quote_char='"')
            names = scan.collect_schema().names()
            if len(names) != width:
                return None
            scan = scan.select(
                *(pl.col(names[i]).alias(f"c{i}") for i in wanted),
                pl.int_range(pl.len(), dtype=pl.Int64).alias("source_line"),
            )
            typed = convert(scan, *args)
        except pl.exceptions.PolarsError:
            return None
        return with_kinds(typed) if typed.height == lines else None

    tail: list[bytes] = []
    parts = map_ordered(read, _run_slices(first, pieces, tail))
    if any(part is None for part in parts):
        return None
    count, numbered = 0, []
    for part in parts:
        numbered.append(part.with_columns(pl.col("source_line") + (first_line + count)))
        count += part.height
    return numbered, count, b"".join([*tail, *pieces])


def _rest(
    lines: pl.Series, first: int, header: str, width: int, wanted: list[int], always: bool
) -> tuple[pl.DataFrame | None, list[Rejection]]:
    """Lines read one by one (the footer after the run, or the whole file): (rows fed as text
    columns, or None when none are and not `always`; rejections)."""
    rest = _classify_lines(lines, width).with_columns(
        pl.int_range(first, first + lines.len(), dtype=pl.Int64).alias("source_line")
    )
    fed = rest.filter(pl.col("status") == "feed")
    early = rest.filter(~pl.col("status").is_in(["feed", "skip"]))
    rejections = [
        Rejection(int(n), str(r)) for n, r in early.select("source_line", "status").iter_rows()
    ]
    if not fed.height and not always:
        return None, rejections
    try:
        rows = _read_rows(header, width, fed)
    except pl.exceptions.PolarsError:  # a quote polars cannot read (`"ROTH IRA"x`): find it
        readable = pl.Series([_readable(header, width, row) for row in fed.iter_slices(1)])
        reason = "malformed quotes in row"
        rejections += [Rejection(int(n), reason) for n in fed.filter(~readable)["source_line"]]
        rows = _read_rows(header, width, fed.filter(readable))
    return rows.select(*(f"c{i}" for i in wanted), "source_line"), rejections


def _readable(header: str, width: int, row: pl.DataFrame) -> bool:
    try:
        _read_rows(header, width, row)
    except pl.exceptions.PolarsError:
        return False
    return True


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


class FidelityCsvImporter:
    """Fidelity Activity & Orders download (all accounts or one account)."""

    name = "fidelity_csv"
    institution = "fidelity"

    def identify(self, path: Path, head: bytes) -> bool:
        return find_header(physical_lines(head_text(head))) is not None

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        data, start = utf8_lf(data)
        return self._parse(path, iter([data[start:] if start else data]), lambda: (data, start))

    def parse_file(self, path: Path, f: BinaryIO | None = None) -> ParsedFile:
        """`parse` reading the file a slice at a time (from `f`, else opening `path`), so it
        is never held whole."""
        try:
            with path.open("rb") if f is None else nullcontext(f) as source:
                return self._parse(path, lf_pieces(source), lambda: utf8_lf(path.read_bytes()))
        except NotPlain:  # cp1252 or odd line ends: read whole, as `parse` does
            return self.parse(path, path.read_bytes())

    def _parse(
        self, path: Path, pieces: Iterator[bytes], whole: Callable[[], tuple[bytes, int]]
    ) -> ParsedFile:
        """The file from `pieces` (LF text without BOM, each ending at a line end); `whole`
        gives all of it as `utf8_lf` does, for the line-by-line path."""
        display = path.name
        first = next(pieces, b"")
        head = _head_lines(first, 0)
        found = find_header(head)
        if found is None:
            raise InputError(display, "no Fidelity activity header (Run Date, Action, Amount)")
        at, cols = found
        width = len(_cells(head[at]))
        wanted = sorted(set(cols.values()))
        offset = sum(len(line.encode("utf-8")) + 1 for line in head[: at + 1])
        fast = _typed_run(first[offset:], pieces, at + 2, width, wanted, (cols, path, display))
        del first
        if fast is None:  # anything unusual: every line classified, as the slow path always did
            data, start = whole()
            parts, run, tail = [], 0, line_series(data, start).slice(at + 1)
            del data
        else:
            parts, run, rest = fast
            tail = line_series(rest) if rest else _NO_LINES
            del rest
        n_lines = at + 1 + run + tail.len()
        rows, rejections = _rest(tail, at + 2 + run, head[at], width, wanted, not parts)
        del tail
        if rows is not None:
            parts.append(with_kinds(convert(rows, cols, path, display)))
        del rows
        typed = pl.concat(parts) if len(parts) > 1 else parts[0]
        del parts
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
        tx = good.select(list(schema.TX_IMPORT_SCHEMA))
        return ParsedFile(
            transactions=tx.cast(schema.TX_IMPORT_SCHEMA),
            balances=schema.empty(schema.BAL_IMPORT_SCHEMA),
            rejections=rejections,
            rows=n_lines,
            skipped=n_lines - tx.height - len(rejections),
            notes=notes,
        )


IMPORTER = FidelityCsvImporter()
