"""Vectorised cell parsing: each helper returns a (value, error) pair of polars expressions.

Parsing whole columns at once keeps a 1M-row import near `polars.read_csv` speed. A cell that
is present but unparseable yields a null value and an error text; the importer turns rows with
an error into rejections with `split_rejections`. Money never passes through float: polars'
`str.to_decimal` silently rounds extra digits and accepts `1e3`, so a regex gates it first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import polars as pl

from rothaudit.importing.base import Rejection

# Cells that mean "no value" in the exports (Fidelity `--`, `Processing`, statement `N/A`).
NULL_TOKENS = ["", "--", "n/a", "not applicable", "processing", "none"]

_NUMBER = r"^-?([0-9]+\.?[0-9]*|\.[0-9]+)$"  # [0-9]: polars reads \d as any Unicode digit
_PLACEHOLDER = "(?i)^(?:" + "|".join(t for t in NULL_TOKENS if t) + ")$"  # no regex syntax in them
_DATE_FORMATS = [  # shape (they exclude each other) and the format that reads it
    (r"^\d{1,2}/\d{1,2}/\d{4}$", "%m/%d/%Y"),
    (r"^\d{4}-\d{1,2}-\d{1,2}$", "%Y-%m-%d"),
    (r"^\d{1,2}/\d{1,2}/\d{2}$", "%m/%d/%y"),
]

# The parsing runs on evaluated Series inside `map_batches`: a sub-expression used in several
# when/then branches is evaluated once per use (eager `select` shares nothing), and chained uses
# multiply, which once made `money` 80x slower than `str.to_decimal` on a 1M-row file. On a
# Series each step runs once, and steps no cell needs (no quotes, no `$`) are skipped.


def _clean_text(s: pl.Series) -> pl.Series:
    s = s.cast(pl.String).str.strip_chars()
    if s.str.contains('"', literal=True).any():
        s = s.str.strip_chars('"').str.strip_chars()
    placeholder = s.str.contains(_PLACEHOLDER) | (s == "")
    return s.zip_with(~placeholder, pl.Series([None], dtype=pl.String)) if placeholder.any() else s


def text(col: str) -> pl.Expr:
    """A trimmed text cell; empty and placeholder cells become null."""
    return pl.col(col).map_batches(_clean_text, return_dtype=pl.String, is_elementwise=True)


def _null_text(n: int) -> pl.Series:
    return pl.repeat(None, n, dtype=pl.String, eager=True)


def _clean_money(raw: pl.Series) -> pl.Series:
    """Sign and separators normalised: `$1,234.50` -> `1234.50`, `(12.00)` -> `-12.00`."""
    c = raw
    if c.str.contains(r"[\s$,()+]").any():  # plain numbers (nearly every cell) skip all this
        c = c.str.replace_all(r"[\s$,]", "")
        paren = c.str.starts_with("(") & c.str.ends_with(")")
        c = c.zip_with(~paren, "-" + c.str.strip_chars("()"))
        c = c.str.strip_prefix("+")
        c = c.zip_with(~c.str.starts_with("-+"), "-" + c.str.slice(2))
    return c


def money_series(s: pl.Series, *, label: str, scale: int = 6) -> tuple[pl.Series, pl.Series]:
    """(value, error) of a money/quantity column, each cell parsed once; see `money`."""
    s = s.cast(pl.String)
    plain = rf"^-?([0-9]+(\.[0-9]{{0,{scale}}})?|\.[0-9]{{1,{scale}}})$"
    if s.str.contains(plain).sum() == len(s) - s.null_count():
        # every cell a plain number (the usual case): nothing to clean, nothing to reject
        return s.str.to_decimal(scale=scale).cast(pl.Decimal(38, scale)), _null_text(len(s))
    raw = _clean_text(s)
    c = _clean_money(raw)
    # well formed (`_NUMBER`) and at most `scale` decimals, in one pass
    ok = c.str.contains(plain)
    number = c if ok.all() else c.zip_with(ok, pl.Series([None], dtype=pl.String))
    value = number.str.to_decimal(scale=scale).cast(pl.Decimal(38, scale))
    if not (raw.is_not_null() & ~ok).any():
        return value, _null_text(len(s))
    error = (
        pl.DataFrame({"raw": raw, "c": c})
        .select(
            pl.when(pl.col("raw").is_null())
            .then(None)
            .when(~pl.col("c").str.contains(_NUMBER))
            .then(pl.format(f"unparseable {label} '{{}}'", "raw"))
            .when(pl.col("c").str.contains(rf"\.[0-9]{{{scale + 1},}}$"))
            .then(pl.format(f"{label} '{{}}' has more than {scale} decimal places", "raw"))
            .otherwise(None)
        )
        .to_series()
    )
    return value, error


def money(col: str, *, label: str | None = None, scale: int = 6) -> tuple[pl.Expr, pl.Expr]:
    """Exact decimal of a money/quantity cell (`$1,234.50`, `+0.16`, `(12.00)`, `-00012.5`)."""
    label = label or col
    dtype = pl.Decimal(38, scale)
    cell = pl.col(col)
    return (
        cell.map_batches(
            lambda s: money_series(s, label=label, scale=scale)[0],
            return_dtype=dtype,
            is_elementwise=True,
        ),
        cell.map_batches(
            lambda s: money_series(s, label=label, scale=scale)[1],
            return_dtype=pl.String,
            is_elementwise=True,
        ),
    )


def _date_value(raw: pl.Series) -> pl.Series:
    present = len(raw) - raw.null_count()
    value = None
    todo = raw
    for shape, fmt in _DATE_FORMATS:
        fits = todo.str.contains(shape)
        n_fit = fits.sum()
        if n_fit == present and value is None:  # usually: every cell has the first shape
            return todo.str.strptime(pl.Date, fmt, strict=False)
        if n_fit:
            parsed = todo.zip_with(fits, pl.Series([None], dtype=pl.String))
            parsed = parsed.str.strptime(pl.Date, fmt, strict=False)
            value = parsed if value is None else value.fill_null(parsed)
            todo = todo.zip_with(~fits, pl.Series([None], dtype=pl.String))
            present -= n_fit
        if present == 0:
            break
    return value if value is not None else pl.repeat(None, len(raw), dtype=pl.Date, eager=True)


def per_distinct(s: pl.Series, compute: Callable[[pl.Series], pl.DataFrame]) -> pl.DataFrame:
    """`compute` on the distinct values of `s` only, joined back to every row in order.

    A 1M-row export repeats a few thousand dates and a few hundred names or action texts;
    cleaning or parsing those once and paying one hash join is ~2x cheaper than the full
    column. A column of mostly distinct values is computed directly.
    """
    distinct = s.unique()
    if distinct.len() * 8 > s.len():
        return compute(s)
    mapped = compute(distinct).with_columns(distinct.alias("_key"))
    rows = pl.DataFrame({"_key": s})
    joined = rows.join(mapped, on="_key", how="left", nulls_equal=True, maintain_order="left")
    return joined.drop("_key")


def _needs_no_cleaning(s: pl.Series) -> tuple[bool, pl.Series]:
    """(True when `_clean_text` would leave every cell as it is, the distinct cells).

    Checked on the distinct cells (a few thousand in a 1M-row export), so the usual column,
    already clean, is used as it is: no per-row cleaning and no join back.
    """
    distinct = s.unique()
    return _clean_text(distinct).equals(distinct, null_equal=True), distinct


def date_series(s: pl.Series, *, label: str) -> tuple[pl.Series, pl.Series]:
    """(value, error) of a date column, each distinct cell parsed once; see `date`."""
    s = s.cast(pl.String)
    clean, distinct = _needs_no_cleaning(s)
    shape, fmt = _DATE_FORMATS[0]
    if clean and distinct.drop_nulls().str.contains(shape).all():
        # the usual column: clean cells of the first shape, parsed whole (`_date_value` does
        # the same when every present cell has that shape); a bad date takes the long way
        value = s.str.strptime(pl.Date, fmt, strict=False)
        if value.null_count() == s.null_count():
            return value, _null_text(len(s))
    frame = per_distinct(
        s,
        lambda d: pl.DataFrame(
            dict(zip(("value", "error"), _date_series(d, label=label), strict=True))
        ),
    )
    return frame["value"], frame["error"]


def _date_series(s: pl.Series, *, label: str) -> tuple[pl.Series, pl.Series]:
    raw = _clean_text(s)
    value = _date_value(raw)
    bad = raw.is_not_null() & value.is_null()
    if not bad.any():
        return value, _null_text(len(s))
    message = pl.select(pl.format(f"unparseable {label} '{{}}'", pl.lit(raw))).to_series()
    return value, message.zip_with(bad, pl.Series([None], dtype=pl.String))


def text_series(s: pl.Series) -> pl.Series:
    """A trimmed text column; empty and placeholder cells become null (see `text`)."""
    s = s.cast(pl.String)
    if _needs_no_cleaning(s)[0]:
        return s
    return per_distinct(s.cast(pl.String), lambda d: _clean_text(d).to_frame("t"))["t"]


def date(col: str, *, label: str | None = None) -> tuple[pl.Expr, pl.Expr]:
    """A date in any form the exports use: `MM/DD/YYYY`, `M/D/YYYY`, `YYYY-MM-DD`, `MM/DD/YY`."""
    label = label or col
    cell = pl.col(col)
    return (
        cell.map_batches(
            lambda s: date_series(s, label=label)[0], return_dtype=pl.Date, is_elementwise=True
        ),
        cell.map_batches(
            lambda s: date_series(s, label=label)[1], return_dtype=pl.String, is_elementwise=True
        ),
    )


@dataclass(frozen=True)
class Cell:
    """How to read one text column: `kind` is "money", "date", "text" or "raw" (passed on as
    read, for a caller that cleans its distinct values itself); `label` names it in rejection
    reasons; `scale` is a money column's decimals."""

    source: str
    kind: str
    label: str = ""
    scale: int = 6


