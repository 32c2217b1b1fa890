"""conversion-recharacterized: converted money recharacterized back, not allowed since 2018."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import ROTH_IRA_TYPES, Conversion, Event, Finding
from rothaudit.rules._format import acct, cite, day, money
from rothaudit.rules.base import AuditContext, Rule

# A recharacterization's other leg: same person, same amount, within this many days.
PAIR_DAYS = 10

DOC = """
What it checks:
  Recharacterizations of converted money: a recharacterization out of a Roth IRA that does not
  undo a regular contribution, where the conversion it undoes was made in 2018 or later (the
  latest conversion before it; when there is none in the exports, the year of the
  recharacterization itself).

Why it matters:
  Since tax year 2018 a Roth conversion cannot be recharacterized. The conversion stands and is
  taxed as reported; money moved back from the Roth IRA is treated as a Roth distribution, and
  what lands in the traditional IRA may be an excess contribution (6% a year).

Example:
  $6,000 converted on 2024-01-10 and "recharacterized" back to the traditional IRA on
  2024-03-01: the 2024 conversion still counts on the 2024 Form 8606.

References:
  IRC §408A(d)(6)(B)(iii) (TCJA §13611), Instructions for Form 8606 (2018 "No
  recharacterizations of conversions"; 2023 "Recharacterizations").
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    from rothaudit.taxdata import constants

    first = constants().no_conversion_rechar_from_year
    undone = {e for c in ctx.recon.contributions for e in c.recharacterized_by}
    events = [e for e in ctx.recon.recharacterizations if e not in undone]
    for e in sorted(events, key=lambda e: (e.date, e.ref)):
        other = _other_leg(e, events)
        if e.account_type not in ROTH_IRA_TYPES and other is not None:
            continue  # reported with its Roth leg
        conv = _converted(ctx, e)
        year = conv.year if conv is not None else e.date.year
        if year < first.value:
            continue
        legs = [e] + ([other] if other is not None else [])
        yield RULE.finding(
            person=e.person,
            tax_year=year,
            accounts=[x.account for x in legs],
            amount=abs(e.amount),
            message=(
                f"{money(abs(e.amount))} was recharacterized from {acct(e.account)} on "
                f"{day(e.date)}"
                + (f" undoing the {day(conv.out_event.date)} conversion" if conv else "")
                + f"; conversions made in {first.value} or later cannot be recharacterized, so "
                f"the {year} conversion stands and the move back counts as a Roth distribution."
            ),
            action=(
                "Ask the custodian to reverse the transaction and issue corrected Forms 1099-R "
                "and 5498, and have a tax professional review it: the Roth distribution belongs "
                "on Form 8606 Part III and the deposit into the traditional IRA may be an excess "
                "contribution (6% a year, Form 5329)."
            ),
            evidence=[x.ref for x in legs] + ([conv.out_event.ref] if conv else []),
            citations=cite(RULE.citations, first.citations),
        )


def _other_leg(e: Event, events: list[Event]) -> Event | None:
    for x in events:
        near = abs((x.date - e.date).days) <= PAIR_DAYS
        if x is not e and x.person == e.person and x.amount == -e.amount and near:
            return x
    return None


def _converted(ctx: AuditContext, e: Event) -> Conversion | None:
    """The person's latest conversion on or before the recharacterization."""
    before = [
        c
        for c in ctx.recon.conversions
        if c.out_event.person == e.person and c.out_event.date <= e.date
    ]
    return max(before, key=lambda c: (c.out_event.date, c.out_event.ref), default=None)


RULE = Rule(
    name="conversion-recharacterized",
    severity="error",
    citations=("IRC-408A", "I8606-2018", "I8606-2023"),
    summary="a recharacterization of a conversion, not allowed since 2018",
    doc=DOC,
    check=check,
)
