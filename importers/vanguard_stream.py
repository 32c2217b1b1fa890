"""Vanguard `OfxDownload.csv` read from the file a slice at a time (`VanguardCsv.parse_file`).

Only the common file is read here: every line that does not start with a digit is blank or
opens a span of lines (a known section header, or the first line of an unknown section, whose
lines are rejected), and every slice of data lines is quote-free and proven to have the
header's width. For anything else `read` returns None and the caller reads the whole file with
`VanguardCsv.parse`, which gives the same result for every file; this reader must give exactly
that result for the files it takes (tests/test_vanguard_stream.py compares the two).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from rothaudit.importing import columns
from rothaudit.importing.base import ParsedFile, Rejection
from rothaudit.importing.slices import NOT_DIGIT_LINE, line_slices, map_ordered
from rothaudit.importing.text import normalise_header

from .vanguard_csv import (
    SECTIONS,
    Section,
    _fields,
    _header,
    _is_data_row,
    _State,
    _transactions,
    finish,
    typed_columns,
)
from .vanguard_walk import _MAX_NOT_DIGIT


class _Fallback(Exception):
    """The file is not one this reader takes; `VanguardCsv.parse` reads it."""


@dataclass
class _Slice:
    """Data lines of one section, read by a worker."""

    data: bytes
    first_line: int
    lines: int
    section: Section
    header: str


@dataclass
class _Walk:
    """The section walk of `vanguard_walk.walk`, fed line by line and run by run."""

    state: _State = field(default_factory=lambda: _State([], [], []))
    line_no: int = 0  # lines read so far
    current: tuple[Section, str] | None = None
    span_open: bool = False  # inside a run of non-blank lines
    rejecting: str | None = None  # the reason, while in an unknown section's span
    not_digit: int = 0

    def slices(self, pieces: Iterator[bytes]) -> Iterator[_Slice]:
        """Walk every piece; yield the data slices for the workers."""
        for piece in pieces:
            heads = [0] if piece[:1] and not piece[:1].isdigit() else []
            heads += [m.end() for m in NOT_DIGIT_LINE.finditer(piece) if m.end() < len(piece)]
            self.not_digit += len(heads)
            if self.not_digit > _MAX_NOT_DIGIT:
                raise _Fallback
            ends = [_line_end(piece, h) for h in heads]
            texts = [piece[h:e].decode("utf-8") for h, e in zip(heads, ends, strict=True)]
            blank = pl.Series(texts, dtype=pl.String).str.contains(r"^[\s,]*$").to_list()
            at = 0
            for head, end, text, is_blank in zip(heads, ends, texts, blank, strict=True):
                if head > at:
                    yield from self._run(piece, at, head)
                self._line(text, is_blank)
                at = end + 1
            if at < len(piece):
                yield from self._run(piece, at, len(piece))

    def _line(self, text: str, is_blank: bool) -> None:
        self.line_no += 1
        if is_blank:
            self.state.skipped += 1
            self.span_open = False
            return
        if self.span_open:
            if self.rejecting is None:
                raise _Fallback  # an odd row inside a section
            self.state.rejections.append(Rejection(self.line_no, self.rejecting))
            return
        self.span_open = True
        section = SECTIONS.get(_header(text))
        if section is not None:
            self.current, self.rejecting = (section, text), None
            self.state.skipped += 1
            self.state.known_sections += 1
        elif self.current is not None and _is_data_row(text):
            raise _Fallback  # a data row that does not start with a digit
        else:
            self.current = None
            self.rejecting = f"unknown Vanguard section header '{text[:80]}'"
            self.state.rejections.append(Rejection(self.line_no, self.rejecting))

    def _run(self, piece: bytes, start: int, end: int) -> Iterator[_Slice]:
        """Lines `piece[start:end]`, all starting with a digit."""
        if not self.span_open:
            self.span_open = True
            first = piece[start : _line_end(piece, start)].decode("utf-8")
            if self.current is None or not _is_data_row(first):
                raise _Fallback  # rejected as an unknown section: rare, left to `parse`
            self.rejecting = None
        if self.rejecting is not None or self.current is None:
            raise _Fallback
        section, header = self.current
        for a, b in line_slices(piece, start, end):
            data = piece if b - a == len(piece) else piece[a:b]
            lines = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
            yield _Slice(data, self.line_no + 1, lines, section, header)
            self.line_no += lines


def _line_end(piece: bytes, at: int) -> int:
    end = piece.find(b"\n", at)
    return len(piece) if end < 0 else end


def _read(part: _Slice) -> tuple[str, pl.DataFrame, list[Rejection]] | None:
    """One slice parsed and typed as `vanguard_walk._read_span` + `_section` would; None unless it is
    quote-free and every row has the header's width: the header's last named cell filled
    and nothing after the trailing comma (polars raises on a row wider than the first).
    The slice is parsed and converted in one pass (`typed_columns` on a CSV scan)."""
    if b'"' in part.data:
        return None
    header_cells = [normalise_header(c) for c in _fields(part.header)]
    named = len(_header(part.header))
    wanted = set(part.section.columns.values())
    labels = {normalise_header(c): c.strip() for c in _fields(part.header)}
    try:
        scan = pl.scan_csv(part.data, has_header=False, infer_schema=False, quote_char=None)
        names = scan.collect_schema().names()
        if not named or len(names) != named + 1:
            return None
        last, trailing = pl.col(names[named - 1]), pl.col(names[named])
        scan = scan.select(
            *(
                pl.col(names[i]).alias(name)
                for i, name in enumerate(header_cells[:named])
                if name in wanted and name not in header_cells[:i]
            ),
            pl.int_range(part.first_line, part.first_line + pl.len(), dtype=pl.Int64).alias(
                "source_line"
            ),
            pl.lit(None, pl.String).alias("_e_fields"),
            ((last.null_count() == 0) & (trailing.null_count() == pl.len())).alias("_proven"),
        )
        parsed, errors = typed_columns(scan, part.section, labels, [pl.col("_proven")])
    except pl.exceptions.PolarsError:
        return None
    if parsed.height != part.lines or (parsed.height and not parsed["_proven"][0]):
        return None
    good, rejected = columns.split_rejections(parsed.drop("_proven"), errors)
    if part.section.frame == "transactions":
        good = _transactions(good)
    return part.section.frame, good, rejected


def read(path: Path, pieces: Iterator[bytes]) -> ParsedFile | None:
    """The file from `pieces` (LF text without BOM, each ending at a line end), or None."""
    walk = _Walk()
    try:
        results = map_ordered(_read, walk.slices(pieces))
    except _Fallback:
        return None
    state = walk.state
    for result in results:
        if result is None:
            return None
        frame, good, rejected = result
        state.rejections += rejected
        if frame == "transactions":
            state.transactions.append(good)
        else:
            state.skipped += good.height  # holdings are balances, not transactions
            state.balances.append(good)
    return finish(path, state, walk.line_no)
