"""conversion-recharacterized: recharacterizing converted money, not allowed from 2018."""

from __future__ import annotations

import dataclasses
from datetime import date

from rules_support import ROTH, TRAD, Case, D, run

from rothaudit.rules.conversion_recharacterized import RULE


def _rechar(case: Case, day: date, amount: int) -> tuple:
    out = case.event(ROTH, day, "recharacterization", -amount)
    back = case.event(TRAD, day, "recharacterization", amount)
    case.recharacterizations.extend([out, back])
    return out, back


def test_recharacterized_conversion_is_one_finding_with_both_legs() -> None:
    case = Case()
    conv = case.convert(date(2024, 1, 10), 6000)
    out, back = _rechar(case, date(2024, 3, 1), 6000)
    [f] = run(RULE, case)
    assert (f.tax_year, f.amount, f.severity) == (2024, D(6000), "error")
    assert set(f.evidence) == {out.ref, back.ref, conv.out_event.ref}
    assert "undoing the 2024-01-10 conversion" in f.message and "I8606-2018" in f.citations


def test_a_2017_conversion_could_still_be_recharacterized() -> None:
    case = Case()
    case.convert(date(2017, 11, 1), 6000)
    _rechar(case, date(2018, 5, 1), 6000)
    assert run(RULE, case) == []


def test_recharacterized_contribution_is_allowed() -> None:
    case = Case()
    c = case.contribute(ROTH, date(2024, 2, 1), 7000)
    out, back = _rechar(case, date(2024, 4, 1), 7000)
    case.contributions[0] = dataclasses.replace(
        c, treated_as="traditional", recharacterized_by=(out, back)
    )
    assert run(RULE, case) == []


def test_without_the_conversion_in_the_exports_uses_the_recharacterization_year() -> None:
    case = Case()
    out = case.event(ROTH, date(2019, 3, 1), "recharacterization", -5000)
    case.recharacterizations.append(out)
    [f] = run(RULE, case)
    assert f.tax_year == 2019 and f.evidence == (out.ref,)
