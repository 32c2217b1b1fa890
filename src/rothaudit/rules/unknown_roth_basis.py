"""unknown-roth-basis: a Roth distribution whose Form 8606 Part III basis lines are unknown."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import Finding
from rothaudit.rules._format import money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Each person-year with a Roth IRA distribution that is not known to be qualified (the owner
  was under 59 1/2, or the first Roth contribution or conversion in the exports is less than
  five years back). Form 8606 Part III must then be filed, and its basis lines cannot be
  computed from the exports.

Why it matters:
  Part III takes a nonqualified distribution first from the basis in regular Roth
  contributions (line 22), then from conversions (line 24, with a 10% recapture for a taxable
  part converted within five years), and only then from earnings, which are taxable. Both
  bases add up every Roth contribution and conversion since 1998 less earlier distributions;
  exports rarely reach that far back, and a basis taken from them alone would overstate the
  tax. The audit leaves lines 20-25c blank instead of guessing.

Example:
  Alex, 45, takes $9,000 from a Roth IRA in 2024. The exports show a $6,500 contribution for
  2023 and a $7,000 conversion in 2024, but Alex also contributed in 2015-2019. Line 19 is
  $9,000; lines 22 and 24 need the full history (earlier Forms 8606 and Forms 5498).

References:
  IRC §408A(d)(2) and (d)(4) (qualified distributions, ordering), Treas. Reg. §1.408A-6,
  Form 8606 Part III, Instructions for Form 8606 (lines 19-25).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for (person, year), form in sorted(ctx.forms.items()):
        taken = form.lines.get("19")
        if taken is None:
            continue
        yield RULE.finding(
            person=person,
            tax_year=year,
            accounts=[
                e.account
                for e in ctx.recon.roth_distributions
                if e.ref in form.sources.get("19", ())
            ],
            amount=taken,
            message=(
                f"{person} took {money(taken)} from Roth IRAs in {year} that is not known to be a "
                f"qualified distribution; Form 8606 Part III is required, and its basis lines "
                f"(22: regular Roth contributions, 24: conversions) cannot be known from the "
                f"exports, so lines 20-25c are left blank."
            ),
            action=(
                f"Total every regular Roth contribution (Forms 5498) and every conversion "
                f"(earlier Forms 8606 line 16) since the first Roth IRA, less Roth distributions "
                f"before {year}, and complete Part III with a tax professional; a qualified "
                f"distribution (59 1/2 and five years since the first Roth contribution, or "
                f"death or disability) needs no Part III."
            ),
            evidence=form.sources.get("19", ()),
        )


RULE = Rule(
    name="unknown-roth-basis",
    severity="error",
    citations=("IRC-408A", "REG-1.408A", "F8606-MeF", "I8606-2023"),
    summary="a Roth distribution not known to be qualified: Part III basis lines unknown",
    doc=DOC,
    check=check,
)
