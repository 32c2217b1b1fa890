"""Vectorised cell parsing: each helper returns a (value, error) pair of polars expressions.

Parsing whole columns at once keeps a 1M-row import near `polars.read_csv` speed. A cell that
is present but unparseable yields a null value and an error text; the importer turns rows with
an error into rejections with `split_rejections`. Money never passes through float: polars'
`str.to_decimal` silently rounds extra digits and accepts `1e3`, so a regex gates it first.
"""

from __future__ import annotations

import polars as pl

from rothaudit.importing.base import Rejection

# Cells that mean "no value" in the exports (Fidelity `--`, `Processing`, statement `N/A`).
NULL_TOKENS = ["", "--", "n/a", "not applicable", "processing", "none"]

_NUMBER = r"^-?(\d+\.?\d*|\.\d+)$"


def text(col: str) -> pl.Expr:
    """A trimmed text cell; empty and placeholder cells become null."""
    c = pl.col(col).cast(pl.String).str.strip_chars().str.strip_chars('"').str.strip_chars()
    return pl.when(c.str.to_lowercase().is_in(NULL_TOKENS)).then(None).otherwise(c)


def money(col: str, *, label: str | None = None, scale: int = 6) -> tuple[pl.Expr, pl.Expr]:
    """Exact decimal of a money/quantity cell (`$1,234.50`, `+0.16`, `(12.00)`, `-00012.5`)."""
    label = label or col
    raw = text(col)
    c = raw.str.replace_all(r"[\s$,]", "")
    negative_paren = c.str.starts_with("(") & c.str.ends_with(")")
    c = pl.when(negative_paren).then(pl.lit("-") + c.str.strip_chars("()")).otherwise(c)
    c = c.str.strip_prefix("+")
    c = pl.when(c.str.starts_with("-+")).then(pl.lit("-") + c.str.slice(2)).otherwise(c)
    well_formed = c.str.contains(_NUMBER)
    places = c.str.extract(r"\.(\d*)$", 1).str.len_chars().fill_null(0)
    fits = places <= scale
    value = pl.when(well_formed & fits).then(c.str.to_decimal(scale=scale)).otherwise(None)
    error = (
        pl.when(raw.is_null())
        .then(None)
        .when(~well_formed)
        .then(pl.format(f"unparseable {label} '{{}}'", raw))
        .when(~fits)
        .then(pl.format(f"{label} '{{}}' has more than {scale} decimal places", raw))
        .otherwise(None)
    )
    return value.cast(pl.Decimal(38, scale)), error


def date(col: str, *, label: str | None = None) -> tuple[pl.Expr, pl.Expr]:
    """A date in any form the exports use: `MM/DD/YYYY`, `M/D/YYYY`, `YYYY-MM-DD`, `MM/DD/YY`."""
    label = label or col
    raw = text(col)
    us4 = raw.str.contains(r"^\d{1,2}/\d{1,2}/\d{4}$")
    iso = raw.str.contains(r"^\d{4}-\d{1,2}-\d{1,2}$")
    us2 = raw.str.contains(r"^\d{1,2}/\d{1,2}/\d{2}$")
    value = (
        pl.when(us4)
        .then(raw.str.strptime(pl.Date, "%m/%d/%Y", strict=False))
        .when(iso)
        .then(raw.str.strptime(pl.Date, "%Y-%m-%d", strict=False))
        .when(us2)
        .then(raw.str.strptime(pl.Date, "%m/%d/%y", strict=False))
        .otherwise(None)
    )
    error = (
        pl.when(raw.is_null())
        .then(None)
        .when(value.is_null())
        .then(pl.format(f"unparseable {label} '{{}}'", raw))
        .otherwise(None)
    )
    return value, error


def required(value: pl.Expr, label: str) -> pl.Expr:
    """An error text where a required value is missing."""
    return pl.when(value.is_null()).then(pl.lit(f"missing {label}")).otherwise(None)


def split_rejections(
    df: pl.DataFrame, error_columns: list[str], line_column: str = "source_line"
) -> tuple[pl.DataFrame, list[Rejection]]:
    """Rows with any error become rejections (first error wins); the rest are returned clean."""
    if not error_columns:
        return df, []
    first_error = pl.coalesce([pl.col(c) for c in error_columns]).alias("_error")
    df = df.with_columns(first_error)
    bad = df.filter(pl.col("_error").is_not_null())
    rejections = [
        Rejection(line=int(line), reason=str(reason))
        for line, reason in bad.select(line_column, "_error").iter_rows()
    ]
    good = df.filter(pl.col("_error").is_null()).drop([*error_columns, "_error"])
    return good, rejections
