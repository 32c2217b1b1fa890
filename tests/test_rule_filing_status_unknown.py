"""filing-status-unknown: a limit whose outcome depends on a filing status the household file
does not give. Both the IRA limit (the spousal rule, IRC 219(c)) and the Roth income limit
(the phase-out range) treat an unknown status the same way: what is an excess under every
status is reported by their own rules; what is an excess under some statuses only is this
error, naming the missing fact -- never a status guessed."""

from __future__ import annotations

from datetime import date

from rules_support import ROTH, TRAD, Case, D, run

from rothaudit.rules import over_contribution, roth_income_limit
from rothaudit.rules.filing_status_unknown import RULE

SAM_TRAD = "55556666"


def _couple(alex_comp, sam_comp, status=None) -> Case:
    case = Case(filing_status=status)
    case.person("alex", compensation={2024: D(alex_comp)})
    case.person("sam", compensation={2024: D(sam_comp)})
    case.account(SAM_TRAD, "traditional_ira", owner="sam")
    return case


def test_two_people_no_status_the_spousal_rule_decides_the_ira_limit() -> None:
    # Sam earned $3,000 and put in $7,000: an excess of $4,000 filing separately or single,
    # none on a joint return (alex's pay covers it). Neither a guess of 0 nor of $4,000.
    case = _couple(300000, 3000)
    c = case.contribute(SAM_TRAD, date(2024, 3, 1), 7000)
    assert run(over_contribution.RULE, case) == []
    [f] = run(RULE, case)
    assert (f.person, f.tax_year, f.amount, f.severity) == ("sam", 2024, D(4000), "error")
    assert f.evidence == (c.event.ref,) and f.accounts == (SAM_TRAD,)
    assert "filing status" in f.message and "spousal IRA limit" in f.message
    assert "filing_status" in f.action


def test_given_status_settles_the_ira_limit() -> None:
    for status, excess in (("mfj", None), ("single", D(4000))):
        case = _couple(300000, 3000, status)
        case.contribute(SAM_TRAD, date(2024, 3, 1), 7000)
        assert run(RULE, case) == []
        found = run(over_contribution.RULE, case)
        assert [f.amount for f in found] == ([] if excess is None else [excess])


def test_pay_above_the_limit_does_not_depend_on_the_status() -> None:
    case = _couple(300000, 100000)
    case.contribute(SAM_TRAD, date(2024, 3, 1), 7000)
    assert run(RULE, case) == [] and run(over_contribution.RULE, case) == []


def test_one_person_no_status_own_pay_below_the_contribution() -> None:
    # One person in the file may still file jointly with a spouse who has no IRA: the cap from
    # own pay is not certain either. Only the part above the dollar limit is certain.
    case = Case(filing_status=None)
    case.person("alex", compensation={2024: D(3000)})
    case.contribute(TRAD, date(2024, 3, 1), 7000)
    case.contribute(ROTH, date(2024, 4, 1), 1000)
    [over] = run(over_contribution.RULE, case)
    assert over.amount == D(1000)  # above the $7,000 dollar limit under every status
    [f] = run(RULE, case)
    assert f.amount == D(4000)  # $7,000 - $3,000: an excess unless on a joint return


def test_no_status_direct_roth_in_between_the_ranges() -> None:
    # MAGI $170,000 in 2024: nothing allowed single ($146k-$161k), all of it jointly.
    case = Case(filing_status=None)
    case.person("alex", magi={2024: D(170000)})
    c = case.contribute(ROTH, date(2024, 5, 1), 7000)
    assert run(roth_income_limit.RULE, case) == []
    [f] = run(RULE, case)
    assert (f.amount, f.evidence, f.accounts) == (D(7000), (c.event.ref,), (ROTH,))
    assert "Roth" in f.message and "phase-out" in f.message and "filing_status" in f.action


def test_no_status_magi_above_every_range_is_a_certain_excess() -> None:
    case = Case(filing_status=None)
    case.person("alex", magi={2024: D(300000)})
    case.contribute(ROTH, date(2024, 5, 1), 7000)
    assert run(RULE, case) == []
    [f] = run(roth_income_limit.RULE, case)
    assert f.amount == D(7000) and "under every filing status" in f.message


def test_no_status_no_magi_no_finding_here() -> None:
    case = Case(filing_status=None)
    case.contribute(ROTH, date(2024, 5, 1), 7000)
    assert run(RULE, case) == []
