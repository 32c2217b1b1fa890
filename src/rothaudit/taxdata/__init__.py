"""Tax figures as data: yearly IRA figures, statutory constants and their citations.

The numbers live in the TOML files beside this module (figures.toml, constants.toml,
citations.toml) so a new year is a data change with its sources, not a code change. Amounts
are read as exact Decimals from strings; a year we hold no figures for is a TaxDataError,
never a projection or a silent carry-forward.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from rothaudit.errors import TaxDataError

if TYPE_CHECKING:
    from rothaudit.household import Household

T = TypeVar("T")

FILING_STATUSES: tuple[str, ...] = ("single", "mfj", "mfs", "mfs_lived_apart", "hoh", "qss")
# Which published phase-out range each filing status uses (tax-rules.md section 1a notes).
_PHASEOUT_RANGE = {
    "single": "single",
    "hoh": "single",
    "mfs_lived_apart": "single",
    "mfj": "mfj",
    "qss": "mfj",
    "mfs": "mfs",
}


@dataclass(frozen=True)
class Cited(Generic[T]):
    """A value and the citation ids that support it."""

    value: T
    citations: tuple[str, ...]


@dataclass(frozen=True)
class Citation:
    id: str
    title: str
    url: str  # "" when there is no public address (HOUSEHOLD, ROTHAUDIT-POLICY)


@dataclass(frozen=True)
class YearFigures:
    """The published IRA figures for one tax year."""

    tax_year: int
    ira_limit: Cited[Decimal]
    catch_up: Cited[Decimal]
    contribution_deadline: Cited[date]  # general deadline for contributions FOR tax_year
    extended_due_date: Cited[date]  # correction / recharacterization deadline
    phaseout_single: Cited[tuple[Decimal, Decimal]]  # also hoh, mfs_lived_apart
    phaseout_mfj: Cited[tuple[Decimal, Decimal]]  # also qss
    phaseout_mfs: Cited[tuple[Decimal, Decimal]]  # lived with spouse at any time: 0-10,000

    def roth_phaseout(self, filing_status: str) -> Cited[tuple[Decimal, Decimal]]:
        """(lower, upper) MAGI bounds; hoh and mfs_lived_apart -> single range; qss -> mfj."""
        if filing_status not in _PHASEOUT_RANGE:
            raise TaxDataError(f"unknown filing status {filing_status!r}")
        return getattr(self, f"phaseout_{_PHASEOUT_RANGE[filing_status]}")


@dataclass(frozen=True)
class Constants:
    catch_up_age: Cited[int]
    excise_rate: Cited[Decimal]
    roth_round_up_to: Cited[Decimal]
    roth_reduced_minimum: Cited[Decimal]
    ratio_min_places: Cited[int]
    no_conversion_rechar_from_year: Cited[int]
    uninvested_days: Cited[int]  # our policy, citation "ROTHAUDIT-POLICY"
    spousal_limit_status: Cited[str]  # IRC 219(c) applies on this filing status only


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tomllib.loads(text)


def _cited(entry: dict[str, Any], convert: Any) -> Cited[Any]:
    return Cited(convert(entry["value"]), tuple(entry["cite"]))


def _money(text: str) -> Decimal:
    if not isinstance(text, str):
        raise TaxDataError(f"amount {text!r} must be a string in the tax data")
    return Decimal(text)


def _bounds(pair: list[str]) -> tuple[Decimal, Decimal]:
    lower, upper = (_money(v) for v in pair)
    return lower, upper


def _date(value: date) -> date:
    return value


@cache
def figures(tax_year: int) -> YearFigures:
    """The figures for `tax_year`; TaxDataError when we hold none."""
    table = _load("figures.toml").get(str(tax_year))
    if table is None:
        raise TaxDataError(f"no tax figures for {tax_year}")
    return YearFigures(
        tax_year=tax_year,
        ira_limit=_cited(table["ira_limit"], _money),
        catch_up=_cited(table["catch_up"], _money),
        contribution_deadline=_cited(table["contribution_deadline"], _date),
        extended_due_date=_cited(table["extended_due_date"], _date),
        phaseout_single=_cited(table["roth_phaseout_single"], _bounds),
        phaseout_mfj=_cited(table["roth_phaseout_mfj"], _bounds),
        phaseout_mfs=_cited(table["roth_phaseout_mfs"], _bounds),
    )


def tax_years() -> tuple[int, ...]:
    """Every tax year we hold figures for, ascending."""
    return tuple(sorted(int(y) for y in _load("figures.toml")))


@cache
def constants() -> Constants:
    raw = _load("constants.toml")
    return Constants(
        catch_up_age=_cited(raw["catch_up_age"], int),
        excise_rate=_cited(raw["excise_rate"], _money),
        roth_round_up_to=_cited(raw["roth_round_up_to"], _money),
        roth_reduced_minimum=_cited(raw["roth_reduced_minimum"], _money),
        ratio_min_places=_cited(raw["ratio_min_places"], int),
        no_conversion_rechar_from_year=_cited(raw["no_conversion_rechar_from_year"], int),
        uninvested_days=_cited(raw["uninvested_days"], int),
        spousal_limit_status=_cited(raw["spousal_limit_status"], str),
    )


def citation(citation_id: str) -> Citation:
    """Title and URL of a citation id; TaxDataError for an id we do not hold."""
    entry = _load("citations.toml").get(citation_id)
    if entry is None:
        raise TaxDataError(f"unknown citation id {citation_id!r}")
    return Citation(citation_id, entry["title"], entry["url"])


def citation_ids() -> tuple[str, ...]:
    return tuple(_load("citations.toml"))


def contribution_deadline(tax_year: int, household: Household) -> Cited[date]:
    """The deadline for contributions FOR `tax_year`; a household override (disaster
    postponement, ME/MA Patriots' Day) wins over the general date."""
    override = household.deadline_overrides.get(tax_year)
    if override is not None:
        return Cited(override, ("HOUSEHOLD", "DISASTER"))
    return figures(tax_year).contribution_deadline
