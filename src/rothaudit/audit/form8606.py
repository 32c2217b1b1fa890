"""Form 8606 per person-year, line by line, each line with the rows behind it (tax-rules.md §3).

Contributions go on the form for the year they are FOR, conversions and distributions on the
form for the calendar year they happen (§3b). Each entered amount (lines 1, 2, 6, 7, 8) is
rounded to whole dollars half-up and totals are computed from rounded lines; line 10 carries
5 decimal places (the form asks for at least 3) and lines 11 and 12 use line 10 as written.
A line the form says to skip is None; a line that depends on an unknown value is None too,
with a note saying why, and is listed in `Form8606.unknown_lines` so the two are never
confused (a line is unknown exactly when it was set to None).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from rothaudit.audit.model import (
    FORM_LINES,
    PRE_TAX_IRA_TYPES,
    Contribution,
    Conversion,
    Event,
    Form8606,
    Reconciliation,
    SourceRef,
    YearEndValue,
)

if TYPE_CHECKING:
    from rothaudit.household import Household

ZERO = Decimal(0)
CITES = ("F8606-MeF", "I8606-2023")
RATIO_PLACES = Decimal("0.00001")
Refs = tuple[SourceRef, ...]


def whole(amount: Decimal) -> Decimal:
    """IRS whole-dollar rounding: 50 cents and up round up."""
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def refs(*groups: Iterable[SourceRef]) -> Refs:
    return tuple(sorted({r for group in groups for r in group}))


@dataclass
class Carry:
    """Basis leaving one year for the next form's line 2."""

    year: int | None  # tax year whose line 14 this is; None = nothing known (basis 0)
    amount: Decimal | None  # None = unknown (an earlier line 14 could not be computed)
    sources: Refs = ()
    household: bool = False
    assumed: bool = False  # 0 because nothing says otherwise (no prior_basis): say so


@dataclass
class Sheet:
    """A form being filled: lines, their sources, citations and notes."""

    person: str
    year: int
    lines: dict[str, Decimal | None] = field(default_factory=lambda: dict.fromkeys(FORM_LINES))
    sources: dict[str, Refs] = field(default_factory=dict)
    citations: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unknown: set[str] = field(default_factory=set)  # lines set to None: cannot be computed

    def set(
        self,
        line: str,
        value: Decimal | None,
        sources: Iterable[SourceRef] = (),
        extra: tuple[str, ...] = (),
    ) -> Decimal | None:
        self.lines[line] = value
        if value is None:
            self.unknown.add(line)
        else:
            self.unknown.discard(line)
        self.citations[line] = CITES + extra
        if found := refs(sources):
            self.sources[line] = found
        return value

    def src(self, *lines: str) -> Refs:
        return refs(*(self.sources.get(line, ()) for line in lines))

    def form(self, required: bool, basis_in: Carry, basis_out: Carry) -> Form8606:
        return Form8606(
            self.person,
            self.year,
            required,
            self.lines,
            self.sources,
            self.citations,
            self.notes,
            basis_in=None if basis_in.amount is None else whole(basis_in.amount),
            basis_out=basis_out.amount,
            unknown_lines=tuple(line for line in FORM_LINES if line in self.unknown),
        )


def add(*values: Decimal | None) -> Decimal | None:
    return None if any(v is None for v in values) else sum(values, ZERO)  # type: ignore[arg-type]


def sub(a: Decimal | None, b: Decimal | None, floor: bool = False) -> Decimal | None:
    if a is None or b is None:
        return None
    return max(a - b, ZERO) if floor else a - b


