"""Vanguard `Transaction Type` strings -> our closed kinds (data, plus one vectorised lookup).

Prefixes are anchored and matched without case (`Sweep in` vs `Funds Received`, both seen), the
longest first, and never as bare substrings: `Share Conversion (outgoing)` is a fund share-class
exchange and must not read as the Roth `Conversion (outgoing)`. Strings are from
shared/domain/export-formats.md §1.4; "not seen" marks a plausible string no source shows.
Anything unmatched is kind `other`; the raw text stays in `action`, so the audit can flag it.
"""

from __future__ import annotations

import re

import polars as pl

from rothaudit.importing import columns

TYPE_PREFIXES: dict[str, str] = {
    "contribution": "contribution",  # also `Contribution AIP` (automatic investment plan)
    "plan contribution": "contribution",  # employer-plan `Transaction Activity` (not seen raw)
    "conversion (outgoing)": "conversion_out",  # Roth conversion, traditional-IRA side
    "conversion (incoming)": "conversion_in",  # Roth conversion, Roth-IRA side
    # A share-class exchange (e.g. Investor -> Admiral) inside one account: shares leave one fund
    # and enter another, no money crosses the account boundary. That is what a sell/buy pair is
    # to the audit; `other` would raise a needless "unclassified" warning in every IRA.
    "share conversion (outgoing)": "sell",
    "share conversion (incoming)": "buy",
    "recharacterization": "recharacterization",  # not seen in any real file; kept if it appears
    "distribution": "distribution",
    "rollover (incoming)": "rollover_in",
    "rollover (outgoing)": "rollover_out",  # not seen; the incoming form is
    "funds received": "transfer_in",  # bank deposit
    "withdrawal": "transfer_out",  # bank withdrawal
    "transfer (incoming)": "transfer_in",
    "transfer (outgoing)": "transfer_out",
    # Money-market "Dividend" rows have an empty Symbol; they are still dividends (1099-DIV).
    "dividend": "dividend",
    "capital gain (lt)": "dividend",  # capital-gain distributions are paid like dividends
    "capital gain (st)": "dividend",
    "interest": "interest",  # not seen; plausible for bond coupons
    "reinvestment": "reinvestment",  # also `Reinvestment (LT gain)` / `(ST gain)`
    "buy": "buy",  # also `Buy (Initial)`, `Buy to close`
    "sell": "sell",  # also `Sell to open`
    "exchange in": "buy",  # fund-to-fund exchange inside one account
    "exchange out": "sell",
    "sweep in": "sweep",
    "sweep out": "sweep",
    "fee": "fee",
    "advisor fee": "fee",
    # A maturing T-bill pays its cash into the same account: a sale, not new money.
    "corp action (redemption)": "sell",
    "corp action": "other",  # spinoffs and the like: shares appear, no money moves
    "stock split": "other",
    "merger": "other",
}

# Old mutual-fund sections book a contribution as `Buy` and say so only in the description,
# with the year in front: `2013 EMPLOYEE CONTRIBUTION` (seen, 2013). Matched after that year.
# The same sections call a fund's payout `Distribution` (a 2013 parser books it as a reinvested
# dividend); where the description says it is a dividend or capital gain (not seen raw), it is
# one, not an IRA distribution. A bare `Distribution` stays `distribution`: a false alarm the
# user sees beats a silently missed withdrawal.
DESCRIPTION_PREFIXES: dict[str, str] = {
    "employee contribution": "contribution",
    "income dividend": "dividend",
    "lt cap gain": "dividend",
    "st cap gain": "dividend",
}

_LEADING_YEAR = r"^(?:19|20)\d\d\s+"
# A year stated in a contribution's description: the tax year it was made for.
_STATED_YEAR = r"\b(199\d|20\d\d)\b"


def _lookup(table: dict[str, str], text: pl.Expr) -> pl.Expr:
    """The kind of the longest table prefix `text` starts with, else null.

    The regex runs once per distinct text (a 1M-row file has a few dozen), joined back.
    """
    prefixes = sorted(table, key=lambda p: (-len(p), p))
    # the prefix must end at a word's end: `buy` matches `Buy (Initial)`, never `Buyback`
    pattern = "^(" + "|".join(re.escape(p) for p in prefixes) + ")(?:[^a-z0-9]|$)"

    def kinds(distinct: pl.Series) -> pl.DataFrame:
        found = _normalise(pl.col("t")).str.extract(pattern, 1)
        kind = found.replace_strict(table, default=None, return_dtype=pl.String)
        return pl.DataFrame({"t": distinct.cast(pl.String)}).select(kind.alias("kind"))

    return text.map_batches(
        lambda s: columns.per_distinct(s.cast(pl.String), kinds)["kind"],
        return_dtype=pl.String,
        is_elementwise=True,
    )


def _normalise(text: pl.Expr) -> pl.Expr:
    return text.str.strip_chars().str.replace_all(r"\s+", " ").str.to_lowercase()


def classify(type_text: pl.Expr, description: pl.Expr | None = None) -> pl.Expr:
    """Kind of each row: the description table where it matches, else the type table, else other."""
    by_type = _lookup(TYPE_PREFIXES, type_text)
    if description is None:
        return by_type.fill_null("other")
    by_description = _lookup(DESCRIPTION_PREFIXES, description.str.replace(_LEADING_YEAR, ""))
    return pl.coalesce(by_description, by_type, pl.lit("other"))


def stated_tax_year(kind: pl.Expr, description: pl.Expr) -> pl.Expr:
    """The year a contribution's description names explicitly (`2013 EMPLOYEE CONTRIBUTION`).

    Vanguard's contribution screen asks for the tax year, but no real file shows whether the
    CSV repeats it; we take a year only where the text states one, and never guess.
    """

    def years(distinct: pl.Series) -> pl.DataFrame:
        year = distinct.cast(pl.String).str.extract(_STATED_YEAR, 1).cast(pl.Int32)
        return year.to_frame("year")

    year = description.map_batches(
        lambda s: columns.per_distinct(s.cast(pl.String), years)["year"],
        return_dtype=pl.Int32,
        is_elementwise=True,
    )
    return pl.when(kind == "contribution").then(year).otherwise(None).cast(pl.Int32)
