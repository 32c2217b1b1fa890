"""What the CSV fast paths assume of polars' CSV reader (issue 2). If a polars release changes
any of these, the fast paths could accept a line the line-by-line path rejects or mends, so
this file fails first and names the assumption."""

from __future__ import annotations

import polars as pl
import pytest

from rothaudit.importing.columns import Cell, convert

# Enough rows that polars splits the input into several chunks read in parallel.
MANY = b"1,a,b\n" * 200_000


def _scan(data: bytes, quote: str | None = '"') -> pl.LazyFrame:
    return pl.scan_csv(data, has_header=False, infer_schema=False, quote_char=quote)


@pytest.mark.parametrize("where", ["first chunk", "middle", "last line"])
def test_a_row_wider_than_the_first_raises_when_every_column_is_read(where: str) -> None:
    wide = b"2,c,d,e\n"
    data = {"first chunk": MANY[:12] + wide + MANY, "middle": MANY + wide + MANY}.get(
        where, MANY + wide
    )
    with pytest.raises(pl.exceptions.PolarsError):
        pl.read_csv(data, has_header=False, infer_schema=False)
    # columns.convert reads a scan with projection pushdown off, for this reason
    cells = {"x": Cell("column_0", "text")}
    with pytest.raises(pl.exceptions.PolarsError):
        convert(_scan(data), cells)


def test_projection_alone_would_hide_a_wider_row() -> None:
    """Why `columns.convert` turns projection pushdown off: with it, polars reads a wider row
    without complaint (if this ever raises, the flag is merely redundant)."""
    data = MANY + b"2,c,d,e\n"
    assert _scan(data).select("column_0").collect().height == 200_001


@pytest.mark.parametrize("line", [b'1,"Account1" X111111,b\n', b'1,"A"  ,b\n', b'1,"A" B",c\n'])
def test_text_after_a_closing_quote_raises(line: bytes) -> None:
    """A line Fidelity's `_repair` would mend never passes the fast path as it is."""
    with pytest.raises(pl.exceptions.PolarsError):
        pl.read_csv(MANY + line + MANY, has_header=False, infer_schema=False)


def test_a_line_with_an_odd_quote_count_changes_the_row_count_or_raises() -> None:
    data = MANY + b'1,ab"c,d\n' + MANY
    lines = data.count(b"\n")
    try:
        rows = pl.read_csv(data, has_header=False, infer_schema=False).height
    except pl.exceptions.PolarsError:
        return
    assert rows != lines


def test_empty_cells_read_as_null_and_quote_free_lines_are_rows() -> None:
    frame = pl.read_csv(b"1,,b,\n2,x,,\n", has_header=False, infer_schema=False, quote_char=None)
    assert frame.rows() == [("1", None, "b", None), ("2", "x", None, None)]