def compute_forms(recon: Reconciliation, household: Household) -> dict[tuple[str, int], Form8606]:
    """Every person-year with a contribution for it, a conversion or a distribution in it."""
    forms: dict[tuple[str, int], Form8606] = {}
    for person in recon.people:
        earlier = money_before_exports(recon, person)
        carry = (
            Carry(None, None, tuple(e.ref for e in earlier))
            if earlier
            else Carry(None, ZERO, assumed=True)
        )
        for year in recon.years(person):
            sheet = Sheet(person, year)
            line2 = opening_basis(sheet, carry, prior_basis(recon, household, person))
            required, carry = part_one_two(sheet, recon, line2)
            required = part_three(sheet, recon, household) or required
            forms[(person, year)] = sheet.form(required, line2, carry)
    return forms


def money_before_exports(recon: Reconciliation, person: str) -> list[Event]:
    """First exported rows of the person's pre-tax IRAs (traditional, rollover, SEP, SIMPLE: the
    line 6 pool) when none of the first day's rows brings money in: the account held money
    before the exports begin, which may be earlier nondeductible contributions (or after-tax
    money rolled in). Without a household prior_basis, the first line 2 is then unknown.
    (The whole first day counts: exports list same-day rows in either order.)"""
    from rothaudit.audit.year_end import OPENING_KINDS

    first_day: dict[str, list[Event]] = {}
    for e in sorted(recon.events, key=lambda e: (e.date, e.ref)):
        if e.person != person or e.account_type not in PRE_TAX_IRA_TYPES:
            continue
        rows = first_day.setdefault(e.account, [e])
        if e is not rows[0] and e.date == rows[0].date:
            rows.append(e)
    return [
        rows[0]
        for rows in first_day.values()
        if not any(e.kind in OPENING_KINDS and e.amount > 0 for e in rows)
    ]


def prior_basis(recon: Reconciliation, household: Household, person: str) -> Carry | None:
    if person in recon.prior_basis:
        year, amount = recon.prior_basis[person]
        return Carry(year, amount, household=True)
    who = household.people.get(person)
    if who is not None and who.prior_basis is not None:
        return Carry(who.prior_basis.tax_year, who.prior_basis.amount, household=True)
    return None


def opening_basis(sheet: Sheet, carry: Carry, prior: Carry | None) -> Carry:
    """Line 2: the latest line 14 before this year, ours or the household's (which wins a tie:
    it is the form the client actually filed)."""
    if prior is not None and prior.year is not None and prior.year >= sheet.year:
        sheet.notes.append(
            f"household prior_basis is for {prior.year}, not before {sheet.year}; line 2 ignores it"
        )
        prior = None
    if prior is not None and (carry.year is None or prior.year >= carry.year):  # type: ignore[operator]
        if carry.year is not None:
            sheet.notes.append(
                f"line 2 uses the household prior_basis for {prior.year} instead "
                f"of the computed {carry.year} line 14"
            )
        return prior
    if carry.amount is None and carry.year is None:
        rows = ", ".join(f"{r.file}:{r.line}" for r in carry.sources)
        sheet.notes.append(
            f"line 2 unknown: a pre-tax IRA held money before the exports begin ({rows}) "
            "and household.toml gives no prior_basis (Form 8606 line 14 of the last year "
            f"before {sheet.year}); lines that depend on it are left blank"
        )
    elif carry.amount is None:
        sheet.notes.append(f"line 2 unknown: the {carry.year} line 14 could not be computed")
    return carry


