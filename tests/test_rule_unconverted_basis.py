"""unconverted-basis: Form 8606 line 14 above zero."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, D, run

from rothaudit.rules.unconverted_basis import RULE


def test_basis_carried_forward() -> None:
    case = Case()
    case.contribute(TRAD, date(2024, 12, 29), 7000)
    case.convert(date(2025, 1, 3), 7000)
    case.form(2024, l1=7000, l3=7000, l14=7000)
    case.form(2025, l2=7000, l8=7000, l14=0)
    [f] = run(RULE, case)
    assert (f.tax_year, f.amount, f.severity) == (2024, D(7000), "info")
    assert "line 2 of the 2025 Form 8606" in f.message and "2025-01-03" in f.action


def test_unfinished_backdoor() -> None:
    case = Case()
    case.contribute(TRAD, date(2024, 3, 1), 7000)
    case.form(2024, l1=7000, l3=7000, l14=7000)
    [f] = run(RULE, case)
    assert "next Form 8606" in f.message and "convert the money" in f.action


def test_zero_basis_is_clean() -> None:
    case = Case()
    case.form(2024, l1=7000, l8=7000, l14=0)
    assert run(RULE, case) == []


def test_basis_left_by_pro_rata_says_why() -> None:
    case = Case()
    case.form(2024, l1=6000, l3=6000, l6=54000, l8=6000, l13=600, l14=5400, l18=5400)
    [f] = run(RULE, case)
    assert (
        f.amount == D(5400) and "$54,000.00 of pre-tax IRA money shared the 2024 pool" in f.action
    )


def test_basis_with_an_empty_pool_waits() -> None:
    case = Case()
    case.form(2025, l2=11061, l3=18061, l6=0, l8=7000, l13=7000, l14=11061, l18=0)
    [f] = run(RULE, case)
    assert "line 6 = $0.00" in f.action and "convert the money" not in f.action
