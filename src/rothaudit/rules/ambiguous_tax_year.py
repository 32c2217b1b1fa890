"""ambiguous-tax-year: a Jan 1..deadline contribution whose tax year nobody stated."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import Finding
from rothaudit.rules import _facts
from rothaudit.rules._format import acct, day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Contributions made between Jan 1 and the deadline for the previous tax year when neither the
  export (Vanguard's and Fidelity's current/prior-year coding) nor the household file's
  [[contribution_years]] says which year they are for. The audit then treats them as for the
  calendar year they were made in, and says so.

Why it matters:
  A deposit in that window can be for either year, and the choice moves it between two years'
  limits and two Forms 8606. The custodian's coding (Form 5498) is what the IRS sees; the audit
  should use the same year.

Example:
  $6,500 deposited on 2024-02-03 with no tax-year column: it could be for 2023 or 2024, and the
  audit counts it for 2024 until the household file says otherwise.

References:
  IRC §219(f)(3), §408A(c)(7), Treas. Reg. §1.408A-3 A-2(b), Instructions for Form 8606
  (lines 1 and 4).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for c in _facts.ira_contributions(ctx.recon):
        if c.year_basis != "calendar" or not c.in_window:
            continue
        made = c.event.date
        yield RULE.finding(
            person=c.event.person,
            tax_year=c.tax_year,
            accounts=[c.event.account],
            amount=c.amount,
            message=(
                f"{money(c.amount)} contributed to {acct(c.event.account)} on {day(made)} could "
                f"be for {made.year - 1} or {made.year}; neither the export nor the household file "
                f"says which, so the audit treats it as for {c.tax_year}."
            ),
            action=(
                f"Look up the year on the custodian's confirmation or Form 5498 and record it in "
                f"household.toml: [[contribution_years]] account, date = {day(made)}, amount = "
                f"{c.amount}, tax_year = {made.year - 1} or {made.year}."
            ),
            evidence=[c.event.ref],
        )


RULE = Rule(
    name="ambiguous-tax-year",
    severity="warning",
    citations=("IRC-219", "IRC-408A", "REG-1.408A", "I8606-2023"),
    summary="a Jan 1 to deadline contribution whose tax year neither export nor household states",
    doc=DOC,
    check=check,
)
