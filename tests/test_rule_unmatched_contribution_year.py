"""unmatched-contribution-year: a [[contribution_years]] entry that matches no exported
contribution (same account, date and amount) took no effect; the user believes it did."""

from __future__ import annotations

from datetime import date

from rules_support import ROTH, TRAD, Case, D, run

from rothaudit.audit.model import SourceRef
from rothaudit.household import ContributionYearDecl
from rothaudit.rules.unmatched_contribution_year import RULE

LINE = SourceRef("household.toml", 14)


def _case(account: str, made: date, amount, tax_year: int = 2023) -> Case:
    case = Case()
    case.contribute(TRAD, date(2024, 2, 3), 7000, tax_year=2024, basis="calendar")
    case.contribution_years.append(ContributionYearDecl(account, made, D(amount), tax_year, LINE))
    return case


def test_an_entry_that_matches_its_contribution_is_clean() -> None:
    assert run(RULE, _case(TRAD, date(2024, 2, 3), 7000)) == []


def test_a_typo_in_the_date_is_an_error_naming_the_line_and_the_likely_row() -> None:
    case = _case(TRAD, date(2024, 2, 4), 7000)
    [f] = run(RULE, case)
    assert (f.severity, f.tax_year, f.amount, f.accounts) == ("error", 2023, D(7000), (TRAD,))
    assert f.person == "alex" and LINE in f.evidence
    assert case.contributions[0].event.ref in f.evidence  # the row it probably meant
    assert "household.toml line 14" in f.message and "was not applied" in f.message
    assert "2024-02-03" in f.message and "booked to 2024" in f.message
    assert "[[contribution_years]]" in f.action


def test_a_typo_in_the_amount_or_account_is_an_error_too() -> None:
    for account, amount in ((TRAD, 700), ("11112223", 7000)):
        [f] = run(RULE, _case(account, date(2024, 2, 3), amount))
        assert f.severity == "error" and LINE in f.evidence


def test_an_entry_for_a_contribution_not_in_the_exports_still_says_it_had_no_effect() -> None:
    [f] = run(RULE, _case(ROTH, date(2022, 3, 1), 6000, 2021))
    assert f.evidence == (LINE,) and "no contribution" in f.message
    assert "remove" in f.action
