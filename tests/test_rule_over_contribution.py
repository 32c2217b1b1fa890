"""over-contribution: all IRAs together against the limit, catch-up at 50, compensation, NIA."""

from __future__ import annotations

from datetime import date

from rules_support import ROTH, TRAD, Case, D, run

from rothaudit.rules.over_contribution import RULE


def _case(**kw) -> Case:
    case = Case(**kw)
    case.account(TRAD, "traditional_ira", institution="Vanguard")
    case.account(ROTH, "roth_ira", institution="Fidelity")
    return case


def test_exactly_at_the_limit_is_clean() -> None:
    case = _case()
    case.contribute(TRAD, date(2024, 1, 10), 4000)
    case.contribute(ROTH, date(2024, 5, 1), 3000)
    assert run(RULE, case) == []


def test_traditional_and_roth_count_together() -> None:
    case = _case()
    a = case.contribute(TRAD, date(2024, 1, 10), 7000)
    b = case.contribute(ROTH, date(2024, 6, 1), 1000)
    [f] = run(RULE, case)
    assert (f.person, f.tax_year, f.amount) == ("alex", 2024, D(1000))
    assert f.accounts == (TRAD, ROTH) and f.evidence == (a.event.ref, b.event.ref)
    assert "$8,000.00" in f.message and "$7,000.00" in f.message and "$1,000.00" in f.message
    assert f.deadline == date(2025, 10, 15)
    assert "by 2025-10-15" in f.action and "$60.00" in f.action and "...4444" in f.action
    assert "IRC-4973" in f.citations and "REG-1.408-11" in f.citations


def test_catch_up_counts_when_50_on_dec_31() -> None:
    case = _case()
    case.person("alex", birth_date=date(1974, 12, 31))
    case.contribute(TRAD, date(2024, 3, 1), 8000)
    assert run(RULE, case) == []


def test_no_catch_up_at_49() -> None:
    case = _case()
    case.person("alex", birth_date=date(1975, 1, 1))
    case.contribute(TRAD, date(2024, 3, 1), 8000)
    [f] = run(RULE, case)
    assert f.amount == D(1000) and "age 49 on Dec 31" in f.message


def test_compensation_caps_the_limit() -> None:
    case = _case()
    case.person("alex", compensation={2024: D(3000)})
    case.contribute(TRAD, date(2024, 3, 1), 3500)
    [f] = run(RULE, case)
    assert f.amount == D(500) and "compensation $3,000.00" in f.message


def test_each_person_and_each_tax_year_separately() -> None:
    case = _case()
    case.person("sam")
    case.account("55556666", "traditional_ira", owner="sam")
    case.contribute(TRAD, date(2024, 2, 1), 6500, tax_year=2023)
    case.contribute(TRAD, date(2024, 3, 1), 7000)
    case.contribute("55556666", date(2024, 3, 1), 7000)
    assert run(RULE, case) == []


def test_nia_from_a_cash_only_account() -> None:
    case = _case(as_of=date(2024, 6, 1))
    case.contribute(TRAD, date(2024, 1, 10), 7000)
    case.contribute(TRAD, date(2024, 2, 1), 1000)
    case.event(TRAD, date(2024, 3, 1), "interest", "80")
    [f] = run(RULE, case)
    # AOB = 7,000 + 1,000; ACB = 8,080: NIA = 1,000 x 80 / 8,000 = 10.00
    assert "net income attributable $10.00 = $1,000.00 x ($8,080.00 - $8,000.00)" in f.action
    assert "$1,010.00 in all if removed on 2024-06-01" in f.action


def test_nia_not_computable_when_account_holds_investments() -> None:
    case = _case(as_of=date(2024, 6, 1))
    case.contribute(TRAD, date(2024, 1, 10), 8000)
    case.event(TRAD, date(2024, 1, 11), "buy", "-8000")
    [f] = run(RULE, case)
    assert "ask the custodian to compute the net income attributable" in f.action


def test_deadline_day_itself_still_allows_correction() -> None:
    case = _case(as_of=date(2025, 10, 15))
    case.contribute(TRAD, date(2024, 3, 1), 7500)
    [f] = run(RULE, case)
    assert f.action.startswith("Withdraw the $500.00 excess")


def test_after_the_deadline_the_excise_repeats() -> None:
    case = _case(as_of=date(2026, 3, 1))
    case.contribute(TRAD, date(2024, 3, 1), 8000)
    [f] = run(RULE, case)
    assert "2025-10-15 has passed" in f.action
    assert "2 year-ends" in f.action and "$120.00" in f.action and "$60.00 a year" in f.action


def test_employer_plan_deferrals_do_not_count() -> None:
    case = _case()
    case.account("40140140", "401k")
    case.contribute("40140140", date(2024, 3, 1), 23000)
    case.contribute(TRAD, date(2024, 3, 1), 7000)
    assert run(RULE, case) == []
