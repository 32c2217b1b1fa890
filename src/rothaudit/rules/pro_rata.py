"""pro-rata: other pre-tax IRA money on Dec 31 of a conversion year makes the conversion taxable."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from rothaudit.audit.model import Finding, Form8606, YearEndValue
from rothaudit.rules._format import account_word, acct, day, money, ratio
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Each person's Form 8606 for a year with a Roth conversion, where line 6 (the Dec 31 value of
  all traditional, SEP, SIMPLE and rollover IRAs -- never Roth, inherited IRAs or employer
  plans) includes money in pre-tax IRAs that did not send that year's conversion, and the form
  leaves part of the conversion taxable (line 18). Money left behind in the converting IRA
  itself is stray-balance's concern.

Why it matters:
  All of a person's pre-tax IRAs count as one for the pro-rata rule: a Backdoor Roth conversion
  is tax-free only in proportion to basis over the whole pool on Dec 31. Rolling pre-tax IRA
  money into an employer plan (401(k), 403(b), 457(b)) before Dec 31 of the conversion year
  takes it out of line 6.

Example:
  $6,000 nondeductible contribution converted in 2023 while a SEP IRA holds $54,000 on Dec 31:
  line 10 = 6,000 / 60,000 = 0.100, so $5,400 of the $6,000 conversion is taxable.

References:
  IRC §408(d)(2), §408A(d)(4)(A), Form 8606 lines 6-18, Instructions for Form 8606 (line 6).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for (person, year), form in sorted(ctx.forms.items()):
        converted = form.lines.get("16") or form.lines.get("8")
        taxable = form.lines.get("18")
        if not converted or taxable is None or taxable <= 0 or not form.lines.get("6"):
            continue
        senders = {
            c.out_event.account
            for c in ctx.recon.conversions
            if c.out_event.person == person and c.year == year
        }
        others = [
            v
            for v in ctx.recon.year_end_values.get((person, year), [])
            if v.account not in senders and v.value
        ]
        if others:
            yield _finding(ctx, person, year, form, others, converted, taxable)


def _finding(
    ctx: AuditContext,
    person: str,
    year: int,
    form: Form8606,
    others: list[YearEndValue],
    converted: Decimal,
    taxable: Decimal,
) -> Finding:
    dec31 = date(year, 12, 31)
    held = sum((v.value or Decimal(0) for v in others), Decimal(0))
    listed = ", ".join(
        f"{account_word(v.account_type)} {acct(v.account)} {money(v.value)}"
        for v in others
        if v.value is not None
    )
    line10 = form.lines.get("10")
    message = (
        f"On {day(dec31)} {person} held {money(held)} in pre-tax IRAs that did not convert "
        f"({listed}); Form 8606 line 6 = {money(form.lines['6'] or Decimal(0))}"
        + (f", line 10 = {ratio(line10)}" if line10 is not None else "")
        + f", so {money(taxable)} of the {money(converted)} converted in {year} is taxable "
        f"(line 18)."
    )
    if ctx.as_of <= dec31:
        deadline: date | None = dec31
        action = (
            f"Before {day(dec31)}, roll the pre-tax IRA money ({', '.join(acct(v.account) for v in others)})"
            f" into an employer plan that accepts roll-ins (401(k), 403(b), 457(b)): plan money "
            f"is not in line 6, so the conversion becomes almost tax-free. Or convert those "
            f"balances as well and pay the tax on them."
        )
    else:
        deadline = None
        action = (
            f"Dec 31 {year} has passed: report the {money(taxable)} taxable part on Form 1040 "
            f"line 4b for {year}. Before the next Backdoor conversion, roll the pre-tax IRA money "
            f"into an employer plan that accepts roll-ins by Dec 31 of that conversion year, or "
            f"the same pro-rata share will be taxable again."
        )
    evidence = [*form.sources.get("6", ()), *form.sources.get("8", ()), *form.sources.get("16", ())]
    for v in others:
        evidence.extend(v.evidence)
    return RULE.finding(
        person=person,
        tax_year=year,
        accounts=[v.account for v in others],
        amount=taxable,
        message=message,
        action=action,
        evidence=evidence,
        deadline=deadline,
    )


RULE = Rule(
    name="pro-rata",
    severity="warning",
    citations=("IRC-408", "IRC-408A", "F8606-MeF", "I8606-2023"),
    summary="pre-tax IRA value on Dec 31 of a conversion year makes part of the conversion taxable",
    doc=DOC,
    check=check,
)
