"""Build an AuditContext by hand for rule tests: accounts, rows, contributions, conversions,
year-end values and Form 8606 lines, without importers or reconciliation, so each test
enables exactly one rule."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from rothaudit.audit.model import (
    FORM_LINES,
    Account,
    Contribution,
    Conversion,
    Event,
    Finding,
    Form8606,
    Reconciliation,
    ReconNote,
    SourceRef,
    YearEndValue,
)
from rothaudit.household import ContributionYearDecl, Household, Person
from rothaudit.rules.base import AuditContext, Rule
from rothaudit.taxdata import contribution_deadline

TRAD, ROTH = "11112222", "33334444"  # alex's traditional and Roth IRAs


def D(text: str | int) -> Decimal:
    return Decimal(str(text))


@dataclass
class Case:
    """One household's facts; `context()` freezes them into what a rule sees."""

    as_of: date = date(2025, 3, 1)
    filing_status: str | dict[int, str] | None = "single"
    deadline_overrides: dict[int, date] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=lambda: {"alex": Person("alex")})
    accounts: dict[str, Account] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    conversions: list[Conversion] = field(default_factory=list)
    distributions: list[Event] = field(default_factory=list)
    recharacterizations: list[Event] = field(default_factory=list)
    year_end_values: dict[tuple[str, int], list[YearEndValue]] = field(default_factory=dict)
    unclassified: list[Event] = field(default_factory=list)
    duplicates: list[tuple[SourceRef, SourceRef]] = field(default_factory=list)
    contribution_years: list[ContributionYearDecl] = field(default_factory=list)
    forms: dict[tuple[str, int], Form8606] = field(default_factory=dict)
    unpaired_conversions: list[Event] = field(default_factory=list)
    notes: list[ReconNote] = field(default_factory=list)
    file: str = "export.csv"

    def person(self, key: str, **facts) -> Person:
        self.people[key] = Person(key, **facts)
        return self.people[key]

    def account(self, number: str, type_: str, owner: str = "alex", **more) -> Account:
        more.setdefault("type_source", "household")
        self.accounts[number] = Account(number=number, owner=owner, type=type_, **more)
        return self.accounts[number]

    def _acct(self, number: str) -> Account:
        if number not in self.accounts:
            self.account(number, "roth_ira" if number == ROTH else "traditional_ira")
        return self.accounts[number]

    def event(self, account: str, day: date, kind: str, amount, action: str = "") -> Event:
        acc = self._acct(account)
        line = len(self.events) + 2
        ev = Event(
            f"r{line}",
            SourceRef(self.file, line),
            acc.owner,
            account,
            acc.type,
            day,
            kind,
            D(amount),
            action or kind.upper(),
        )
        self.events.append(ev)
        return ev

    def contribute(
        self,
        account: str,
        day: date,
        amount,
        tax_year: int | None = None,
        basis: str = "export",
        treated_as: str | None = None,
    ) -> Contribution:
        ev = self.event(account, day, "contribution", amount)
        year = day.year if tax_year is None else tax_year
        c = Contribution(
            event=ev,
            tax_year=year,
            year_basis=basis,
            in_window=day <= contribution_deadline(day.year - 1, self.household()).value,
            made_after_year=day.year > year,
            treated_as=treated_as or ("roth" if ev.account_type == "roth_ira" else "traditional"),
            amount=D(amount),
        )
        self.contributions.append(c)
        return c

    def convert(
        self,
        day: date,
        amount,
        out: str = TRAD,
        into: str | None = ROTH,
        funded_by: tuple[Contribution, ...] = (),
    ) -> Conversion:
        o = self.event(out, day, "conversion_out", -D(amount))
        i = self.event(into, day, "conversion_in", amount) if into else None
        conv = Conversion(o, i, D(amount), day.year, funded_by)
        self.conversions.append(conv)
        return conv

    def year_end(
        self, year: int, account: str, value, person: str = "alex", source: str = "statement"
    ) -> YearEndValue:
        acc = self.accounts.get(account)
        v = YearEndValue(
            person,
            year,
            account,
            acc.type if acc else "traditional_ira",
            None if value is None else D(value),
            source,
            () if value is None else (SourceRef("statement.csv", 9),),
        )
        self.year_end_values.setdefault((person, year), []).append(v)
        return v

    def form(self, year: int, person: str = "alex", **lines) -> Form8606:
        values = {k: None for k in FORM_LINES}
        values.update({k.removeprefix("l"): None if v is None else D(v) for k, v in lines.items()})
        sources = {k: (SourceRef(self.file, 2),) for k, v in values.items() if v is not None}
        self.forms[(person, year)] = Form8606(person, year, True, values, sources)
        return self.forms[(person, year)]

    def household(self) -> Household:
        return Household(
            "household.toml",
            self.filing_status,
            dict(self.deadline_overrides),
            dict(self.people),
            {},
            (),
            tuple(self.contribution_years),
        )

    def context(self) -> AuditContext:
        recon = Reconciliation(
            as_of=self.as_of,
            people=sorted(self.people),
            accounts=dict(self.accounts),
            events=sorted(self.events, key=lambda e: (e.date, e.ref)),
            contributions=list(self.contributions),
            conversions=list(self.conversions),
            distributions=list(self.distributions),
            roth_distributions=[],
            recharacterizations=list(self.recharacterizations),
            rollovers=[],
            year_end_values=dict(self.year_end_values),
            unclassified=list(self.unclassified),
            duplicates=list(self.duplicates),
            prior_basis={},
            unpaired_conversions=list(self.unpaired_conversions),
            notes=list(self.notes),
        )
        return AuditContext(self.as_of, self.household(), recon, dict(self.forms))


def run(rule: Rule, case: Case) -> list[Finding]:
    """Only this rule's check, on the case; every finding must be well formed."""
    from rothaudit.taxdata import citation

    found = list(rule.check(case.context()))
    for f in found:
        assert f.name == rule.name and f.code == rule.code and f.severity == rule.severity
        assert f.message and f.action and f.evidence and f.citations
        for text in (f.message, f.action):  # whole sentences (tests/test_finding_text.py)
            assert text.endswith(".") and text == text.strip(), text
            assert "  " not in text and ".." not in text.replace("...", ""), text
        for cid in f.citations:
            citation(cid)
    return found
