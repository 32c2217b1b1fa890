"""Fidelity action text -> transaction kind: data, plus two vectorised helpers.

Shared by the Fidelity CSV importer (`Action` column) and the Fidelity OFX importer (memos).
Stable API:

* `ACTIONS`: the prefix table, `(prefix, kind)`; kind is a kind of `rothaudit.kinds` or a
  `(kind_if_negative, kind_if_positive)` pair decided by the sign of the amount.
* `classify(action, amount) -> pl.Expr` (String, named `kind`): the kind of the longest matching prefix,
  compared case-insensitively at the start of the text (whitespace collapsed); `other` when
  nothing matches, or when a sign-decided action moves no money (its side cannot be told).
* `designated_tax_year(action, trade_date) -> pl.Expr` (Int32, named `designated_tax_year`): for IRA cash contributions,
  `... CURRENT YEAR` -> the trade year, `... PRIOR YEAR` -> the year before; else null.

Prefixes are anchored, never substrings: `CONVERSION SHARES DEPOSITED` is an RSU vest and
`TRANSFERRED TO VS ROLLOVER IRA CURRENT CONTRIBUTION` is money leaving (export-formats 2.5).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import polars as pl

Kind = str | tuple[str, str]

CONVERSION: Kind = ("conversion_out", "conversion_in")
ROLLOVER: Kind = ("rollover_out", "rollover_in")
TRANSFER: Kind = ("transfer_out", "transfer_in")

ACTIONS: tuple[tuple[str, Kind], ...] = (
    # IRA contributions (strings from 2025-26 parsers and a Fidelity QIF; not seen raw)
    ("CASH CONTRIBUTION CURRENT YEAR", "contribution"),
    ("CASH CONTRIBUTION PRIOR YEAR", "contribution"),
    ("CASH CONTRIBUTION", "contribution"),
    # Roth conversions: which account (traditional or Roth) shows which string is not
    # established, so the sign decides: money leaving is the traditional side.
    ("CONV TO ROTH IRA", CONVERSION),
    ("ROTH CONVERSION", CONVERSION),
    ("PARTIAL CY RECHAR", "recharacterization"),
    ("RECHAR", "recharacterization"),
    ("EARLY DIST", "distribution"),
    ("NORMAL DIST", "distribution"),
    ("PARTIAL DISTRIBUTION", "distribution"),
    ("FED TAX W/H", "withholding"),
    ("STATE TAX W/H", "withholding"),
    ("TAX WITHHELD", "withholding"),
    ("ROLLOVER CASH", ROLLOVER),
    ("ROLLOVER SHARES", ROLLOVER),
    ("TRANSFER OF ASSETS ROLLOVER IN", ROLLOVER),
    ("TRANSFER OF ASSETS ACAT RECEIVE", "transfer_in"),
    ("TRANSFER OF ASSETS ACAT DELIVER", "transfer_out"),
    ("TRANSFERRED FROM", "transfer_in"),
    ("TRANSFERRED TO", "transfer_out"),
    ("ELECTRONIC FUNDS TRANSFER RECEIVED", "transfer_in"),
    # `... RCVD`: the same bank deposit as the 32-character OFX memo spells it (export-formats,
    # Fidelity OFX 2023). A bank deposit, like the long form; the note does not say the export
    # ever labels an IRA contribution this way (those read `CASH CONTRIBUTION ...`).
    ("ELECTRONIC FUNDS TRANSFER RCVD", "transfer_in"),
    ("ELECTRONIC FUNDS TRANSFER PAID", "transfer_out"),
    ("DIRECT DEPOSIT", "transfer_in"),
    ("DIRECT DEBIT", "transfer_out"),
    ("CHECK RECEIVED", "transfer_in"),
    ("CHECK PAID", "transfer_out"),
    ("WIRE TRANSFER", TRANSFER),
    # Journals move cash between sub-accounts (Cash/Margin) or accounts: a transfer by sign, so
    # the two legs of an internal journal cancel out.
    ("JOURNALED", TRANSFER),
    # Workplace-plan / SEP / HSA money (employer or payroll contributions, 401(k) plan rows
    # `Contributions`): new money into the account, but it does not count toward the IRA
    # contribution limit, so it must not be `contribution`.
    ("CONTRIBUTION VS", "transfer_in"),
    ("CONTRIBUTIONS", "transfer_in"),
    ("CONTRIBUTION;", "transfer_in"),  # NetBenefits 401(k) OFX memo `CONTRIBUTION;...`
    ("PARTIC CONTR", "transfer_in"),
    ("CO CONTR", "transfer_in"),
    ("EMPLOYER CONTR", "transfer_in"),
    ("DIVIDEND RECEIVED", "dividend"),
    ("DIVIDEND", "dividend"),  # 401(k) plan rows say just `Dividend`
    ("INTEREST EARNED", "interest"),
    ("MUNI EXEMPT INT", "interest"),
    ("REINVESTMENT", "reinvestment"),
    ("YOU BOUGHT", "buy"),
    ("YOU SOLD", "sell"),
    ("REDEMPTION FROM CORE ACCOUNT", "sweep"),
    ("PURCHASE INTO CORE", "sweep"),
    ("FEE CHARGED", "fee"),
    ("ADVISOR FEE", "fee"),
    ("LATE SETTLEMENT FEE", "fee"),
    ("FOREIGN TAX PAID", "fee"),
    ("NON-RESIDENT TAX", "fee"),
    # False friends, listed so nobody adds a shorter prefix that would catch them.
    ("CONVERSION SHARES DEPOSITED", "other"),  # RSU vest into a brokerage account
    ("CONVERSION AS", "other"),  # fund share-class conversion
    ("DISTRIBUTION", "other"),  # `DISTRIBUTION <security> (SYM)` is a stock split
)

_CONTRIBUTION_PREFIXES = tuple(p for p, k in ACTIONS if k == "contribution")


def _alternation(prefixes: list[str]) -> str:
    """Anchored, case-insensitive regex of the prefixes, longest first (the engine takes the first
    alternative that fits); any run of whitespace matches a space. Anchoring keeps it cheap."""
    ordered = sorted(prefixes, key=len, reverse=True)
    parts = [r"\s+".join(re.escape(word) for word in p.split(" ")) for p in ordered]
    return r"(?i)^\s*(" + "|".join(parts) + ")"


_PREFIX_PATTERN = _alternation([p for p, _ in ACTIONS])
# "<PREFIX>|<sign of amount>" -> kind, so each row needs a single lookup.
_BY_PREFIX_AND_SIGN = {
    f"{p}|{sign}": k if isinstance(k, str) else {"-": k[0], "+": k[1], "0": "other"}[sign]
    for p, k in ACTIONS
    for sign in "-+0"
}
_YEAR_PATTERN = _alternation(list(_CONTRIBUTION_PREFIXES)) + r".*?\b(PRIOR|CURRENT)\s+YEAR\b"


def _per_distinct(
    text: pl.Series, compute: Callable[[pl.Expr], dict[str, pl.Expr]]
) -> pl.DataFrame:
    """`compute` on each distinct text once, joined back to every row (in row order).

    A 1M-row history has a few hundred distinct action texts; the regexes run on those, and
    the rows only pay for one hash join.
    """
    rows = pl.DataFrame({"t": text.cast(pl.String)})
    distinct = rows.unique("t").with_columns(**compute(pl.col("t")))
    return rows.join(distinct, on="t", how="left", nulls_equal=True, maintain_order="left")


def _kind_by_sign(action: pl.Expr) -> dict[str, pl.Expr]:
    """The kind of an action text for a negative, a positive and a zero (or null) amount."""
    prefix = action.str.extract(_PREFIX_PATTERN, 1)
    prefix = prefix.str.replace_all(r"\s+", " ").str.to_uppercase()

    def kind(sign: str) -> pl.Expr:
        key = pl.concat_str([prefix, pl.lit(f"|{sign}")])
        found = key.replace_strict(_BY_PREFIX_AND_SIGN, default="other", return_dtype=pl.String)
        return found.fill_null("other")

    return {"neg": kind("-"), "pos": kind("+"), "zero": kind("0")}


def _by_sign(kinds: pl.DataFrame, amount: pl.Series) -> pl.Series:
    """Pick each row's kind from its `neg`/`pos`/`zero` columns by the sign of the amount."""
    return kinds.select(
        pl.when(pl.lit(amount < 0))
        .then("neg")
        .when(pl.lit(amount > 0))
        .then("pos")
        .otherwise("zero")
    ).to_series()


