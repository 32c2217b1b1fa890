"""unconverted-basis: nondeductible basis still in traditional IRAs at year end."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from rothaudit.audit.model import Finding, SourceRef
from rothaudit.rules._format import day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Each person's Form 8606 whose line 14 -- total basis in traditional IRAs at the end of the
  year -- is more than zero: nondeductible contributions not yet converted (or a rounding
  remainder of line 10), which carry to line 2 of the next Form 8606.

Why it matters:
  Basis is what makes a later conversion or distribution of that money tax-free, and only the
  chain of filed Forms 8606 proves it. Skip a year's form and the IRS treats the money as
  pre-tax. Basis left behind also means a Backdoor step is unfinished.

Example:
  $7,000 contributed for 2024 on 2024-12-29 and converted in January 2025: the 2024 form ends
  with line 14 = 7,000, which becomes line 2 of the 2025 form.

References:
  Form 8606 lines 2 and 14; Instructions for Form 8606 (line 2, Total Basis Chart, penalty for
  not filing).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for (person, year), form in sorted(ctx.forms.items()):
        basis = form.lines.get("14")
        if basis is None or basis <= 0:
            continue
        later = sorted(y for (p, y) in ctx.forms if p == person and y > year)
        carry = f"line 2 of the {later[0]} Form 8606" if later else "line 2 of the next Form 8606"
        yield RULE.finding(
            person=person,
            tax_year=year,
            accounts=[],
            amount=basis,
            message=(
                f"{money(basis)} of nondeductible basis remains in {person}'s traditional IRAs at "
                f"the end of {year} (Form 8606 line 14); it carries to {carry}."
            ),
            action=f"File the {year} Form 8606 and keep it: it proves the basis. "
            + _next_step(ctx, person, year, basis),
            evidence=_evidence(ctx, person, year),
        )


def _next_step(ctx: AuditContext, person: str, year: int, basis: Decimal) -> str:
    """Why basis is left and what uses it: pre-tax money in the pool, a later conversion, or none."""
    pool = ctx.forms[(person, year)].lines.get("6")
    if pool:
        return (
            f"Basis is left because {money(pool)} of pre-tax IRA money shared the {year} pool "
            f"(line 6): it is recovered pro rata as that money is converted or distributed."
        )
    later = sorted(
        (c for c in ctx.recon.conversions if c.out_event.person == person and c.year > year),
        key=lambda c: (c.out_event.date, c.out_event.ref),
    )
    if later:
        return (
            f"A later conversion ({day(later[0].out_event.date)}) uses it; check that line 2 of "
            f"the {later[0].year} form carries {money(basis)}."
        )
    if pool is not None:
        return (
            f"No pre-tax IRA money was left on Dec 31 {year} (line 6 = $0.00): the basis waits, "
            f"carried from form to form, until traditional IRA money is converted or distributed."
        )
    return (
        "If the Backdoor is not finished, convert the money; the basis makes that conversion "
        "tax-free except for any earnings."
    )


def _evidence(ctx: AuditContext, person: str, year: int) -> list[SourceRef]:
    """The rows behind lines 14, 1 and 2, else the contributions that built the basis."""
    form = ctx.forms[(person, year)]
    refs = [r for line in ("14", "1", "2", "13") for r in form.sources.get(line, ())]
    if refs:
        return refs
    return [
        c.event.ref
        for c in ctx.recon.contributions
        if c.event.person == person and c.tax_year <= year and c.treated_as == "traditional"
    ]


RULE = Rule(
    name="unconverted-basis",
    severity="info",
    citations=("F8606-MeF", "I8606-2023"),
    summary="nondeductible contributions still unconverted at year end (basis carried forward)",
    doc=DOC,
    check=check,
)
