"""`report.json` exactly as CONTRACT §3 fixes it, plus additive sections (accounts, basis
ledger, Dec 31 values, checklist, citations, notes).

Money is a decimal string, never a float; account numbers are masked everywhere, free text
included; keys sorted, two-space indent, trailing newline: identical inputs give identical bytes.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

from rothaudit.audit.model import (
    FORM_LINES,
    Account,
    Finding,
    Form8606,
    Report,
    SourceRef,
    YearEndValue,
)
from rothaudit.writers.mask import mask_account, mask_known, mask_text

SCHEMA = "rothaudit/report-v1"
CENT = Decimal("0.01")


def decimal_text(value: Decimal | None) -> str | None:
    """Plain notation (never `1E+3`), as precise as the value was computed."""
    return None if value is None else format(value, "f")


def money_text(value: Decimal | None) -> str | None:
    """A dollar amount to the cent: `"1000.00"`."""
    return None if value is None else format(value.quantize(CENT), "f")


class _Masker:
    def __init__(self, numbers: tuple[str, ...]) -> None:
        self.numbers = numbers

    def file(self, name: str) -> str:
        return mask_known(name, self.numbers)

    def refs(self, refs: tuple[SourceRef, ...]) -> list[dict[str, Any]]:
        return [{"file": self.file(r.file), "line": r.line} for r in refs]

    def text(self, text: str | None) -> str | None:
        return None if text is None else mask_text(text, self.numbers)

    def account(self, number: str) -> str:
        """An exported number to its last four; free text (an IRA held elsewhere) as masked text."""
        if number in self.numbers or number.strip().isdigit():
            return mask_account(number)
        return mask_text(number, self.numbers)


def _finding(f: Finding, m: _Masker) -> dict[str, Any]:
    return {
        "code": f.code,
        "name": f.name,
        "severity": f.severity,
        "person": f.person,
        "tax_year": f.tax_year,
        "accounts": [m.account(a) for a in f.accounts],
        "amount": money_text(f.amount),
        "message": m.text(f.message),
        "action": m.text(f.action),
        "evidence": m.refs(f.evidence),
        "citations": list(f.citations),
        "deadline": f.deadline.isoformat() if f.deadline else None,
    }


def _form(form: Form8606, m: _Masker) -> dict[str, Any]:
    return {
        "person": form.person,
        "tax_year": form.tax_year,
        "required": form.required,
        "lines": {line: decimal_text(form.lines.get(line)) for line in FORM_LINES},
        "unknown_lines": list(form.unknown_lines),  # null because unknown, not skipped
        "sources": {line: m.refs(refs) for line, refs in form.sources.items() if refs},
        "citations": {line: list(ids) for line, ids in form.citations.items() if ids},
        "notes": [m.text(n) for n in form.notes],
    }


def _account(a: Account, m: _Masker) -> dict[str, Any]:
    return {
        "account": m.account(a.number),
        "owner": a.owner,
        "type": a.type,
        "type_source": a.type_source,
        "institution": a.institution,
        "name": m.text(a.name),
        "evidence": m.refs(a.evidence),
    }


def _year_end(y: YearEndValue, m: _Masker) -> dict[str, Any]:
    return {
        "person": y.person,
        "tax_year": y.tax_year,
        "account": m.account(y.account),
        "type": y.account_type,
        "value": money_text(y.value),
        "source": y.source,
        "evidence": m.refs(y.evidence),
        "note": m.text(y.note),
    }


def report_dict(report: Report) -> dict[str, Any]:
    """The whole report as JSON-ready data."""
    m = _Masker(report.masked_numbers)
    return {
        "schema": SCHEMA,
        "as_of": report.as_of.isoformat(),
        "inputs": [
            {
                "file": m.file(i.file),
                "sha256": i.sha256,
                "importer": i.importer,
                "rows": i.rows,
                "imported": i.imported,
                "duplicates": i.duplicates,
                "rejected": i.rejected,
                "skipped": i.skipped,
                "balances": i.balances,
                "notes": [m.text(n) for n in i.notes],
            }
            for i in report.inputs
        ],
        "rejections": [
            {"file": m.file(r.file), "line": r.line, "reason": m.text(r.reason)}
            for r in report.rejections
        ],
        "people": list(report.people),
        "accounts": [_account(a, m) for a in report.accounts],
        "findings": [_finding(f, m) for f in report.findings],
        "form8606": [_form(f, m) for f in report.form8606],
        "basis_ledger": [
            {
                "person": b.person,
                "tax_year": b.tax_year,
                "line2": decimal_text(b.line2),
                "contributions": decimal_text(b.contributions),
                "nontaxable": decimal_text(b.nontaxable),
                "nontaxable_skipped": b.nontaxable_skipped,  # null because line 13 is skipped
                "line14": decimal_text(b.line14),
                "continuous": b.continuous,
            }
            for b in report.basis_ledger
        ],
        "year_end_values": [_year_end(y, m) for y in report.year_end_values],
        "limit_use": [
            {
                "person": u.person,
                "tax_year": u.tax_year,
                "traditional": money_text(u.traditional),
                "roth": money_text(u.roth),
                "limit": money_text(u.limit),
            }
            for u in report.limit_use
        ],
        "checklist": [m.text(c) for c in report.checklist],
        "citations": {k: {"title": t, "url": u} for k, (t, u) in sorted(report.citations.items())},
    }


def render_json(report: Report) -> str:
    return json.dumps(report_dict(report), sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def write_json(report: Report, out_dir: Path) -> Path:
    """Write `report.json` into `out_dir` and return its path."""
    path = out_dir / "report.json"
    path.write_text(render_json(report), encoding="utf-8", newline="\n")
    return path
