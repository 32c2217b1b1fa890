"""unpaired-conversion: money arrived in a Roth IRA as a conversion no pre-tax IRA sent."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import Finding
from rothaudit.rules._format import acct, day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Every conversion received by a Roth IRA (the incoming side) that no outgoing conversion from
  a traditional, SEP, SIMPLE or rollover IRA in the exports accounts for: same person, within
  10 days, the same amount (or more, when tax was withheld from the conversion).

Why it matters:
  Form 8606 line 8 is what left the pre-tax IRAs in the year, and line 6 needs the Dec 31
  value of every pre-tax IRA. When the sending IRA is not in the exports, both are unknown:
  the conversion would be missing from the form and its taxable part understated. The audit
  leaves line 8 and every line computed from it blank rather than guess.

Example:
  Alex's Fidelity Roth IRA shows "ROTH CONVERSION FROM 12345678" of $7,000 on 2024-03-12, but
  the traditional IRA 12345678 is at another custodian whose export was not given. Add that
  export (or its Form 1099-R and Dec 31 value) and run the audit again.

References:
  IRC §408A(d)(3), §408(d)(2), Form 8606 lines 6, 8 and 16, Instructions for Form 8606
  (line 8: amount converted).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for e in sorted(ctx.recon.unpaired_conversions, key=lambda e: (e.date, e.ref)):
        yield RULE.finding(
            person=e.person,
            tax_year=e.date.year,
            accounts=[e.account],
            amount=e.amount,
            message=(
                f"{money(e.amount)} arrived in Roth IRA {acct(e.account)} on {day(e.date)} as a "
                f"conversion, but no conversion out of a pre-tax IRA in the exports matches it: "
                f"the {e.date.year} Form 8606 line 8 (amount converted) and the lines computed "
                f"from it are left blank."
            ),
            action=(
                "Add the export of the IRA the money came from (and its Dec 31 "
                f"{e.date.year} value to household.toml [[year_end_values]]), then run the audit "
                "again. If it was a rollover from an employer plan (401(k), 403(b)) to the Roth "
                "IRA, it is not a Form 8606 conversion: it is reported on Form 1040 lines 5a/5b."
            ),
            evidence=[e.ref],
        )


RULE = Rule(
    name="unpaired-conversion",
    severity="error",
    citations=("IRC-408A", "IRC-408", "F8606-MeF", "I8606-2023"),
    summary="a conversion into a Roth IRA with no sending pre-tax IRA in the exports",
    doc=DOC,
    check=check,
)
