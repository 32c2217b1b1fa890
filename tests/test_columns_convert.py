"""`columns.convert` (one query over the usual cells, the exact helper only for an unusual
column) gives exactly the values and errors of `money_series`, `date_series` and `text_series`."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from polars.testing import assert_series_equal

from rothaudit.importing import columns
from rothaudit.importing.columns import Cell

CELLS = {
    "amount": Cell("a", "money", "Amount"),
    "price": Cell("p", "money", "Price", 9),
    "trade_date": Cell("d", "date", "Run Date"),
    "action": Cell("t", "text"),
    "gone_money": Cell("missing_m", "money", "Quantity"),
    "gone_date": Cell("missing_d", "date", "Settlement Date"),
    "gone_text": Cell("missing_t", "text"),
}
SOURCES = ["a", "p", "d", "t"]

PLACEHOLDERS = ["--", "N/A", "n/a", "none", "None", "NONE", "Processing", "not applicable", ""]
plain_numbers = st.builds(
    lambda sign, whole, point, decimals: f"{sign}{whole}{point}{decimals}",
    st.sampled_from(["", "-"]),
    st.sampled_from(["", "0", "7", "12", "00012", "123456"]),
    st.sampled_from([".", "", "."]),
    st.sampled_from(["", "5", "50", "123456", "1234567", "123456789", "1234567890"]),
).filter(lambda s: any(c.isdigit() for c in s))
money_text = st.one_of(
    plain_numbers,
    st.sampled_from(
        [
            "1e3",
            "$1,234.50",
            "(12.00)",
            "+0.16",
            "-+3",
            " 12.5 ",
            '"500"',
            '" 7 "',
            "1,234",
            "7x00",
            "5.",
            ".",
            "-",
            "١٢",  # Arabic-Indic digits: `\d` in polars' regex is Unicode
            "１２",
            "0.1234567",
            "0.1234567891",
            "12.1234567890123",
        ]
    ),
)
day = st.integers(0, 35)
month = st.integers(0, 14)
year = st.integers(1999, 2031)
date_text = st.one_of(
    st.builds(lambda m, d, y: f"{m:02d}/{d:02d}/{y}", month, day, year),
    st.builds(lambda m, d, y: f"{m}/{d}/{y}", month, day, year),
    st.builds(lambda m, d, y: f"{y}-{m:02d}-{d:02d}", month, day, year),
    st.builds(lambda m, d, y: f"{m:02d}/{d:02d}/{y % 100:02d}", month, day, year),
    st.sampled_from(
        ["13/45/2025", "02/30/2024", "02/29/2024", "1/2/3", "2025/01/02", "01-02-2025"]
    ),
)
text_cells = st.sampled_from(
    [
        "YOU BOUGHT X",
        " padded ",
        '"quoted"',
        '" both "',
        '"',
        '""',
        'in"side',
        "tab\t",
        "\u00a0nbsp",
        "Café ☕",
        "none of these",
        "--x",
    ]
)
any_cell = st.one_of(
    st.none(), st.sampled_from(PLACEHOLDERS), money_text, date_text, text_cells, st.text(max_size=6)
)


def column(usual: st.SearchStrategy[str], n: int) -> st.SearchStrategy[list[str | None]]:
    """A column as the usual export has it (the fast reading), or any mix (the exact helper)."""
    return st.one_of(
        st.lists(st.one_of(st.none(), usual), min_size=n, max_size=n),
        st.lists(any_cell, min_size=n, max_size=n),
    )


def text_frame(data: dict[str, list[str | None]]) -> pl.DataFrame:
    return pl.DataFrame(data, schema={name: pl.String for name in SOURCES})


@st.composite
def frames(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(0, 8))
    first_shape = st.builds(lambda m, d, y: f"{m:02d}/{d:02d}/{y}", month, day, year)
    clean_text = st.sampled_from(["YOU BOUGHT X", "CASH CONTRIBUTION", "a, b", "Café"])
    return text_frame(
        {
            "a": draw(column(plain_numbers, n)),
            "p": draw(column(plain_numbers, n)),
            "d": draw(column(first_shape, n)),
            "t": draw(column(clean_text, n)),
        }
    )


def exact(frame: pl.DataFrame, cell: Cell) -> tuple[pl.Series, pl.Series | None]:
    """What the exact helper makes of the cell's column (all null when the frame lacks it)."""
    raw = frame[cell.source] if cell.source in frame.columns else None
    if raw is None:
        raw = pl.Series(cell.source, [None] * frame.height, dtype=pl.String)
    if cell.kind == "money":
        return columns.money_series(raw, label=cell.label, scale=cell.scale)
    if cell.kind == "date":
        return columns.date_series(raw, label=cell.label)
    return columns.text_series(raw), None


def assert_converted_exactly(frame: pl.DataFrame, got: pl.DataFrame) -> None:
    assert got.height == frame.height
    for name, cell in CELLS.items():
        value, error = exact(frame, cell)
        assert_series_equal(got[name], value, check_names=False, check_exact=True)
        if cell.kind == "text":
            assert f"_e_{name}" not in got.columns
        else:
            assert error is not None
            assert got[f"_e_{name}"].dtype == pl.String
            assert_series_equal(got[f"_e_{name}"], error, check_names=False)


@settings(max_examples=60, deadline=None)
@given(frame=frames(), lazy=st.booleans())
@example(frame=text_frame({name: [] for name in SOURCES}), lazy=False)
@example(frame=text_frame({name: [] for name in SOURCES}), lazy=True)
@example(
    frame=text_frame({"a": ["1", None], "p": [None, None], "d": [None, ""], "t": ["", None]}),
    lazy=False,
)
@example(
    frame=text_frame({"a": ["1"], "p": ["1.1234567891"], "d": ["02/30/2024"], "t": ["x"]}),
    lazy=False,
)
def test_convert_equals_the_exact_helpers(frame: pl.DataFrame, lazy: bool) -> None:
    got = columns.convert(frame.lazy() if lazy else frame, CELLS, [pl.len().alias("n")])
    assert list(got.columns) == [
        *[
            c
            for name, cell in CELLS.items()
            for c in (name, f"_e_{name}")[: 1 + (cell.kind != "text")]
        ],
        "n",
    ]
    assert_converted_exactly(frame, got.drop("n"))


def test_convert_carries_expressions() -> None:
    frame = text_frame({"a": ["1", "x"], "p": ["2", "3"], "d": ["01/02/2025"] * 2, "t": ["a", "b"]})
    got = columns.convert(frame, CELLS, [pl.int_range(pl.len()).alias("line")])
    assert got["line"].to_list() == [0, 1]
    assert got["_e_amount"].to_list() == [None, "unparseable Amount 'x'"]


@pytest.mark.parametrize("cell", ["١٢", "１２", "1٢.5"])
def test_non_ascii_digits_are_read_or_rejected(cell: str) -> None:
    """polars' regex reads `\\d` as any Unicode digit; the money gates use [0-9], so such a cell
    is rejected as unparseable instead of silently becoming null."""
    value, error = columns.money_series(pl.Series([cell]), label="Price")
    assert value[0] is not None or error[0] is not None
