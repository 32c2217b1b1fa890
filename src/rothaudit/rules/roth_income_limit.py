"""roth-income-limit: direct Roth contributions above what MAGI and filing status allow."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import TYPE_CHECKING

from rothaudit.audit.model import Contribution, Finding
from rothaudit.rules import _facts
from rothaudit.rules._format import accts, cents, cite, day, money
from rothaudit.rules._nia import net_income_attributable
from rothaudit.rules.base import AuditContext, Rule

if TYPE_CHECKING:
    from rothaudit.taxdata import Cited

STATUS_WORDS = {
    "single": "single",
    "mfj": "married filing jointly",
    "mfs": "married filing separately",
    "mfs_lived_apart": "married filing separately living apart",
    "hoh": "head of household",
    "qss": "qualifying surviving spouse",
}

DOC = """
What it checks:
  For each person and tax year with a modified AGI in the household file, the direct Roth IRA
  contributions for the year (after any recharacterization) against the Roth limit for that
  MAGI and the household's filing status: the full limit at or below the lower bound of the
  phase-out, nothing at or above the upper bound, and in between the reduced limit (ratio to at
  least three places, rounded up to $10, at least $200). Only the part within the overall IRA
  limit is counted here; anything beyond it is over-contribution's. With no filing status for
  the year, only what no filing status allows is reported here; what some statuses allow and
  others do not is filing-status-unknown's (no status is guessed).

Why it matters:
  A Roth contribution the income limit does not allow is an excess contribution: 6% excise
  every year-end it stays. The usual repair is to recharacterize it, with its earnings, to a
  traditional IRA by the extended due date, and then convert it: the Backdoor Roth.

Example:
  Sam, single, MAGI $170,000 in 2024, contributes $7,000 directly to a Roth IRA. The 2024 single
  range ends at $161,000, so none of it is allowed: recharacterize $7,000 plus earnings to a
  traditional IRA by 2025-10-15, report it on Form 8606 line 1, and convert it.

References:
  IRC §408A(c)(3) (phase-out), Treas. Reg. §1.408A-3 A-3 (rounding, $200 minimum), §1.408A-5
  and §1.408-11 (recharacterization with net income attributable), Instructions for Form 8606,
  IRS "Amount of Roth IRA contributions that you can make" tables.
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for (person, year), contributions in sorted(_facts.contributions_by_year(ctx.recon).items()):
        roth = [c for c in contributions if c.treated_as == "roth"]
        who = _facts.person(ctx, person)
        magi = who.magi.get(year) if who is not None else None
        if not roth or magi is None:
            continue
        status = ctx.household.filing_status_for(year)
        traditional = _facts.total([c for c in contributions if c.treated_as == "traditional"])
        overall = _facts.contribution_limit(ctx, person, year)
        by_status = allowed_by_status(ctx, person, year, magi, traditional)
        # Unknown status: the most any status allows; an excess above it is certain.
        shown = status or max(by_status, key=lambda s: (by_status[s].value, s == "mfj"))
        allowed = by_status[shown]
        made = _facts.total(roth)
        within_overall = min(made, max(Decimal(0), overall.value - traditional))
        excess = within_overall - allowed.value
        if excess > 0:
            yield _finding(
                ctx,
                person,
                year,
                roth,
                made,
                magi,
                status,
                shown,
                allowed.value,
                excess,
                cite(allowed.citations, overall.citations),
            )


def allowed_by_status(
    ctx: AuditContext, person: str, year: int, magi: Decimal, traditional: Decimal
) -> dict[str, Cited[Decimal]]:
    """The Roth limit under the household's filing status, or under every one when unknown."""
    from rothaudit.limits import roth_limit
    from rothaudit.taxdata import FILING_STATUSES, figures

    status = ctx.household.filing_status_for(year)
    age = _facts.age_at_year_end(ctx, person, year)
    comp = _facts.limit_compensation(ctx.household, ctx.recon, person, year).value
    return {
        s: roth_limit(figures(year), s, magi, age, comp, traditional)
        for s in ([status] if status else FILING_STATUSES)
    }


def _finding(
    ctx: AuditContext,
    person: str,
    year: int,
    roth: list[Contribution],
    made: Decimal,
    magi: Decimal,
    status: str | None,
    shown: str,
    allowed: Decimal,
    excess: Decimal,
    cites: tuple[str, ...],
) -> Finding:
    from rothaudit.taxdata import constants, figures

    figs = figures(year)
    lo, hi = figs.roth_phaseout(shown).value
    status_text = (
        f"filing status {status}"
        if status
        else f"no filing status given, so tested against the range that allows the most, "
        f"{STATUS_WORDS[shown]}"
    )
    beyond = made - allowed - excess
    message = (
        f"{person} contributed {money(made)} directly to Roth IRAs for {year}; with MAGI "
        f"{money(magi)} ({status_text}; phase-out {money(lo)} to {money(hi)}) the Roth limit is "
        f"{money(allowed)}{'' if status else ' under every filing status'}, so "
        f"{money(excess)} is not allowed"
        + (
            f" (a further {money(beyond)} over the overall IRA limit is reported as "
            f"over-contribution)."
            if beyond > 0
            else "."
        )
    )
    deadline = figs.extended_due_date.value
    returned = _facts.latest(roth, excess)
    excise = cents(excess * constants().excise_rate.value)
    if ctx.as_of <= deadline:
        nia = net_income_attributable(ctx.recon, returned, excess, ctx.as_of)
        action = (
            f"Recharacterize {money(excess)} plus its earnings ({nia.text}) from Roth IRA "
            f"{accts(c.event.account for c in returned)} to a traditional IRA by {day(deadline)} "
            f"(the extended due date of the {year} return), report it as a nondeductible "
            f"contribution on the {year} Form 8606 line 1 with a statement, then convert it to "
            f"the Roth IRA (the Backdoor route). Otherwise the 6% excise, {money(excise)}, is due "
            f"for {year} and each later year-end."
        )
    else:
        years = _facts.year_ends_passed(year, ctx.as_of)
        action = (
            f"The recharacterization deadline {day(deadline)} has passed: the 6% excise, "
            f"{money(excise)} a year, is due for {years} year-end(s) so far "
            f"({money(cents(excise * years))}, Form 5329 Part IV). Withdraw the {money(excess)} "
            f"from the Roth IRA now, or absorb it by contributing less in a later year."
        )
    return RULE.finding(
        person=person,
        tax_year=year,
        accounts=[c.event.account for c in roth],
        amount=excess,
        message=message,
        action=action,
        evidence=[c.event.ref for c in roth],
        citations=cite(RULE.citations, cites, figs.extended_due_date.citations),
        deadline=deadline,
    )


RULE = Rule(
    name="roth-income-limit",
    severity="error",
    citations=("IRC-408A", "REG-1.408A", "REG-1.408-11", "I8606-2023"),
    summary="direct Roth contributions above what MAGI and filing status allow",
    doc=DOC,
    check=check,
)
