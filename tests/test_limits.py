"""Contribution and Roth limits: the worked examples of tax-rules.md section 2 and the boundaries."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from rothaudit.limits import contribution_limit, roth_limit
from rothaudit.taxdata import figures


def roth(year: int, status: str, magi: int, age: int | None = 40, comp=None, trad: int = 0) -> D:
    comp = None if comp is None else D(comp)
    return roth_limit(figures(year), status, D(magi), age, comp, D(trad)).value


@pytest.mark.parametrize(
    ("year", "status", "magi", "expected"),
    [
        (2024, "single", 150_000, 5_140),  # 0.733 x 7,000 = 5,131 -> 5,140 (exact 5,133.33)
        (2026, "mfj", 250_000, 1_500),  # 0.2 x 7,500
        (2024, "single", 160_800, 200),  # 93.33 -> 100 -> $200 floor
        (2024, "mfs", 4_000, 4_200),  # MFS lived together: 0-10,000 range
        (2024, "single", 146_000, 7_000),  # MAGI == lower bound: full amount
        (2024, "single", 161_000, 0),  # MAGI == upper bound: nothing
        (2024, "single", 170_000, 0),
        (2024, "hoh", 150_000, 5_140),  # hoh uses the single range
        (2024, "mfs_lived_apart", 150_000, 5_140),
        (2024, "qss", 235_000, 3_500),  # qss uses the mfj range: 0.5 x 7,000
        (2019, "mfj", 198_000, 3_000),  # 0.5 x 6,000
    ],
)
def test_worked_examples(year: int, status: str, magi: int, expected: int) -> None:
    assert roth(year, status, magi) == D(expected)


def test_both_roundings_and_the_larger_wins() -> None:
    # 146,022: exact 0.998533 x 7,000 = 6,989.73 -> 6,990; 3 places 0.999 -> 6,993 -> 7,000
    assert roth(2024, "single", 146_022) == D(7_000)
    # 146,038: exact 0.997467 -> 6,982.27 -> 6,990; 3 places 0.997 -> 6,979 -> 6,980
    assert roth(2024, "single", 146_038) == D(6_990)


def test_traditional_contributions_reduce_room() -> None:
    assert roth(2024, "single", 100_000, trad=5_000) == D(2_000)
    assert roth(2024, "single", 150_000, trad=3_000) == D(4_000)  # room 4,000 < reduced 5,140
    assert roth(2024, "single", 150_000, trad=1_000) == D(5_140)  # reduction uses the full base
    assert roth(2024, "single", 100_000, trad=9_000) == D(0)


def test_catch_up_and_compensation_in_roth_limit() -> None:
    assert roth(2024, "single", 100_000, age=50) == D(8_000)
    assert roth(2026, "single", 100_000, age=55) == D(8_600)
    assert roth(2024, "single", 100_000, comp=2_500) == D(2_500)
    # in the phase-out the base is the compensation: 0.733 x 2,500 = 1,833.33 -> 1,840
    assert roth(2024, "single", 150_000, comp=2_500) == D(1_840)
    assert roth(2024, "single", 160_800, comp=0) == D(0)  # the $200 floor never beats no room


def test_contribution_limit() -> None:
    f = figures(2024)
    assert contribution_limit(f, 49, None).value == D(7_000)
    assert contribution_limit(f, 50, None).value == D(8_000)
    assert contribution_limit(f, None, None).value == D(7_000)  # unknown age: no catch-up
    assert contribution_limit(f, 60, D("4321.50")).value == D("4321.50")
    assert contribution_limit(f, 60, D(100_000)).value == D(8_000)
    assert contribution_limit(figures(2026), 50, None).value == D(8_600)


def test_citations() -> None:
    f = figures(2024)
    plain = contribution_limit(f, 40, None).citations
    assert plain == f.ira_limit.citations
    assert set(f.catch_up.citations) <= set(contribution_limit(f, 50, None).citations)
    assert "HOUSEHOLD" in contribution_limit(f, 40, D(1_000)).citations
    cites = roth_limit(f, "single", D(150_000), 40, None, D(0)).citations
    assert "IRS-ROTH-2024" in cites and "REG-1.408A" in cites
    assert len(cites) == len(set(cites))
