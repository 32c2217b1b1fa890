"""Vanguard `OfxDownload.csv` read whole (`VanguardCsv.parse`): the section walk over the file's
bytes, split at blank lines, each section's rows read by `vanguard_csv`.

Two plans give the same rows, rejections and line numbers: the bytes plan (`_runs_from_bytes`
+ `_read_span`: only the lines that do not start with a digit are read as text) for the common
file, and the line plan (`_walk_lines`: every line as a polars Series) for anything else
(tests/test_vanguard_bytes_plan.py compares them). Large files are usually read a slice at a
time by `vanguard_stream` instead; this walk takes the files that reader does not.
"""

from __future__ import annotations

import polars as pl

from rothaudit.importing.base import Rejection
from rothaudit.importing.slices import NOT_DIGIT_LINE
from rothaudit.importing.text import line_series

from .vanguard_csv import (
    SECTIONS,
    Section,
    _header,
    _is_data_row,
    _read_rows,
    _section,
    _State,
    _width_errors,
)


def walk(data: bytes, start: int, state: _State) -> int:
    """Split at blank lines; a run starts a section at a known header or continues the last one.

    The common file (lines that start with a digit, a few headers and blank lines) is planned
    from the bytes (`_runs_from_bytes`), with no line Series; any other file goes through
    `_walk_lines`, which plans from a Series of every line. Both give the same rows, rejections
    and line numbers. Returns the number of lines.
    """
    runs = _runs_from_bytes(data, start)
    if runs is None:
        return _walk_lines(data, start, state)
    n_lines, blanks, spans = runs
    state.skipped += blanks
    current: tuple[Section, str] | None = None
    for begin, end, at, stop in spans:
        first = _line_at(data, at)
        section = SECTIONS.get(_header(first))
        if section is not None:
            current = (section, first)
            state.skipped += 1
            state.known_sections += 1
            data_at = at + len(first.encode("utf-8")) + 1
            _section(current, [_read_span(current, data, begin + 1, end, data_at, stop)], state)
        elif current is not None and _is_data_row(first):
            _section(current, [_read_span(current, data, begin, end, at, stop)], state)
        else:
            current = None
            reason = f"unknown Vanguard section header '{first[:80]}'"
            state.rejections += [Rejection(n + 1, reason) for n in range(begin, end)]
    return n_lines


# Lines that do not start with a digit (blank, headers, odd rows) are a handful in a normal
# export; beyond this many, the file is planned line by line.
_MAX_NOT_DIGIT = 10_000


def _runs_from_bytes(
    data: bytes, start: int
) -> tuple[int, int, list[tuple[int, int, int, int]]] | None:
    """(lines, blank lines, non-blank runs as (first line, end line, first byte, end byte)).

    Only lines that do not start with a digit can be blank, so only they are read and tested
    (with the same polars regex `_walk_lines` uses). None when such lines are many, or the
    file is one `line_series` would not split with polars: the line-by-line plan is used.
    """
    if start >= len(data) or data.find(b"\x1f", start) >= 0:
        return None
    heads = [start]
    for match in NOT_DIGIT_LINE.finditer(data, start):
        if match.end() < len(data):
            heads.append(match.end())
            if len(heads) > _MAX_NOT_DIGIT:
                return None
    numbers, texts, line, previous = [], [], 0, start
    for head in heads:
        line += data.count(b"\n", previous, head)
        previous = head
        numbers.append(line)
        texts.append(_line_at(data, head))
    n_lines = line + data.count(b"\n", previous) + (0 if data.endswith(b"\n") else 1)
    blank = pl.Series(texts, dtype=pl.String).str.contains(r"^[\s,]*$").to_list()
    spans: list[tuple[int, int, int, int]] = []
    begin, at = 0, start
    for number, head, text, is_blank in zip(numbers, heads, texts, blank, strict=True):
        if not is_blank:
            continue
        if number > begin:
            spans.append((begin, number, at, head))
        begin, at = number + 1, head + len(text.encode("utf-8")) + 1
    if n_lines > begin:
        spans.append((begin, n_lines, at, len(data)))
    return n_lines, sum(blank), spans


def _line_at(data: bytes, at: int) -> str:
    end = data.find(b"\n", at)
    return data[at : end if end >= 0 else len(data)].decode("utf-8")


