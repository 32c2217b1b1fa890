"""unclassified-transaction, duplicate-transaction and inferred-account-type."""

from __future__ import annotations

from datetime import date

from rules_support import ROTH, TRAD, Case, D, run

from rothaudit.audit.model import SourceRef
from rothaudit.rules import duplicate_transaction, inferred_account_type, unclassified_transaction


def test_unclassified_row() -> None:
    case = Case()
    e = case.event(TRAD, date(2024, 3, 2), "other", "-12.34", action="JOURNALED XYZ")
    case.unclassified.append(e)
    [f] = run(unclassified_transaction.RULE, case)
    assert (f.tax_year, f.amount, f.evidence) == (2024, D("-12.34"), (e.ref,))
    assert "'JOURNALED XYZ'" in f.message
    assert run(unclassified_transaction.RULE, Case()) == []


def test_duplicates_one_finding_per_file_pair() -> None:
    case = Case()
    a = case.event(TRAD, date(2024, 3, 1), "contribution", 7000)
    b = case.event(TRAD, date(2024, 4, 1), "interest", "1.00")
    dups = [(SourceRef("later.csv", 5), a.ref), (SourceRef("later.csv", 6), b.ref)]
    case.duplicates.extend(dups)
    case.duplicates.append((SourceRef("other.csv", 3), a.ref))
    first, second = run(duplicate_transaction.RULE, case)
    assert first.message.startswith("2 rows of later.csv repeat rows of export.csv")
    assert set(first.evidence) == {
        a.ref,
        b.ref,
        SourceRef("later.csv", 5),
        SourceRef("later.csv", 6),
    }
    assert (first.person, first.tax_year, first.accounts) == ("alex", 2024, (TRAD,))
    assert second.message.startswith("1 row of other.csv")
    assert run(duplicate_transaction.RULE, Case()) == []


def test_inferred_types_only() -> None:
    case = Case()
    ev = (SourceRef("export.csv", 4),)
    case.account(TRAD, "traditional_ira", type_source="flows", evidence=ev)
    case.account(
        "77778888",
        "roth_ira",
        type_source="account_name",
        name="ROTH IRA",
        institution="Fidelity",
        evidence=(SourceRef("f.csv", 2),),
    )
    case.account(ROTH, "roth_ira")
    flows, named = run(inferred_account_type.RULE, case)
    assert flows.accounts == (TRAD,) and flows.evidence == ev and flows.tax_year is None
    assert "traditional IRA from its transactions" in flows.message
    assert "at Fidelity" in named.message and "'ROTH IRA'" in named.message
