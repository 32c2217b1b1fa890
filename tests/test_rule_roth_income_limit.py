"""roth-income-limit: MAGI bounds, the reduced limit, filing status, overlap with the overall limit."""

from __future__ import annotations

from datetime import date

import pytest
from rules_support import ROTH, TRAD, Case, D, run

from rothaudit.rules.roth_income_limit import RULE


def _case(magi: int | None, roth: int = 7000, status: str | None = "single", **kw) -> Case:
    case = Case(filing_status=status, **kw)
    case.person("alex", magi={} if magi is None else {2024: D(magi)})
    case.contribute(ROTH, date(2024, 5, 1), roth)
    return case


def test_missing_magi_gives_no_finding() -> None:
    assert run(RULE, _case(None)) == []


def test_magi_at_the_lower_bound_allows_the_full_limit() -> None:
    assert run(RULE, _case(146000)) == []


def test_magi_at_the_upper_bound_allows_nothing() -> None:
    [f] = run(RULE, _case(161000))
    assert (f.amount, f.tax_year, f.accounts) == (D(7000), 2024, (ROTH,))
    assert "$146,000.00 to $161,000.00" in f.message and "Roth limit is $0.00" in f.message
    assert f.deadline == date(2025, 10, 15)
    assert "Recharacterize $7,000.00" in f.action and "by 2025-10-15" in f.action
    assert "convert it" in f.action and "Form 8606 line 1" in f.action


@pytest.mark.parametrize(
    ("magi", "allowed"),
    [(150000, 5140), (160800, 200)],  # tax-rules.md 2b worked examples: $5,140 and the $200 floor
)
def test_reduced_limit_inside_the_phase_out(magi: int, allowed: int) -> None:
    [f] = run(RULE, _case(magi))
    assert f.amount == D(7000 - allowed) and f"Roth limit is ${allowed:,}.00" in f.message


def test_contribution_equal_to_the_reduced_limit_is_clean() -> None:
    assert run(RULE, _case(150000, roth=5140)) == []


def test_recharacterized_contribution_is_not_a_roth_contribution() -> None:
    case = _case(170000)
    case.contributions[0] = case.contributions[0].__class__(
        **{**case.contributions[0].__dict__, "treated_as": "traditional"}
    )
    assert run(RULE, case) == []


def test_unknown_filing_status_reports_only_what_every_range_disallows() -> None:
    # In between, the answer depends on the status: filing-status-unknown says so.
    assert run(RULE, _case(200000, status=None)) == []
    [f] = run(RULE, _case(245000, status=None))
    assert "under every filing status" in f.message and f.amount == D(7000)


def test_married_filing_separately_lived_together() -> None:
    [f] = run(RULE, _case(10000, status="mfs"))
    assert f.amount == D(7000)


def test_only_the_part_within_the_overall_limit_is_counted() -> None:
    case = _case(170000)
    case.contribute(TRAD, date(2024, 2, 1), 3000)
    [f] = run(RULE, case)  # 3,000 of the Roth money is over-contribution's, 4,000 is ours
    assert f.amount == D(4000) and "a further $3,000.00" in f.message


def test_after_the_deadline_says_what_is_left() -> None:
    [f] = run(RULE, _case(170000, as_of=date(2025, 10, 16)))
    assert "2025-10-15 has passed" in f.action and "$420.00" in f.action


def test_mfj_spouse_without_pay_gets_the_reduced_roth_limit_not_zero() -> None:
    # IRC 219(c): Sam has no pay, Alex does; on a joint return Sam's Roth limit inside the MFJ
    # phase-out is (240,000 - 235,000) / 10,000 x 7,000 = 3,500 (it was 0, hiding the excess).
    case = Case(filing_status="mfj")
    case.person("alex", compensation={2024: D(300000)}, magi={2024: D(235000)})
    case.person("sam", compensation={2024: D(0)}, magi={2024: D(235000)})
    case.account("77778888", "roth_ira", owner="sam")
    case.contribute("77778888", date(2024, 5, 1), 7000)
    [f] = run(RULE, case)
    assert (f.person, f.amount) == ("sam", D(3500))
