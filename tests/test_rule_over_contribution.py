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


# --- IRC 219(c): the spousal IRA limit on a joint return --------------------------------------

SAM_TRAD, SAM_ROTH = "55556666", "77778888"


def _couple(status: str = "mfj", alex_comp=None, sam_comp=0) -> Case:
    case = _case(filing_status=status)
    if alex_comp is not None:
        case.person("alex", compensation={2024: D(alex_comp)})
    case.person("sam", compensation={} if sam_comp is None else {2024: D(sam_comp)})
    case.account(SAM_TRAD, "traditional_ira", owner="sam")
    case.account(SAM_ROTH, "roth_ira", owner="sam")
    return case


def test_mfj_spouse_without_pay_uses_the_couples_compensation() -> None:
    case = _couple(alex_comp=300000, sam_comp=0)
    case.contribute(TRAD, date(2024, 3, 1), 7000)
    case.contribute(SAM_TRAD, date(2024, 3, 1), 7000)
    assert run(RULE, case) == []


def test_mfj_spousal_limit_is_combined_pay_less_the_other_spouses_contributions() -> None:
    case = _couple(alex_comp=10000, sam_comp=1000)
    case.contribute(TRAD, date(2024, 3, 1), 4000)
    case.contribute(ROTH, date(2024, 4, 1), 3000)  # traditional and Roth both reduce Sam's room
    sam = case.contribute(SAM_TRAD, date(2024, 3, 1), 7000)
    [f] = run(RULE, case)
    # Sam: $1,000 + $10,000 - $7,000 = $4,000; $3,000 is excess
    assert (f.person, f.amount, f.evidence) == ("sam", D(3000), (sam.event.ref,))
    assert "spousal IRA limit" in f.message and "$4,000.00" in f.message
    assert "P590A-SPOUSAL" in f.citations and "IRC-219" in f.citations


def test_mfj_higher_paid_spouse_keeps_own_compensation_cap() -> None:
    case = _couple(alex_comp=5000, sam_comp=4000)
    case.contribute(TRAD, date(2024, 3, 1), 6000)
    [f] = run(RULE, case)
    assert (f.person, f.amount) == ("alex", D(1000))


def test_single_filers_do_not_share_compensation() -> None:
    case = _couple(status="single", alex_comp=300000, sam_comp=0)
    case.contribute(SAM_TRAD, date(2024, 3, 1), 7000)
    [f] = run(RULE, case)
    assert (f.person, f.amount) == ("sam", D(7000))


def test_mfj_spouse_compensation_unknown_flags_only_the_certain_excess() -> None:
    case = _couple(alex_comp=None, sam_comp=0)
    case.contribute(SAM_TRAD, date(2024, 3, 1), 7000)
    assert run(RULE, case) == []  # alex's pay may cover it: unknown, not an excess
    case.contribute(SAM_ROTH, date(2024, 4, 1), 500)
    [f] = run(RULE, case)
    assert (f.person, f.amount) == ("sam", D(500))
    assert "alex's 2024 compensation is not in the household file" in f.message


def test_mfj_spouse_not_in_the_household_file_is_unknown_too() -> None:
    case = _case(filing_status="mfj")
    case.person("alex", compensation={2024: D(0)})
    case.contribute(TRAD, date(2024, 3, 1), 7000)
    assert run(RULE, case) == []
