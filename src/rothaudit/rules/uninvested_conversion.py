"""uninvested-conversion: converted money left in the Roth IRA's settlement fund."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from rothaudit.audit.model import Finding
from rothaudit.rules import _facts
from rothaudit.rules._format import acct, cite, day, money
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Each conversion that arrived in a Roth IRA (its conversion_in row) with no purchase in that
  Roth IRA within the policy window (30 days) after it, once the window has ended as of the
  audit date. Our own check, not a tax rule.

Why it matters:
  The last step of a Backdoor Roth is to invest the converted money. Left in the settlement or
  money-market fund it earns little, and people forget it for years; the point of the Roth --
  tax-free growth -- is lost.

Example:
  $7,000 lands in Roth IRA ...9876 on 2024-01-05 and the account shows no buy by 2024-02-04:
  invest it in the intended funds.

References:
  rothaudit policy (the window is a constant in taxdata/constants.toml).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    from rothaudit.taxdata import constants

    days = constants().uninvested_days
    for conv in sorted(ctx.recon.conversions, key=lambda c: (c.out_event.date, c.out_event.ref)):
        landed = conv.in_event
        if landed is None:
            continue
        window_end = landed.date + timedelta(days=days.value)
        if ctx.as_of <= window_end:
            continue
        buys = [
            e
            for e in _facts.account_events(ctx.recon, landed.account)
            if e.kind == "buy" and e.date >= landed.date and e.date <= ctx.as_of
        ]
        if any(e.date <= window_end for e in buys):
            continue
        later = f"; the first purchase came on {day(buys[0].date)}" if buys else ""
        late = " (bought late: check nothing is left in the settlement fund)" if buys else ""
        yield RULE.finding(
            person=landed.person,
            tax_year=conv.year,
            accounts=[landed.account],
            amount=landed.amount,
            message=(
                f"{money(landed.amount)} converted into Roth IRA {acct(landed.account)} on "
                f"{day(landed.date)} shows no purchase within {days.value} days (by "
                f"{day(window_end)}){later or ': it appears to sit in the settlement fund'}."
            ),
            action=(
                f"Invest the converted money in the Roth IRA's intended holdings{late}; the "
                f"Backdoor Roth is finished only when the money is invested."
            ),
            evidence=[landed.ref, conv.out_event.ref],
            citations=cite(RULE.citations, days.citations),
        )


RULE = Rule(
    name="uninvested-conversion",
    severity="warning",
    citations=("ROTHAUDIT-POLICY",),
    summary="converted money not invested in the Roth IRA within the policy window",
    doc=DOC,
    check=check,
)