def _classify(series: Sequence[pl.Series]) -> pl.Series:
    action, amount = series
    return _by_sign(_per_distinct(action, _kind_by_sign), amount)


def classify(action: pl.Expr, amount: pl.Expr) -> pl.Expr:
    """Kind of each row: longest anchored, case-insensitive prefix wins; unknown -> `other`.

    The prefix regex runs once per distinct action text; the sign of the amount then picks
    between the three kinds of that text.
    """
    return pl.map_batches(
        [action, amount], _classify, return_dtype=pl.String, is_elementwise=True
    ).alias("kind")


def _year_said(action: pl.Expr) -> dict[str, pl.Expr]:
    return {"said": action.str.extract(_YEAR_PATTERN, 2).str.to_uppercase()}


def _tax_year(series: Sequence[pl.Series]) -> pl.Series:
    action, trade_date = series
    return _year_from(_per_distinct(action, _year_said)["said"], trade_date)


def _year_from(said: pl.Series, trade_date: pl.Series) -> pl.Series:
    """`PRIOR` -> the year before the trade date's, `CURRENT` -> its year, else null."""
    year = trade_date.dt.year().cast(pl.Int32)
    return pl.select(
        pl.when(pl.lit(said) == "PRIOR")
        .then(pl.lit(year) - 1)
        .when(pl.lit(said) == "CURRENT")
        .then(pl.lit(year))
        .otherwise(pl.lit(None, pl.Int32))
    ).to_series()


def designated_tax_year(action: pl.Expr, trade_date: pl.Expr) -> pl.Expr:
    """Tax year an IRA cash contribution is designated for, where its action text says so."""
    return pl.map_batches(
        [action, trade_date], _tax_year, return_dtype=pl.Int32, is_elementwise=True
    ).alias("designated_tax_year")


def kind_and_tax_year(
    action: pl.Series, amount: pl.Series, trade_date: pl.Series
) -> tuple[pl.Series, pl.Series]:
    """`classify` and `designated_tax_year` of the same rows, from one pass over the distinct
    action texts (a large export pays one join back to its rows, not two)."""
    found = _per_distinct(action, lambda t: {**_kind_by_sign(t), **_year_said(t)})
    return _by_sign(found, amount), _year_from(found["said"], trade_date)
