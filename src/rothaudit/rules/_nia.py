"""Net income attributable to a contribution being returned or recharacterized, Treas. Reg.
§1.408-11(a)(1): NIA = contribution x (adjusted closing - adjusted opening) / adjusted opening.

We can only value an account from its flows when it held nothing but cash (no buys, sells or
reinvestments, whose market value the exports do not show day by day), and we assume the exports
hold the account's whole history. Otherwise we say why the custodian must compute it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from rothaudit.audit.model import Contribution, Reconciliation
from rothaudit.rules._facts import account_events
from rothaudit.rules._format import acct, cents, day, money

TRANSFERS = frozenset(
    {
        "contribution",
        "conversion_in",
        "conversion_out",
        "rollover_in",
        "rollover_out",
        "transfer_in",
        "transfer_out",
        "distribution",
        "withholding",
        "recharacterization",
    }
)
INCOME = frozenset({"interest", "dividend", "fee", "sweep"})
MARKET = frozenset({"buy", "sell", "reinvestment"})


@dataclass(frozen=True)
class Nia:
    value: Decimal | None  # None: cannot be computed from the exports
    text: str  # how it was computed, or why it could not be


def net_income_attributable(
    recon: Reconciliation, returned: list[Contribution], amount: Decimal, as_of: date
) -> Nia:
    """NIA on `amount` of the `returned` contributions (one account) if removed on as_of."""
    accounts = {c.event.account for c in returned}
    if len(accounts) != 1:
        return Nia(
            None,
            "the contributions to return sit in more than one IRA; the custodians "
            "compute the net income attributable for each",
        )
    account = accounts.pop()
    events = [e for e in account_events(recon, account) if e.date <= as_of]
    first = min(returned, key=lambda c: (c.event.date, c.event.ref)).event
    unknown = sorted(
        {
            e.kind
            for e in events
            if e.kind in MARKET or (e.kind not in TRANSFERS and e.kind not in INCOME)
        }
    )
    if unknown:
        return Nia(
            None,
            f"{acct(account)} holds investments ({', '.join(unknown)} rows) whose "
            "daily value the exports do not show; ask the custodian to compute the net "
            "income attributable (Treas. Reg. §1.408-11) on the day of removal",
        )
    start = events.index(first) if first in events else 0
    opening = sum((e.amount for e in events[:start]), Decimal(0))
    period = events[start:]
    inflows = sum((e.amount for e in period if e.kind in TRANSFERS and e.amount > 0), Decimal(0))
    outflows = sum((-e.amount for e in period if e.kind in TRANSFERS and e.amount < 0), Decimal(0))
    closing = opening + sum((e.amount for e in period), Decimal(0))
    aob, acb = opening + inflows, closing + outflows
    if aob <= 0:
        return Nia(None, f"the exports show no value in {acct(account)} to measure against")
    nia = cents(amount * (acb - aob) / aob)
    return Nia(
        nia,
        (
            f"net income attributable {money(nia)} = {money(amount)} x ({money(acb)} - "
            f"{money(aob)}) / {money(aob)} by Treas. Reg. §1.408-11 over {day(first.date)} to "
            f"{day(as_of)}, the cash-only account valued from its flows; recompute it on the day "
            f"of removal"
        ),
    )
