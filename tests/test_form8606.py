"""Form 8606 lines from hand-built reconciliations (tax-rules.md section 3, 3b, 3c)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from rothaudit.audit.form8606 import compute_forms
from rothaudit.audit.model import (
    FORM_LINES,
    Contribution,
    Conversion,
    Event,
    Reconciliation,
    SourceRef,
    YearEndValue,
)
from rothaudit.household import Household, Person, PriorBasis, default_household

F = "History.csv"
PART_I_REST = ("4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "15a", "15b", "15c")


def ev(
    line: int, kind: str, day: date, amount, account="T1", typ="traditional_ira", person="alex"
) -> Event:
    return Event(
        f"r{line}", SourceRef(F, line), person, account, typ, day, kind, D(amount), kind.upper()
    )


def contrib(
    line: int,
    day: date,
    amount,
    tax_year: int | None = None,
    treated="traditional",
    person="alex",
    rechar: tuple[Event, ...] = (),
) -> Contribution:
    year = tax_year or day.year
    account, typ = ("T1", "traditional_ira") if treated == "traditional" else ("R1", "roth_ira")
    return Contribution(
        ev(line, "contribution", day, amount, account, typ, person),
        year,
        "export",
        False,
        day.year > year,
        treated,
        D(amount),
        rechar,
    )


def conv(line: int, day: date, amount, person="alex") -> Conversion:
    out = ev(line, "conversion_out", day, -D(amount), person=person)
    into = ev(line + 1, "conversion_in", day, amount, "R1", "roth_ira", person)
    return Conversion(out, into, D(amount), day.year)


def yev(
    year: int,
    value,
    account="T1",
    typ="traditional_ira",
    person="alex",
    line=900,
    source="statement",
) -> YearEndValue:
    known = None if value is None else D(value)
    return YearEndValue(
        person,
        year,
        account,
        typ,
        known,
        source if known is not None else "missing",
        (SourceRef(F, line),) if known is not None else (),
    )


def recon(
    contributions=(),
    conversions=(),
    distributions=(),
    roth_distributions=(),
    year_end=(),
    prior_basis=None,
    people=("alex",),
) -> Reconciliation:
    values: dict[tuple[str, int], list[YearEndValue]] = {}
    for v in year_end:
        values.setdefault((v.person, v.tax_year), []).append(v)
    return Reconciliation(
        as_of=date(2026, 11, 28),
        people=list(people),
        accounts={},
        events=[],
        contributions=list(contributions),
        conversions=list(conversions),
        distributions=list(distributions),
        roth_distributions=list(roth_distributions),
        recharacterizations=[],
        rollovers=[],
        year_end_values=values,
        unclassified=[],
        duplicates=[],
        prior_basis=prior_basis or {},
    )


def lines(form, *keys: str) -> list:
    return [form.lines[k] for k in keys]


def test_seed_pro_rata_example() -> None:
    r = recon(
        contributions=[contrib(3, date(2024, 2, 1), 6000)],
        conversions=[conv(5, date(2024, 2, 5), 6000)],
        year_end=[yev(2024, 0), yev(2024, 54000, "SEP1", "sep_ira", line=901)],
    )
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert set(form.lines) == set(FORM_LINES) and form.required
    assert lines(form, "1", "2", "3", "4", "5") == [6000, 0, 6000, 0, 6000]
    assert lines(form, "6", "7", "8", "9") == [54000, 0, 6000, 60000]
    assert form.lines["10"] == D("0.10000") and str(form.lines["10"]) == "0.10000"
    assert lines(form, "11", "12", "13", "14") == [600, 0, 600, 5400]
    assert lines(form, "15a", "15b", "15c") == [0, 0, 0]
    assert lines(form, "16", "17", "18") == [6000, 600, 5400]
    assert lines(form, "19", "25c") == [None, None]
    assert form.sources["1"] == (SourceRef(F, 3),)
    assert form.sources["6"] == (SourceRef(F, 900), SourceRef(F, 901))
    assert form.sources["8"] == (SourceRef(F, 5), SourceRef(F, 6))
    assert form.sources["18"] == (
        SourceRef(F, 3),
        SourceRef(F, 5),
        SourceRef(F, 6),
        SourceRef(F, 900),
        SourceRef(F, 901),
    )
    for line in ("1", "3", "5", "6", "8", "9", "10", "11", "13", "14", "16", "17", "18"):
        assert form.sources[line], line
        assert form.citations[line][:2] == ("F8606-MeF", "I8606-2023")
    assert any("nondeductible" in n for n in form.notes)


def test_stray_53_cents_makes_line_6_one_dollar() -> None:
    r = recon(
        contributions=[contrib(3, date(2024, 1, 5), 7000)],
        conversions=[conv(5, date(2024, 1, 10), 7000)],
        year_end=[yev(2024, "0.53")],
    )
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert lines(form, "6", "9") == [1, 7001]
    assert form.lines["10"] == D("0.99986")  # 7,000 / 7,001 = 0.999857...
    assert lines(form, "11", "13", "14", "18") == [6999, 6999, 1, 1]


def test_dec_29_contribution_converted_jan_3() -> None:
    r = recon(
        contributions=[contrib(3, date(2024, 12, 29), 7000)],
        conversions=[conv(5, date(2025, 1, 3), 7000)],
        year_end=[yev(2025, 0)],
    )
    forms = compute_forms(r, default_household())
    first, second = forms[("alex", 2024)], forms[("alex", 2025)]
    assert first.required and lines(first, "1", "2", "3", "14") == [7000, 0, 7000, 7000]
    assert all(first.lines[k] is None for k in (*PART_I_REST, "16", "17", "18"))
    assert second.required
    assert lines(second, "1", "2", "3", "4", "6", "8", "9") == [0, 7000, 7000, 0, 0, 7000, 7000]
    assert lines(second, "10", "11", "14", "16", "17", "18") == [1, 7000, 0, 7000, 7000, 0]
    assert second.sources["2"] == (SourceRef(F, 3),)  # chained from the 2024 contribution


def test_section_3b_worked_example() -> None:
    r = recon(
        contributions=[
            contrib(3, date(2025, 2, 10), 7000, tax_year=2024),
            contrib(7, date(2025, 3, 1), 7000),
        ],
        conversions=[conv(4, date(2025, 2, 15), 7010), conv(8, date(2025, 3, 5), 7000)],
        year_end=[yev(2025, 0)],
    )
    forms = compute_forms(r, default_household())
    y24, y25 = forms[("alex", 2024)], forms[("alex", 2025)]
    assert lines(y24, "1", "2", "3", "14") == [7000, 0, 7000, 7000]
    assert y24.lines["4"] is None and y24.lines["16"] is None  # gate "no": no 2024 conversion
    assert lines(y25, "1", "2", "3", "4", "5") == [7000, 7000, 14000, 0, 14000]
    assert lines(y25, "6", "7", "8", "9") == [0, 0, 14010, 14010]
    assert y25.lines["10"] == D("0.99929")  # 14,000 / 14,010 = 0.999286
    assert lines(y25, "11", "13", "14") == [14000, 14000, 0]  # 14,010 x 0.99929 = 14,000.05
    assert lines(y25, "16", "17", "18") == [14010, 14000, 10]


def test_contribution_made_next_year_is_line_4() -> None:
    hh = Household(
        "household.toml",
        "single",
        {},
        {"alex": Person("alex", prior_basis=PriorBasis(2023, D(7000)))},
        {},
        (),
        (),
    )
    r = recon(
        contributions=[contrib(3, date(2025, 2, 10), 7000, tax_year=2024)],
        conversions=[conv(5, date(2024, 1, 15), 7000)],
        year_end=[yev(2024, 0)],
    )
    form = compute_forms(r, hh)[("alex", 2024)]
    assert lines(form, "1", "2", "3", "4", "5") == [7000, 7000, 14000, 7000, 7000]
    assert lines(form, "8", "9", "10", "11", "13", "14") == [7000, 7000, 1, 7000, 7000, 7000]
    assert lines(form, "16", "17", "18") == [7000, 7000, 0]
    assert form.sources["4"] == (SourceRef(F, 3),)
    assert "HOUSEHOLD" in form.citations["2"]


def test_basis_chains_across_three_years() -> None:
    r = recon(
        contributions=[
            contrib(3, date(2022, 3, 1), 6000),
            contrib(13, date(2023, 3, 1), 6500),
            contrib(23, date(2024, 3, 1), 7000),
        ],
        conversions=[conv(25, date(2024, 6, 1), 19700)],
        year_end=[yev(2024, 0)],
    )
    forms = compute_forms(r, default_household())
    y22, y23, y24 = (forms[("alex", y)] for y in (2022, 2023, 2024))
    assert lines(y22, "2", "3", "14") == [0, 6000, 6000]
    assert lines(y23, "1", "2", "3", "14") == [6500, 6000, 12500, 12500]
    assert lines(y24, "1", "2", "3", "8") == [7000, 12500, 19500, 19700]
    assert y24.lines["10"] == D("0.98985")  # 19,500 / 19,700 = 0.989848
    assert lines(y24, "11", "14", "18") == [19500, 0, 200]  # 19,700 x 0.98985 = 19,500.05
    assert y24.sources["2"] == (SourceRef(F, 3), SourceRef(F, 13))


def test_missing_year_end_value_leaves_dependent_lines_blank() -> None:
    r = recon(
        contributions=[contrib(3, date(2024, 2, 1), 7000), contrib(13, date(2025, 2, 1), 7000)],
        conversions=[conv(5, date(2024, 2, 5), 7000)],
        year_end=[yev(2024, 0), yev(2024, None, "IRA elsewhere")],
    )
    forms = compute_forms(r, default_household())
    form = forms[("alex", 2024)]
    assert form.required and lines(form, "3", "5", "8", "16") == [7000, 7000, 7000, 7000]
    for line in ("6", "9", "10", "11", "13", "14", "17", "18"):
        assert form.lines[line] is None, line
    assert any("line 6 unknown" in n and "IRA elsewhere" in n for n in form.notes)
    # Blank because unknown, told apart from blank because the form says to skip (none here).
    unknown = ("6", "9", "10", "11", "12", "13", "14", "15a", "15c", "17", "18")
    assert form.unknown_lines == unknown
    later = forms[("alex", 2025)]
    assert lines(later, "1", "2", "3", "14") == [7000, None, None, None]
    assert any("line 2 unknown" in n for n in later.notes)
    # 2025 has no conversion: lines 4-13 are skipped as the form directs, not unknown.
    assert later.unknown_lines == ("2", "3", "14")


def test_part_two_when_part_one_is_skipped() -> None:
    # No nondeductible contributions and no basis: only Part II (line 17 = line 2 would-be = 0).
    r = recon(conversions=[conv(5, date(2024, 5, 1), 5000)], year_end=[yev(2024, 0)])
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert form.required
    assert all(form.lines[k] is None for k in ("1", "2", "3", "14", *PART_I_REST))
    assert lines(form, "16", "17", "18") == [5000, 0, 5000]
    assert form.sources["16"] == form.sources["18"] == (SourceRef(F, 5), SourceRef(F, 6))
    assert form.unknown_lines == ()  # Part I is skipped as the form directs, nothing unknown


def test_distributions_with_and_without_basis() -> None:
    dist = ev(9, "distribution", date(2024, 8, 1), -2000)
    bare = compute_forms(
        recon(distributions=[dist], year_end=[yev(2024, 8000)]), default_household()
    )[("alex", 2024)]
    assert not bare.required and all(v is None for v in bare.lines.values())
    hh = Household(
        None, None, {}, {"alex": Person("alex", prior_basis=PriorBasis(2020, D(1000)))}, {}, (), ()
    )
    form = compute_forms(recon(distributions=[dist], year_end=[yev(2024, 8000)]), hh)
    form = form[("alex", 2024)]
    assert form.required and lines(form, "3", "6", "7", "9") == [1000, 8000, 2000, 10000]
    assert form.lines["10"] == D("0.10000")
    assert lines(form, "12", "13", "14", "15a", "15c") == [200, 200, 800, 1800, 1800]
    assert lines(form, "16", "17", "18") == [None, None, None]


def test_roth_only_year_needs_no_form() -> None:
    r = recon(contributions=[contrib(3, date(2024, 3, 1), 7000, treated="roth")])
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert not form.required and all(v is None for v in form.lines.values())


def test_whole_dollar_rounding_and_recharacterization_sources() -> None:
    rechar = ev(4, "recharacterization", date(2024, 5, 1), "6999.50")
    r = recon(contributions=[contrib(3, date(2024, 3, 1), "6999.50", rechar=(rechar,))])
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert lines(form, "1", "14") == [7000, 7000] and str(form.lines["1"]) == "7000"
    assert form.sources["1"] == (SourceRef(F, 3), SourceRef(F, 4))


def test_household_prior_basis_and_people_are_separate() -> None:
    hh = Household(
        None,
        "mfj",
        {},
        {
            "alex": Person("alex", prior_basis=PriorBasis(2024, D(5000))),
            "sam": Person("sam"),
        },
        {},
        (),
        (),
    )
    r = recon(
        contributions=[
            contrib(3, date(2024, 3, 1), 7000, person="sam"),
            contrib(13, date(2025, 3, 1), 7000),
        ],
        people=("alex", "sam"),
    )
    forms = compute_forms(r, hh)
    assert set(forms) == {("sam", 2024), ("alex", 2025)}
    assert forms[("sam", 2024)].lines["2"] == 0  # alex's basis is not sam's
    assert lines(forms[("alex", 2025)], "2", "3") == [5000, 12000]


def test_part_three_roth_distribution() -> None:
    r = recon(
        contributions=[contrib(3, date(2023, 3, 1), 6500, treated="roth")],
        conversions=[conv(5, date(2024, 2, 1), 7000)],
        roth_distributions=[ev(9, "distribution", date(2024, 9, 1), -9000, "R1", "roth_ira")],
        year_end=[yev(2024, 0)],
    )
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert form.required and form.lines["19"] == 9000
    # Fail closed: the basis lines need every Roth contribution and conversion since 1998.
    for line in ("20", "21", "22", "23", "24", "25a", "25b", "25c"):
        assert form.lines[line] is None, line
    assert form.unknown_lines == ("20", "21", "22", "23", "24", "25a", "25b", "25c")
    assert form.sources["19"] == (SourceRef(F, 9),)
    assert any("Part III" in n and "unknown-roth-basis" in n for n in form.notes)


def test_qualified_roth_distribution_needs_no_part_three() -> None:
    hh = Household(
        None, None, {}, {"alex": Person("alex", birth_date=date(1960, 1, 1))}, {}, (), ()
    )
    r = recon(
        contributions=[contrib(3, date(2018, 3, 1), 5500, treated="roth")],
        roth_distributions=[ev(9, "distribution", date(2024, 9, 1), -9000, "R1", "roth_ira")],
    )
    form = compute_forms(r, hh)[("alex", 2024)]
    assert not form.required and form.lines["19"] is None


def test_roth_to_traditional_recharacterized_after_dec_31_adds_to_line_6() -> None:
    # 2024: a 2023 backdoor converted in January; a direct Roth contribution made in March is
    # recharacterized in February 2025 (7,300 with earnings). I8606 line 6: the 2024 value is
    # taken as if the contribution had gone to the traditional IRA, so 7,300 joins the pool.
    legs = (
        ev(20, "recharacterization", date(2025, 2, 10), -7300, "R1", "roth_ira"),
        ev(21, "recharacterization", date(2025, 2, 10), 7300),
    )
    r = recon(
        contributions=[
            contrib(3, date(2024, 1, 10), 6500, tax_year=2023),
            contrib(10, date(2024, 3, 1), 7000, treated="traditional", rechar=legs),
        ],
        conversions=[conv(5, date(2024, 1, 15), 6500)],
        year_end=[yev(2024, 0)],
    )
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert lines(form, "1", "2", "3", "4", "5") == [7000, 6500, 13500, 0, 13500]
    assert lines(form, "6", "8", "9", "10") == [7300, 6500, 13800, D("0.97826")]
    assert lines(form, "11", "14", "18") == [6359, 7141, 141]
    assert SourceRef(F, 20) in form.sources["6"]
    assert any("recharacterized on 2025-02-10" in n for n in form.notes)


def test_traditional_to_roth_recharacterized_after_dec_31_leaves_line_6() -> None:
    legs = (
        ev(20, "recharacterization", date(2025, 2, 1), -7080),
        ev(21, "recharacterization", date(2025, 2, 1), 7080, "R1", "roth_ira"),
    )
    r = recon(
        contributions=[
            contrib(3, date(2024, 1, 10), 6500, tax_year=2023),
            contrib(10, date(2024, 11, 1), 7000, treated="roth", rechar=legs),
        ],
        conversions=[conv(5, date(2024, 1, 15), 6500)],
        year_end=[yev(2024, 7050)],  # the statement still holds the contribution
    )
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert lines(form, "1", "6", "9", "10", "18") == [0, 0, 6500, D("1.00000"), 0]


def test_recharacterized_in_the_same_year_needs_no_adjustment() -> None:
    legs = (
        ev(20, "recharacterization", date(2024, 5, 1), -7010, "R1", "roth_ira"),
        ev(21, "recharacterization", date(2024, 5, 1), 7010),
    )
    r = recon(
        contributions=[contrib(10, date(2024, 3, 1), 7000, rechar=legs)],
        conversions=[conv(5, date(2024, 5, 5), 7010)],
        year_end=[yev(2024, 0)],
    )
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert lines(form, "6", "8", "18") == [0, 7010, 10]


def test_outstanding_rollover_adds_to_line_6() -> None:
    out = ev(30, "distribution", date(2024, 12, 20), -20000, "T2")
    back = ev(31, "rollover_in", date(2025, 1, 10), 20000, "T3")
    r = recon(
        contributions=[contrib(3, date(2024, 2, 1), 7000)],
        conversions=[conv(5, date(2024, 2, 5), 7000)],
        year_end=[yev(2024, 0)],
    )
    r.ira_rollovers = [(out, back)]
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert lines(form, "6", "7", "9", "10", "11", "18") == [
        20000,
        0,
        27000,
        D("0.25926"),
        1815,
        5185,
    ]
    assert any("outstanding rollover" in n for n in form.notes)


def test_unpaired_incoming_conversion_leaves_line_8_and_basis_unknown() -> None:
    orphan = ev(40, "conversion_in", date(2024, 3, 12), 7000, "R1", "roth_ira")
    r = recon(
        contributions=[contrib(3, date(2024, 2, 1), 7000), contrib(13, date(2025, 2, 1), 7000)],
        year_end=[yev(2024, 0)],
    )
    r.unpaired_conversions = [orphan]
    forms = compute_forms(r, default_household())
    form = forms[("alex", 2024)]
    assert form.required and lines(form, "1", "3", "5", "6") == [7000, 7000, 7000, 0]
    for line in ("8", "9", "10", "11", "13", "14", "16", "17", "18"):
        assert form.lines[line] is None, line
    assert any("line 8 unknown" in n for n in form.notes)
    assert forms[("alex", 2025)].lines["2"] is None


def test_unpaired_conversion_without_basis_blanks_part_two_only() -> None:
    orphan = ev(40, "conversion_in", date(2024, 3, 12), 5000, "R1", "roth_ira")
    r = recon(year_end=[yev(2024, 0)])
    r.unpaired_conversions = [orphan]
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert form.required and lines(form, "16", "17", "18") == [None, 0, None]


def test_line_2_unknown_when_a_traditional_ira_held_money_before_the_exports() -> None:
    # No prior_basis, and the traditional IRA's first exported row sends money out: it held
    # money from before the exports -- possibly earlier nondeductible contributions. Line 2 is
    # unknown, not 0 (a 0 would make the whole conversion look taxable, or hide basis).
    c = conv(5, date(2024, 1, 10), 7000)
    r = recon(conversions=[c], year_end=[yev(2024, 0)])
    r.events = [c.out_event, c.in_event]
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert lines(form, "2", "3", "17", "18") == [None, None, None, None]
    assert form.lines["16"] == 7000 and form.basis_in is None and form.basis_out is None
    assert any("line 2 unknown" in n and "prior_basis" in n for n in form.notes)


def test_line_2_is_an_assumed_0_when_the_exports_start_with_the_first_contribution() -> None:
    a, c = contrib(3, date(2024, 2, 1), 7000), conv(5, date(2024, 2, 5), 7000)
    r = recon(contributions=[a], conversions=[c], year_end=[yev(2024, 0)])
    r.events = [a.event, c.out_event, c.in_event]
    form = compute_forms(r, default_household())[("alex", 2024)]
    assert lines(form, "2", "18") == [0, 0]
    assert any("line 2 = 0 assumed" in n for n in form.notes)


def test_same_day_rows_in_any_order_open_the_account() -> None:
    # Vanguard lists newest first: the buy of the day can come before its contribution.
    a, c = contrib(3, date(2024, 2, 1), 7000), conv(5, date(2024, 2, 5), 7000)
    buy = ev(2, "buy", date(2024, 2, 1), -7000)
    r = recon(contributions=[a], conversions=[c], year_end=[yev(2024, 0)])
    r.events = [buy, a.event, c.out_event, c.in_event]
    assert compute_forms(r, default_household())[("alex", 2024)].lines["2"] == 0
