"""IRA contribution limits as pure Decimal functions (tax-rules.md section 2).

The Roth phase-out ratio is "rounded to at least three places" (Form 8606 instructions, Pub
590-A Worksheet 2-2), so a filer may carry 3 places or more. Both readings can differ by one
$10 step; we compute both and return the larger limit, so the auditor only flags an excess
that exceeds every reading the instructions allow.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from rothaudit.taxdata import Cited, YearFigures, constants

ZERO = Decimal(0)


def _merge(*groups: tuple[str, ...]) -> tuple[str, ...]:
    """Citation ids in first-seen order, without repeats."""
    return tuple(dict.fromkeys(cid for group in groups for cid in group))


def contribution_limit(
    figs: YearFigures, age_at_year_end: int | None, compensation: Decimal | None
) -> Cited[Decimal]:
    """The dollar limit, plus the catch-up when 50 or older on Dec 31, capped at compensation
    when it is known (an unknown age gets no catch-up; unknown compensation no cap)."""
    consts = constants()
    limit, cites = figs.ira_limit.value, figs.ira_limit.citations
    if age_at_year_end is not None and age_at_year_end >= consts.catch_up_age.value:
        limit += figs.catch_up.value
        cites = _merge(cites, figs.catch_up.citations, consts.catch_up_age.citations)
    if compensation is not None and compensation < limit:
        limit = max(compensation, ZERO)
        cites = _merge(cites, ("I8606-2023", "HOUSEHOLD"))
    return Cited(limit, cites)


def spousal_compensation(
    own: Decimal, spouse: Decimal, spouse_contributions: Decimal
) -> Cited[Decimal]:
    """The compensation that caps a person's IRA limit on a joint return (IRC 219(c), Pub 590-A
    "Kay Bailey Hutchison Spousal IRA Limit"): the lower-paid spouse may use the couple's
    combined compensation less the other spouse's traditional and Roth IRA contributions for
    the year; the higher-paid spouse (or equal pay) keeps their own."""
    if own >= spouse:
        return Cited(own, ("I8606-2023", "HOUSEHOLD"))
    combined = own + spouse - max(spouse_contributions, ZERO)
    return Cited(max(combined, own), (*constants().spousal_limit_status.citations, "HOUSEHOLD"))


def _round_up(amount: Decimal, step: Decimal) -> Decimal:
    return (amount / step).to_integral_value(rounding=ROUND_CEILING) * step


def _reduced(base: Decimal, fraction: Decimal) -> Decimal:
    """Line 9 of the i8606 Maximum Roth IRA Contribution Worksheet: round up to $10, min $200."""
    consts = constants()
    reduced = _round_up(base * fraction, consts.roth_round_up_to.value)
    return max(reduced, consts.roth_reduced_minimum.value)


def roth_limit(
    figs: YearFigures,
    filing_status: str,
    magi: Decimal,
    age_at_year_end: int | None,
    compensation: Decimal | None,
    traditional_for_year: Decimal,
) -> Cited[Decimal]:
    """The most a person may contribute directly to Roth IRAs for the year (section 2b).

    MAGI at or below the lower bound -> the full room; at or above the upper bound -> 0;
    in between the limit before traditional contributions is scaled by (upper - MAGI) / width,
    rounded up to $10 with a $200 floor, and capped at the room left after traditional
    contributions (section 408A(c)(2))."""
    base = contribution_limit(figs, age_at_year_end, compensation)
    room = max(base.value - traditional_for_year, ZERO)
    phaseout = figs.roth_phaseout(filing_status)
    lower, upper = phaseout.value
    cites = _merge(base.citations, phaseout.citations)
    if magi <= lower:
        return Cited(room, cites)
    if magi >= upper:
        return Cited(ZERO, cites)
    consts = constants()
    exact = (upper - magi) / (upper - lower)
    places = Decimal(1).scaleb(-consts.ratio_min_places.value)
    three = exact.quantize(places, rounding=ROUND_HALF_UP)
    reduced = max(_reduced(base.value, exact), _reduced(base.value, three))
    cites = _merge(cites, consts.roth_round_up_to.citations, consts.roth_reduced_minimum.citations)
    return Cited(min(reduced, room), cites)
