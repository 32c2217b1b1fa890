"""reconcile() on hand-built canonical frames: typing, owners, tax years, pairing, FIFO
funding, recharacterizations, distributions, Dec 31 values."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from rothaudit import household, schema
from rothaudit.audit.model import SourceRef
from rothaudit.audit.reconcile import reconcile
from rothaudit.errors import InputError
from rothaudit.household import AccountDecl, ContributionYearDecl, Person, PriorBasis, YearEndDecl
from rothaudit.importing.pipeline import ImportBatch

AS_OF = date(2026, 3, 1)
D = Decimal


def Household(**fields: object) -> household.Household:
    """A household with these fields, defaults for the rest (one person, "owner")."""
    return replace(household.default_household(), **fields)


def tx(*rows: tuple, institution: str = "vanguard") -> pl.DataFrame:
    """Rows of (account, date, kind, amount[, extra dict]) as a validated transactions frame."""
    records = []
    for n, row in enumerate(rows, start=1):
        account, day, kind, amount, *rest = row
        extra = rest[0] if rest else {}
        records.append(
            {
                "row_id": f"abc#{n}",
                "source_file": extra.get("file", "x.csv"),
                "record": n,
                "importer": "test",
                "institution": extra.get("institution", institution),
                "source_line": n + 1,
                "account_number": account,
                "account_name": extra.get("name"),
                "trade_date": date.fromisoformat(day),
                "settlement_date": None,
                "kind": kind,
                "designated_tax_year": extra.get("year"),
                "amount": D(amount),
                "quantity": extra.get("qty"),
                "price": None,
                "symbol": extra.get("symbol"),
                "description": None,
                "action": extra.get("action", kind.upper()),
            }
        )
    return schema.Transactions.validate(pl.DataFrame(records, schema=schema.TRANSACTIONS_SCHEMA))


def bal(*rows: tuple) -> pl.DataFrame:
    """Rows of (account, date, value, origin[, level]) as a validated balances frame."""
    records = []
    for n, (account, day, value, origin, *level) in enumerate(rows, start=1):
        records.append(
            {
                "row_id": f"bal#{n}",
                "source_file": "b.csv",
                "record": n,
                "importer": "test",
                "institution": "fidelity",
                "source_line": n,
                "account_number": account,
                "account_name": None,
                "as_of": date.fromisoformat(day),
                "as_of_estimated": False,
                "level": level[0] if level else "account",
                "origin": origin,
                "symbol": None,
                "description": None,
                "quantity": None,
                "price": None,
                "value": D(value),
            }
        )
    return schema.Balances.validate(pl.DataFrame(records, schema=schema.BALANCES_SCHEMA))


def batch(
    transactions: pl.DataFrame,
    balances: pl.DataFrame | None = None,
    duplicates: pl.DataFrame | None = None,
) -> ImportBatch:
    return ImportBatch(
        transactions=transactions,
        balances=balances if balances is not None else schema.empty(schema.BALANCES_SCHEMA),
        rejections=schema.empty(schema.REJECTIONS_SCHEMA),
        duplicates=duplicates if duplicates is not None else schema.empty(schema.DUPLICATES_SCHEMA),
        inputs=[],
    )


BACKDOOR = (
    ("111111111", "2024-03-01", "contribution", "7000"),
    ("111111111", "2024-03-05", "conversion_out", "-7000"),
    ("222222222", "2024-03-06", "conversion_in", "7000"),
)


def test_types_from_flows_and_the_backdoor_pairs() -> None:
    recon = reconcile(batch(tx(*BACKDOOR)), Household(), AS_OF)
    trad, roth = recon.accounts["111111111"], recon.accounts["222222222"]
    assert (trad.type, trad.type_source, roth.type) == ("traditional_ira", "flows", "roth_ira")
    assert trad.evidence == (SourceRef("x.csv", 3),)
    [conv] = recon.conversions
    assert (conv.amount, conv.year, conv.in_event.ref) == (D(7000), 2024, SourceRef("x.csv", 4))
    assert [c.event.ref for c in conv.funded_by] == [SourceRef("x.csv", 2)]
    [c] = recon.contributions
    assert (c.tax_year, c.year_basis, c.in_window, c.treated_as) == (
        2024,
        "calendar",
        True,
        "traditional",
    )
    assert recon.years("owner") == [2024]


def test_household_type_wins_over_name_and_flows() -> None:
    hh = Household(accounts={"111111111": AccountDecl("111111111", "owner", "sep_ira")})
    rows = [(*BACKDOOR[0], {"name": "ROTH IRA", "institution": "fidelity"}), *BACKDOOR[1:]]
    recon = reconcile(batch(tx(*rows)), hh, AS_OF)
    assert (recon.accounts["111111111"].type, recon.accounts["111111111"].type_source) == (
        "sep_ira",
        "household",
    )


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ROTH IRA", "roth_ira"),
        ("Roth IRA", "roth_ira"),
        ("Traditional IRA", "traditional_ira"),
        ("IRA", "traditional_ira"),
        ("IRA Account", "traditional_ira"),
        ("Rollover IRA", "rollover_ira"),
        ("SEP-IRA", "sep_ira"),
        ("SEP IRA", "sep_ira"),
        ("SIMPLE IRA", "simple_ira"),
        ("Inherited IRA", "inherited_ira"),
        ("Beneficiary Roth IRA", "inherited_ira"),
        ("401K", "401k"),
        ("401(k)", "401k"),
        ("HSA", "hsa"),
        ("Health Savings Account", "hsa"),
        ("Individual - TOD", "taxable"),
        ("Brokerage", "taxable"),
        ("CMA", "taxable"),
        ("Joint WROS", "taxable"),
    ],
)
def test_fidelity_account_names(name: str, expected: str) -> None:
    rows = tx(("X1", "2024-01-05", "dividend", "1", {"name": name}), institution="fidelity")
    account = reconcile(batch(rows), Household(), AS_OF).accounts["X1"]
    assert (account.type, account.type_source) == (expected, "account_name")


def test_names_are_anchored_and_vanguard_names_are_not_read() -> None:
    rows = tx(
        ("X1", "2024-01-05", "contribution", "7000", {"name": "My ROTH IRA"}),
        institution="fidelity",
    )
    with pytest.raises(InputError, match=r"account \.\.\.X1.*cannot tell its type"):
        reconcile(batch(rows), Household(), AS_OF)


def test_unknown_retirement_account_stops_the_audit_naming_it() -> None:
    rows = tx(("12345678", "2024-01-05", "contribution", "7000", {"file": "OfxDownload.csv"}))
    with pytest.raises(InputError) as err:
        reconcile(batch(rows), Household(), AS_OF)
    assert str(err.value) == (
        "OfxDownload.csv: account ...5678: cannot tell its type; "
        "describe it in household.toml [accounts]"
    )


def test_plain_brokerage_account_is_taxable_with_a_note() -> None:
    recon = reconcile(batch(tx(("55555555", "2024-01-05", "buy", "-100"))), Household(), AS_OF)
    assert (recon.accounts["55555555"].type, recon.accounts["55555555"].type_source) == (
        "taxable",
        "flows",
    )
    [note] = [n for n in recon.notes if "...5555" in n.message and "taxable" in n.message]
    assert note.evidence == (SourceRef("x.csv", 2),) and note.accounts == ("55555555",)


def test_owner_must_be_known_with_two_people() -> None:
    hh = Household(people={"a": Person("a"), "b": Person("b")})
    with pytest.raises(InputError, match="cannot tell whose it is"):
        reconcile(batch(tx(*BACKDOOR)), hh, AS_OF)


def test_tax_year_export_then_household_then_calendar() -> None:
    rows = tx(
        ("111111111", "2024-02-03", "contribution", "7000", {"year": 2023}),
        ("111111111", "2024-02-04", "contribution", "500"),
        ("111111111", "2024-02-05", "contribution", "600"),
        ("111111111", "2024-06-01", "contribution", "100"),
        ("111111111", "2024-12-01", "conversion_out", "-1"),
    )
    ref = SourceRef("household.toml", 9)
    hh = Household(
        contribution_years=(ContributionYearDecl("111111111", date(2024, 2, 4), D(500), 2023, ref),)
    )
    got = [
        (c.tax_year, c.year_basis, c.in_window, c.made_after_year)
        for c in reconcile(batch(rows), hh, AS_OF).contributions
    ]
    assert got == [
        (2023, "export", True, True),
        (2023, "household", True, True),
        (2024, "calendar", True, False),
        (2024, "calendar", False, False),
    ]


def test_deadline_override_widens_the_window() -> None:
    rows = tx(
        ("111111111", "2023-10-01", "contribution", "6000"),
        ("111111111", "2023-10-02", "conversion_out", "-6000"),
    )
    plain = reconcile(batch(rows), Household(), AS_OF).contributions[0]
    late = reconcile(
        batch(rows), Household(deadline_overrides={2022: date(2023, 11, 16)}), AS_OF
    ).contributions[0]
    assert (plain.in_window, late.in_window) == (False, True)


def test_roth_contribution_recharacterized_to_traditional() -> None:
    rows = tx(
        ("222222222", "2024-02-01", "contribution", "7000"),
        ("222222222", "2024-05-01", "recharacterization", "-7012.34"),
        ("111111111", "2024-05-01", "recharacterization", "7012.34"),
        ("111111111", "2024-05-10", "conversion_out", "-7012.34"),
        ("222222222", "2024-05-11", "conversion_in", "7012.34"),
    )
    recon = reconcile(batch(rows), Household(), AS_OF)
    [c] = recon.contributions
    assert (c.treated_as, c.amount) == ("traditional", D(7000))
    assert [e.ref.line for e in c.recharacterized_by] == [3, 4]
    assert recon.recharacterizations == []
    assert recon.conversions[0].funded_by == (c,)


def test_recharacterized_conversion_stays_for_the_rule() -> None:
    rows = tx(
        ("111111111", "2024-02-01", "contribution", "7000"),
        ("111111111", "2024-02-05", "conversion_out", "-7000"),
        ("222222222", "2024-02-06", "conversion_in", "7000"),
        ("222222222", "2024-09-01", "recharacterization", "-20000"),
    )
    recon = reconcile(batch(rows), Household(), AS_OF)
    assert [e.ref.line for e in recon.recharacterizations] == [5]
    assert recon.contributions[0].treated_as == "traditional"


def test_fifo_funding_across_years() -> None:
    rows = tx(
        ("111111111", "2023-12-29", "contribution", "6500"),
        ("111111111", "2024-01-03", "conversion_out", "-6500"),
        ("111111111", "2024-03-01", "contribution", "7000"),
        ("111111111", "2024-03-04", "conversion_out", "-7000.53"),
    )
    recon = reconcile(batch(rows), Household(), AS_OF)
    first, second = recon.conversions
    assert [c.event.date for c in first.funded_by] == [date(2023, 12, 29)]
    assert [c.event.date for c in second.funded_by] == [date(2024, 3, 1)]
    assert first.in_event is None and recon.years("owner") == [2023, 2024]


def test_distributions_include_withholding_and_split_roth() -> None:
    hh = Household(
        accounts={
            "111111111": AccountDecl("111111111", "owner", "traditional_ira"),
            "222222222": AccountDecl("222222222", "owner", "roth_ira"),
            "333333333": AccountDecl("333333333", "owner", "inherited_ira"),
        }
    )
    rows = tx(
        ("111111111", "2024-06-01", "distribution", "-900"),
        ("111111111", "2024-06-01", "withholding", "-100"),
        ("222222222", "2024-07-01", "distribution", "-50"),
        ("333333333", "2024-07-01", "distribution", "-70"),
        ("111111111", "2024-08-01", "other", "-1", {"action": "MYSTERY 12345678"}),
        ("111111111", "2024-08-02", "rollover_in", "5"),
    )
    recon = reconcile(batch(rows), hh, AS_OF)
    assert -sum(e.amount for e in recon.distributions) == D(1000)
    assert [e.amount for e in recon.roth_distributions] == [D(-50)]
    assert [e.ref.line for e in recon.unclassified] == [6]
    assert [e.ref.line for e in recon.rollovers] == [7]
    [note] = [n for n in recon.notes if "inherited" in n.message]
    assert note.evidence and note.accounts == ("333333333",) and note.person == "owner"


def test_year_end_values_household_then_statement_then_derived_then_missing() -> None:
    hh = Household(
        accounts={
            "444444444": AccountDecl("444444444", "owner", "sep_ira"),
            "555555555": AccountDecl("555555555", "owner", "rollover_ira"),
        },
        year_end_values=(
            YearEndDecl(
                "owner", 2024, "111111111", None, D("0.53"), SourceRef("household.toml", 20)
            ),
            YearEndDecl(
                "owner",
                2024,
                "Schwab IRA",
                "traditional_ira",
                D(10),
                SourceRef("household.toml", 25),
            ),
        ),
    )
    rows = tx(
        *BACKDOOR,
        ("333333333", "2024-01-02", "contribution", "100"),
        ("333333333", "2024-12-02", "conversion_out", "-40"),
        ("333333333", "2024-12-05", "dividend", "2", {"symbol": "SPAXX"}),
        ("333333333", "2024-12-05", "reinvestment", "-2", {"symbol": "SPAXX"}),
        ("444444444", "2024-01-02", "buy", "-100"),
    )
    balances = bal(
        ("444444444", "2024-12-31", "54000", "statement_summary"),
        ("444444444", "2024-12-31", "1", "statement_position", "position"),
    )
    values = reconcile(batch(rows, balances), hh, AS_OF).year_end_values[("owner", 2024)]
    got = {v.account: (v.value, v.source) for v in values}
    assert got == {
        "111111111": (D("0.53"), "household"),
        "333333333": (D(62), "derived"),
        "444444444": (D(54000), "statement"),
        "555555555": (None, "missing"),
        "Schwab IRA": (D(10), "household"),
    }


def test_duplicates_and_prior_basis() -> None:
    dups = tx(BACKDOOR[0]).with_columns(
        pl.lit("abc#9").alias("duplicate_of"),
        pl.lit("a.csv").alias("duplicate_of_file"),
        pl.lit(7, pl.Int64).alias("duplicate_of_line"),
    )
    hh = Household(people={"owner": Person("owner", prior_basis=PriorBasis(2022, D(6000)))})
    recon = reconcile(batch(tx(*BACKDOOR), duplicates=dups), hh, AS_OF)
    assert recon.duplicates == [(SourceRef("x.csv", 2), SourceRef("a.csv", 7))]
    assert recon.prior_basis == {"owner": (2022, D(6000))}


def test_dec31_derived_only_when_every_security_was_sold() -> None:
    hh = Household(accounts={"246000111": AccountDecl("246000111", "owner", "rollover_ira")})
    rows = tx(
        *BACKDOOR[:2],
        ("246000111", "2024-08-15", "rollover_in", "58000"),
        ("246000111", "2024-08-19", "buy", "-58000", {"symbol": "FXAIX", "qty": D("289.826")}),
        ("246000111", "2025-05-19", "sell", "63413.58", {"symbol": "FXAIX", "qty": D("-289.826")}),
        ("246000111", "2025-05-20", "rollover_out", "-63413.58"),
        ("111111111", "2025-03-01", "contribution", "7000"),
        ("111111111", "2025-03-02", "conversion_out", "-7000"),
        ("111111111", "2023-03-01", "contribution", "6500"),
        ("111111111", "2023-03-02", "conversion_out", "-6500"),
    )
    recon = reconcile(batch(rows), hh, AS_OF)
    got = {
        y: [(v.value, v.source) for v in vs if v.account == "246000111"]
        for (_, y), vs in recon.year_end_values.items()
    }
    # 2023: before the account's first exported row (2024-08-15) -- unknown, not a guessed 0
    assert got == {2023: [(None, "missing")], 2024: [(None, "missing")], 2025: [(D(0), "derived")]}
    [before] = [v for v in recon.year_end_values[("owner", 2023)] if v.account == "246000111"]
    assert "start on 2024-08-15" in before.note and "[[year_end_values]]" in before.note


def test_dec31_not_derived_before_it_has_come() -> None:
    # Auditing as of 2025-11-15, the flows say nothing about Dec 31 2025: a projection is not a
    # value for line 6, so it stays missing until the December statement exists.
    rows = tx(*BACKDOOR[:2], ("111111111", "2025-03-01", "contribution", "7000"))
    recon = reconcile(batch(rows), Household(), date(2025, 11, 15))
    [v] = recon.year_end_values[("owner", 2024)]
    assert (v.value, v.source) == (D(0), "derived")  # 2024 is over: derived as before
    [v] = recon.year_end_values[("owner", 2025)]
    assert (v.value, v.source) == (None, "missing")
    assert "2025-12-31 has not come yet" in v.note and "December statement" in v.note


def test_rolled_back_distribution_is_a_rollover_not_line_7() -> None:
    rows = tx(
        *BACKDOOR,
        ("111111111", "2024-12-20", "distribution", "-20000"),
        ("333333333", "2025-01-10", "rollover_in", "20000"),
        ("111111111", "2024-06-01", "distribution", "-500"),
    )
    hh = Household(
        accounts={
            "111111111": AccountDecl("111111111", "owner", "traditional_ira"),
            "222222222": AccountDecl("222222222", "owner", "roth_ira"),
            "333333333": AccountDecl("333333333", "owner", "rollover_ira"),
        }
    )
    recon = reconcile(batch(rows), hh, AS_OF)
    assert [e.amount for e in recon.distributions] == [D(-500)]
    [(out, back)] = recon.ira_rollovers
    assert (out.date, back.date, back.amount) == (date(2024, 12, 20), date(2025, 1, 10), D(20000))


def test_incoming_conversion_without_outgoing_side_is_unpaired() -> None:
    rows = tx(
        *BACKDOOR,
        ("222222222", "2024-06-01", "conversion_in", "5000"),
        ("111111111", "2024-09-01", "conversion_out", "-4000"),
        ("222222222", "2024-09-02", "conversion_in", "3600"),  # 400 withheld
    )
    recon = reconcile(batch(rows), Household(), AS_OF)
    assert [e.amount for e in recon.unpaired_conversions] == [D(5000)]
    withheld = [c for c in recon.conversions if c.amount == D(4000)]
    assert withheld[0].in_event is not None and withheld[0].in_event.amount == D(3600)
    [note] = [n for n in recon.notes if "tax withheld" in n.message]
    assert note.evidence == tuple(sorted((withheld[0].out_event.ref, withheld[0].in_event.ref)))
    assert recon.years("owner") == [2024]


def test_sep_and_simple_money_is_not_a_regular_contribution() -> None:
    rows = tx(
        ("111111111", "2024-03-01", "contribution", "20000"),
        ("444444444", "2024-03-01", "contribution", "5000"),
        ("555555555", "2024-03-01", "contribution", "7000"),
    )
    hh = Household(
        accounts={
            "111111111": AccountDecl("111111111", "owner", "sep_ira"),
            "444444444": AccountDecl("444444444", "owner", "simple_ira"),
            "555555555": AccountDecl("555555555", "owner", "traditional_ira"),
        }
    )
    recon = reconcile(batch(rows), hh, AS_OF)
    assert [c.event.account for c in recon.contributions] == ["555555555"]
    notes = [n for n in recon.notes if "not a regular IRA contribution" in n.message]
    assert [(n.accounts, n.evidence, n.tax_year) for n in notes] == [
        (("111111111",), (SourceRef("x.csv", 2),), 2024),
        (("444444444",), (SourceRef("x.csv", 3),), 2024),
    ]


def _rollover_household() -> household.Household:
    return Household(
        accounts={
            "111111111": AccountDecl("111111111", "owner", "traditional_ira"),
            "222222222": AccountDecl("222222222", "owner", "roth_ira"),
            "333333333": AccountDecl("333333333", "owner", "rollover_ira"),
        }
    )


def test_rollover_of_the_gross_distribution_makes_up_the_withheld_tax() -> None:
    # $20,000 paid out as $18,000 plus $2,000 withheld; the full $20,000 rolled back within 60
    # days (the withheld part made up from other money): all of it is a rollover, none line 7.
    rows = tx(
        *BACKDOOR,
        ("111111111", "2024-12-20", "distribution", "-18000"),
        ("111111111", "2024-12-20", "withholding", "-2000"),
        ("333333333", "2025-01-10", "rollover_in", "20000"),
        ("111111111", "2024-06-01", "distribution", "-500"),
    )
    recon = reconcile(batch(rows), _rollover_household(), AS_OF)
    assert [e.amount for e in recon.distributions] == [D(-500)]
    [(out, back)] = recon.ira_rollovers
    assert (out.amount, back.amount) == (D(-18000), D(20000))


def test_rollover_of_the_net_payout_leaves_the_withholding_a_distribution() -> None:
    rows = tx(
        *BACKDOOR,
        ("111111111", "2024-12-20", "distribution", "-18000"),
        ("111111111", "2024-12-20", "withholding", "-2000"),
        ("333333333", "2025-01-10", "rollover_in", "18000"),
    )
    recon = reconcile(batch(rows), _rollover_household(), AS_OF)
    assert [(e.kind, e.amount) for e in recon.distributions] == [("withholding", D(-2000))]
    assert len(recon.ira_rollovers) == 1
