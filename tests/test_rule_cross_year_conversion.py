"""cross-year-conversion: contributions for one year converted in a later year."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, D, run

from rothaudit.rules.cross_year_conversion import RULE


def test_dec_29_contribution_converted_jan_3() -> None:
    case = Case()
    c = case.contribute(TRAD, date(2024, 12, 29), 7000)
    conv = case.convert(date(2025, 1, 3), 7000, funded_by=(c,))
    case.form(2024, l1=7000, l2=0, l3=7000, l14=7000)
    case.form(2025, l2=7000, l8=7000)
    [f] = run(RULE, case)
    assert (f.tax_year, f.amount, f.severity) == (2024, D(7000), "info")
    assert f.evidence == tuple(sorted((c.event.ref, conv.out_event.ref)))
    assert "2024 Form 8606 (line 1)" in f.message and "line 14 = $7,000.00" in f.message
    assert "2025 Form 8606 (line 2 = $7,000.00" in f.message and "line 8 = $7,000.00" in f.message
    assert f.action.startswith("Nothing to fix")


def test_made_next_year_for_the_prior_year_mentions_line_4() -> None:
    case = Case()
    c = case.contribute(TRAD, date(2025, 2, 10), 7000, tax_year=2024)
    case.convert(date(2025, 2, 15), 7010, funded_by=(c,))
    [f] = run(RULE, case)
    assert "line 4 if 2024 had a conversion" in f.message


def test_same_year_conversion_is_not_cross_year() -> None:
    case = Case()
    c = case.contribute(TRAD, date(2025, 3, 1), 7000)
    case.convert(date(2025, 3, 8), 7000, funded_by=(c,))
    assert run(RULE, case) == []
