"""Look-ups several rules share: contributions per person-year, a person's limit for a year,
and how many Dec 31s an uncorrected excess has seen. Pure functions of the AuditContext."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rothaudit.audit.model import REGULAR_IRA_TYPES, Contribution, Event, Reconciliation

if TYPE_CHECKING:
    from rothaudit.household import Household, Person
    from rothaudit.rules.base import AuditContext
    from rothaudit.taxdata import Cited


def person(ctx: AuditContext, key: str) -> Person | None:
    return ctx.household.people.get(key)


def age_at_year_end(ctx: AuditContext, key: str, year: int) -> int | None:
    who = person(ctx, key)
    return who.age_at_year_end(year) if who is not None else None


def ira_contributions(recon: Reconciliation) -> list[Contribution]:
    """Regular IRA contributions in date order; employer-plan deferrals have their own limits."""
    return sorted(
        (c for c in recon.contributions if c.event.account_type in REGULAR_IRA_TYPES),
        key=lambda c: (c.event.date, c.event.ref),
    )


def contributions_by_year(recon: Reconciliation) -> dict[tuple[str, int], list[Contribution]]:
    """(person, tax year the contributions are FOR) -> contributions, in date order."""
    grouped: dict[tuple[str, int], list[Contribution]] = defaultdict(list)
    for c in ira_contributions(recon):
        grouped[(c.event.person, c.tax_year)].append(c)
    return dict(grouped)


def total(contributions: list[Contribution]) -> Decimal:
    return sum((c.amount for c in contributions), Decimal(0))


@dataclass(frozen=True)
class LimitCompensation:
    """The compensation that caps a person's IRA limit for a year, and why."""

    value: Decimal | None  # None: no cap can be applied (unknown), only the dollar limit
    citations: tuple[str, ...]
    text: str  # for messages; "" when nothing is known
    missing: str | None = None  # the fact that would decide it, for the checklist
    # The filing status is unknown and decides the cap: `value` is the joint-return cap (the
    # spousal rule; None when it cannot be computed), this is the cap on any other return (own
    # compensation). Only an excess above `value` is certain (filing-status-unknown).
    if_not_joint: Decimal | None = None


def limit_compensation(
    household: Household, recon: Reconciliation, key: str, year: int
) -> LimitCompensation:
    """Own compensation; on a joint return the lower-paid spouse's is the couple's less the other
    spouse's IRA contributions (IRC 219(c)). When that depends on a spouse whose compensation
    the household file does not give, no cap is applied and `missing` says what to supply: an
    excess is then reported only above the dollar limit, where it is certain. When it depends
    on a filing status the file does not give, the same: the joint-return cap (the larger) is
    `value`, own compensation `if_not_joint`, and nothing in between is called an excess."""
    from rothaudit.rules._format import money
    from rothaudit.taxdata import constants, figures

    who = household.people.get(key)
    own = who.compensation.get(year) if who is not None else None
    if own is None:
        return LimitCompensation(None, (), "")
    own_text = f"compensation {money(own)}"
    figs = figures(year)
    status = household.filing_status_for(year)
    joint = constants().spousal_limit_status.value
    if (
        status is not None and status != joint
    ) or own >= figs.ira_limit.value + figs.catch_up.value:
        return LimitCompensation(own, ("I8606-2023", "HOUSEHOLD"), own_text)
    spousal = _spousal(household, recon, key, year, own, own_text)
    if status is not None or (spousal.value is not None and spousal.value <= own):
        return spousal
    missing = (
        f"the {year} filing status is not in the household file, so whether the spousal IRA "
        "limit (IRC 219(c), joint return only) applies is unknown"
    )
    joint_text = (
        f"; on a joint return {money(spousal.value)}"
        if spousal.value is not None
        else "; on a joint return it would depend on the spouse's compensation"
    )
    return LimitCompensation(
        spousal.value, spousal.citations, f"{own_text}; {missing}{joint_text}", missing, own
    )


def _spousal(
    household: Household, recon: Reconciliation, key: str, year: int, own: Decimal, own_text: str
) -> LimitCompensation:
    """The IRC 219(c) cap of `key` on a joint return (None: the spouse's pay is unknown)."""
    from rothaudit.limits import contribution_limit as limit
    from rothaudit.limits import spousal_compensation
    from rothaudit.rules._format import money
    from rothaudit.taxdata import figures

    figs = figures(year)
    others = [p for p in household.people.values() if p.key != key]
    spouse = others[0] if len(others) == 1 else None
    pay = spouse.compensation.get(year) if spouse is not None else None
    if spouse is None or pay is None:
        who_text = f"{spouse.key}'s {year}" if spouse is not None else f"the spouse's {year}"
        missing = (
            f"{who_text} compensation is not in the household file, so the spousal IRA limit "
            "(IRC 219(c), joint return) cannot be applied"
        )
        return LimitCompensation(None, (), f"{own_text}; {missing}", missing)
    made = total([c for c in ira_contributions(recon) if _of(c, spouse.key, year)])
    spouse_limit = limit(figs, spouse.age_at_year_end(year), pay).value
    used = min(made, spouse_limit)
    cap = spousal_compensation(own, pay, used)
    if own >= pay:
        return LimitCompensation(own, cap.citations, own_text)
    text = (
        f"{own_text}; spousal IRA limit on the joint return: {money(own)} + {spouse.key}'s "
        f"{money(pay)} less {spouse.key}'s IRA contributions {money(used)} = {money(cap.value)}"
    )
    return LimitCompensation(cap.value, cap.citations, text)


def _of(c: Contribution, key: str, year: int) -> bool:
    return c.event.person == key and c.tax_year == year


def contribution_limit(ctx: AuditContext, key: str, year: int) -> Cited[Decimal]:
    """The person's overall IRA limit for the year: dollar limit, catch-up, compensation."""
    from rothaudit.limits import contribution_limit as limit
    from rothaudit.taxdata import Cited, figures

    comp = limit_compensation(ctx.household, ctx.recon, key, year)
    found = limit(figures(year), age_at_year_end(ctx, key, year), comp.value)
    binds = comp.value is not None and found.value == max(comp.value, Decimal(0))
    extra = comp.citations if binds else ()
    return Cited(found.value, tuple(dict.fromkeys(found.citations + extra)))


def limit_basis(ctx: AuditContext, key: str, year: int) -> str:
    """Why the limit is what it is, in words: age at Dec 31 and any compensation cap."""
    age = age_at_year_end(ctx, key, year)
    comp = limit_compensation(ctx.household, ctx.recon, key, year)
    parts = [f"age {age} on Dec 31" if age is not None else "no birth date, so no catch-up"]
    if comp.text:
        parts.append(comp.text)
    return "; ".join(parts)


def year_ends_passed(tax_year: int, as_of: date) -> int:
    """Dec 31s from the tax year's own up to as_of: each one is a year of 6% excise."""
    return max(0, as_of.year - tax_year) if as_of > date(tax_year, 12, 31) else 0


def account_events(recon: Reconciliation, account: str) -> list[Event]:
    return sorted((e for e in recon.events if e.account == account), key=lambda e: (e.date, e.ref))


def latest(contributions: list[Contribution], amount: Decimal) -> list[Contribution]:
    """The last contributions of a year that together reach `amount`: the ones to take back."""
    picked: list[Contribution] = []
    covered = Decimal(0)
    for c in reversed(contributions):
        if covered >= amount:
            break
        picked.append(c)
        covered += c.amount
    return list(reversed(picked))
