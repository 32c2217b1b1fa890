"""unclassified-transaction: a retirement-account row whose action no importer rule knows."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import Finding
from rothaudit.rules._format import account_word, acct, day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Rows in retirement accounts (IRAs and employer plans) whose action text the importer could
  not classify, kept as kind "other" instead of being dropped.

Why it matters:
  If such a row is really a contribution, conversion, distribution or recharacterization, the
  audit's limits, basis and Form 8606 lines are missing it. Form 8606 needs every conversion and
  distribution of the year.

Example:
  "JOURNALED SPP" on a traditional IRA for $-7,000.00: a journal that may be a conversion the
  importer does not recognise.

References:
  Instructions for Form 8606 (lines 7 and 8: all distributions and conversions of the year).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for e in sorted(ctx.recon.unclassified, key=lambda e: (e.date, e.ref)):
        yield RULE.finding(
            person=e.person,
            tax_year=e.date.year,
            accounts=[e.account],
            amount=e.amount,
            message=(
                f"A row of {account_word(e.account_type)} {acct(e.account)} on {day(e.date)} "
                f"({money(e.amount)}, action {e.action!r}) has an action the importer does not "
                f"recognise; the audit leaves it out."
            ),
            action=(
                "Check what this transaction was on the account's statement. If it moved money "
                "into or out of the IRA (contribution, conversion, distribution, "
                "recharacterization, rollover), the audit is incomplete: report the action text so "
                "the importer can learn it."
            ),
            evidence=[e.ref],
        )


RULE = Rule(
    name="unclassified-transaction",
    severity="warning",
    citations=("I8606-2023",),
    summary="a row in a retirement account whose action the importer could not classify",
    doc=DOC,
    check=check,
)
