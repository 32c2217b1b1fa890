"""Contributions and the tax year they are for, recharacterizations, and conversions paired
across accounts and funded first-in first-out by the contributions they moved.

Decisions (tax-rules.md §1d, §3b, §5):

* Tax year: the export's designation (Fidelity CURRENT/PRIOR YEAR) > household
  `[[contribution_years]]` (same account, date and amount) > the calendar year made
  (year_basis "calendar"; `in_window` says it was made Jan 1..the prior year's deadline).
* A recharacterization leg leaving an account of one kind (Roth or pre-tax IRA) is matched to
  a contribution of the same person in an account of that kind, made on or before it, whose
  extended due date has not passed, amount within 50%-150% (earnings and losses move with it).
  The contribution is then treated as made to the other kind, for its own amount (Form 8606
  line 1 shows the contribution, not its earnings). The two legs of one recharacterization
  (same person, opposite signs, same size, within 10 days) are both kept as `recharacterized_by`.
  Legs that match no contribution (converted money sent back) stay in
  `Reconciliation.recharacterizations` for the conversion-recharacterized rule.
* A conversion is a `conversion_out` from a pre-tax IRA, paired with the same person's
  `conversion_in` to a Roth IRA of the same amount within 10 days (nearest date first).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from rothaudit.audit.model import (
    PRE_TAX_IRA_TYPES,
    REGULAR_IRA_TYPES,
    ROTH_IRA_TYPES,
    Contribution,
    Conversion,
    Event,
    ReconNote,
)
from rothaudit.errors import TaxDataError

if TYPE_CHECKING:
    from rothaudit.household import Household

PAIR_DAYS = timedelta(days=10)
ROLLOVER_DAYS = timedelta(days=60)  # the 60-day rollover window (I8606 line 6 and 7)


def _deadline(tax_year: int, household: Household) -> date | None:
    from rothaudit.taxdata import contribution_deadline

    try:
        return contribution_deadline(tax_year, household).value
    except TaxDataError:
        return None


def _extended_due(tax_year: int) -> date | None:
    from rothaudit.taxdata import figures

    try:
        return figures(tax_year).extended_due_date.value
    except TaxDataError:
        return None


def _household_year(e: Event, household: Household) -> int | None:
    for decl in household.contribution_years:
        if decl.account == e.account and decl.date == e.date and decl.amount == e.amount:
            return decl.tax_year
    return None


def contributions(
    events: list[Event], designated: dict[str, int], household: Household, notes: list[ReconNote]
) -> list[Contribution]:
    """Regular IRA contributions (positive `contribution` rows in IRAs) with their tax year."""
    found = []
    for e in events:
        if e.kind != "contribution":
            continue
        if e.account_type not in REGULAR_IRA_TYPES or e.amount <= 0:
            notes.append(
                ReconNote(
                    f"contribution of {e.amount} on {e.date} into a {e.account_type} account is "
                    "not a regular IRA contribution (SEP and SIMPLE IRA money is an employer or "
                    "plan contribution): left out of Form 8606 line 1 and the IRA limit",
                    f"Nothing to do if this is employer or salary-deferral money; if it was your "
                    f"own IRA contribution, correct the account type of {e.account} in "
                    "household.toml [accounts].",
                    (e.ref,),
                    e.person,
                    (e.account,),
                    e.date.year,
                )
            )
            continue
        deadline = _deadline(e.date.year - 1, household)
        in_window = deadline is not None and e.date <= deadline
        if e.row_id in designated:
            year, basis = designated[e.row_id], "export"
        elif (hh := _household_year(e, household)) is not None:
            year, basis = hh, "household"
        else:
            year, basis = e.date.year, "calendar"
        found.append(
            Contribution(
                event=e,
                tax_year=year,
                year_basis=basis,
                in_window=in_window,  # type: ignore[arg-type]
                made_after_year=e.date.year > year,
                treated_as="roth" if e.account_type in ROTH_IRA_TYPES else "traditional",
                amount=e.amount,
            )
        )
    return found


def _legs(rechars: list[Event]) -> list[tuple[Event, Event | None]]:
    """(outgoing leg, incoming leg or None); an incoming leg alone stands as its own group."""
    outs = [e for e in rechars if e.amount < 0]
    ins = [e for e in rechars if e.amount > 0]
    groups: list[tuple[Event, Event | None]] = []
    for out in outs:
        twin = next(
            (
                i
                for i in ins
                if i.person == out.person
                and i.amount == -out.amount
                and abs(i.date - out.date) <= PAIR_DAYS
            ),
            None,
        )
        if twin is not None:
            ins.remove(twin)
        groups.append((out, twin))
    return groups + [(i, None) for i in ins]


def _side(e: Event) -> str | None:
    """Which kind of contribution a leg takes away: the source account's kind."""
    if e.amount < 0:
        return (
            "roth"
            if e.account_type in ROTH_IRA_TYPES
            else ("traditional" if e.account_type in PRE_TAX_IRA_TYPES else None)
        )
    return (
        "traditional"
        if e.account_type in ROTH_IRA_TYPES
        else ("roth" if e.account_type in PRE_TAX_IRA_TYPES else None)
    )