# A text cell `_clean_text` would change: outer space or quote, empty, a placeholder token.
_UNCLEAN = r'^[\s"]|[\s"]$|^$|' + _PLACEHOLDER


# Every column of the source is read, used or not: a CSV reader that may skip unused columns
# also stops noticing rows wider than the first, which the importers' fast paths rely on.
_READ_ALL = pl.QueryOptFlags(projection_pushdown=False)
# polars 2 runs `collect()` on its streaming engine by default; for one slice held in memory
# the in-memory engine needs ~20% less CPU (measured on a 120k-row Vanguard slice).
_ENGINE = "in-memory"


def convert(
    frame: pl.DataFrame | pl.LazyFrame, cells: dict[str, Cell], carry: Sequence[pl.Expr] = ()
) -> pl.DataFrame:
    """Every cell parsed: a column per name, `_e_<name>` (error text) per money or date, then
    the `carry` expressions (e.g. line numbers, or a check the caller reads).

    The same values and errors as `money_series`, `date_series` and `text_series`, faster:
    one parallel query reads every column as the usual export has it (plain numbers, dates of
    the first shape, clean text) and checks that each column really is so; only a column that
    is not is read again by its exact helper. A `frame` may be a CSV scan: it is then parsed
    and converted in one pass (every column read, see `_READ_ALL`), and read again only for
    an unusual column. A `source` missing from `frame` is all null.
    """
    lazy = frame.lazy()
    present = set(lazy.collect_schema().names())
    lazy = lazy.with_columns(
        pl.lit(None, pl.String).alias(c.source) for c in cells.values() if c.source not in present
    )
    exprs = []
    for name, cell in cells.items():
        raw = pl.col(cell.source)
        if cell.kind == "money":
            plain = rf"^-?([0-9]+(\.[0-9]{{0,{cell.scale}}})?|\.[0-9]{{1,{cell.scale}}})$"
            value = raw.str.to_decimal(scale=cell.scale).cast(pl.Decimal(38, cell.scale))
            ok = (raw.is_null() | raw.str.contains(plain)).all()
        elif cell.kind == "date":  # shapes and cleanliness checked on the distinct cells
            shape, fmt = _DATE_FORMATS[0]
            value = raw.str.strptime(pl.Date, fmt, strict=False)
            shaped = raw.unique().str.contains(shape).all()  # nulls ignored
            ok = shaped & (value.null_count() == raw.null_count())  # no impossible date
        elif cell.kind == "text":
            value, ok = raw, ~raw.unique().str.contains(_UNCLEAN).any()
        else:
            value, ok = raw, pl.lit(True)
        exprs += [value.alias(name), ok.alias(f"_ok_{name}")]
    out = lazy.select(*exprs, *carry).collect(engine=_ENGINE, optimizations=_READ_ALL)
    unusual = [n for n in cells if out.height and not out[f"_ok_{n}"][0]]
    sources = list(dict.fromkeys(cells[n].source for n in unusual))
    raw_cells = lazy.select(sources).collect(engine=_ENGINE) if sources else None
    columns: dict[str, pl.Series | None] = {}
    for name, cell in cells.items():
        value, error = out[name], None
        if raw_cells is not None and name in unusual:  # read by the exact helper
            raw = raw_cells[cell.source]
            if cell.kind == "money":
                value, error = money_series(raw, label=cell.label, scale=cell.scale)
            elif cell.kind == "date":
                value, error = date_series(raw, label=cell.label)
            else:
                value = text_series(raw)
        columns[name] = value.alias(name)
        if cell.kind in ("money", "date"):
            columns[f"_e_{name}"] = error
    no_errors = [pl.lit(None, pl.String).alias(n) for n, e in columns.items() if e is None]
    kept = out.select(e.meta.output_name() for e in carry).get_columns()
    found = {n: e for n, e in columns.items() if e is not None}
    frame = pl.DataFrame(found, height=out.height).with_columns(*no_errors, *kept)
    return frame.select(*columns, *(s.name for s in kept))


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
    if df["_error"].null_count() == df.height:  # nothing rejected: no filtered copy of 1M rows
        return df.drop([*error_columns, "_error"]), []
    bad = df.filter(pl.col("_error").is_not_null())
    rejections = [
        Rejection(line=int(line), reason=str(reason))
        for line, reason in bad.select(line_column, "_error").iter_rows()
    ]
    good = df.filter(pl.col("_error").is_null()).drop([*error_columns, "_error"])
    return good, rejections