def part_one_two(sheet: Sheet, recon: Reconciliation, basis: Carry) -> tuple[bool, Carry]:
    """Part I (lines 1-15c) and Part II (16-18); returns (required, basis for the next year)."""
    person, year = sheet.person, sheet.year
    contribs = [
        c
        for c in recon.contributions
        if c.event.person == person and c.tax_year == year and c.treated_as == "traditional"
    ]
    conversions = [c for c in recon.conversions if c.out_event.person == person and c.year == year]
    dists = [e for e in recon.distributions if e.person == person and e.date.year == year]
    orphans = [e for e in recon.unpaired_conversions if e.person == person and e.date.year == year]
    line1 = whole(sum((c.amount for c in contribs), ZERO))
    line2 = None if basis.amount is None else whole(basis.amount)
    line3 = add(line1, line2)
    converted = whole(sum((c.amount for c in conversions), ZERO))
    if line3 is not None and line3 <= 0:
        # No nondeductible contributions and no basis: Part I is not completed (F8606 header).
        if conversions or orphans:
            # Line 17 when Part I is skipped: line 2 as it would have been, plus contributions
            # on line 1 made before the conversion (I8606 line 17).
            day = first_conversion_day(conversions)
            before = [c for c in contribs if day is not None and c.event.date < day]
            line17 = line3 + whole(sum((c.amount for c in before), ZERO))
            sheet.set("16", converted, conversion_refs(conversions))
            sheet.set("17", line17, [*basis.sources, *contribution_refs(before)])
            sheet.set("18", max(converted - line17, ZERO), sheet.src("16", "17"))
            sheet.notes.append("Part I not completed: no nondeductible contributions and no basis")
            assumed_note(sheet, basis)
            unknown_conversion(sheet, orphans, ("16", "18"))
        return bool(conversions or orphans), Carry(year, ZERO, assumed=basis.assumed)
    if line1 > 0:
        sheet.notes.append(
            "line 1 treats every traditional IRA contribution for the year as "
            "nondeductible (no IRA deduction taken)"
        )
    sheet.set("1", line1, contribution_refs(contribs))
    sheet.set("2", line2, basis.sources, ("HOUSEHOLD",) if basis.household else ())
    assumed_note(sheet, basis)
    sheet.set("3", line3, sheet.src("1", "2"))
    if not conversions and not dists and not orphans:
        line14 = sheet.set("14", line3, sheet.src("3"))
        return line1 > 0, Carry(year, line14, sheet.src("14"))
    line14 = pro_rata(sheet, recon, contribs, conversions, dists)
    if conversions or orphans:
        sheet.set("16", sheet.lines["8"], sheet.src("8"))
        sheet.set("17", sheet.lines["11"], sheet.src("11"))
        sheet.set(
            "18", sub(sheet.lines["16"], sheet.lines["17"], floor=True), sheet.src("16", "17")
        )
    if orphans:
        lines = ("8", "9", "10", "11", "12", "13", "14", "15a", "15c", "16", "17", "18")
        unknown_conversion(sheet, orphans, lines)
        line14 = None
    return True, Carry(year, line14, sheet.src("14"))


def assumed_note(sheet: Sheet, basis: Carry) -> None:
    if basis.assumed:
        sheet.notes.append(
            "line 2 = 0 assumed: household.toml gives no prior_basis; if a Form 8606 was ever "
            f"filed for a year before {sheet.year}, its line 14 belongs here"
        )


def unknown_conversion(sheet: Sheet, orphans: list[Event], lines: tuple[str, ...]) -> None:
    """Fail closed: a conversion whose pre-tax side is not in the exports leaves line 8 (what
    left the pre-tax IRA) unknown, and every line computed from it (unpaired-conversion)."""
    if not orphans:
        return
    rows = ", ".join(f"{e.ref.file}:{e.ref.line}" for e in orphans)
    sheet.notes.append(
        f"line 8 unknown: money arrived in a Roth IRA as a conversion ({rows}) with no "
        "outgoing conversion from a pre-tax IRA in the exports; lines that depend on it are "
        "left blank"
    )
    for line in lines:
        sheet.set(line, None, [e.ref for e in orphans])


