"""over-contribution: a person's IRA contributions for a year above the year's limit."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from rothaudit.audit.model import Contribution, Finding
from rothaudit.rules import _facts
from rothaudit.rules._format import accts, cents, cite, day, money, plural
from rothaudit.rules._nia import net_income_attributable
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  For each person and tax year, every IRA contribution made FOR that year -- traditional and
  Roth, at every institution -- added together and compared with the year's limit: the dollar
  limit, plus the age-50 catch-up when the person is 50 or older on Dec 31, and never more than
  the person's taxable compensation when the household file gives it. On a joint return the
  lower-paid spouse may use the couple's compensation less the other spouse's traditional and
  Roth IRA contributions for the year (IRC 219(c), the spousal IRA); when that spouse's
  compensation is not given, only the dollar limit is tested and the checklist asks for it.

Why it matters:
  An excess contribution left in the IRA costs a 6% excise tax (Form 5329) for every year-end
  it stays. Withdrawn together with its net income attributable by the extended due date of
  the return, it is treated as never contributed.

Example:
  Alex, 45, puts $7,000 for 2024 into a traditional IRA at Vanguard and $1,000 for 2024 into a
  Roth IRA at Fidelity. The 2024 limit is $7,000, so $1,000 is excess: withdraw it and its
  earnings by 2025-10-15, or owe $60.00 (6%) for 2024 and again for each later year-end.

References:
  IRC §219(b)(5) (limit and catch-up), §219(c) and Pub 590-A (spousal IRA limit),
  §408A(c)(2) (one limit for traditional and Roth),
  §4973 (6% excise), Treas. Reg. §1.408-11 (net income attributable), Instructions for Form
  8606 (return of IRA contributions), Form 5329 Parts III and IV.
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for (person, year), contributions in sorted(_facts.contributions_by_year(ctx.recon).items()):
        limit = _facts.contribution_limit(ctx, person, year)
        made = _facts.total(contributions)
        if made > limit.value:
            yield _finding(ctx, person, year, contributions, made, limit.value, limit.citations)


def _finding(
    ctx: AuditContext,
    person: str,
    year: int,
    contributions: list[Contribution],
    made: Decimal,
    limit: Decimal,
    limit_cites: tuple[str, ...],
) -> Finding:
    from rothaudit.taxdata import constants, figures

    figs, consts = figures(year), constants()
    excess = made - limit
    excise = cents(excess * consts.excise_rate.value)
    accounts = [c.event.account for c in contributions]
    message = (
        f"{person}'s IRA contributions for {year} total {money(made)} "
        f"({plural(len(contributions), 'contribution')} to {accts(accounts)}); the {year} limit is "
        f"{money(limit)} ({_facts.limit_basis(ctx, person, year)}), so {money(excess)} is excess."
    )
    deadline = figs.extended_due_date.value
    action = _action(ctx, year, contributions, excess, excise, deadline)
    return RULE.finding(
        person=person,
        tax_year=year,
        accounts=accounts,
        amount=excess,
        message=message,
        action=action,
        evidence=[c.event.ref for c in contributions],
        citations=cite(
            RULE.citations,
            limit_cites,
            figs.extended_due_date.citations,
            consts.excise_rate.citations,
        ),
        deadline=deadline,
    )


def _action(
    ctx: AuditContext,
    year: int,
    contributions: list[Contribution],
    excess: Decimal,
    excise: Decimal,
    deadline: date,
) -> str:
    returned = _facts.latest(contributions, excess)
    source = accts(c.event.account for c in returned)
    if ctx.as_of <= deadline:
        nia = net_income_attributable(ctx.recon, returned, excess, ctx.as_of)
        how = (
            f": {money(cents(excess + nia.value))} in all if removed on {day(ctx.as_of)} "
            f"({nia.text})"
            if nia.value is not None
            else f". The net income attributable cannot be computed here: {nia.text}"
        )
        return (
            f"Withdraw the {money(excess)} excess plus its net income attributable from {source} "
            f"by {day(deadline)} (the extended due date of the {year} return){how}. The earnings "
            f"are taxable for {year}. Left in place, the excess costs the 6% excise, "
            f"{money(excise)}, for {year} and again for each later year-end it remains "
            f"(Form 5329)."
        )
    years = _facts.year_ends_passed(year, ctx.as_of)
    owed = cents(excise * years)
    return (
        f"The correction deadline {day(deadline)} has passed: the 6% excise, {money(excise)} a "
        f"year (at most 6% of the IRA's Dec 31 value), is due for each year-end the excess "
        f"stayed in the IRA -- {plural(years, 'year-end')} up to {day(ctx.as_of)}, "
        f"{money(owed)} -- on Form 5329. Withdraw the {money(excess)} now from "
        f"{source} (no earnings need to come out) or absorb it by contributing less in a later "
        f"year, before {day(date(ctx.as_of.year, 12, 31))} to stop the next 6%."
    )


RULE = Rule(
    name="over-contribution",
    severity="error",
    citations=("IRC-219", "IRC-408A", "IRC-4973", "REG-1.408-11", "I8606-2023", "F5329-MeF"),
    summary="IRA contributions for a year above the limit (all IRAs, catch-up, compensation)",
    doc=DOC,
    check=check,
)
