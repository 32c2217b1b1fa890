"""five-year-clock: each conversion's own five-year period (10% recapture on its taxable part)."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import date

from rothaudit.audit.model import Finding
from rothaudit.rules import _facts
from rothaudit.rules._format import acct, day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Every Roth conversion, and the day its own five-year period ends: the period starts on Jan 1
  of the year of the conversion, so it ends on Dec 31 four years later. Information only.

Why it matters:
  Converted money taken out of a Roth IRA within its five-year period, before age 59 1/2, owes
  the 10% additional tax on the part of that conversion that was taxable (Form 5329). Each
  conversion has its own clock, separate from the five-year rule for tax-free earnings. A clean
  Backdoor conversion (taxable part near $0) carries almost no exposure.

Example:
  $7,000 converted on 2024-01-05, $12 of it taxable: its period runs to 2028-12-31; from
  2029-01-01 it can come out without the 10% even before 59 1/2.

References:
  IRC §408A(d)(3)(F), Treas. Reg. §1.408A-6 A-5, Instructions for Form 8606 (Part III, line 23).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for conv in sorted(ctx.recon.conversions, key=lambda c: (c.out_event.date, c.out_event.ref)):
        person = conv.out_event.person
        free = date(conv.year + 5, 1, 1)
        form = ctx.forms.get((person, conv.year))
        taxable = form.lines.get("18") if form is not None else None
        taxed = (
            f"; the taxable part of {conv.year}'s conversions is {money(taxable)} (Form 8606 line 18)"
            if taxable is not None
            else ""
        )
        who = _facts.person(ctx, person)
        half = _age_59_half(who.birth_date) if who is not None and who.birth_date else None
        age = (
            f" {person} reaches 59 1/2 on {day(half)}, after which the 10% does not apply."
            if half is not None and half < free
            else ""
        )
        yield RULE.finding(
            person=person,
            tax_year=conv.year,
            accounts=[conv.out_event.account],
            amount=conv.amount,
            message=(
                f"The {money(conv.amount)} converted from {acct(conv.out_event.account)} on "
                f"{day(conv.out_event.date)} has its own five-year period, which ends "
                f"{day(date(conv.year + 4, 12, 31))}{taxed}.{age}"
            ),
            action=(
                f"Keep this date with your records: taking converted money out of the Roth IRA "
                f"before {day(free)} and before 59 1/2 costs 10% of the taxable part converted."
            ),
            evidence=[conv.out_event.ref] + ([conv.in_event.ref] if conv.in_event else []),
        )


def _age_59_half(birth: date) -> date:
    month = birth.month + 6
    year = birth.year + 59 + (month - 1) // 12
    month = (month - 1) % 12 + 1
    return date(year, month, min(birth.day, calendar.monthrange(year, month)[1]))


RULE = Rule(
    name="five-year-clock",
    severity="info",
    citations=("IRC-408A", "REG-1.408A", "I8606-2023"),
    summary="each conversion's five-year date (10% recapture on its taxable part before it)",
    doc=DOC,
    check=check,
)
