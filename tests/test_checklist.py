"""The report's checklist: facts the client must still supply, one sentence each."""

from __future__ import annotations

from datetime import date

from rules_support import TRAD, Case, D

from rothaudit.audit.report import checklist, limit_use


def _spouse_case(alex_comp) -> Case:
    case = Case(filing_status="mfj")
    case.person("alex", compensation={} if alex_comp is None else {2024: D(alex_comp)})
    case.person("sam", compensation={2024: D(0)})
    case.account("55556666", "traditional_ira", owner="sam")
    case.account(TRAD, "traditional_ira")
    case.contribute("55556666", date(2024, 3, 1), 7000)
    return case


def test_unknown_spouse_compensation_is_asked_for_when_it_decides_the_limit() -> None:
    case = _spouse_case(None)
    ctx = case.context()
    items = checklist(ctx.recon, ctx.household)
    assert any(
        i.startswith("sam: alex's 2024 compensation") and "-> [people.alex] compensation" in i
        for i in items
    ), items


def test_known_spouse_compensation_needs_no_checklist_item_and_sets_the_limit() -> None:
    ctx = _spouse_case(300000).context()
    assert not any("compensation" in i for i in checklist(ctx.recon, ctx.household))
    [use] = [u for u in limit_use(ctx.recon, ctx.household) if u.person == "sam"]
    assert use.limit == D(7000)


def test_no_prior_basis_asks_to_confirm_the_prior_year_line_14() -> None:
    from rothaudit.audit.form8606 import compute_forms

    case = Case()
    case.contribute(TRAD, date(2024, 2, 1), 7000)
    case.convert(date(2024, 2, 5), 7000)
    case.year_end(2024, TRAD, 0)
    ctx = case.context()
    forms = compute_forms(ctx.recon, ctx.household)
    items = checklist(ctx.recon, ctx.household, forms.values())
    assert (
        "alex: confirm prior-year Form 8606 line 14 (the last one filed before 2024; 0 if none "
        "was ever filed) -> [people.alex] prior_basis"
    ) in items


def test_unknown_filing_status_is_asked_for_when_the_spousal_rule_decides_the_limit() -> None:
    case = _spouse_case(300000)
    case.filing_status = None
    ctx = case.context()
    items = checklist(ctx.recon, ctx.household)
    assert any(
        i.startswith("sam: filing status for 2024") and i.endswith("-> filing_status")
        for i in items
    ), items
    case.filing_status = "mfj"
    ctx = case.context()
    assert not any("filing status" in i for i in checklist(ctx.recon, ctx.household))
