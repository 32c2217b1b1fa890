"""tax-year-mismatch: a Jan 1..deadline contribution whose tax year looks wrong."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rothaudit.audit.model import Contribution, Finding
from rothaudit.errors import TaxDataError
from rothaudit.rules import _facts
from rothaudit.rules._format import acct, day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Contributions made between Jan 1 and the deadline for the previous tax year, which may be for
  either year, where the year they are booked to looks wrong:
  - the booked year is over the limit while the other year still had room (taken greedily,
    earliest contribution first, until the overflow or the room is used up); or
  - the household file's [[contribution_years]] names a different year than the export.

Why it matters:
  Custodians code each deposit "current year" or "prior year" and report it on that year's Form
  5498. A wrong code turns a valid contribution into an excess (6% a year) and puts basis on the
  wrong Form 8606. Re-coding with the custodian is easy before the deadline; an excess is not.

Example:
  Alex contributes $7,000 on 2025-02-03 and $7,000 on 2025-03-01, both coded 2025, and nothing
  for 2024. 2025 is $7,000 over while 2024 had $7,000 of room: the February deposit was likely
  meant for 2024 (over-contribution reports the 2025 excess as well).

References:
  IRC §219(f)(3), §408A(c)(7), Treas. Reg. §1.408A-3 A-2(b), Instructions for Form 8606
  (lines 1 and 4).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    by_year = _facts.contributions_by_year(ctx.recon)
    flagged: dict[Contribution, list[str]] = {}
    for c in _facts.ira_contributions(ctx.recon):
        other = _other_year(ctx, c)
        if other is not None and (decl := _household_year(ctx, c)) is not None:
            flagged.setdefault(c, []).append(
                f"the household file says it is for {decl}, the export for {c.tax_year}"
            )
    for (person, year), contributions in sorted(by_year.items()):
        for c, text in _overflow(ctx, person, year, contributions, by_year):
            flagged.setdefault(c, []).append(text)
    for c, reasons in sorted(flagged.items(), key=lambda kv: (kv[0].event.date, kv[0].event.ref)):
        yield _finding(c, _other_year(ctx, c) or c.tax_year, reasons)


def _other_year(ctx: AuditContext, c: Contribution) -> int | None:
    """The year it could also be for, when it was made Jan 1..the prior year's deadline."""
    from rothaudit.taxdata import contribution_deadline

    made = c.event.date
    try:
        if made > contribution_deadline(made.year - 1, ctx.household).value:
            return None
    except TaxDataError:
        return None
    return {made.year: made.year - 1, made.year - 1: made.year}.get(c.tax_year)


def _household_year(ctx: AuditContext, c: Contribution) -> int | None:
    for decl in ctx.household.contribution_years:
        same = (decl.account, decl.date, decl.amount) == (c.event.account, c.event.date, c.amount)
        if same and decl.tax_year != c.tax_year:
            return decl.tax_year
    return None


def _overflow(
    ctx: AuditContext,
    person: str,
    year: int,
    contributions: list[Contribution],
    by_year: dict[tuple[str, int], list[Contribution]],
) -> Iterator[tuple[Contribution, str]]:
    over = _facts.total(contributions) - _facts.contribution_limit(ctx, person, year).value
    room: dict[int, Decimal] = {}
    for c in contributions:
        other = _other_year(ctx, c)
        if over <= 0 or other is None:
            continue
        if other not in room:
            try:
                limit = _facts.contribution_limit(ctx, person, other).value
            except TaxDataError:
                continue
            room[other] = limit - _facts.total(by_year.get((person, other), []))
        if room[other] <= 0:
            continue
        yield (
            c,
            (
                f"{year} is {money(over)} over its limit while {other} had {money(room[other])}"
                f" of room"
            ),
        )
        over -= c.amount
        room[other] -= c.amount


def _finding(c: Contribution, other: int, reasons: list[str]) -> Finding:
    booked = "taken as" if c.year_basis == "calendar" else "booked to"
    message = (
        f"{money(c.amount)} contributed to {acct(c.event.account)} on {day(c.event.date)} could be "
        f"for {min(c.tax_year, other)} or {max(c.tax_year, other)} and is {booked} {c.tax_year}; "
        + "; ".join(reasons)
        + "."
    )
    overflow = any("over its limit" in r for r in reasons)
    action = (
        f"Check the custodian's confirmation or Form 5498. If it was meant for {other}, ask the "
        f"custodian to re-code it (corrected Form 5498) and record it in household.toml "
        f"[[contribution_years]] with tax_year = {other}"
        + (
            f"; if it really is for {c.tax_year}, see over-contribution for {c.tax_year}."
            if overflow
            else "; if the export is right, correct the household file."
        )
    )
    return RULE.finding(
        person=c.event.person,
        tax_year=c.tax_year,
        accounts=[c.event.account],
        amount=c.amount,
        message=message,
        action=action,
        evidence=[c.event.ref],
    )


RULE = Rule(
    name="tax-year-mismatch",
    severity="warning",
    citations=("IRC-219", "IRC-408A", "REG-1.408A", "I8606-2023"),
    summary="a Jan 1 to deadline contribution whose tax year looks wrong",
    doc=DOC,
    check=check,
)
