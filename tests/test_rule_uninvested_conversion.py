"""uninvested-conversion: no buy in the Roth IRA within 30 days of the conversion landing."""

from __future__ import annotations

from datetime import date

from rules_support import ROTH, Case, D, run

from rothaudit.rules.uninvested_conversion import RULE


def _case(as_of: date, buy: date | None) -> Case:
    case = Case(as_of=as_of)
    case.convert(date(2024, 1, 5), 7000)
    if buy is not None:
        case.event(ROTH, buy, "buy", -7000)
    return case


def test_never_invested() -> None:
    [f] = run(RULE, _case(date(2024, 3, 1), None))
    assert (f.tax_year, f.amount, f.accounts) == (2024, D(7000), (ROTH,))
    assert "no purchase within 30 days (by 2024-02-04)" in f.message
    assert "settlement fund" in f.message and "ROTHAUDIT-POLICY" in f.citations


def test_buy_on_the_last_day_of_the_window_is_clean() -> None:
    assert run(RULE, _case(date(2024, 3, 1), date(2024, 2, 4))) == []


def test_buy_a_day_late() -> None:
    [f] = run(RULE, _case(date(2024, 3, 1), date(2024, 2, 5)))
    assert "first purchase came on 2024-02-05" in f.message


def test_window_still_open() -> None:
    assert run(RULE, _case(date(2024, 2, 4), None)) == []


def test_unmatched_conversion_is_skipped() -> None:
    case = Case(as_of=date(2024, 6, 1))
    case.convert(date(2024, 1, 5), 7000, into=None)
    assert run(RULE, case) == []
