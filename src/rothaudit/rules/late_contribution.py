"""late-contribution: designated for a tax year but made after that year's deadline."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rothaudit.audit.model import Contribution, Finding
from rothaudit.errors import TaxDataError
from rothaudit.rules import _facts
from rothaudit.rules._format import acct, cite, day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Every contribution whose tax year was stated (by the export or the household file) and that
  was made after that tax year's contribution deadline: the unextended due date of the return
  (April 15 or the next business day; July 15 2020 and May 17 2021 for the COVID years), or the
  household's deadline override for a disaster postponement. A contribution made on the
  deadline day itself is on time.

Why it matters:
  A contribution for year Y can only be made through Y's deadline. One booked to Y after it is
  really a contribution for the current year: it counts against that year's limit, belongs on
  that year's Form 8606, and the custodian's Form 5498 needs correcting.

Example:
  $7,000 deposited on 2025-04-16 and coded "prior year" (2024). The 2024 deadline was
  2025-04-15, so it can only be a 2025 contribution; ask the custodian to re-code it.

References:
  IRC §219(f)(3), §408A(c)(7), Treas. Reg. §1.408A-3 A-2(b), IRC §7503 (weekend and holiday
  deadlines), §7508A (disaster postponements), Instructions for Form 8606 (line 1).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    from rothaudit.taxdata import contribution_deadline

    for c in _facts.ira_contributions(ctx.recon):
        if c.year_basis == "calendar":
            continue
        deadline = contribution_deadline(c.tax_year, ctx.household)
        if c.event.date > deadline.value:
            yield _finding(ctx, c, deadline.value, deadline.citations)


def _year_it_fits(ctx: AuditContext, made: date, designated: int) -> int:
    """The first year after `designated` whose deadline the contribution still met."""
    from rothaudit.taxdata import contribution_deadline

    for year in range(max(designated + 1, made.year - 1), made.year):
        try:
            if made <= contribution_deadline(year, ctx.household).value:
                return year
        except TaxDataError:
            continue
    return made.year


def _finding(ctx: AuditContext, c: Contribution, missed: date, cites: tuple[str, ...]) -> Finding:
    from rothaudit.taxdata import figures

    year = _year_it_fits(ctx, c.event.date, c.tax_year)
    try:
        fix_by: date | None = figures(year).extended_due_date.value
    except TaxDataError:
        fix_by = None
    message = (
        f"{money(c.amount)} contributed to {acct(c.event.account)} on {day(c.event.date)} is "
        f"designated for {c.tax_year}, but contributions for {c.tax_year} had to be made by "
        f"{day(missed)}; it can only be a {year} contribution."
    )
    action = (
        f"Ask the custodian to re-code it as a {year} contribution (a corrected Form 5498) and "
        f"count it toward the {year} limit and the {year} Form 8606, not {c.tax_year}'s. If {year} "
        f"has no room left for it, it is an excess contribution: withdraw it with its earnings"
        + (f" by {day(fix_by)}." if fix_by else ".")
    )
    return RULE.finding(
        person=c.event.person,
        tax_year=c.tax_year,
        accounts=[c.event.account],
        amount=c.amount,
        message=message,
        action=action,
        evidence=[c.event.ref],
        citations=cite(RULE.citations, cites),
        deadline=fix_by,
    )


RULE = Rule(
    name="late-contribution",
    severity="error",
    citations=("IRC-219", "IRC-408A", "REG-1.408A", "IRC-7503", "I8606-2023"),
    summary="a contribution designated for a year but made after that year's deadline",
    doc=DOC,
    check=check,
)
