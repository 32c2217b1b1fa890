"""reconciliation-note: what reconciliation left out of Form 8606 or paired on a difference reaches
the report as an info finding with its rows (it used to stay in Reconciliation.notes, unseen)."""

from __future__ import annotations

from rules_support import Case, run

from rothaudit.audit.model import ReconNote, SourceRef
from rothaudit.rules.reconciliation_note import RULE


def test_no_notes_no_findings() -> None:
    assert run(RULE, Case()) == []


def test_each_note_is_an_info_finding_with_its_rows() -> None:
    case = Case()
    rows = (SourceRef("export.csv", 4), SourceRef("export.csv", 9))
    case.notes.append(
        ReconNote(
            message="2 distribution rows from inherited IRA ...3333 are left out",
            action="File the inherited IRA's own Form 8606 if the decedent had basis.",
            evidence=rows,
            person="alex",
            accounts=("33333333",),
            tax_year=2024,
        )
    )
    [f] = run(RULE, case)
    assert (f.severity, f.person, f.tax_year, f.accounts, f.evidence) == (
        "info",
        "alex",
        2024,
        ("33333333",),
        rows,
    )
    assert "inherited IRA" in f.message and "own Form 8606" in f.action
    assert f.amount is None
