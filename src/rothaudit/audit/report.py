"""Batch + reconciliation + forms + findings -> the one `Report` every writer renders.

Besides collecting, this is where the report's own cross-checks live: the basis ledger (does
each year's line 2 equal the previous form's line 14?) and the checklist of facts the client
must still supply. Nothing here changes a form line or a finding.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TYPE_CHECKING

from rothaudit.audit.model import (
    RETIREMENT_TYPES,
    BasisLedgerEntry,
    Finding,
    Form8606,
    InputSummary,
    LimitUse,
    Reconciliation,
    RejectionSummary,
    Report,
)
from rothaudit.errors import TaxDataError
from rothaudit.writers.mask import mask_account

if TYPE_CHECKING:
    from rothaudit.household import Household
    from rothaudit.importing.pipeline import ImportBatch

ZERO = Decimal(0)


def _money(value: Decimal) -> str:
    return f"${value:,.2f}"


def basis_ledger(forms: Iterable[Form8606], recon: Reconciliation) -> list[BasisLedgerEntry]:
    """Line 2 in, line 1, line 13, line 14 out per person-year; `continuous` when line 2 equals
    the previous form's line 14 (or the household's prior basis, or 0 when none is given).
    An unknown basis (a missing Dec 31 value, an unknown earlier line 14) stays None: the
    ledger shows it as unknown, never as a 0 the next year's line 2 could be read from."""
    ledger: list[BasisLedgerEntry] = []
    last: dict[str, Decimal | None] = {}
    for form in sorted(forms, key=lambda f: (f.person, f.tax_year)):
        if form.person in last:
            expected = last[form.person]
        else:
            prior = recon.prior_basis.get(form.person)
            expected = prior[1] if prior and prior[0] < form.tax_year else ZERO
        line13 = form.lines.get("13")
        # Lines 4-13 skipped (nothing distributed or converted): skipped, as on the form.
        skipped = line13 is None and "13" not in form.unknown_lines
        known = form.basis_in is not None and expected is not None
        ledger.append(
            BasisLedgerEntry(
                person=form.person,
                tax_year=form.tax_year,
                line2=form.basis_in,
                contributions=form.lines.get("1") or ZERO,
                nontaxable=line13,
                line14=form.basis_out,
                continuous=form.basis_in == expected if known else None,
                nontaxable_skipped=skipped,
            )
        )
        last[form.person] = form.basis_out
    return ledger


def limit_use(recon: Reconciliation, household: Household) -> list[LimitUse]:
    """Each person-year's traditional and Roth contributions against the limit (the same
    compensation cap the over-contribution rule uses, spousal IRA limit included)."""
    from rothaudit.limits import contribution_limit
    from rothaudit.rules._facts import limit_compensation
    from rothaudit.taxdata import figures

    sums: dict[tuple[str, int], list[Decimal]] = {}
    for c in recon.contributions:
        pair = sums.setdefault((c.event.person, c.tax_year), [ZERO, ZERO])
        pair[c.treated_as == "roth"] += c.amount
    uses = []
    for (person, year), (trad, roth) in sorted(sums.items()):
        who = household.people.get(person)
        try:
            limit = contribution_limit(
                figures(year),
                who.age_at_year_end(year) if who else None,
                limit_compensation(household, recon, person, year).value,
            ).value
        except TaxDataError:
            limit = None
        uses.append(LimitUse(person, year, trad, roth, limit))
    return uses


def checklist(
    recon: Reconciliation, household: Household, forms: Iterable[Form8606] = ()
) -> list[str]:
    """Facts the exports cannot show and the audit still needs, one sentence each. A Dec 31
    value is needed only for a year with a conversion or distribution (the line 6 gate)."""
    items: list[str] = _prior_basis_facts(recon, household, forms)
    needed = {(c.out_event.person, c.year) for c in recon.conversions}
    needed |= {(e.person, e.date.year) for e in recon.distributions}
    for (person, year), values in sorted(recon.year_end_values.items()):
        for v in values:
            if v.value is None and (person, year) in needed:
                items.append(
                    f"{person}: Dec 31 {year} value of {v.account_type} "
                    f"{mask_account(v.account)} (Form 5498 box 5) -> [[year_end_values]]"
                )
            elif v.source == "derived":
                items.append(
                    f"{person}: confirm the Dec 31 {year} value {_money(v.value)} of "
                    f"{mask_account(v.account)}, derived from the exported flows"
                )
    for c in recon.contributions:
        if c.year_basis == "calendar" and c.in_window:
            items.append(
                f"{c.event.person}: which tax year the {_money(c.amount)} contribution to "
                f"{mask_account(c.event.account)} on {c.event.date} is for "
                "-> [[contribution_years]]"
            )
    for a in sorted(recon.accounts.values(), key=lambda a: a.number):
        if a.type_source != "household":
            items.append(
                f"{a.owner}: confirm {mask_account(a.number)} is {a.type} "
                f"(inferred from {a.type_source.replace('_', ' ')}) -> [accounts]"
            )
    items += _person_facts(recon, household)
    return items