def recharacterize(
    found: list[Contribution], rechars: list[Event]
) -> tuple[list[Contribution], list[Event]]:
    """Apply recharacterizations of contributions; return (contributions, unmatched legs)."""
    unmatched: list[Event] = []
    for lead, twin in _legs(rechars):
        side, size = _side(lead), abs(lead.amount)
        legs = (lead,) if twin is None else (lead, twin)
        index = next(
            (
                i
                for i, c in enumerate(found)
                if c.event.person == lead.person
                and c.treated_as == side
                and not c.recharacterized_by
                and c.event.date <= lead.date
                and c.amount / 2 <= size <= c.amount * 3 / 2
                and (due := _extended_due(c.tax_year)) is not None
                and lead.date <= due
            ),
            None,
        )
        if side is None or index is None:
            unmatched.extend(legs)
            continue
        c = found[index]
        found[index] = replace(
            c,
            treated_as="roth" if side == "traditional" else "traditional",
            recharacterized_by=legs,
        )
    return found, unmatched


def conversions(
    events: list[Event], found: list[Contribution], notes: list[ReconNote]
) -> tuple[list[Conversion], list[Event]]:
    """Conversions out of pre-tax IRAs, paired with their Roth side, funded FIFO; and the Roth
    sides no outgoing conversion in the exports accounts for (the unpaired-conversion rule).
    A Roth side smaller than an unpaired outgoing side within 10 days is taken as that
    conversion less the tax withheld from it."""
    ins: dict[tuple[str, Decimal], list[Event]] = {}  # (person, amount) -> unpaired Roth sides
    for e in events:
        if e.kind == "conversion_in" and e.account_type in ROTH_IRA_TYPES:
            ins.setdefault((e.person, e.amount), []).append(e)
    result = []
    for out in (e for e in events if e.kind == "conversion_out"):
        if out.account_type not in PRE_TAX_IRA_TYPES:
            notes.append(
                ReconNote(
                    f"conversion of {-out.amount} on {out.date} out of a {out.account_type} "
                    "account is not an IRA conversion: left out of Form 8606",
                    "A rollover from an employer plan to a Roth IRA is reported from its Form "
                    "1099-R, not on Form 8606; check the account type in household.toml "
                    "[accounts] if it is really an IRA.",
                    (out.ref,),
                    out.person,
                    (out.account,),
                    out.date.year,
                )
            )
            continue
        same = ins.get((out.person, -out.amount), [])
        near = [i for i in same if abs(i.date - out.date) <= PAIR_DAYS]
        twin = min(near, key=lambda i: (abs(i.date - out.date), i.ref), default=None)
        if twin is not None:
            same.remove(twin)
        result.append(
            Conversion(out_event=out, in_event=twin, amount=-out.amount, year=out.date.year)
        )
    orphans = sorted((e for side in ins.values() for e in side), key=lambda e: (e.date, e.ref))
    unpaired: list[Event] = []
    for orphan in orphans:
        index = next(
            (
                i
                for i, c in enumerate(result)
                if c.in_event is None
                and c.out_event.person == orphan.person
                and orphan.amount < c.amount
                and abs(orphan.date - c.out_event.date) <= PAIR_DAYS
            ),
            None,
        )
        if index is None:
            unpaired.append(orphan)
        else:
            result[index] = replace(result[index], in_event=orphan)
            out = result[index].out_event
            notes.append(
                ReconNote(
                    f"conversion of {orphan.amount} into a Roth IRA on {orphan.date} paired with "
                    f"the {result[index].amount} that left the pre-tax IRA on {out.date}; the "
                    f"difference, {result[index].amount - orphan.amount}, is taken as tax "
                    "withheld (Form 8606 line 8 uses the amount that left)",
                    "Confirm the difference against the Form 1099-R (box 4, federal income tax "
                    "withheld); if it was not withheld, the two rows are not one conversion.",
                    tuple(sorted((out.ref, orphan.ref))),
                    orphan.person,
                    (out.account, orphan.account),
                    orphan.date.year,
                )
            )
    return _fund(result, found), unpaired