def pro_rata(
    sheet: Sheet,
    recon: Reconciliation,
    contribs: list[Contribution],
    conversions: list[Conversion],
    dists: list[Event],
) -> Decimal | None:
    """Lines 4-15c for a year with a conversion or distribution; returns line 14."""
    late = [c for c in contribs if c.made_after_year]
    line4 = sheet.set("4", whole(sum((c.amount for c in late), ZERO)), contribution_refs(late))
    line5 = sheet.set("5", sub(sheet.lines["3"], line4), sheet.src("3", "4"))
    line6 = year_end_line(
        sheet,
        recon.year_end_values.get((sheet.person, sheet.year), []),
        line6_adjustments(recon, sheet.person, sheet.year),
    )
    line7 = sheet.set("7", whole(sum((abs(e.amount) for e in dists), ZERO)), [e.ref for e in dists])
    line8 = sheet.set(
        "8", whole(sum((c.amount for c in conversions), ZERO)), conversion_refs(conversions)
    )
    line9 = sheet.set("9", add(line6, line7, line8), sheet.src("6", "7", "8"))
    line10 = sheet.set("10", ratio(line5, line9), sheet.src("5", "9"))
    if line10 is not None:
        sheet.notes.append("line 10 carried to 5 decimal places (the form asks for at least 3)")
    line11 = sheet.set("11", times(line8, line10), sheet.src("8", "10"))
    line12 = sheet.set("12", times(line7, line10), sheet.src("7", "10"))
    line13 = sheet.set("13", add(line11, line12), sheet.src("11", "12"))
    line14 = sheet.set("14", sub(sheet.lines["3"], line13, floor=True), sheet.src("3", "13"))
    line15a = sheet.set("15a", sub(line7, line12), sheet.src("7", "12"))
    sheet.set("15b", ZERO)  # qualified disaster distributions: none recorded
    sheet.set("15c", line15a, sheet.src("15a"))
    return line14


@dataclass(frozen=True)
class Adjustment:
    """A line 6 adjustment: money that the Dec 31 values miss or hold wrongly."""

    amount: Decimal  # signed: added to the Dec 31 total
    sources: Refs
    note: str


def line6_adjustments(recon: Reconciliation, person: str, year: int) -> list[Adjustment]:
    """Recharacterizations made after Dec 31 of contributions made by then (the value as if the
    contribution had gone to the IRA it ended in: + Roth to traditional, - traditional to Roth,
    by the amount moved), and outstanding rollovers (out of a pre-tax IRA by Dec 31, back into
    one in the next year within 60 days). I8606 line 6; tax-rules.md sections 3 and 5."""
    dec31 = date(year, 12, 31)
    found = []
    for c in recon.contributions:
        if c.event.person != person or not c.recharacterized_by:
            continue
        lead = c.recharacterized_by[0]
        if c.event.date <= dec31 < lead.date:
            into = c.treated_as == "traditional"
            moved = abs(lead.amount)
            found.append(
                Adjustment(
                    moved if into else -moved,
                    contribution_refs([c]),
                    f"line 6 {'adds' if into else 'subtracts'} {moved} recharacterized on "
                    f"{lead.date} ({'Roth to traditional' if into else 'traditional to Roth'}) "
                    f"for the contribution of {c.event.date}: recharacterizations made after "
                    f"Dec 31 count as if the contribution had been made to the second IRA",
                )
            )
    for out, into_event in recon.ira_rollovers:
        if out.person == person and out.date <= dec31 < into_event.date:
            found.append(
                Adjustment(
                    into_event.amount,
                    (out.ref, into_event.ref),
                    f"line 6 adds the outstanding rollover of {into_event.amount} paid out on "
                    f"{out.date} and rolled back into a pre-tax IRA on {into_event.date}",
                )
            )
    return found


