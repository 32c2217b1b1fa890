"""tax-year-mismatch: overflow while the other year had room, or a household contradiction."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, D, run

from rothaudit.audit.model import SourceRef
from rothaudit.household import ContributionYearDecl
from rothaudit.rules.tax_year_mismatch import RULE


def test_two_current_year_contributions_and_none_the_year_before() -> None:
    case = Case(as_of=date(2025, 5, 1))
    first = case.contribute(TRAD, date(2025, 2, 3), 7000)
    case.contribute(TRAD, date(2025, 3, 1), 7000)
    [f] = run(RULE, case)  # one move is enough: the earliest in the window
    assert (f.tax_year, f.amount, f.evidence) == (2025, D(7000), (first.event.ref,))
    assert "could be for 2024 or 2025" in f.message and "2024 had $7,000.00 of room" in f.message
    assert "tax_year = 2024" in f.action and "over-contribution" in f.action


def test_correctly_split_years_are_clean() -> None:
    case = Case()
    case.contribute(TRAD, date(2025, 2, 3), 7000, tax_year=2024)
    case.contribute(TRAD, date(2025, 3, 1), 7000)
    assert run(RULE, case) == []


def test_no_room_in_the_other_year() -> None:
    case = Case()
    case.contribute(TRAD, date(2024, 6, 1), 7000)
    case.contribute(TRAD, date(2025, 2, 3), 7000)
    case.contribute(TRAD, date(2025, 3, 1), 7000)
    assert run(RULE, case) == []


def test_outside_the_window_is_not_a_mismatch() -> None:
    case = Case()
    case.contribute(TRAD, date(2025, 4, 16), 7000)
    case.contribute(TRAD, date(2025, 6, 1), 7000)
    assert run(RULE, case) == []


def test_prior_year_designation_that_overflows() -> None:
    case = Case()
    case.contribute(TRAD, date(2024, 6, 1), 7000)
    late = case.contribute(TRAD, date(2025, 4, 15), 7000, tax_year=2024)
    [f] = run(RULE, case)
    assert f.evidence == (late.event.ref,) and "2025 had $7,000.00 of room" in f.message


def test_household_file_contradicts_the_export() -> None:
    case = Case()
    c = case.contribute(TRAD, date(2025, 2, 3), 7000)
    case.contribution_years.append(
        ContributionYearDecl(TRAD, date(2025, 2, 3), D(7000), 2024, SourceRef("household.toml", 7))
    )
    [f] = run(RULE, case)
    assert f.evidence == (c.event.ref,) and "household file says it is for 2024" in f.message
