"""unpaired-conversion: a Roth IRA's incoming conversion that no exported pre-tax IRA sent."""

from __future__ import annotations

from datetime import date

from rules_support import ROTH, Case, run

from rothaudit.rules.unpaired_conversion import RULE


def test_incoming_conversion_without_a_sender_is_an_error() -> None:
    case = Case()
    into = case.event(ROTH, date(2024, 3, 12), "conversion_in", 7000)
    case.unpaired_conversions.append(into)
    [f] = run(RULE, case)
    assert (f.tax_year, f.amount, f.accounts, f.severity) == (2024, into.amount, (ROTH,), "error")
    assert f.evidence == (into.ref,) and "line 8" in f.message
    assert "[[year_end_values]]" in f.action and "5a/5b" in f.action


def test_paired_conversions_are_clean() -> None:
    case = Case()
    case.convert(date(2024, 3, 12), 7000)
    assert run(RULE, case) == []
