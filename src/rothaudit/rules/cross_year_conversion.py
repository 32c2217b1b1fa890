"""cross-year-conversion: a contribution for one year converted in a later year."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal

from rothaudit.audit.model import Contribution, Conversion, Finding
from rothaudit.rules._format import accts, day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Conversions that moved contributions made FOR an earlier tax year: a Dec 29 contribution for
  2024 converted on Jan 3 2025, or a contribution for 2024 made in March 2025 and converted then.
  It is information, not a mistake: it says which Form 8606 shows what.

Why it matters:
  Contributions go on the Form 8606 of the year they are for; conversions on the Form 8606 of
  the calendar year they happen in. The contribution year's form must still be filed so its
  line 14 basis carries to line 2 of the conversion year's form; forget it and the conversion
  looks fully taxable.

Example:
  $7,000 contributed for 2024 on 2024-12-29 and converted 2025-01-03: the 2024 Form 8606 has
  line 1 = line 14 = 7,000; the 2025 form has line 2 = 7,000 and line 8 = 7,000.

References:
  Form 8606 lines 1, 2, 4, 8 and 14; Instructions for Form 8606 (line 4, Total Basis Chart).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for conv in sorted(ctx.recon.conversions, key=lambda c: (c.out_event.date, c.out_event.ref)):
        earlier: dict[int, list[Contribution]] = defaultdict(list)
        for c in conv.funded_by:
            if c.tax_year < conv.year:
                earlier[c.tax_year].append(c)
        for year, contributions in sorted(earlier.items()):
            yield _finding(ctx, conv, year, contributions)


def _line(ctx: AuditContext, person: str, year: int, line: str) -> str:
    form = ctx.forms.get((person, year))
    value = form.lines.get(line) if form is not None else None
    return f" = {money(value)}" if value is not None else ""


def _finding(
    ctx: AuditContext, conv: Conversion, year: int, contributions: list[Contribution]
) -> Finding:
    person, later = conv.out_event.person, conv.year
    amount = sum((c.amount for c in contributions), Decimal(0))
    made = ", ".join(day(c.event.date) for c in contributions)
    lines = "line 1" + (
        f", and line 4 if {year} had a conversion or distribution"
        if any(c.made_after_year for c in contributions)
        else ""
    )
    where = accts(c.event.account for c in contributions)
    message = (
        f"{money(amount)} contributed for {year} (made {made}, {where}) was converted on "
        f"{day(conv.out_event.date)}: the contribution belongs on the {year} Form 8606 ({lines}), "
        f"which carries it as basis (line 14{_line(ctx, person, year, '14')}); the conversion "
        f"belongs on the {later} Form 8606 (line 2{_line(ctx, person, later, '2')} carries the "
        f"basis, line 8{_line(ctx, person, later, '8')} shows the conversion)."
    )
    action = (
        f"Nothing to fix. File the {year} Form 8606 even though nothing from it was converted in "
        f"{year}, and check that its line 14 is line 2 of the {later} form."
    )
    return RULE.finding(
        person=person,
        tax_year=year,
        accounts=[c.event.account for c in contributions] + [conv.out_event.account],
        amount=amount,
        message=message,
        action=action,
        evidence=[c.event.ref for c in contributions] + [conv.out_event.ref],
    )


RULE = Rule(
    name="cross-year-conversion",
    severity="info",
    citations=("F8606-MeF", "I8606-2023"),
    summary="a contribution for one year converted in the next: which Form 8606 shows what",
    doc=DOC,
    check=check,
)
