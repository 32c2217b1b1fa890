"""household.toml: good profiles read exactly; every broken profile gives its golden one-line error."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES

from rothaudit.audit.model import SourceRef
from rothaudit.errors import ProfileError
from rothaudit.household import (
    DEFAULT_PERSON,
    KeyLines,
    Person,
    default_household,
    load_household,
    parse_household,
)

PROFILES = FIXTURES / "profiles"
BROKEN = sorted((PROFILES / "broken").glob("*.toml"))


def test_full_couple_profile() -> None:
    hh = load_household(PROFILES / "good" / "couple_full.toml")
    assert hh.source == "couple_full.toml"
    assert hh.filing_status_for(2023) == "single" and hh.filing_status_for(2024) == "mfj"
    assert hh.filing_status_for(2025) is None
    assert hh.deadline_overrides == {2022: date(2023, 11, 16)}
    alex, jordan = hh.people["alex"], hh.people["jordan"]
    assert alex.magi == {2023: Decimal("410000"), 2024: Decimal("455000.50")}
    assert alex.compensation == {2024: Decimal("380000")}
    assert (alex.prior_basis.tax_year, alex.prior_basis.amount) == (2022, Decimal("0"))
    assert alex.age_at_year_end(2024) == 50 and jordan.age_at_year_end(2024) == 43
    assert {n: (a.owner, a.type) for n, a in hh.accounts.items()} == {
        "12345678": ("alex", "traditional_ira"),
        "87654321": ("alex", "roth_ira"),
        "Z0-1122": ("jordan", "sep_ira"),
    }
    first, second, third = hh.year_end_values
    assert first.value == Decimal("0.53") and str(first.value) == "0.53"  # never via float
    assert first.ref == SourceRef("couple_full.toml", 28)
    assert (second.person, second.type, second.value) == ("jordan", "sep_ira", Decimal("54000"))
    assert (third.type, third.value) == ("rollover_ira", Decimal("12500.25"))
    (decl,) = hh.contribution_years
    assert (decl.date, decl.amount, decl.tax_year) == (date(2024, 2, 3), Decimal(7000), 2023)
    assert decl.ref == SourceRef("couple_full.toml", 46)


def test_single_profile_without_people_uses_default_person() -> None:
    hh = load_household(PROFILES / "good" / "single_minimal.toml", display="household.toml")
    assert hh.source == "household.toml"
    assert hh.filing_status_for(2019) == "single"
    assert list(hh.people) == [DEFAULT_PERSON]
    assert hh.accounts["55550001"].owner == DEFAULT_PERSON


def test_empty_profile() -> None:
    hh = load_household(PROFILES / "good" / "empty.toml")
    assert list(hh.people) == [DEFAULT_PERSON] and hh.filing_status is None
    assert not (hh.accounts or hh.year_end_values or hh.contribution_years)


def test_default_household() -> None:
    hh = default_household()
    assert hh.source is None and hh.people == {DEFAULT_PERSON: Person(DEFAULT_PERSON)}
    assert hh.filing_status_for(2024) is None and hh.deadline_overrides == {}
    assert hh.people[DEFAULT_PERSON].age_at_year_end(2024) is None


@pytest.mark.parametrize("path", BROKEN, ids=[p.stem for p in BROKEN])
def test_broken_profile_golden_error(path: Path, golden) -> None:
    with pytest.raises(ProfileError) as err:
        load_household(path)
    message = str(err.value)
    assert "\n" not in message and message.startswith(f"{path.name}:")
    golden(path.with_suffix(".golden"), message + "\n")


def test_every_broken_profile_names_a_line() -> None:
    for path in BROKEN:
        with pytest.raises(ProfileError) as err:
            load_household(path)
        assert err.value.line is not None, path.name


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(ProfileError, match="cannot read"):
        load_household(tmp_path / "absent.toml")
    (tmp_path / "latin1.toml").write_bytes(b"# caf\xe9\n")
    with pytest.raises(ProfileError, match="not UTF-8"):
        load_household(tmp_path / "latin1.toml")


def test_float_amounts_are_exact_decimals() -> None:
    hh = parse_household("[people.a]\nmagi = { 2024 = 123456789012.34 }\n", "h.toml")
    assert hh.people["a"].magi[2024] == Decimal("123456789012.34")


@pytest.mark.parametrize("value", ["true", "inf", "nan", '"12.3.4"', '"-"', "[1]"])
def test_non_amounts_rejected(value: str) -> None:
    with pytest.raises(ProfileError, match=r"^h\.toml:2: people\.a\.magi\.2024"):
        parse_household(f"[people.a]\nmagi = {{ 2024 = {value} }}\n", "h.toml")


def test_key_lines_scanner() -> None:
    text = (
        "# comment\n"
        "[household]\n"
        "filing_status = 'mfj'\n"
        '[accounts."12.34"]  # quoted key with a dot\n'
        "type = 'roth_ira'\n"
        "[[year_end_values]]\n"
        "value = 1\n"
        "[[year_end_values]]\n"
        "people.sam.magi = 3\n"
    )
    lines = KeyLines(text)
    assert lines.line("household", "filing_status") == 3
    assert lines.line("accounts", "12.34", "type") == 5
    assert lines.line("accounts", "12.34", "owner") == 4  # absent key: its table's header
    assert lines.line("year_end_values", 0, "value") == 7
    assert lines.line("year_end_values", 1) == 8
    assert lines.line("year_end_values", 1, "people", "sam", "magi", "2024") == 9
    assert lines.line("nowhere") is None


def test_year_end_value_given_twice_on_one_line() -> None:
    text = (
        'year_end_values = [{ tax_year = 2024, account = "12345678", value = 1 },'
        ' { tax_year = 2024, account = "12345678", value = 2 }]\n'
        '[accounts."12345678"]\ntype = "traditional_ira"\n'
    )
    with pytest.raises(ProfileError, match=r"year_end_values\[2\]: .* already has a 2024 value"):
        parse_household(text, "h.toml")
