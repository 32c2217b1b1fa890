"""pro-rata: other pre-tax IRAs' Dec 31 value makes part of a conversion taxable."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, D, run

from rothaudit.rules.pro_rata import RULE

SEP = "99998888"


def _seed(as_of: date, sep_value: str = "54000", line18: str = "5400") -> Case:
    """The seed article: $6,000 nondeductible, $54,000 SEP IRA on Dec 31, $6,000 converted."""
    case = Case(as_of=as_of)
    case.account(SEP, "sep_ira")
    case.contribute(TRAD, date(2023, 1, 5), 6000)
    case.convert(date(2023, 1, 10), 6000)
    case.year_end(2023, TRAD, "0")
    case.year_end(2023, SEP, sep_value)
    case.form(
        2023,
        l1=6000,
        l5=6000,
        l6=sep_value,
        l8=6000,
        l9=60000,
        l10="0.100",
        l11=600,
        l16=6000,
        l17=600,
        l18=line18,
    )
    return case


def test_seed_example_after_year_end() -> None:
    [f] = run(RULE, _seed(date(2024, 3, 1)))
    assert (f.tax_year, f.amount, f.accounts, f.severity) == (2023, D(5400), (SEP,), "warning")
    assert "SEP IRA ...8888 $54,000.00" in f.message and "line 10 = 0.100" in f.message
    assert "$5,400.00 of the $6,000.00 converted in 2023 is taxable" in f.message
    assert "Dec 31 2023 has passed" in f.action and "employer plan" in f.action
    assert f.deadline is None


def test_before_year_end_suggests_rolling_into_an_employer_plan() -> None:
    [f] = run(RULE, _seed(date(2023, 12, 31)))
    assert f.action.startswith("Before 2023-12-31, roll the pre-tax IRA money (...8888)")
    assert "401(k)" in f.action and f.deadline == date(2023, 12, 31)


def test_no_other_pre_tax_money_is_clean() -> None:
    case = _seed(date(2024, 3, 1), sep_value="0", line18="0")
    assert run(RULE, case) == []


def test_money_left_only_in_the_converting_ira_is_stray_balance_not_pro_rata() -> None:
    case = Case(as_of=date(2025, 3, 1))
    case.convert(date(2024, 1, 5), 7000)
    case.year_end(2024, TRAD, "0.53")
    case.form(2024, l6=1, l8=7000, l10="0.99986", l16=7000, l17=6999, l18=1)
    assert run(RULE, case) == []


def test_no_taxable_part_no_finding() -> None:
    assert run(RULE, _seed(date(2024, 3, 1), line18="0")) == []