def _fund(convs: list[Conversion], found: list[Contribution]) -> list[Conversion]:
    """Match each conversion, in date order, to the earliest unconverted traditional money of
    the same person made on or before it (one pass per person: linear, not quadratic)."""
    pools: dict[str, list[Contribution]] = {}
    for c in sorted(found, key=lambda c: (c.event.date, c.event.ref)):
        if c.treated_as == "traditional":
            pools.setdefault(c.event.person, []).append(c)
    cursor: dict[str, tuple[int, Decimal | None]] = {}  # person -> (index, what is left of it)
    funded = []
    for conv in sorted(convs, key=lambda c: (c.out_event.date, c.out_event.ref)):
        person = conv.out_event.person
        pool = pools.get(person, [])
        index, left = cursor.get(person, (0, None))
        need, used = conv.amount, []
        while need > 0 and index < len(pool) and pool[index].event.date <= conv.out_event.date:
            remaining = pool[index].amount if left is None else left
            take = min(remaining, need)
            need, left = need - take, remaining - take
            used.append(pool[index])
            if left <= 0:
                index, left = index + 1, None
        cursor[person] = (index, left)
        funded.append(replace(conv, funded_by=tuple(used)))
    return funded


def rollovers(events: list[Event]) -> tuple[list[tuple[Event, Event]], set[str]]:
    """(money out of a pre-tax IRA, the same amount back into a pre-tax IRA of the same person
    within 60 days): an IRA-to-IRA rollover, not a Form 8606 line 7 distribution; when the two
    straddle Dec 31 it is an outstanding rollover, added to line 6 of the year it left.

    The amount rolled back may be the payout or the gross distribution: payout plus the tax
    withheld from it (withholding rows of the same account and day), when the owner made up
    the withheld part from other money. Returns the pairs and the row ids of withholding rows
    rolled over with their payout (not line 7 either)."""
    outs = [
        e
        for e in events
        if e.kind in ("distribution", "rollover_out")
        and e.account_type in PRE_TAX_IRA_TYPES
        and e.amount < 0
    ]
    withheld: dict[tuple[str, date], list[Event]] = {}
    for e in events:
        if e.kind == "withholding" and e.account_type in PRE_TAX_IRA_TYPES and e.amount < 0:
            withheld.setdefault((e.account, e.date), []).append(e)
    pairs: list[tuple[Event, Event]] = []
    rolled_withholding: set[str] = set()
    for into in events:
        if not (
            into.kind == "rollover_in"
            and into.account_type in PRE_TAX_IRA_TYPES
            and into.amount > 0
        ):
            continue
        near = [
            o
            for o in outs
            if o.person == into.person
            and timedelta(0) <= into.date - o.date <= ROLLOVER_DAYS
            and into.amount in (-o.amount, _gross(o, withheld))
        ]
        out = max(near, key=lambda o: (o.date, o.ref), default=None)  # the nearest before it
        if out is not None:
            outs.remove(out)
            pairs.append((out, into))
            if into.amount != -out.amount:
                taxes = withheld.pop((out.account, out.date), [])
                rolled_withholding |= {e.row_id for e in taxes}
    return pairs, rolled_withholding


def _gross(out: Event, withheld: dict[tuple[str, date], list[Event]]) -> Decimal | None:
    """Payout plus the tax withheld the same day in the same account, or None when none was."""
    if out.kind != "distribution" or (out.account, out.date) not in withheld:
        return None
    return -out.amount - sum((e.amount for e in withheld[(out.account, out.date)]), Decimal(0))
