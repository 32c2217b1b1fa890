"""stray-balance: money left in a pre-tax IRA after the year's last conversion out of it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from rothaudit.audit.model import Conversion, Finding, SourceRef, YearEndValue
from rothaudit.rules import _facts
from rothaudit.rules._format import acct, day, money, ratio
from rothaudit.rules.base import AuditContext, Rule

INFLOWS = frozenset(
    {"interest", "dividend", "contribution", "transfer_in", "rollover_in", "recharacterization"}
)

DOC = """
What it checks:
  Each pre-tax IRA (traditional, SEP, SIMPLE, rollover) that sent a Roth conversion in a year,
  for money still in it after its last conversion that year: its Dec 31 value when known (from
  the household file, a statement or derived from the flows), else the money that came in after
  the last conversion (interest, dividends, deposits). Other pre-tax IRAs are pro-rata's concern.

Why it matters:
  Form 8606 line 6 is the value of all pre-tax IRAs on Dec 31 of the conversion year. Any money
  there -- even $0.53 of money-market interest credited the day after converting -- makes part of
  the conversion taxable and leaves pre-tax money behind that the next conversion must deal with.

Example:
  $7,000 converted on 2024-01-05; $0.53 of interest posts on 2024-01-06. Until Dec 31 2024 the fix
  is to convert the $0.53 too. After that, line 6 of the 2024 Form 8606 is $1 and a few cents
  of the conversion are taxable; convert the remainder in 2025.

References:
  IRC §408(d)(2) (all IRAs one contract, value at year end), §408A(d)(4)(A), Form 8606 lines
  6-18 and Instructions for Form 8606 (line 6).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    groups: dict[tuple[str, int, str], list[Conversion]] = defaultdict(list)
    for conv in ctx.recon.conversions:
        groups[(conv.out_event.person, conv.year, conv.out_event.account)].append(conv)
    for (person, year, account), convs in sorted(groups.items()):
        last = max(c.out_event.date for c in convs)
        value = _year_end(ctx, person, year, account)
        after = [
            e
            for e in _facts.account_events(ctx.recon, account)
            if last < e.date <= date(year, 12, 31) and e.kind in INFLOWS and e.amount > 0
        ]
        known = value is not None and value.value is not None
        amount = value.value if known else sum((e.amount for e in after), Decimal(0))
        if amount is None or amount <= 0:
            continue
        evidence = [c.out_event.ref for c in convs] + [e.ref for e in after]
        yield _finding(ctx, person, year, account, last, amount, known, value, evidence)


def _year_end(ctx: AuditContext, person: str, year: int, account: str) -> YearEndValue | None:
    for v in ctx.recon.year_end_values.get((person, year), []):
        if v.account == account:
            return v
    return None


def _tax_effect(ctx: AuditContext, person: str, year: int) -> str:
    form = ctx.forms.get((person, year))
    lines = form.lines if form is not None else {}
    line6, line10, line16, line18 = (lines.get(k) for k in ("6", "10", "16", "18"))
    if line6 is None or line10 is None or line16 is None or line18 is None:
        return "it makes Form 8606 line 6 greater than zero, so part of the conversion is taxable"
    return (
        f"Form 8606 for {year} shows line 6 = {money(line6)}, line 10 = {ratio(line10)}: "
        f"{money(line18)} of the {money(line16)} converted is taxable (line 18)"
    )


def _finding(
    ctx: AuditContext,
    person: str,
    year: int,
    account: str,
    last: date,
    amount: Decimal,
    known: bool,
    value: YearEndValue | None,
    evidence: list[SourceRef],
) -> Finding:
    dec31 = date(year, 12, 31)
    held = (
        f"held {money(amount)} on {day(dec31)}"
        if known
        else f"received {money(amount)} after it (its {day(dec31)} value is unknown)"
    )
    message = (
        f"{acct(account)} sent its last {year} conversion on {day(last)} and {held}; "
        f"{_tax_effect(ctx, person, year)}."
    )
    if ctx.as_of <= dec31:
        deadline: date | None = dec31
        action = (
            f"Convert the remaining {money(amount)} from {acct(account)} to the Roth IRA "
            f"before {day(dec31)}, so the account holds $0.00 on Dec 31, when line 6 is "
            f"measured; move any later interest as well."
        )
    else:
        deadline, action = _after_year_end(ctx, year, account, amount)
    refs: list[SourceRef] = [*evidence, *(value.evidence if value is not None else ())]
    return RULE.finding(
        person=person,
        tax_year=year,
        accounts=[account],
        amount=amount,
        message=message,
        action=action,
        evidence=refs,
        deadline=deadline,
    )


def _after_year_end(
    ctx: AuditContext, year: int, account: str, amount: Decimal
) -> tuple[date | None, str]:
    """Too late for this year: say whether a later conversion already moved the remainder."""
    done = f"{year} can no longer change: report line 6 and the taxable part as above. "
    later = sorted(
        c.out_event.date
        for c in ctx.recon.conversions
        if c.out_event.account == account and c.out_event.date > date(year, 12, 31)
    )
    if later:
        return None, done + (
            f"A later conversion from {acct(account)} on {day(later[0])} can carry the "
            f"{money(amount)} along; check that the account is $0.00 on "
            f"{day(date(later[-1].year, 12, 31))} (this rule checks it for that year too)."
        )
    deadline = date(max(year + 1, ctx.as_of.year), 12, 31)
    return deadline, done + (
        f"The {money(amount)} is still pre-tax money that will count in line 6 again: convert it "
        f"with your next conversion and check that {acct(account)} is $0.00 on {day(deadline)}."
    )


RULE = Rule(
    name="stray-balance",
    severity="warning",
    citations=("IRC-408", "IRC-408A", "F8606-MeF", "I8606-2023"),
    summary="money left in an IRA after the year's last conversion out of it",
    doc=DOC,
    check=check,
)
