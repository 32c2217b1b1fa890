"""unknown-prior-basis: the first line 2 is unknown: a pre-tax IRA held money before the
exports and no prior basis was given."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import Finding
from rothaudit.rules._format import acct, day
from rothaudit.rules._prior_basis import earlier_money, first_basis_form, without_prior_basis
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  For each person the household file gives no prior_basis, whether a pre-tax IRA of theirs
  (traditional, rollover, SEP or SIMPLE: the accounts Form 8606 line 6 adds up) held money
  before the exports begin: its first exported row takes money out, or is income,
  rather than bringing money in. That money may be earlier nondeductible contributions, so the
  first Form 8606 line 2 is unknown and the lines that depend on it are left blank.

Why it matters:
  A backdoor contribution made before the exports and converted inside them is basis. Taken as
  0, the whole conversion would look taxable (line 18) -- or, if the money was pre-tax, a
  guessed basis would hide tax. Only the last Form 8606 filed can say which.

Example:
  Alex's exports start on 2024-01-10 with a $7,000 conversion out of a traditional IRA: the
  2023 contribution it moved is not in them. Line 2 of the 2024 form stays blank until
  household.toml gives prior_basis = { tax_year = 2023, amount = 7000 } from the 2023 form.

References:
  Instructions for Form 8606, line 2 and the Total Basis Chart.
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for person in without_prior_basis(ctx):
        rows = earlier_money(ctx, person)
        form = first_basis_form(ctx, person)
        if not rows or form is None:
            continue
        year = form.tax_year
        shown = ", ".join(f"{acct(e.account)} ({e.kind} on {day(e.date)})" for e in rows)
        yield RULE.finding(
            person=person,
            tax_year=year,
            accounts=[e.account for e in rows],
            amount=None,
            message=(
                f"{person}'s {year} Form 8606 line 2 (basis from earlier years) is unknown: "
                f"the exports begin with money already in {shown}, which may include earlier "
                "nondeductible contributions, and household.toml gives no prior_basis. Line 2 "
                "and the lines that depend on it are left blank rather than taken as 0."
            ),
            action=(
                f"Take line 14 of the last Form 8606 filed before {year} (0 if none was ever "
                f"filed) and record it: [people.{person}] prior_basis = {{ tax_year = "
                f"{year - 1}, amount = ... }}."
            ),
            evidence=[e.ref for e in rows],
        )


RULE = Rule(
    name="unknown-prior-basis",
    severity="error",
    citations=("F8606-MeF", "I8606-2023"),
    summary="first Form 8606 line 2 unknown: IRA money predates the exports, no prior_basis",
    doc=DOC,
    check=check,
)
