"""ambiguous-tax-year: only calendar-year guesses inside the Jan 1 to deadline window."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, D, run

from rothaudit.rules.ambiguous_tax_year import RULE


def test_calendar_guess_in_the_window() -> None:
    case = Case()
    c = case.contribute(TRAD, date(2025, 4, 15), 7000, basis="calendar")
    [f] = run(RULE, case)
    assert (f.tax_year, f.amount, f.evidence) == (2025, D(7000), (c.event.ref,))
    assert "could be for 2024 or 2025" in f.message and "treats it as for 2025" in f.message
    assert "[[contribution_years]]" in f.action and "2025-04-15" in f.action


def test_after_the_deadline_is_not_ambiguous() -> None:
    case = Case()
    case.contribute(TRAD, date(2025, 4, 16), 7000, basis="calendar")
    assert run(RULE, case) == []


def test_stated_years_are_not_ambiguous() -> None:
    case = Case()
    case.contribute(TRAD, date(2025, 2, 1), 7000, basis="export")
    case.contribute(TRAD, date(2025, 3, 1), 7000, tax_year=2024, basis="household")
    assert run(RULE, case) == []
