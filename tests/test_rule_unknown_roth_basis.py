"""unknown-roth-basis: a nonqualified Roth distribution's Part III basis is not guessed."""

from __future__ import annotations

from datetime import date

from rules_support import ROTH, Case, run

from rothaudit.rules.unknown_roth_basis import RULE


def test_line_19_without_basis_is_an_error() -> None:
    case = Case()
    taken = case.event(ROTH, date(2024, 9, 1), "distribution", -9000)
    form = case.form(2024, l19=9000)
    form.sources["19"] = (taken.ref,)
    case_ctx = case.context()
    case_ctx.recon.roth_distributions.append(taken)
    [f] = list(RULE.check(case_ctx))
    assert (f.tax_year, f.amount, f.accounts, f.severity) == (2024, 9000, (ROTH,), "error")
    assert f.evidence == (taken.ref,) and "lines 20-25c are left blank" in f.message


def test_no_part_three_is_clean() -> None:
    case = Case()
    case.form(2024, l1=7000)
    assert run(RULE, case) == []
