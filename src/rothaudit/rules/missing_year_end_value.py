"""missing-year-end-value: a Dec 31 value Form 8606 line 6 needs is unknown."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from rothaudit.audit.model import Finding, SourceRef
from rothaudit.rules._format import account_word, acct, day, sentence
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  For every person and year with a Roth conversion or a traditional IRA distribution, each
  pre-tax IRA (traditional, SEP, SIMPLE, rollover) whose Dec 31 value could not be found: not in
  the household file, not in a statement or position dated Dec 31, and not derivable from the
  account's flows.

Why it matters:
  Form 8606 line 6 is the total Dec 31 value of all pre-tax IRAs; without it the taxable part of
  the conversion (lines 10-18) cannot be computed, and a guess of zero hides pro-rata tax.

Example:
  A 2024 conversion from traditional IRA ...5678, whose exports end in November. Add its Dec 31
  2024 value (Form 5498 box 5 or the December statement) to household.toml [[year_end_values]].

References:
  IRC §408(d)(2), Form 8606 line 6, Instructions for Form 8606 (line 6: value on Dec 31 from the
  custodian's statement).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for (person, year), values in sorted(ctx.recon.year_end_values.items()):
        needed = _events_needing(ctx, person, year)
        if not needed:
            continue
        for v in values:
            if v.value is not None:
                continue
            why = "a conversion" if any(r[1] for r in needed) else "a distribution"
            dec31 = date(year, 12, 31)
            pending = ctx.as_of <= dec31
            evidence = [*v.evidence, *(r[0] for r in needed)]
            yield RULE.finding(
                person=person,
                tax_year=year,
                accounts=[v.account],
                amount=None,
                message=(
                    f"The {day(date(year, 12, 31))} value of {person}'s "
                    f"{account_word(v.account_type)} {acct(v.account)} is unknown; Form 8606 "
                    f"line 6 for {year} needs it because of {why} in {year}."
                    + (f" {sentence(v.note)}" if v.note else "")
                    + (f" {day(dec31)} has not come yet." if pending and not v.note else "")
                ),
                action=(
                    (
                        f"After {day(dec31)}, take the value from the December statement or "
                        f"Form 5498 (box 5)"
                        if pending
                        else f"Take the value from the custodian's Dec 31 {year} statement or "
                        f"Form 5498 (box 5)"
                    )
                    + f" and add it to household.toml: [[year_end_values]] person = "
                    f'"{person}", tax_year = {year}, account = the account number, value = '
                    "the Dec 31 value"
                    + (
                        f"; until then lines 6-18 of the {year} Form 8606 cannot be computed"
                        if pending
                        else ""
                    )
                    + "."
                ),
                evidence=evidence,
            )


def _events_needing(ctx: AuditContext, person: str, year: int) -> list[tuple[SourceRef, bool]]:
    """(row, is_conversion) for the conversions and distributions that make line 6 needed."""
    rows = [
        (c.out_event.ref, True)
        for c in ctx.recon.conversions
        if c.out_event.person == person and c.year == year
    ]
    rows += [
        (e.ref, False)
        for e in ctx.recon.distributions
        if e.person == person and e.date.year == year
    ]
    return rows


RULE = Rule(
    name="missing-year-end-value",
    severity="error",
    citations=("IRC-408", "F8606-MeF", "I8606-2023"),
    summary="a Dec 31 value Form 8606 line 6 needs for a conversion or distribution year is unknown",
    doc=DOC,
    check=check,
)
