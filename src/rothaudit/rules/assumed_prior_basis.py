"""assumed-prior-basis: the first Form 8606 line 2 is 0 only because no prior basis was given."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import Finding
from rothaudit.rules._prior_basis import first_basis_form, form_rows, without_prior_basis
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  For each person the household file gives no prior_basis, the first Form 8606 that uses line 2
  (basis from earlier years: line 14 of the last Form 8606 filed). Nothing in the exports
  contradicts a zero, so the form shows 0 -- an assumption, not a fact.

Why it matters:
  Line 2 carries every earlier nondeductible contribution. If one was made before the exports
  begin, a 0 here makes part of the conversion look taxable (line 18) and loses the basis for
  later years: tax paid twice on the same money.

Example:
  Alex's exports start in 2024 with a $7,000 contribution converted days later; the form shows
  line 2 = 0. Alex confirms the 2023 Form 8606 line 14 (or that none was ever filed) and writes
  prior_basis = { tax_year = 2023, amount = 0 } in household.toml.

References:
  Instructions for Form 8606, line 2 and the Total Basis Chart.
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    from rothaudit.rules._prior_basis import earlier_money

    for person in without_prior_basis(ctx):
        form = first_basis_form(ctx, person)
        if form is None or form.basis_in is None or earlier_money(ctx, person):
            continue  # unknown-prior-basis speaks when the line is unknown
        year = form.tax_year
        yield RULE.finding(
            person=person,
            tax_year=year,
            accounts=[],
            amount=None,
            message=(
                f"{person}'s {year} Form 8606 line 2 (basis from earlier years) is 0 because "
                "household.toml gives no prior_basis; the exports show no earlier IRA money, "
                "but they cannot show a Form 8606 filed before them. Every later line 14 and "
                "the taxable amount on line 18 rest on this 0."
            ),
            action=(
                f"Confirm the prior-year Form 8606 line 14 (the last one filed before {year}; 0 "
                f"if none was ever filed) and record it: [people.{person}] prior_basis = "
                f"{{ tax_year = {year - 1}, amount = ... }}."
            ),
            evidence=form_rows(form),
        )


RULE = Rule(
    name="assumed-prior-basis",
    severity="warning",
    citations=("F8606-MeF", "I8606-2023"),
    summary="the first Form 8606 line 2 is 0 only because no prior_basis was given",
    doc=DOC,
    check=check,
)
