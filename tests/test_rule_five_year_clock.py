"""five-year-clock: each conversion's own period, Jan 1 of its year plus five."""

from __future__ import annotations

from datetime import date

from rules_support import Case, D, run

from rothaudit.rules.five_year_clock import RULE


def test_each_conversion_gets_its_date() -> None:
    case = Case()
    case.convert(date(2024, 1, 5), 7000)
    case.convert(date(2024, 12, 30), 7000)
    case.form(2024, l16=14000, l18=12)
    first, second = run(RULE, case)
    assert (first.tax_year, first.amount, first.severity) == (2024, D(7000), "info")
    assert "ends 2028-12-31" in first.message and "ends 2028-12-31" in second.message
    assert (
        "taxable part of 2024's conversions is $12.00" in first.message
        and "before 2029-01-01" in first.action
    )


def test_59_and_a_half_before_the_clock_ends() -> None:
    case = Case()
    case.person("alex", birth_date=date(1966, 8, 31))
    case.convert(date(2024, 1, 5), 7000)
    [f] = run(RULE, case)
    assert "reaches 59 1/2 on 2026-02-28" in f.message


def test_no_conversions_no_findings() -> None:
    assert run(RULE, Case()) == []
