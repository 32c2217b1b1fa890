"""Data health of the tax figures: schema, no gaps, citations resolve, values match tax-rules.md."""

from __future__ import annotations

import tomllib
from datetime import date
from decimal import Decimal
from importlib import resources
from types import SimpleNamespace

import pytest

from rothaudit import taxdata
from rothaudit.errors import TaxDataError
from rothaudit.taxdata import FILING_STATUSES, citation, constants, contribution_deadline, figures

# tax-rules.md section 1e, typed in by hand as the second source (the data files are the first):
# year: (ira_limit, catch_up, single lo, hi, mfj lo, hi, mfs lo, hi, deadline, extended due date)
TABLE_1E = {
    2018: (5500, 1000, 120000, 135000, 189000, 199000, 0, 10000, "2019-04-15", "2019-10-15"),
    2019: (6000, 1000, 122000, 137000, 193000, 203000, 0, 10000, "2020-07-15", "2020-10-15"),
    2020: (6000, 1000, 124000, 139000, 196000, 206000, 0, 10000, "2021-05-17", "2021-10-15"),
    2021: (6000, 1000, 125000, 140000, 198000, 208000, 0, 10000, "2022-04-18", "2022-10-17"),
    2022: (6000, 1000, 129000, 144000, 204000, 214000, 0, 10000, "2023-04-18", "2023-10-16"),
    2023: (6500, 1000, 138000, 153000, 218000, 228000, 0, 10000, "2024-04-15", "2024-10-15"),
    2024: (7000, 1000, 146000, 161000, 230000, 240000, 0, 10000, "2025-04-15", "2025-10-15"),
    2025: (7000, 1000, 150000, 165000, 236000, 246000, 0, 10000, "2026-04-15", "2026-10-15"),
    2026: (7500, 1100, 153000, 168000, 242000, 252000, 0, 10000, "2027-04-15", "2027-10-15"),
}
YEAR_KEYS = {
    "ira_limit",
    "catch_up",
    "roth_phaseout_single",
    "roth_phaseout_mfj",
    "roth_phaseout_mfs",
    "contribution_deadline",
    "extended_due_date",
}
NO_URL = {"HOUSEHOLD", "ROTHAUDIT-POLICY", "2NDARY"}


def _raw(name: str) -> dict:
    text = resources.files(taxdata).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _all_cited() -> list[taxdata.Cited]:
    out = []
    for year in taxdata.tax_years():
        f = figures(year)
        out += [f.ira_limit, f.catch_up, f.contribution_deadline, f.extended_due_date]
        out += [f.phaseout_single, f.phaseout_mfj, f.phaseout_mfs]
    c = constants()
    out += [getattr(c, name) for name in c.__dataclass_fields__]
    return out


def test_years_2018_to_2026_without_gaps() -> None:
    years = taxdata.tax_years()
    assert years[0] <= 2018 and years[-1] >= 2026
    assert list(years) == list(range(years[0], years[-1] + 1))


def test_every_year_table_has_exactly_the_schema() -> None:
    for key, table in _raw("figures.toml").items():
        assert key.isdigit(), key
        assert set(table) == YEAR_KEYS, key
        for name, entry in table.items():
            assert set(entry) == {"value", "cite"}, (key, name)
            if name.startswith(("ira_", "catch_")):
                assert isinstance(entry["value"], str), (key, name)  # amounts as strings
            if name.startswith("roth_"):
                assert len(entry["value"]) == 2 and all(isinstance(v, str) for v in entry["value"])
            if name.endswith(("deadline", "due_date")):
                assert type(entry["value"]) is date, (key, name)


def test_every_value_has_a_citation_that_resolves() -> None:
    for cited in _all_cited():
        assert cited.citations, cited
        for cid in cited.citations:
            assert citation(cid).title


def test_citations_file_schema() -> None:
    raw = _raw("citations.toml")
    for cid, entry in raw.items():
        assert set(entry) == {"title", "url"}, cid
        assert entry["title"].strip(), cid
        if cid in NO_URL:
            assert entry["url"] == "", cid
        else:
            assert entry["url"].startswith("https://"), cid
    assert {"HOUSEHOLD", "ROTHAUDIT-POLICY", "F8606-MeF", "I8606-2023", "IRC-4973"} <= set(raw)


@pytest.mark.parametrize("year", sorted(TABLE_1E))
def test_figures_match_table_1e(year: int) -> None:
    limit, catch, s_lo, s_hi, j_lo, j_hi, m_lo, m_hi, deadline, extended = TABLE_1E[year]
    f = figures(year)
    assert f.tax_year == year
    assert f.ira_limit.value == Decimal(limit) and f.catch_up.value == Decimal(catch)
    assert f.roth_phaseout("single").value == (Decimal(s_lo), Decimal(s_hi))
    assert f.roth_phaseout("mfj").value == (Decimal(j_lo), Decimal(j_hi))
    assert f.roth_phaseout("mfs").value == (Decimal(m_lo), Decimal(m_hi))
    assert f.contribution_deadline.value == date.fromisoformat(deadline)
    assert f.extended_due_date.value == date.fromisoformat(extended)


def test_2026_follows_d2_release_not_cola_page() -> None:
    f = figures(2026)
    assert (f.ira_limit.value, f.catch_up.value) == (Decimal("7500"), Decimal("1100"))
    assert "IR-2025-111" in f.ira_limit.citations and "IRS-COLA" not in f.ira_limit.citations


def test_covid_postponements() -> None:
    assert figures(2019).contribution_deadline.value == date(2020, 7, 15)
    assert figures(2020).contribution_deadline.value == date(2021, 5, 17)
    assert figures(2019).extended_due_date.value == date(2020, 10, 15)


def test_filing_status_mapping() -> None:
    f = figures(2024)
    assert set(FILING_STATUSES) == {"single", "mfj", "mfs", "mfs_lived_apart", "hoh", "qss"}
    assert f.roth_phaseout("hoh") == f.roth_phaseout("mfs_lived_apart") == f.roth_phaseout("single")
    assert f.roth_phaseout("qss") == f.roth_phaseout("mfj")
    with pytest.raises(TaxDataError, match="filing status"):
        f.roth_phaseout("married")


def test_unknown_year_and_citation_are_tax_data_errors() -> None:
    with pytest.raises(TaxDataError, match="no tax figures for 2031"):
        figures(2031)
    with pytest.raises(TaxDataError, match="unknown citation id"):
        citation("NOPE-1")


def test_constants() -> None:
    c = constants()
    assert c.catch_up_age.value == 50 and c.excise_rate.value == Decimal("0.06")
    assert (c.roth_round_up_to.value, c.roth_reduced_minimum.value) == (10, 200)
    assert (c.ratio_min_places.value, c.no_conversion_rechar_from_year.value) == (3, 2018)
    assert c.uninvested_days.citations == ("ROTHAUDIT-POLICY",)


def test_household_deadline_override_wins() -> None:
    hh = SimpleNamespace(deadline_overrides={2022: date(2023, 11, 16)})
    got = contribution_deadline(2022, hh)  # type: ignore[arg-type]
    assert got.value == date(2023, 11, 16) and "HOUSEHOLD" in got.citations
    assert contribution_deadline(2023, hh).value == date(2024, 4, 15)  # type: ignore[arg-type]
