"""The auditor's records: what reconciliation produces, what rules and Form 8606 consume, and the
report every writer renders. Plain frozen dataclasses with Decimal money; no polars here.

Data flows one way: canonical frames + household -> `Reconciliation` -> `Form8606` per
person-year -> `Finding`s -> `Report` -> writers. Nothing downstream recomputes tax logic.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal

AccountType = Literal[
    "traditional_ira",
    "roth_ira",
    "sep_ira",
    "simple_ira",
    "rollover_ira",
    "inherited_ira",
    "401k",
    "403b",
    "457b",
    "taxable",
    "hsa",
    "other",
]
ACCOUNT_TYPES: tuple[str, ...] = AccountType.__args__  # type: ignore[attr-defined]

# Form 8606 line 6 pool: traditional, SEP, SIMPLE and rollover IRAs; never Roth, inherited or plans.
PRE_TAX_IRA_TYPES = frozenset({"traditional_ira", "sep_ira", "simple_ira", "rollover_ira"})
ROTH_IRA_TYPES = frozenset({"roth_ira"})
IRA_TYPES = PRE_TAX_IRA_TYPES | ROTH_IRA_TYPES
# Accounts whose contributions are regular IRA contributions (the IRA limit, Form 8606 line 1).
# Money into a SEP or SIMPLE IRA is an employer or salary-deferral contribution with its own
# limits; it is neither nondeductible basis nor part of the IRA limit.
REGULAR_IRA_TYPES = frozenset({"traditional_ira", "rollover_ira"}) | ROTH_IRA_TYPES
RETIREMENT_TYPES = IRA_TYPES | {"inherited_ira", "401k", "403b", "457b"}

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
TypeSource = Literal["household", "account_name", "flows"]
YearBasis = Literal["export", "household", "calendar"]
ValueSource = Literal["household", "statement", "ofx_position", "holdings", "derived", "missing"]


@dataclass(frozen=True, order=True)
class SourceRef:
    """A row of an input file: what every finding and form line points at."""

    file: str
    line: int


@dataclass(frozen=True)
class Account:
    number: str  # as the export shows it; writers mask it
    owner: str  # a person key
    type: AccountType
    type_source: TypeSource
    institution: str | None = None
    name: str | None = None  # account name as exported (Fidelity), if any
    evidence: tuple[SourceRef, ...] = ()  # rows an inferred type came from


@dataclass(frozen=True)
class Event:
    """One imported transaction in an account of a known owner and type."""

    row_id: str
    ref: SourceRef
    person: str
    account: str
    account_type: AccountType
    date: date  # trade date, local as the file states it
    kind: str  # rothaudit.kinds.KINDS
    amount: Decimal  # signed as exported: money into the account positive
    action: str  # raw export text (may contain account numbers: writers mask)
    symbol: str | None = None


@dataclass(frozen=True)
class Contribution:
    """A regular IRA contribution and the tax year it is for."""

    event: Event
    tax_year: int  # the year it is FOR
    year_basis: YearBasis  # where tax_year came from; "calendar" = nobody said
    in_window: bool  # made Jan 1..deadline of the prior year: could be for either year
    made_after_year: bool  # made in tax_year + 1 (Form 8606 line 4)
    treated_as: Literal["traditional", "roth"]  # after any recharacterization
    amount: Decimal  # positive
    recharacterized_by: tuple[Event, ...] = ()


@dataclass(frozen=True)
class Conversion:
    """Money moved from a pre-tax IRA to a Roth IRA, reported in the calendar year it happens."""

    out_event: Event  # conversion_out in the pre-tax account
    in_event: Event | None  # the matching conversion_in in the Roth account, when found
    amount: Decimal  # positive: what left the pre-tax IRA (Form 8606 line 8 / 16)
    year: int
    funded_by: tuple[Contribution, ...] = ()  # contributions this conversion moved


@dataclass(frozen=True)
class YearEndValue:
    """A Dec 31 value Form 8606 line 6 needs, and where it came from."""

    person: str
    tax_year: int
    account: str  # number, or free text for an IRA outside the exports
    account_type: AccountType
    value: Decimal | None  # None: unknown (missing-year-end-value)
    source: ValueSource
    evidence: tuple[SourceRef, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ReconNote:
    """Something reconciliation decided that the reader must see though no rule flags it: rows
    left out of Form 8606 and why, a pairing taken on a difference. The reconciliation-note
    rule turns each into an info finding, so it reaches every report with its rows."""

    message: str
    action: str
    evidence: tuple[SourceRef, ...]
    person: str | None = None
    accounts: tuple[str, ...] = ()
    tax_year: int | None = None


@dataclass
class Reconciliation:
    """Everything per person the rules and the form need, reconciled across files and years."""

    as_of: date
    people: list[str]
    accounts: dict[str, Account]
    events: list[Event]  # every row in an account with an owner, in date order
    contributions: list[Contribution]
    conversions: list[Conversion]
    distributions: list[Event]  # from pre-tax IRAs, not conversions or rollovers
    roth_distributions: list[Event]
    recharacterizations: list[Event]
    rollovers: list[Event]
    year_end_values: dict[tuple[str, int], list[YearEndValue]]  # (person, year): pre-tax IRAs
    unclassified: list[Event]  # kind "other" in retirement accounts
    duplicates: list[tuple[SourceRef, SourceRef]]  # (duplicate row, the row it repeats)
    prior_basis: dict[str, tuple[int, Decimal]]  # person -> (tax year, Form 8606 line 14)
    notes: list[ReconNote] = field(default_factory=list)
    # (out of a pre-tax IRA, back into one within 60 days): rollovers, not distributions;
    # straddling Dec 31 they are outstanding rollovers (Form 8606 line 6).
    ira_rollovers: list[tuple[Event, Event]] = field(default_factory=list)
    # Roth sides of conversions (conversion_in) with no outgoing side in the exports: the
    # amount that left the pre-tax IRA (Form 8606 line 8) is unknown.
    unpaired_conversions: list[Event] = field(default_factory=list)

    def years(self, person: str) -> list[int]:
        """Years with a contribution for them, a conversion or a distribution in them."""
        ys = {c.tax_year for c in self.contributions if c.event.person == person}
        ys |= {c.year for c in self.conversions if c.out_event.person == person}
        ys |= {e.date.year for e in self.unpaired_conversions if e.person == person}
        ys |= {
            e.date.year for e in self.distributions + self.roth_distributions if e.person == person
        }
        return sorted(ys)


@dataclass(frozen=True)
class Finding:
    """A frozen record of one problem; its message is rendered from its fields, never parsed back."""

    code: str
    name: str
    severity: Severity
    person: str | None
    tax_year: int | None
    accounts: tuple[str, ...]  # unmasked numbers; writers mask
    amount: Decimal | None
    message: str
    action: str
    evidence: tuple[SourceRef, ...]
    citations: tuple[str, ...]  # citation ids resolved by rothaudit.taxdata.citation()
    deadline: date | None = None

    def sort_key(self) -> tuple:
        return (
            SEVERITY_ORDER[self.severity],
            self.tax_year or 0,
            self.person or "",
            self.code,
            self.accounts,
            self.evidence,
        )


FORM_LINES: tuple[str, ...] = (
    "1",
    "2",
    "3",
    "4",
    "5",
    "6",
    "7",
    "8",
    "9",
    "10",
    "11",
    "12",
    "13",
    "14",
    "15a",
    "15b",
    "15c",
    "16",
    "17",
    "18",
    "19",
    "20",
    "21",
    "22",
    "23",
    "24",
    "25a",
    "25b",
    "25c",
)


@dataclass
class Form8606:
    """One person-year's Form 8606. A line the form says to skip is None, and so is a line that
    cannot be computed yet (listed in `unknown_lines`); line 10 is a ratio."""

    person: str
    tax_year: int
    required: bool
    lines: dict[str, Decimal | None]  # every key of FORM_LINES
    sources: dict[str, tuple[SourceRef, ...]]  # line -> the rows behind it
    citations: dict[str, tuple[str, ...]] = field(default_factory=dict)  # line -> citation ids
    notes: list[str] = field(default_factory=list)  # e.g. "line 10 carried to 3 places"
    # Basis in (line 2) and out (line 14) as carried, also where the form leaves those lines
    # blank because they are zero; None = unknown (a line they depend on is unknown).
    basis_in: Decimal | None = None
    basis_out: Decimal | None = None
    # Lines that are None because they cannot be computed (a Dec 31 value, an earlier line 14,
    # the sending side of a conversion, the Roth basis is missing), in FORM_LINES order. Every
    # other None line is one the form tells the filer to skip.
    unknown_lines: tuple[str, ...] = ()


@dataclass(frozen=True)
class BasisLedgerEntry:
    """One year of a person's nondeductible basis: line 2 in, line 14 out, and whether it chains.
    None is unknown (a Dec 31 value or an earlier line 14 is missing): never shown as 0."""

    person: str
    tax_year: int
    line2: Decimal | None
    contributions: Decimal  # line 1
    nontaxable: Decimal | None  # line 13; None when skipped (see below) or unknown
    line14: Decimal | None
    continuous: bool | None  # line 2 == previous year's line 14 (or prior_basis); None: unknown
    # Line 13 is skipped as the form directs (no conversion or distribution: lines 4-13 are
    # not completed), shown as the form shows it rather than as a 0 or as unknown.
    nontaxable_skipped: bool = False


@dataclass(frozen=True)
class LimitUse:
    """A person-year's IRA contributions against the limit (for the report's bar chart)."""

    person: str
    tax_year: int
    traditional: Decimal
    roth: Decimal
    limit: Decimal | None  # None when the year has no figures


@dataclass(frozen=True)
class InputSummary:
    """CONTRACT `inputs[]`: one row per file."""

    file: str
    sha256: str
    importer: str
    rows: int
    imported: int
    duplicates: int
    rejected: int
    skipped: int
    balances: int = 0
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class RejectionSummary:
    file: str
    line: int
    reason: str


@dataclass
class Report:
    """What the writers render. Built once by the auditor; writers only format it."""

    as_of: date
    inputs: list[InputSummary]
    rejections: list[RejectionSummary]
    people: list[str]
    accounts: list[Account]
    findings: list[Finding]  # sorted by Finding.sort_key
    form8606: list[Form8606]  # sorted by (person, tax_year)
    basis_ledger: list[BasisLedgerEntry]
    year_end_values: list[YearEndValue]
    checklist: list[str]  # facts the client must still supply
    events: list[
        Event
    ]  # the retirement-account transactions behind it all (Transactions sheet, charts)
    citations: dict[str, tuple[str, str]]  # id -> (title, url) for every id used
    masked_numbers: tuple[
        str, ...
    ] = ()  # every account number seen, for writers to mask in free text
    limit_use: list[LimitUse] = field(
        default_factory=list
    )  # per person-year, for the contributions chart
