"""unmatched-contribution-year: a household [[contribution_years]] entry that took no effect."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import Contribution, Finding
from rothaudit.household import ContributionYearDecl
from rothaudit.rules._format import acct, day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Each [[contribution_years]] entry of the household file against the exported contributions.
  An entry applies only to a contribution with the same account number, date and amount as
  the export shows them; one that matches none changed nothing, though whoever wrote it
  believes it did. When a contribution matches it in two of the three, that row is named: the
  third is most likely a typo.

Why it matters:
  The entry exists to put a Jan 1 to deadline contribution in the right tax year. Not applied,
  the contribution stays in the year the export or the calendar gives it, and the limit checks
  and Form 8606 line 1 of both years may be wrong. Reported as an error, not exit 2: the audit
  can still run, and an entry for a contribution outside these exports is not a malformed file.

Example:
  The household file says account 12345678, date 2024-02-04, amount 7000, tax_year 2023; the
  export has $7,000 on 2024-02-03. The entry names its line and the 2024-02-03 row, which
  stays booked to 2024 until the date is corrected.

References:
  Instructions for Form 8606 (line 1 and line 4: contributions made Jan 1 to the due date for
  the prior year), IRS Publication 590-A (designating the year of a contribution).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    contributions = ctx.recon.contributions
    for decl in ctx.household.contribution_years:
        if any(_fields(decl, c) == 3 for c in contributions):
            continue
        near = sorted(
            (c for c in contributions if _fields(decl, c) == 2),
            key=lambda c: (abs((c.event.date - decl.date).days), c.event.ref),
        )
        yield _finding(ctx, decl, near)


def _fields(decl: ContributionYearDecl, c: Contribution) -> int:
    """How many of account, date and amount the entry and the contribution share."""
    e = c.event
    return (e.account == decl.account) + (e.date == decl.date) + (c.amount == decl.amount)


def _differs(decl: ContributionYearDecl, c: Contribution) -> str:
    """Which field of the entry differs from the nearest contribution, in words."""
    e = c.event
    if e.date != decl.date:
        return f"the export's date is {day(e.date)}, not {day(decl.date)}"
    if c.amount != decl.amount:
        return f"the export's amount is {money(c.amount)}, not {money(decl.amount)}"
    if acct(e.account) == acct(decl.account):
        return "the export's account number differs, though it ends the same"
    return f"the export's account is {acct(e.account)}, not {acct(decl.account)}"


def _finding(ctx: AuditContext, decl: ContributionYearDecl, near: list[Contribution]) -> Finding:
    account = ctx.recon.accounts.get(decl.account)
    person = account.owner if account else (near[0].event.person if near else None)
    entry = (
        f"[[contribution_years]] at {decl.ref.file} line {decl.ref.line} (account "
        f"{acct(decl.account)}, date {day(decl.date)}, amount {money(decl.amount)}, tax_year "
        f"{decl.tax_year})"
    )
    if near:
        shown = "; ".join(
            f"{money(c.amount)} to {acct(c.event.account)} on {day(c.event.date)} "
            f"({c.event.ref.file}:{c.event.ref.line}), booked to {c.tax_year}"
            for c in near[:3]
        )
        message = (
            f"{entry} matches no exported contribution with the same account, date and "
            f"amount, so it was not applied. The exports have, differing in one of the three: "
            f"{shown}."
        )
        action = (
            f"Correct the [[contribution_years]] entry at {decl.ref.file} line {decl.ref.line} "
            f"({_differs(decl, near[0])}) so that account, date and amount are the "
            "contribution's exactly as the export shows them, and it is booked to "
            f"{decl.tax_year}; or remove the entry if it is for another contribution."
        )
    else:
        message = (
            f"{entry} matches no contribution in the exports (none shares two of its account, "
            "date and amount), so it was not applied."
        )
        action = (
            f"Check the [[contribution_years]] entry at {decl.ref.file} line {decl.ref.line} "
            "against the custodian's confirmation: correct it to the "
            "contribution's account number, date and amount as the export shows them, add the "
            "export that holds the contribution, or remove the entry."
        )
    return RULE.finding(
        person=person,
        tax_year=decl.tax_year,
        accounts=[decl.account],
        amount=decl.amount,
        message=message,
        action=action,
        evidence=[decl.ref, *(c.event.ref for c in near[:3])],
    )


RULE = Rule(
    name="unmatched-contribution-year",
    severity="error",
    citations=("I8606-2023", "HOUSEHOLD"),
    summary="a household [[contribution_years]] entry that matches no exported contribution",
    doc=DOC,
    check=check,
)