def _read_span(
    current: tuple[Section, str], data: bytes, begin: int, end: int, at: int, stop: int
) -> pl.DataFrame:
    """A section's rows from `data[at:stop]` (lines `begin`..`end`), as `_walk_lines` reads them.

    Quote-free rows are parsed straight from the bytes. Their widths are proven right without
    reading lines when every line ends with a comma, the header's last named cell is filled in
    every row (so each row has at least that many commas) and the section holds exactly that
    many commas per line; otherwise (or with a quote) the section's lines are read and checked
    one by one, as before.
    """
    section, header = current
    count = end - begin
    named = len(_header(header))
    if count and named and data.find(b'"', at, stop) < 0:
        wanted = set(section.columns.values())
        frame = _read_rows(
            header, _NO_LINES, begin + 1, (data, at, count), _NO_LINES, wanted, named
        )
        last = f"_last{named}"
        proven = (
            frame.height == count
            and (stop < len(data) or data.endswith(b"\n"))  # every line ends with LF
            and data.count(b",\n", at, stop) == count
            and data.count(b",", at, stop) == named * count
            and frame[last].null_count() == 0
        )
        # `last` stays in the frame: dropping it from the fresh 63-chunk frame of 1M rows raised
        # RSS by ~170 MB (measured); `_typed` reads only the mapped columns
        if proven:
            return frame.with_columns(pl.lit(None, pl.String).alias("_e_fields"))
        lines = line_series(data[at:stop])
        if frame.height == count:
            return frame.with_columns(_width_errors(lines, named).alias("_e_fields"))
        return _read_rows(header, lines, begin + 1)
    return _read_rows(header, line_series(data[at:stop]) if count else _NO_LINES, begin + 1)


def _walk_lines(data: bytes, start: int, state: _State) -> int:
    """`_walk` for any file: every section is planned from the line Series.

    First every section is planned from the line Series (headers, widths, whether it has a
    quote); the Series, a copy of the whole file, is dropped before the sections are parsed
    from the bytes. Returns the number of lines.
    """
    lines = line_series(data, start)
    n_lines = lines.len()
    blank = lines.str.contains(r"^[\s,]*$")
    state.skipped += int(blank.sum())
    runs = pl.DataFrame({"blank": blank}).select(pl.col("blank").rle().struct.unnest())
    offsets = (lines.str.len_bytes().cast(pl.Int64) + 1).cum_sum()  # end of each line
    plans: list[tuple[tuple[Section, str], int, int, pl.Series, tuple[bytes, int, int] | None]] = []
    current: tuple[Section, str] | None = None
    begin = 0
    for length, is_blank in runs.iter_rows():
        end = begin + length
        if is_blank:
            begin = end
            continue
        first = lines[begin]
        section = SECTIONS.get(_header(first))
        if section is not None:
            current = (section, first)
            state.skipped += 1
            state.known_sections += 1
            plans.append(
                (
                    current,
                    begin + 1,
                    end,
                    *_plan(current, lines, begin + 1, end, data, start, offsets),
                )
            )
        elif current is not None and _is_data_row(first):
            plans.append(
                (current, begin, end, *_plan(current, lines, begin, end, data, start, offsets))
            )
        else:
            current = None
            reason = f"unknown Vanguard section header '{first[:80]}'"
            state.rejections += [Rejection(n + 1, reason) for n in range(begin, end)]
        begin = end
    del lines, blank, offsets
    for current, begin, _end, rows_or_width, raw in plans:
        section, header = current
        if raw is None:
            rows = _read_rows(header, rows_or_width, begin + 1)
        else:
            wanted = set(section.columns.values())
            rows = _read_rows(header, _NO_LINES, begin + 1, raw, rows_or_width, wanted)
        holder = [rows]
        del rows
        _section(current, holder, state)
    return n_lines


_NO_LINES = pl.Series("line", [], dtype=pl.String)


def _plan(
    current: tuple[Section, str],
    lines: pl.Series,
    begin: int,
    end: int,
    data: bytes,
    start: int,
    offsets: pl.Series,
) -> tuple[pl.Series, tuple[bytes, int, int] | None]:
    """(width errors, (bytes, offset, count)) for a quote-free section; else (its lines, None)."""
    at = start + (int(offsets[begin - 1]) if begin else 0)
    stop = start + int(offsets[end - 1]) if end > begin else at
    section_lines = lines.slice(begin, end - begin)
    if end > begin and data.find(b'"', at, stop) < 0:
        return _width_errors(section_lines, len(_header(current[1]))), (data, at, end - begin)
    return pl.Series("line", section_lines.to_list(), dtype=pl.String), None  # own copy
