"""filing-status-unknown: a limit whose outcome turns on a filing status nobody gave."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rothaudit.audit.model import Contribution, Finding
from rothaudit.rules import _facts
from rothaudit.rules._format import money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  For each person and tax year the household file gives no filing status for, whether an IRA
  limit comes out differently by filing status: the overall IRA limit, where the spousal rule
  (IRC 219(c)) lets a lower-paid spouse count the couple's compensation only on a joint
  return, and the Roth income limit, whose phase-out range is the filing status's. The part of
  the contributions that is an excess under some statuses and not under others is reported
  here, with the amount at stake. What every status disallows is reported as over-contribution
  or roth-income-limit; no status is guessed.

Why it matters:
  Guessing either way is wrong half the time: a guessed single return reports an excess that a
  joint return does not have; a guessed joint return hides one that a single or separate
  return has, and its 6% excise accrues every year-end until corrected. The deadline to correct
  an excess without the excise is the extended due date, so the status is worth asking for now.

Example:
  Alex (salary $300,000) and Sam (salary $3,000) give no filing status. Sam contributes $7,000
  to a traditional IRA for 2024. Filing jointly, Sam's limit is $7,000 (the couple's pay
  counts); filing separately, it is $3,000. The $4,000 in between is reported here until
  household.toml says filing_status = "mfj" (nothing to do) or "mfs" (a $4,000 excess).

References:
  IRC §219(b) and (c) (compensation cap, spousal IRA), IRC §408A(c)(3) (phase-out ranges by
  filing status), IRS Publication 590-A, Instructions for Form 8606.
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for (person, year), contributions in sorted(_facts.contributions_by_year(ctx.recon).items()):
        if ctx.household.filing_status_for(year) is not None:
            continue
        yield from _ira_limit(ctx, person, year, contributions)
        yield from _roth_limit(ctx, person, year, contributions)


def _ira_limit(
    ctx: AuditContext, person: str, year: int, contributions: list[Contribution]
) -> Iterator[Finding]:
    from rothaudit.limits import contribution_limit
    from rothaudit.taxdata import figures

    comp = _facts.limit_compensation(ctx.household, ctx.recon, person, year)
    if comp.if_not_joint is None:
        return
    age = _facts.age_at_year_end(ctx, person, year)
    strict = contribution_limit(figures(year), age, comp.if_not_joint).value
    joint = _facts.contribution_limit(ctx, person, year).value
    made = _facts.total(contributions)
    at_stake = min(made, joint) - strict
    if at_stake <= 0:
        return
    joint_text = (
        f"the spousal IRA limit (IRC 219(c)) makes the limit {money(joint)}"
        if comp.value is not None
        else "the spousal IRA limit (IRC 219(c)) counts the spouse's compensation too, which "
        "the household file does not give"
    )
    yield _finding(
        person,
        year,
        contributions,
        at_stake,
        f"{person}'s IRA contributions for {year} total {money(made)}, and whether "
        f"{money(at_stake)} of it is an excess depends on the filing status, which the "
        f"household file does not give for {year}: on a joint return {joint_text}; on any other "
        f"return {person}'s own compensation {money(comp.if_not_joint)} makes it "
        f"{money(strict)}.",
        "over-contribution",
    )


def _roth_limit(
    ctx: AuditContext, person: str, year: int, contributions: list[Contribution]
) -> Iterator[Finding]:
    from rothaudit.rules.roth_income_limit import STATUS_WORDS, allowed_by_status

    roth = [c for c in contributions if c.treated_as == "roth"]
    who = _facts.person(ctx, person)
    magi = who.magi.get(year) if who is not None else None
    if not roth or magi is None:
        return
    traditional = _facts.total([c for c in contributions if c.treated_as == "traditional"])
    room = max(Decimal(0), _facts.contribution_limit(ctx, person, year).value - traditional)
    within = min(_facts.total(roth), room)
    by_status = {
        s: cited.value
        for s, cited in allowed_by_status(ctx, person, year, magi, traditional).items()
    }
    most, least = max(by_status.values()), min(by_status.values())
    at_stake = min(within, most) - least
    if at_stake <= 0:
        return
    groups: dict[Decimal, list[str]] = {}
    for status, allowed in by_status.items():
        groups.setdefault(allowed, []).append(STATUS_WORDS[status])
    allows = "; ".join(
        f"{money(allowed)} if {_either(words)}" for allowed, words in sorted(groups.items())
    )
    yield _finding(
        person,
        year,
        roth,
        at_stake,
        f"{person} contributed {money(_facts.total(roth))} directly to Roth IRAs for {year} with "
        f"MAGI {money(magi)}, and the Roth phase-out range depends on the filing status, which "
        f"the household file does not give for {year}: the Roth limit is {allows}. Up to "
        f"{money(at_stake)} may not be allowed.",
        "roth-income-limit",
    )


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _finding(
    person: str,
    year: int,
    contributions: list[Contribution],
    amount: Decimal,
    message: str,
    then: str,
) -> Finding:
    return RULE.finding(
        person=person,
        tax_year=year,
        accounts=[c.event.account for c in contributions],
        amount=amount,
        message=message,
        action=(
            f"Add the {year} filing status to household.toml: [household] filing_status = "
            f'"single", "mfj", "mfs", "mfs_lived_apart", "hoh" or "qss" (or a table by year). '
            f"The audit then reports any excess as {then}, with what to do and by when."
        ),
        evidence=[c.event.ref for c in contributions],
    )


RULE = Rule(
    name="filing-status-unknown",
    severity="error",
    citations=("IRC-219", "IRC-408A", "P590A-SPOUSAL", "I8606-2023"),
    summary="an IRA or Roth limit that depends on a filing status the household file omits",
    doc=DOC,
    check=check,
)
