"""unknown-prior-basis: a pre-tax IRA held money before the exports, no prior_basis given."""

from __future__ import annotations

from datetime import date

from rules_support import ROTH, TRAD, Case, D, run

from rothaudit.household import PriorBasis
from rothaudit.rules.unknown_prior_basis import RULE


def _case(prior: PriorBasis | None = None) -> Case:
    case = Case()
    case.person("alex", prior_basis=prior)
    conv = case.convert(date(2024, 1, 10), 7000)  # the exports begin with money going out
    case.form(2024, l1=0, l8=7000, l16=7000)
    case.first = conv.out_event  # type: ignore[attr-defined]
    return case


def test_money_before_the_exports_makes_line_2_unknown() -> None:
    case = _case()
    [f] = run(RULE, case)
    assert (f.person, f.tax_year, f.severity, f.accounts) == ("alex", 2024, "error", (TRAD,))
    assert f.evidence == (case.first.ref,)  # type: ignore[attr-defined]
    assert "line 2" in f.message and "unknown" in f.message
    assert "prior_basis = { tax_year = 2023" in f.action


def test_prior_basis_given_settles_it() -> None:
    assert run(RULE, _case(PriorBasis(2023, D(7000)))) == []


def test_exports_that_open_with_a_contribution_show_no_earlier_money() -> None:
    case = Case()
    case.contribute(TRAD, date(2024, 2, 1), 7000)
    case.convert(date(2024, 2, 5), 7000)
    case.form(2024, l1=7000, l2=0, l8=7000, l16=7000)
    assert run(RULE, case) == []


def test_rollover_sep_and_simple_iras_can_hold_money_from_before_the_exports_too() -> None:
    """Line 6 pools every pre-tax IRA, so money in any of them before the exports (a rollover
    IRA can hold after-tax basis rolled in) makes the first line 2 just as unknown."""
    for kind in ("rollover_ira", "sep_ira", "simple_ira"):
        case = Case()
        case.account("55556666", kind)
        first = case.convert(date(2024, 1, 10), 7000, out="55556666").out_event
        case.form(2024, l1=0, l8=7000, l16=7000)
        [f] = run(RULE, case)
        assert f.accounts == ("55556666",) and f.evidence == (first.ref,), kind


def test_a_roth_ira_that_held_money_before_the_exports_is_not_pre_tax_basis() -> None:
    case = Case()
    case.contribute(TRAD, date(2024, 2, 1), 7000)
    case.event(ROTH, date(2024, 1, 5), "dividend", 12)
    case.convert(date(2024, 2, 5), 7000)
    case.form(2024, l1=7000, l2=0, l8=7000, l16=7000)
    assert run(RULE, case) == []