def _prior_basis_facts(
    recon: Reconciliation, household: Household, forms: Iterable[Form8606]
) -> list[str]:
    """People with no prior_basis whose forms use line 2: its 0 (or unknown) rests on no fact."""
    items = []
    uses = ("1", "2", "8", "16")
    for person in recon.people:
        who = household.people.get(person)
        if person in recon.prior_basis or (who is not None and who.prior_basis is not None):
            continue
        years = [
            f.tax_year
            for f in forms
            if f.person == person and any(f.lines.get(k) is not None for k in uses)
        ]
        if years:
            items.append(
                f"{person}: confirm prior-year Form 8606 line 14 (the last one filed before "
                f"{min(years)}; 0 if none was ever filed) -> [people.{person}] prior_basis"
            )
    return items


def _person_facts(recon: Reconciliation, household: Household) -> list[str]:
    from rothaudit.rules._facts import limit_compensation
    from rothaudit.taxdata import figures

    items = []
    totals: dict[tuple[str, int], Decimal] = {}
    roth_years: set[tuple[str, int]] = set()
    for c in recon.contributions:
        key = (c.event.person, c.tax_year)
        totals[key] = totals.get(key, ZERO) + c.amount
        if c.treated_as == "roth" and not c.recharacterized_by:
            roth_years.add(key)
    for person, year in sorted(roth_years):
        who = household.people.get(person)
        if who is None or year not in who.magi:
            items.append(f"{person}: modified AGI for {year} (a direct Roth contribution) -> magi")
        if household.filing_status_for(year) is None:
            items.append(f"filing status for {year} (a direct Roth contribution) -> filing_status")
    for (person, year), total in sorted(totals.items()):
        who = household.people.get(person)
        try:
            over_base = total > figures(year).ira_limit.value
        except TaxDataError:
            over_base = True
        if over_base and (who is None or who.birth_date is None):
            items.append(f"{person}: birth date (the age-50 catch-up decides {year}) -> birth_date")
        own = who.compensation.get(year) if who is not None else None
        if own is None or total <= own:
            continue
        try:
            comp = limit_compensation(household, recon, person, year)
        except TaxDataError:
            continue
        if comp.if_not_joint is not None:
            items.append(
                f"{person}: filing status for {year} (on a joint return the spousal IRA limit "
                f"applies; {_money(total)} was contributed against own compensation "
                f"{_money(own)}) -> filing_status"
            )
        elif comp.missing is not None:
            spouse = next((p for p in sorted(household.people) if p != person), None)
            where = f"[people.{spouse}] compensation" if spouse else "[people] (the spouse)"
            items.append(
                f"{person}: {comp.missing}; {_money(total)} was contributed against own "
                f"compensation {_money(own)} -> {where}"
            )
    return items


def _citations(findings: list[Finding], forms: list[Form8606]) -> dict[str, tuple[str, str]]:
    from rothaudit.taxdata import citation

    ids = {c for f in findings for c in f.citations}
    ids |= {c for form in forms for cs in form.citations.values() for c in cs}
    return {i: (citation(i).title, citation(i).url) for i in sorted(ids)}


def _numbers(batch: ImportBatch, recon: Reconciliation, household: Household) -> tuple[str, ...]:
    seen = set(batch.transactions["account_number"].unique().to_list())
    seen |= set(batch.balances["account_number"].unique().to_list())
    seen |= set(recon.accounts) | set(household.accounts)
    seen |= {d.account for d in household.year_end_values if any(ch.isdigit() for ch in d.account)}
    return tuple(sorted(seen))


def build_report(
    batch: ImportBatch,
    household: Household,
    recon: Reconciliation,
    forms: dict[tuple[str, int], Form8606],
    findings: list[Finding],
) -> Report:
    """Everything the writers need, sorted for stable output."""
    ordered_forms = [forms[k] for k in sorted(forms)]
    ordered_findings = sorted(findings, key=Finding.sort_key)
    return Report(
        as_of=recon.as_of,
        inputs=[
            InputSummary(
                s.file,
                s.sha256,
                s.importer,
                s.rows,
                s.imported,
                s.duplicates,
                s.rejected,
                s.skipped,
                s.balances,
                tuple(s.notes),
            )
            for s in batch.inputs
        ],
        rejections=[
            RejectionSummary(f, ln, r)
            for f, ln, r in batch.rejections.sort("source_file", "source_line").iter_rows()
        ],
        people=list(recon.people),
        accounts=sorted(recon.accounts.values(), key=lambda a: a.number),
        findings=ordered_findings,
        form8606=ordered_forms,
        basis_ledger=basis_ledger(ordered_forms, recon),
        year_end_values=[
            v
            for key in sorted(recon.year_end_values)
            for v in sorted(recon.year_end_values[key], key=lambda v: v.account)
        ],
        checklist=checklist(recon, household, ordered_forms),
        events=[e for e in recon.events if e.account_type in RETIREMENT_TYPES],
        citations=_citations(ordered_findings, ordered_forms),
        masked_numbers=_numbers(batch, recon, household),
        limit_use=limit_use(recon, household),
    )