def year_end_line(
    sheet: Sheet, values: list[YearEndValue], adjustments: list[Adjustment]
) -> Decimal | None:
    """Line 6: Dec 31 value of every pre-tax IRA of the person, plus its adjustments; unknown
    if any one value is."""
    sheet.notes.extend(a.note for a in adjustments)
    evidence = refs(*(v.evidence for v in values), *(a.sources for a in adjustments))
    extra = ("HOUSEHOLD",) if any(v.source == "household" for v in values) else ()
    missing = [v.account for v in values if v.value is None]
    if missing:
        sheet.notes.append(
            f"line 6 unknown: no Dec 31 {sheet.year} value for "
            f"{', '.join(sorted(missing))}; lines that depend on it are left blank"
        )
        return sheet.set("6", None, evidence, extra)
    if not values and not adjustments:
        sheet.notes.append(f"line 6 = 0: no pre-tax IRA is known at Dec 31 {sheet.year}")
    total = sum((v.value for v in values), ZERO) + sum((a.amount for a in adjustments), ZERO)  # type: ignore[misc]
    total = whole(total)
    return sheet.set("6", max(total, ZERO), evidence, extra)


def ratio(line5: Decimal | None, line9: Decimal | None) -> Decimal | None:
    """Line 10: line 5 / line 9, half-up to 5 places, never above 1."""
    if line5 is None or line9 is None:
        return None
    if line9 <= 0:
        return Decimal("1.00000") if line5 > 0 else Decimal("0.00000")
    return min(line5 / line9, Decimal(1)).quantize(RATIO_PLACES, rounding=ROUND_HALF_UP)


def times(amount: Decimal | None, line10: Decimal | None) -> Decimal | None:
    return None if amount is None or line10 is None else whole(amount * line10)


def contribution_refs(contribs: Iterable[Contribution]) -> Refs:
    return refs(*([c.event.ref, *(e.ref for e in c.recharacterized_by)] for c in contribs))


def conversion_refs(conversions: Iterable[Conversion]) -> Refs:
    return refs(
        *([c.out_event.ref] + ([c.in_event.ref] if c.in_event else []) for c in conversions)
    )


def first_conversion_day(conversions: list[Conversion]) -> date | None:
    return min((c.out_event.date for c in conversions), default=None)


# --- Part III: nonqualified Roth distributions (line 19 only) -----------------------------------


def age_59_half(birth: date) -> date:
    months = birth.month + 6
    year, month = birth.year + 59 + (months - 1) // 12, (months - 1) % 12 + 1
    return date(year, month, min(birth.day, calendar.monthrange(year, month)[1]))


def first_roth_year(recon: Reconciliation, person: str) -> int | None:
    years = [
        c.tax_year
        for c in recon.contributions
        if c.event.person == person and c.treated_as == "roth"
    ]
    years += [c.year for c in recon.conversions if c.out_event.person == person]
    years += [e.date.year for e in recon.unpaired_conversions if e.person == person]
    return min(years, default=None)


def part_three(sheet: Sheet, recon: Reconciliation, household: Household) -> bool:
    """Line 19 when a Roth distribution in the year is not known to be qualified. Lines 20-25c
    fail closed (blank, with the unknown-roth-basis finding): the exports cannot show every
    Roth contribution and conversion since 1998, and a basis guessed from them overstates
    the taxable part or the 10% recapture."""
    person, year = sheet.person, sheet.year
    who = household.people.get(person)
    birth = who.birth_date if who is not None else None
    first = first_roth_year(recon, person)
    dists = [e for e in recon.roth_distributions if e.person == person and e.date.year == year]
    if birth is not None and first is not None and year >= first + 5:
        dists = [e for e in dists if e.date < age_59_half(birth)]  # the rest are qualified
    if not dists:
        return False
    sheet.notes.append(
        "Part III: distributions are treated as nonqualified unless the owner was 59 1/2 and "
        "the first Roth year in the exports is five years back; lines 20-25c are left blank: "
        "first-home expenses (line 20) and the basis in Roth contributions and conversions of "
        "every year since 1998 (lines 22 and 24) are not known from the exports "
        "(unknown-roth-basis)"
    )
    sheet.set("19", whole(sum((abs(e.amount) for e in dists), ZERO)), [e.ref for e in dists])
    sheet.unknown.update(FORM_LINES[FORM_LINES.index("20") :])  # unknown, not skipped
    return True
