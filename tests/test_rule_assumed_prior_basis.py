"""assumed-prior-basis: the first line 2 is 0 only because household.toml gives no prior_basis."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, D, run

from rothaudit.household import PriorBasis
from rothaudit.rules.assumed_prior_basis import RULE


def _case(prior: PriorBasis | None = None) -> Case:
    case = Case()
    case.person("alex", prior_basis=prior)
    case.contribute(TRAD, date(2024, 2, 1), 7000)
    case.convert(date(2024, 2, 5), 7000)
    case.form(2023, l19=100)  # a Roth-only year before: line 2 not used there
    form = case.form(2024, l1=7000, l2=0, l8=7000, l16=7000, l18=0)
    form.basis_in = D(0)
    return case


def test_first_form_using_line_2_without_prior_basis_is_flagged() -> None:
    [f] = run(RULE, _case())
    assert (f.person, f.tax_year, f.severity) == ("alex", 2024, "warning")
    assert "line 2" in f.message and "is 0 because" in f.message
    assert "prior-year Form 8606 line 14" in f.action and "tax_year = 2023" in f.action


def test_a_given_prior_basis_is_a_fact_not_an_assumption() -> None:
    assert run(RULE, _case(PriorBasis(2023, D(0)))) == []


def test_earlier_ira_money_is_unknown_prior_basis_not_this() -> None:
    case = _case()
    case.event(TRAD, date(2024, 1, 2), "conversion_out", -500)
    assert run(RULE, case) == []
