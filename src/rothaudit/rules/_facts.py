"""Look-ups several rules share: contributions per person-year, a person's limit for a year,
and how many Dec 31s an uncorrected excess has seen. Pure functions of the AuditContext."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rothaudit.audit.model import REGULAR_IRA_TYPES, Contribution, Event, Reconciliation

if TYPE_CHECKING:
    from rothaudit.household import Person
    from rothaudit.rules.base import AuditContext
    from rothaudit.taxdata import Cited


def person(ctx: AuditContext, key: str) -> Person | None:
    return ctx.household.people.get(key)


def age_at_year_end(ctx: AuditContext, key: str, year: int) -> int | None:
    who = person(ctx, key)
    return who.age_at_year_end(year) if who is not None else None


def compensation(ctx: AuditContext, key: str, year: int) -> Decimal | None:
    who = person(ctx, key)
    return who.compensation.get(year) if who is not None else None


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


def contribution_limit(ctx: AuditContext, key: str, year: int) -> Cited[Decimal]:
    """The person's overall IRA limit for the year: dollar limit, catch-up, compensation."""
    from rothaudit.limits import contribution_limit as limit
    from rothaudit.taxdata import figures

    return limit(figures(year), age_at_year_end(ctx, key, year), compensation(ctx, key, year))


def limit_basis(ctx: AuditContext, key: str, year: int) -> str:
    """Why the limit is what it is, in words: age at Dec 31 and any compensation cap."""
    age = age_at_year_end(ctx, key, year)
    comp = compensation(ctx, key, year)
    from rothaudit.rules._format import money

    parts = [f"age {age} on Dec 31" if age is not None else "no birth date, so no catch-up"]
    if comp is not None:
        parts.append(f"compensation {money(comp)}")
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
