"""Canonical frames + household -> one `Reconciliation`: typed accounts with owners, events,
contributions by the year they are for, conversions by the year they happen, distributions,
rollovers, Dec 31 values, duplicates and prior basis. No findings here: rules make those.

Gross distributions: a pre-tax IRA distribution's gross is everything that left the IRA as a
distribution, so `distributions` holds both the `distribution` rows (what was paid out) and the
`withholding` rows (tax withheld from it, or from a conversion) of pre-tax IRAs; Form 8606 line 7
is the sum of their amounts, sign reversed, less any paid out and rolled back into a pre-tax
IRA within 60 days (a rollover; across Dec 31 an outstanding rollover on line 6) -- the payout
alone, or with its withholding when the gross was rolled back. Inherited
IRAs have their own Form 8606 per decedent and are left out of the owner's pool (tax-rules.md
§8).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

import polars as pl

from rothaudit.audit.accounts import type_accounts
from rothaudit.audit.matching import contributions, conversions, recharacterize, rollovers
from rothaudit.audit.model import (
    PRE_TAX_IRA_TYPES,
    RETIREMENT_TYPES,
    ROTH_IRA_TYPES,
    Account,
    Event,
    Reconciliation,
    ReconNote,
    SourceRef,
)
from rothaudit.audit.year_end import year_end_values

if TYPE_CHECKING:
    from rothaudit.household import Household
    from rothaudit.importing.pipeline import ImportBatch

_PAID_OUT = frozenset({"distribution", "withholding"})


@dataclass
class _Rows:
    events: list[Event]
    designated: dict[str, int]  # row_id -> tax year the export designates
    quantities: dict[str, Decimal]  # row_id -> shares, for trades (Dec 31 derivation)


_COLUMNS = (
    "row_id",
    "source_file",
    "source_line",
    "account_number",
    "trade_date",
    "kind",
    "amount",
    "action",
    "symbol",
    "designated_tax_year",
    "quantity",
)


def _events(tx: pl.DataFrame, accounts: dict[str, Account]) -> _Rows:
    """Events of accounts with an owner, in date order, with what Event does not carry."""
    rows = tx.filter(pl.col("account_number").is_in(list(accounts))).sort(
        "trade_date", "source_file", "source_line"
    )
    out = _Rows([], {}, {})
    columns = [rows[name].to_list() for name in _COLUMNS]  # column-wise: far faster than rows
    for r in zip(*columns, strict=True):
        row_id, file, line, number, day, kind, amount, action, symbol, year, quantity = r
        account = accounts[number]
        out.events.append(
            Event(
                row_id=row_id,
                ref=SourceRef(file, line),
                person=account.owner,
                account=number,
                account_type=account.type,
                date=day,
                kind=kind,
                amount=amount,
                action=action,
                symbol=symbol,
            )
        )
        if year is not None:
            out.designated[row_id] = int(year)
        if quantity and kind in ("buy", "sell", "reinvestment"):
            out.quantities[row_id] = quantity
    return out


def _duplicates(dups: pl.DataFrame) -> list[tuple[SourceRef, SourceRef]]:
    if dups.is_empty():
        return []
    cols = dups.select("source_file", "source_line", "duplicate_of_file", "duplicate_of_line")
    return sorted((SourceRef(a, b), SourceRef(c, d)) for a, b, c, d in cols.iter_rows())


def _inherited(events: list[Event]) -> list[ReconNote]:
    """One note per inherited IRA and year with distributions: left out of the owner's Form
    8606 (its basis is the decedent's, on a Form 8606 of its own, tax-rules.md section 8)."""
    groups: dict[tuple[str, str, int], list[Event]] = {}
    for e in events:
        if e.kind in _PAID_OUT and e.account_type == "inherited_ira":
            groups.setdefault((e.person, e.account, e.date.year), []).append(e)
    return [
        ReconNote(
            f"{len(rows)} distribution row(s) from inherited IRA {account} in {year}, "
            f"{-sum((e.amount for e in rows), Decimal(0))} in all, are left out of {person}'s "
            "Form 8606: an inherited IRA's basis is reported on its own Form 8606",
            "If the decedent made nondeductible contributions, file a separate Form 8606 for "
            "the inherited IRA (one per decedent); rothaudit does not compute it. Otherwise "
            "the distributions are fully taxable from the Form 1099-R.",
            tuple(e.ref for e in rows),
            person,
            (account,),
            year,
        )
        for (person, account, year), rows in sorted(groups.items())
    ]


def reconcile(batch: ImportBatch, household: Household, as_of: date) -> Reconciliation:
    """Everything the form and the rules need, per person, reconciled across files and years."""
    notes: list[ReconNote] = []
    accounts = type_accounts(batch.transactions, batch.balances, household, notes)
    rows = _events(batch.transactions, accounts)
    events = rows.events
    found = contributions(events, rows.designated, household, notes)
    rechar_rows = [e for e in events if e.kind == "recharacterization"]
    found, unmatched = recharacterize(found, rechar_rows)
    convs, unpaired = conversions(events, found, notes)
    notes += _inherited(events)
    paired, rolled_withholding = rollovers(events)
    rolled = {out.row_id for out, _ in paired} | rolled_withholding
    people = sorted(household.people)
    recon = Reconciliation(
        as_of=as_of,
        people=people,
        accounts=accounts,
        events=events,
        contributions=found,
        conversions=convs,
        distributions=[
            e
            for e in events
            if e.kind in _PAID_OUT
            and e.account_type in PRE_TAX_IRA_TYPES
            and e.row_id not in rolled
        ],
        roth_distributions=[
            e for e in events if e.kind in _PAID_OUT and e.account_type in ROTH_IRA_TYPES
        ],
        recharacterizations=unmatched,
        rollovers=[
            e
            for e in events
            if e.kind in ("rollover_in", "rollover_out") and e.account_type in RETIREMENT_TYPES
        ],
        year_end_values={},
        unclassified=[
            e for e in events if e.kind == "other" and e.account_type in RETIREMENT_TYPES
        ],
        duplicates=_duplicates(batch.duplicates),
        prior_basis={
            k: (p.prior_basis.tax_year, p.prior_basis.amount)
            for k, p in sorted(household.people.items())
            if p.prior_basis is not None
        },
        notes=notes,
        ira_rollovers=paired,
        unpaired_conversions=unpaired,
    )
    recon.year_end_values = year_end_values(
        {p: recon.years(p) for p in people},
        accounts,
        events,
        batch.balances,
        household,
        rows.quantities,
        as_of,
    )
    return recon
