"""stray-balance: money left in the converting IRA after its last conversion of the year."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, D, run

from rothaudit.rules.stray_balance import RULE


def _case(as_of: date, dec31: str | None, interest: str | None = "0.53") -> Case:
    case = Case(as_of=as_of)
    case.contribute(TRAD, date(2024, 1, 2), 7000)
    case.convert(date(2024, 1, 5), 7000)
    if interest is not None:
        case.event(TRAD, date(2024, 1, 6), "interest", interest)
    case.year_end(2024, TRAD, dec31)
    case.form(2024, l6=1, l8=7000, l10="0.99986", l16=7000, l17=6999, l18=1)
    return case


def test_interest_after_converting_before_dec_31() -> None:
    case = _case(date(2024, 6, 1), "0.53")
    [f] = run(RULE, case)
    assert (f.tax_year, f.amount, f.accounts) == (2024, D("0.53"), (TRAD,))
    assert "held $0.53 on 2024-12-31" in f.message
    assert (
        "line 6 = $1.00, line 10 = 0.99986: $1.00 of the $7,000.00 converted is taxable"
        in f.message
    )
    assert "Convert the remaining $0.53" in f.action and "before 2024-12-31" in f.action
    assert f.deadline == date(2024, 12, 31)
    assert case.conversions[0].out_event.ref in f.evidence


def test_dec_31_itself_is_still_in_time() -> None:
    [f] = run(RULE, _case(date(2024, 12, 31), "0.53"))
    assert f.action.startswith("Convert the remaining")


def test_after_dec_31_explains_next_year() -> None:
    [f] = run(RULE, _case(date(2025, 3, 1), "0.53"))
    assert "2024 can no longer change" in f.action and "2025-12-31" in f.action


def test_zero_on_dec_31_is_clean() -> None:
    assert run(RULE, _case(date(2025, 3, 1), "0")) == []


def test_unknown_dec_31_uses_inflows_after_the_conversion() -> None:
    [f] = run(RULE, _case(date(2025, 3, 1), None))
    assert f.amount == D("0.53") and "value is unknown" in f.message


def test_unknown_dec_31_and_no_inflows_is_silent() -> None:
    assert run(RULE, _case(date(2025, 3, 1), None, interest=None)) == []


def test_other_pre_tax_iras_are_not_stray() -> None:
    case = _case(date(2025, 3, 1), "0", interest=None)
    case.account("99998888", "sep_ira")
    case.year_end(2024, "99998888", "54000")
    assert run(RULE, case) == []


def test_after_dec_31_a_later_conversion_from_the_account_is_named() -> None:
    case = _case(date(2026, 3, 1), "0.53")
    case.convert(date(2025, 1, 20), "7000.53")
    [f] = run(RULE, case)
    assert "A later conversion from ...2222 on 2025-01-20" in f.action
    assert "$0.00 on 2025-12-31" in f.action and f.deadline is None
