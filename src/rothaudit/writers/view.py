"""The report as display strings, masked once: Markdown, HTML and Excel render from this view.

Masking lives here and only here (for the human formats), so no writer can forget it: every
account number, also inside exported text, is cut to its last four characters, and files are
named as the report already names them (relative to the folder given).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from rothaudit.audit.model import FORM_LINES, Event, Report, SourceRef
from rothaudit.writers.captions import FORM_8606_CAPTIONS
from rothaudit.writers.mask import mask_account, mask_known, mask_text

SKIPPED = "-"  # a line the form tells the filer to skip
UNKNOWN = "unknown"  # a line that cannot be computed until a missing fact is supplied


def account_label(account: str, numbers: tuple[str, ...]) -> str:
    """A known or number-like account is masked; a free-text label (an IRA held elsewhere, from
    the household file) keeps its words with any digits in it masked."""
    if account in numbers or re.fullmatch(r"[A-Za-z]{0,3}[\d-]{4,}", account.strip()):
        return mask_account(account)
    return mask_text(account, numbers)


def money(value: Decimal | None) -> str:
    """`$7,000.00`; negative as `-$12.00`; unknown as `unknown`."""
    if value is None:
        return "unknown"
    sign = "-" if value < 0 else ""
    return f"{sign}${abs(value):,.2f}"


def form_value(line: str, value: Decimal | None) -> str:
    """Form lines as the form shows them: whole dollars with commas; line 10 as its ratio."""
    if value is None:
        return SKIPPED
    if line == "10":
        return str(value)
    return f"{value:,}"


def refs(evidence: tuple[SourceRef, ...], numbers: tuple[str, ...], limit: int = 6) -> str:
    """`file:line, ...` with account numbers in file names masked; long lists cut at `limit`."""
    shown = [f"{mask_known(r.file, numbers)}:{r.line}" for r in evidence[:limit]]
    if len(evidence) > limit:
        shown.append(f"and {len(evidence) - limit} more")
    return ", ".join(shown)


@dataclass(frozen=True)
class FindingView:
    severity: str
    code: str
    name: str
    person: str
    tax_year: str
    accounts: str
    amount: str
    message: str
    action: str
    deadline: str
    evidence: str
    citations: str


@dataclass(frozen=True)
class FormLineView:
    line: str
    caption: str
    value: str
    sources: str


@dataclass(frozen=True)
class FormView:
    person: str
    tax_year: int
    required: bool
    lines: tuple[FormLineView, ...]
    notes: tuple[str, ...]


@dataclass(frozen=True)
class EventView:
    date: str
    person: str
    account: str
    account_type: str
    kind: str
    amount: Decimal
    action: str
    source: str


def _basis(value: Decimal | None) -> str:
    """A basis amount; an unknown one says so instead of passing for 0."""
    return "unknown" if value is None else f"{value:,}"


def _chain(continuous: bool | None) -> str:
    return "unknown" if continuous is None else ("yes" if continuous else "BROKEN")


@dataclass(frozen=True)
class ReportView:
    as_of: str
    people: tuple[str, ...]
    years: tuple[int, ...]
    severity_counts: dict[str, int]
    inputs: tuple[
        tuple[str, ...], ...
    ]  # file, importer, rows, imported, duplicates, rejected, skipped
    input_notes: tuple[str, ...]
    inputs_line: str  # "7 files, 159 rows: 35 imported, 3 duplicates, 0 rejected, 121 skipped"
    findings: tuple[FindingView, ...]
    forms: tuple[FormView, ...]
    ledger: tuple[
        tuple[str, ...], ...
    ]  # person, year, line 2, contributions, nontaxable, line 14, chain
    year_end: tuple[
        tuple[str, ...], ...
    ]  # person, year, account, type, value, source, evidence, note
    accounts: tuple[tuple[str, ...], ...]  # account, owner, type, type source, institution
    rejections: tuple[tuple[str, ...], ...]  # file, line, reason
    checklist: tuple[str, ...]
    citations: tuple[tuple[str, str, str], ...]  # id, title, url
    events: tuple[EventView, ...]


def build_view(report: Report) -> ReportView:
    """Format and mask everything the human-readable writers show."""
    numbers = report.masked_numbers

    def m(text: str) -> str:
        return mask_text(text, numbers)

    findings = tuple(
        FindingView(
            severity=f.severity,
            code=f.code,
            name=f.name,
            person=f.person or "",
            tax_year=str(f.tax_year or ""),
            accounts=", ".join(account_label(a, numbers) for a in f.accounts),
            amount="" if f.amount is None else money(f.amount),
            message=m(f.message),
            action=m(f.action),
            deadline=f.deadline.isoformat() if f.deadline else "",
            evidence=refs(f.evidence, numbers),
            citations=", ".join(f.citations),
        )
        for f in report.findings
    )
    forms = tuple(
        FormView(
            person=form.person,
            tax_year=form.tax_year,
            required=form.required,
            lines=tuple(
                FormLineView(
                    line,
                    FORM_8606_CAPTIONS[line],
                    UNKNOWN
                    if line in form.unknown_lines
                    else form_value(line, form.lines.get(line)),
                    refs(form.sources.get(line, ()), numbers),
                )
                for line in FORM_LINES
            ),
            notes=tuple(m(n) for n in form.notes),
        )
        for form in report.form8606
    )
    return ReportView(
        as_of=report.as_of.isoformat(),
        people=tuple(report.people),
        years=tuple(sorted({f.tax_year for f in report.form8606})),
        severity_counts=dict(Counter(f.severity for f in report.findings)),
        inputs=tuple(
            (
                mask_known(i.file, numbers),
                i.importer,
                *(str(v) for v in (i.rows, i.imported, i.duplicates, i.rejected, i.skipped)),
            )
            for i in report.inputs
        ),
        input_notes=tuple(
            f"{mask_known(i.file, numbers)}: {m(n)}" for i in report.inputs for n in i.notes
        ),
        inputs_line=_inputs_line(report),
        findings=findings,
        forms=forms,
        ledger=tuple(
            (
                b.person,
                str(b.tax_year),
                _basis(b.line2),
                f"{b.contributions:,}",
                SKIPPED if b.nontaxable_skipped else _basis(b.nontaxable),
                _basis(b.line14),
                _chain(b.continuous),
            )
            for b in report.basis_ledger
        ),
        year_end=tuple(
            (
                y.person,
                str(y.tax_year),
                account_label(y.account, numbers),
                y.account_type,
                money(y.value),
                y.source,
                refs(y.evidence, numbers),
                m(y.note),
            )
            for y in report.year_end_values
        ),
        accounts=tuple(
            (account_label(a.number, numbers), a.owner, a.type, a.type_source, a.institution or "")
            for a in report.accounts
        ),
        rejections=tuple(
            (mask_known(r.file, numbers), str(r.line), m(r.reason)) for r in report.rejections
        ),
        checklist=tuple(m(c) for c in report.checklist),
        citations=tuple(
            (cid, title, url) for cid, (title, url) in sorted(report.citations.items())
        ),
        events=tuple(_event_view(e, m, numbers) for e in report.events),
    )


def blank_lines(form: FormView) -> list[str]:
    """The form's blank lines in two sentences: skipped as the form directs, and unknown (a
    missing fact; the notes and findings say which) -- never one passed off as the other."""
    out = []
    skipped = [ln.line for ln in form.lines if ln.value == SKIPPED]
    unknown = [ln.line for ln in form.lines if ln.value == UNKNOWN]
    if skipped:
        out.append(f"Lines left blank as the form directs: {', '.join(skipped)}.")
    if unknown:
        out.append(
            "Lines unknown, left blank until the missing facts in the notes are supplied: "
            f"{', '.join(unknown)}."
        )
    return out


def _inputs_line(report: Report) -> str:
    """The inputs in one line for the summary: every row accounted for."""
    total = {k: sum(getattr(i, k) for i in report.inputs) for k in _COUNTS}
    files = len(report.inputs)
    counts = ", ".join(f"{total[k]:,} {k}" for k in _COUNTS[1:])
    return f"{files} file{'s' if files != 1 else ''}, {total['rows']:,} rows: {counts}"


_COUNTS = ("rows", "imported", "duplicates", "rejected", "skipped")


def _event_view(e: Event, m: Callable[[str], str], numbers: tuple[str, ...]) -> EventView:
    return EventView(
        date=e.date.isoformat(),
        person=e.person,
        account=account_label(e.account, numbers),
        account_type=e.account_type,
        kind=e.kind,
        amount=e.amount,
        action=m(e.action),
        source=f"{mask_known(e.ref.file, numbers)}:{e.ref.line}",
    )
