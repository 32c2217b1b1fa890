"""The report's basis ledger (audit/report.py): an unknown basis is shown as unknown, never as a
0 that the next year's line 2 could be read from (fail closed)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from test_form8606 import contrib, conv, recon, yev

from rothaudit.audit.form8606 import compute_forms
from rothaudit.audit.report import basis_ledger
from rothaudit.household import default_household


def ledger_rows(r):
    forms = compute_forms(r, default_household())
    return {b.tax_year: b for b in basis_ledger(forms.values(), r)}


def test_unknown_line_6_makes_the_ledger_unknown_not_zero() -> None:
    r = recon(
        contributions=[contrib(3, date(2024, 2, 1), 7000), contrib(13, date(2025, 2, 1), 7000)],
        conversions=[conv(5, date(2024, 2, 5), 7000)],
        year_end=[yev(2024, 0), yev(2024, None, "IRA elsewhere")],
    )
    rows = ledger_rows(r)
    first, second = rows[2024], rows[2025]
    assert (first.line2, first.contributions) == (D(0), D(7000))
    assert (first.nontaxable, first.line14, first.continuous) == (None, None, True)
    assert not first.nontaxable_skipped  # line 13 is unknown here, not skipped
    assert (second.line2, second.line14, second.continuous) == (None, None, None)


def test_skipped_line_13_shows_as_skipped_and_basis_waits() -> None:
    # 2024: contribution only (lines 4-13 skipped, basis 7,000 waits); 2025: a Roth-only year
    # (no Form 8606 lines at all) still carries the 7,000; 2026 converts it. Line 13 of the
    # first two is skipped as the form directs: the ledger says so, as the form does, not 0.
    r = recon(
        contributions=[
            contrib(3, date(2024, 2, 1), 7000),
            contrib(7, date(2025, 2, 1), 7000, treated="roth"),
        ],
        conversions=[conv(9, date(2026, 2, 5), 7000)],
        year_end=[yev(2026, 0)],
    )
    rows = ledger_rows(r)
    assert [(rows[y].line2, rows[y].nontaxable, rows[y].line14) for y in (2024, 2025, 2026)] == [
        (D(0), None, D(7000)),
        (D(7000), None, D(7000)),
        (D(7000), D(7000), D(0)),
    ]
    assert [rows[y].nontaxable_skipped for y in (2024, 2025, 2026)] == [True, True, False]
    assert all(rows[y].continuous for y in rows)


def test_ledger_renders_skipped_line_13_as_a_dash() -> None:
    from dataclasses import replace

    from report_support import sample_report

    from rothaudit.writers.view import build_view

    report = sample_report()
    entry = replace(report.basis_ledger[0], nontaxable=None, nontaxable_skipped=True)
    report.basis_ledger = [entry, replace(entry, nontaxable_skipped=False)]
    assert [row[4] for row in build_view(report).ledger] == ["-", "unknown"]


def test_writers_say_unknown() -> None:
    from rothaudit.writers.view import _basis, _chain

    assert (_basis(None), _basis(D(6500)), _chain(None), _chain(False)) == (
        "unknown",
        "6,500",
        "unknown",
        "BROKEN",
    )
