"""late-contribution: the deadline day is on time, the day after is late; overrides; COVID years."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, D, run

from rothaudit.rules.late_contribution import RULE


def test_deadline_day_itself_is_on_time() -> None:
    case = Case()
    case.contribute(TRAD, date(2025, 4, 15), 7000, tax_year=2024)
    assert run(RULE, case) == []


def test_day_after_the_deadline_is_late() -> None:
    case = Case()
    c = case.contribute(TRAD, date(2025, 4, 16), 7000, tax_year=2024)
    [f] = run(RULE, case)
    assert (f.tax_year, f.amount, f.evidence) == (2024, D(7000), (c.event.ref,))
    assert "designated for 2024" in f.message and "by 2025-04-15" in f.message
    assert "2025 contribution" in f.action and f.deadline == date(2026, 10, 15)


def test_household_deadline_override_wins() -> None:
    case = Case(deadline_overrides={2024: date(2025, 10, 15)})
    case.contribute(TRAD, date(2025, 10, 15), 7000, tax_year=2024)
    assert run(RULE, case) == []
    case.contribute(TRAD, date(2025, 10, 16), 7000, tax_year=2024)
    [f] = run(RULE, case)
    assert "2025-10-15" in f.message and "HOUSEHOLD" in f.citations


def test_covid_postponement_2019() -> None:
    case = Case()
    case.contribute(TRAD, date(2020, 7, 15), 6000, tax_year=2019)
    assert run(RULE, case) == []
    case.contribute(TRAD, date(2020, 7, 16), 6000, tax_year=2019)
    [f] = run(RULE, case)
    assert "by 2020-07-15" in f.message


def test_calendar_year_contributions_are_never_late() -> None:
    case = Case()
    case.contribute(TRAD, date(2024, 12, 31), 7000, basis="calendar")
    assert run(RULE, case) == []
