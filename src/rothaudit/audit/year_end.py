"""Dec 31 values of a person's pre-tax IRAs (Form 8606 line 6), each with where it came from.

Order per account and year: household `[[year_end_values]]` > a balance dated Dec 31 of the
year and not estimated (a statement's account total; else the positions of one file summed,
with an OFX file's cash) > a value derived from the flows of a cash-only account, assuming the
exports hold its whole history (said in the note, confirm against Form 5498 box 5) > missing.
IRAs held outside the exports come only from the household file.

A value is never derived for a Dec 31 that has not come by the audit's as-of date (the flows up
to then are a projection, not the value line 6 asks for), nor for a Dec 31 before the account's
first exported row (the exports may simply start later: $0 there is a guess). Both stay
missing, with a note saying what to supply.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import polars as pl

from rothaudit.audit.model import PRE_TAX_IRA_TYPES, Account, Event, SourceRef, YearEndValue

if TYPE_CHECKING:
    from rothaudit.household import Household

_SOURCE_OF_ORIGIN = {
    "statement_summary": "statement",
    "statement_position": "statement",
    "positions_download": "holdings",
    "vanguard_holdings": "holdings",
    "ofx_position": "ofx_position",
    "ofx_balance": "ofx_position",
}
# Rows that can open an account's history: money arriving from outside it.
OPENING_KINDS = _OPENING = frozenset(
    {"contribution", "rollover_in", "transfer_in", "conversion_in", "recharacterization"}
)
_TOLERANCE = Decimal("0.005")


def _is_money_market(symbol: str | None) -> bool:
    """Core/settlement funds (SPAXX, FDRXX, VMFXX): holding them is holding cash."""
    return symbol is not None and len(symbol) == 5 and symbol.upper().endswith("XX")


def from_balances(balances: pl.DataFrame, number: str, day: date) -> YearEndValue | None:
    """The account's value on `day` from one file's non-estimated balances, or None."""
    rows = balances.filter(
        (pl.col("account_number") == number) & (pl.col("as_of") == day) & ~pl.col("as_of_estimated")
    ).sort("source_file", "source_line")
    if rows.is_empty():
        return None
    summary = rows.filter(pl.col("origin") == "statement_summary")
    if summary.height:
        rows = summary.head(1)
    else:
        rows = rows.filter(pl.col("source_file") == rows["source_file"][0])
    origin = rows["origin"][0]
    refs = tuple(
        SourceRef(f, ln) for f, ln in rows.select("source_file", "source_line").iter_rows()
    )
    return YearEndValue(
        person="",
        tax_year=day.year,
        account=number,
        account_type="other",
        value=sum(rows["value"].to_list(), Decimal(0)),
        source=_SOURCE_OF_ORIGIN.get(origin, "statement"),
        evidence=refs,
    )  # type: ignore[arg-type]


def derive(
    events: Iterable[Event], day: date, quantities: dict[str, Decimal]
) -> tuple[Decimal, tuple[SourceRef, ...]] | None:
    """The account's value on `day` from its flows, when that can be known: its first row brings
    money in (the exports hold its whole history), every security other than a money-market
    fund bought by then has been sold again (so only cash is left), and its cash never goes
    below zero at the end of a day. Cash = every amount, except moves between cash and a
    money-market fund, which stay cash."""
    rows = list(events)  # already in (date, file, line) order from reconcile
    if not rows or rows[0].kind not in _OPENING or rows[0].amount <= 0:
        return None
    cash, shares, refs = Decimal(0), {}, []
    for i, e in enumerate(r for r in rows if r.date <= day):
        internal = e.kind == "sweep" or (
            e.kind in ("buy", "sell", "reinvestment") and _is_money_market(e.symbol)
        )
        if not internal:
            cash += e.amount
            refs.append(e.ref)
        if (
            e.symbol
            and not _is_money_market(e.symbol)
            and e.kind in ("buy", "sell", "reinvestment")
        ):
            shares[e.symbol] = shares.get(e.symbol, Decimal(0)) + quantities.get(
                e.row_id, Decimal(0)
            )
        last_of_day = i + 1 >= len(rows) or rows[i + 1].date != e.date
        if last_of_day and cash < -_TOLERANCE:
            return None
    if any(abs(q) > Decimal("0.0005") for q in shares.values()):
        return None
    return cash, tuple(refs)


def year_end_values(
    people_years: dict[str, list[int]],
    accounts: dict[str, Account],
    events: list[Event],
    balances: pl.DataFrame,
    household: Household,
    quantities: dict[str, Decimal],
    as_of: date,
) -> dict[tuple[str, int], list[YearEndValue]]:
    """Per (person, year) a value for every pre-tax IRA of theirs, exported or declared."""
    by_account: dict[str, list[Event]] = {}
    for e in events:
        by_account.setdefault(e.account, []).append(e)
    result: dict[tuple[str, int], list[YearEndValue]] = {}
    for person, years in people_years.items():
        own = sorted(
            n for n, a in accounts.items() if a.owner == person and a.type in PRE_TAX_IRA_TYPES
        )
        for year in years:
            values = [
                _one(
                    person,
                    year,
                    accounts[n],
                    by_account.get(n, []),
                    balances,
                    household,
                    quantities,
                    as_of,
                )
                for n in own
            ]
            values += _declared_elsewhere(person, year, accounts, household)
            result[(person, year)] = values
    return result


def _one(
    person: str,
    year: int,
    account: Account,
    events: list[Event],
    balances: pl.DataFrame,
    household: Household,
    quantities: dict[str, Decimal],
    as_of: date,
) -> YearEndValue:
    day = date(year, 12, 31)
    base = dict(person=person, tax_year=year, account=account.number, account_type=account.type)
    for decl in household.year_end_values:
        if decl.person == person and decl.tax_year == year and decl.account == account.number:
            return YearEndValue(**base, value=decl.value, source="household", evidence=(decl.ref,))
    seen = from_balances(balances, account.number, day)
    if seen is not None:
        return YearEndValue(**base, value=seen.value, source=seen.source, evidence=seen.evidence)
    if as_of <= day:
        return YearEndValue(
            **base,
            value=None,
            source="missing",
            note=f"{day.isoformat()} has not come yet (audit as of {as_of.isoformat()}): the "
            "flows so far are a projection, not a Dec 31 value; after Dec 31 take the value "
            "from the December statement (Form 5498 box 5)",
        )
    if events and events[0].date > day:
        return YearEndValue(
            **base,
            value=None,
            source="missing",
            note=f"the exports of this account start on {events[0].date.isoformat()}, after "
            f"{day.isoformat()}: its value then is not known (if the account did not exist "
            "yet, its value was $0: say so in [[year_end_values]])",
        )
    derived = derive(events, day, quantities)
    if derived is not None:
        return YearEndValue(
            **base,
            value=derived[0],
            source="derived",
            evidence=derived[1],
            note="derived from the exported flows (only cash left by Dec 31), "
            "assuming the exports hold the account's whole history; confirm with "
            "the Dec 31 statement (Form 5498 box 5)",
        )
    return YearEndValue(
        **base,
        value=None,
        source="missing",
        note="no Dec 31 value in the exports or household.toml",
    )


def _declared_elsewhere(
    person: str, year: int, accounts: dict[str, Account], household: Household
) -> list[YearEndValue]:
    """Household year-end values of pre-tax IRAs that are not in the exports."""
    found = []
    for decl in household.year_end_values:
        if decl.person != person or decl.tax_year != year or decl.account in accounts:
            continue
        declared = household.accounts.get(decl.account)
        account_type = decl.type or (declared.type if declared else None)
        if account_type in PRE_TAX_IRA_TYPES:
            found.append(
                YearEndValue(
                    person=person,
                    tax_year=year,
                    account=decl.account,
                    account_type=account_type,
                    value=decl.value,  # type: ignore[arg-type]
                    source="household",
                    evidence=(decl.ref,),
                    note="an IRA outside the exports, from household.toml",
                )
            )
    return found
