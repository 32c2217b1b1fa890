"""The household file: facts the exports cannot show (CONTRACT section 2).

Every section is optional. Amounts may be strings or TOML numbers and are read as exact
Decimals: TOML floats are parsed from their text (tomllib `parse_float=Decimal`), so `0.53`
is Decimal("0.53") and never passes through binary floating point; an amount with more than
two decimal places is rejected (money is whole cents, and `0.533` is more likely a typo than a
value). Unknown sections and keys are rejected too, so a misspelt key cannot silently drop a
fact. Any problem is a ProfileError naming the file, the line of the offending key and why.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rothaudit.audit.model import ACCOUNT_TYPES, SourceRef
from rothaudit.errors import ProfileError
from rothaudit.taxdata import FILING_STATUSES

DEFAULT_PERSON = "owner"  # the one person when there is no household file (or no [people])

_SECTIONS = ("household", "people", "accounts", "year_end_values", "contribution_years")


@dataclass(frozen=True)
class PriorBasis:
    tax_year: int
    amount: Decimal  # Form 8606 line 14 of tax_year


@dataclass(frozen=True)
class Person:
    key: str
    birth_date: date | None = None
    magi: dict[int, Decimal] = field(default_factory=dict)
    compensation: dict[int, Decimal] = field(default_factory=dict)
    prior_basis: PriorBasis | None = None

    def age_at_year_end(self, year: int) -> int | None:
        """Age on Dec 31 of `year` (the catch-up test); None when the birth date is unknown."""
        return None if self.birth_date is None else year - self.birth_date.year


@dataclass(frozen=True)
class AccountDecl:
    number: str
    owner: str
    type: str


@dataclass(frozen=True)
class YearEndDecl:
    person: str
    tax_year: int
    account: str
    type: str | None
    value: Decimal
    ref: SourceRef  # file = the household file's display name


@dataclass(frozen=True)
class ContributionYearDecl:
    account: str
    date: date
    amount: Decimal
    tax_year: int
    ref: SourceRef


@dataclass(frozen=True)
class Household:
    source: str | None  # display name of household.toml, None when absent
    filing_status: str | dict[int, str] | None
    deadline_overrides: dict[int, date]
    people: dict[str, Person]
    accounts: dict[str, AccountDecl]
    year_end_values: tuple[YearEndDecl, ...]
    contribution_years: tuple[ContributionYearDecl, ...]

    def filing_status_for(self, year: int) -> str | None:
        if isinstance(self.filing_status, dict):
            return self.filing_status.get(year)
        return self.filing_status


def default_household() -> Household:
    """One person, DEFAULT_PERSON, and nothing else: the audit without a household file."""
    return Household(None, None, {}, {DEFAULT_PERSON: Person(DEFAULT_PERSON)}, {}, (), ())


def load_household(path: Path, display: str | None = None) -> Household:
    """Read and validate household.toml; ProfileError(display, reason, line) on any problem."""
    display = display or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ProfileError(display, "not UTF-8 text") from None
    except OSError as err:
        raise ProfileError(display, f"cannot read the file ({err.strerror})") from None
    return parse_household(text, display)


def parse_household(text: str, display: str) -> Household:
    try:
        raw = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as err:
        msg = str(err)
        m = re.search(r"\(at line (\d+), column (\d+)\)", msg)
        line = int(m.group(1)) if m else None
        if m is None and "end of document" in msg:
            line = max(len(text.splitlines()), 1)
        reason = msg[: m.start()].strip() + f" (column {m.group(2)})" if m else msg
        if line is not None and (bad := _bad_date(text.splitlines()[line - 1 : line])):
            reason = bad
        raise ProfileError(display, f"invalid TOML: {reason}", line) from None
    return _Reader(raw, KeyLines(text), display).household()


_DATE_LIKE = re.compile(r"(?<![\w.:-])(\d{4}-\d{2}-\d{2})(?![\w.:-])")


def _bad_date(lines: list[str]) -> str | None:
    """`not a date: 1974-13-14 (column 14)` for a date-shaped value that is no calendar day:
    tomllib reads `1974-13-14` as the number 1974 and complains about what follows it."""
    for line in lines:
        for m in _DATE_LIKE.finditer(line.split("#", 1)[0]):
            try:
                date.fromisoformat(m.group(1))
            except ValueError:
                return f"not a date: {m.group(1)} (column {m.start(1) + 1})"
    return None


# --- where keys are: tomllib gives no positions, so scan the text for headers and keys -------

_KEY = r"""(?:[A-Za-z0-9_-]+|"(?:[^"\\]|\\.)*"|'[^']*')"""
_PATH = rf"{_KEY}(?:\s*\.\s*{_KEY})*"
_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_PATH})\s*\]\]?\s*(?:#.*)?$")
_ASSIGN = re.compile(rf"^\s*({_PATH})\s*=")


def _split_key(path: str) -> tuple[str, ...]:
    parts = []
    for token in re.findall(_KEY, path):
        if token.startswith('"'):
            token = token[1:-1].encode().decode("unicode_escape")
        elif token.startswith("'"):
            token = token[1:-1]
        parts.append(token)
    return tuple(parts)


class KeyLines:
    """1-based line of every table header and key; arrays of tables are indexed from 0."""

    def __init__(self, text: str) -> None:
        self.lines: dict[tuple[str | int, ...], int] = {}
        counts: dict[tuple[str, ...], int] = {}
        table: tuple[str | int, ...] = ()
        for number, line in enumerate(text.splitlines(), start=1):
            if m := _HEADER.match(line):
                key = _split_key(m.group(2))
                table = key
                if m.group(1) == "[[":
                    counts[key] = counts.get(key, -1) + 1
                    table = (*key, counts[key])
                self.lines.setdefault(table, number)
            elif m := _ASSIGN.match(line):
                self.lines.setdefault((*table, *_split_key(m.group(1))), number)

    def line(self, *path: str | int) -> int | None:
        """The line of `path`, else of its nearest enclosing key or table."""
        for end in range(len(path), 0, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None


def _where(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            text = part if re.fullmatch(r"[A-Za-z0-9_-]+", part) else f'"{part}"'
            out += f".{text}" if out else text
    return out


class _Reader:
    """Validates the parsed TOML, section by section, into a Household."""

    def __init__(self, raw: dict[str, Any], lines: KeyLines, display: str) -> None:
        self.raw, self.lines, self.display = raw, lines, display

    def fail(self, path: tuple[str | int, ...], reason: str) -> ProfileError:
        return ProfileError(self.display, f"{_where(path)}: {reason}", self.lines.line(*path))

    def household(self) -> Household:
        self.only(self.raw, (), _SECTIONS, "section")
        hh = self.table(self.raw, ("household",))
        self.only(hh, ("household",), ("filing_status", "deadline_overrides"))
        people = self.people()
        accounts = self.accounts(people)
        return Household(
            source=self.display,
            filing_status=self.filing_status(hh.get("filing_status")),
            deadline_overrides=self.by_year(hh, ("household", "deadline_overrides"), self.date),
            people=people,
            accounts=accounts,
            year_end_values=self.year_end_values(people, accounts),
            contribution_years=self.contribution_years(),
        )

    # --- sections ---------------------------------------------------------------------------

    def filing_status(self, value: Any) -> str | dict[int, str] | None:
        path = ("household", "filing_status")
        if value is None:
            return None
        if isinstance(value, dict):
            return self.by_year({"filing_status": value}, path, self.status)
        return self.status(value, path)

    def people(self) -> dict[str, Person]:
        section = self.table(self.raw, ("people",))
        if not section:
            return {DEFAULT_PERSON: Person(DEFAULT_PERSON)}
        people = {}
        for key in section:
            path = ("people", key)
            body = self.table(section, path)
            self.only(body, path, ("birth_date", "magi", "compensation", "prior_basis"))
            birth = body.get("birth_date")
            people[key] = Person(
                key=key,
                birth_date=None if birth is None else self.date(birth, (*path, "birth_date")),
                magi=self.by_year(body, (*path, "magi"), self.amount),
                compensation=self.by_year(body, (*path, "compensation"), self.nonnegative),
                prior_basis=self.prior_basis(body, (*path, "prior_basis")),
            )
        return people

    def prior_basis(self, body: dict[str, Any], path: tuple[str, ...]) -> PriorBasis | None:
        if "prior_basis" not in body:
            return None
        table = self.table(body, path)
        self.only(table, path, ("tax_year", "amount"), required=("tax_year", "amount"))
        return PriorBasis(
            self.year(table["tax_year"], (*path, "tax_year")),
            self.nonnegative(table["amount"], (*path, "amount")),
        )

    def accounts(self, people: dict[str, Person]) -> dict[str, AccountDecl]:
        section = self.table(self.raw, ("accounts",))
        accounts = {}
        for number in section:
            path = ("accounts", number)
            body = self.table(section, path)
            self.only(body, path, ("owner", "type"), required=("type",))
            owner = self.person(body, path, "owner", people)
            accounts[number] = AccountDecl(number, owner, self.account_type(body["type"], path))
        return accounts

    def year_end_values(
        self, people: dict[str, Person], accounts: dict[str, AccountDecl]
    ) -> tuple[YearEndDecl, ...]:
        out: list[YearEndDecl] = []
        seen: dict[tuple[str, int, str], int] = {}
        keys = ("person", "tax_year", "account", "type", "value")
        for path, body in self.rows("year_end_values", keys, ("tax_year", "account", "value")):
            account = self.text(body["account"], (*path, "account"))
            declared = accounts.get(account)
            kind = body.get("type")
            if kind is not None:
                kind = self.account_type(kind, path)
            elif declared is None:
                raise self.fail(
                    path, f"missing required key 'type' (account {account!r} is not in [accounts])"
                )
            if declared is not None and kind is not None and kind != declared.type:
                raise self.fail(
                    (*path, "type"),
                    f"type {kind!r} contradicts [accounts] type "
                    f"{declared.type!r} for account {account!r}",
                )
            fallback = declared.owner if declared is not None else None
            person = self.person(body, path, "person", people, fallback)
            tax_year = self.year(body["tax_year"], (*path, "tax_year"))
            line = self.lines.line(*path) or 1
            if (person, tax_year, account) in seen:
                first = seen[(person, tax_year, account)]
                raise self.fail(
                    path, f"account {account!r} already has a {tax_year} value at line {first}"
                )
            seen[(person, tax_year, account)] = line
            out.append(
                YearEndDecl(
                    person=person,
                    tax_year=tax_year,
                    account=account,
                    type=kind if kind is not None else declared.type,  # type: ignore[union-attr]
                    value=self.nonnegative(body["value"], (*path, "value")),
                    ref=SourceRef(self.display, line),
                )
            )
        return tuple(out)

    def contribution_years(self) -> tuple[ContributionYearDecl, ...]:
        out = []
        keys = ("account", "date", "amount", "tax_year")
        for path, body in self.rows("contribution_years", keys, keys):
            made = self.date(body["date"], (*path, "date"))
            tax_year = self.year(body["tax_year"], (*path, "tax_year"))
            if tax_year not in (made.year, made.year - 1):
                raise self.fail(
                    (*path, "tax_year"),
                    f"a contribution made {made.isoformat()} cannot be for {tax_year}",
                )
            amount = self.nonnegative(body["amount"], (*path, "amount"))
            if amount == 0:
                raise self.fail((*path, "amount"), "amount must be more than 0")
            out.append(
                ContributionYearDecl(
                    account=self.text(body["account"], (*path, "account")),
                    date=made,
                    amount=amount,
                    tax_year=tax_year,
                    ref=SourceRef(self.display, self.lines.line(*path) or 1),
                )
            )
        return tuple(out)

    # --- shapes -----------------------------------------------------------------------------

    def table(self, parent: dict[str, Any], path: tuple[str | int, ...]) -> dict[str, Any]:
        value = parent.get(path[-1], {}) if path else parent
        if not isinstance(value, dict):
            raise self.fail(path, "expected a table")
        return value

    def only(
        self,
        body: dict[str, Any],
        path: tuple[str | int, ...],
        allowed: tuple[str, ...],
        what: str = "key",
        required: tuple[str, ...] = (),
    ) -> None:
        for key in body:
            if key not in allowed:
                where = (*path, key)
                raise ProfileError(
                    self.display,
                    f"unknown {what} {_where(where)!r} (expected one of: {', '.join(allowed)})",
                    self.lines.line(*where),
                )
        for key in required:
            if key not in body:
                raise self.fail(path, f"missing required key {key!r}")

    def rows(self, section: str, keys: tuple[str, ...], required: tuple[str, ...]):
        value = self.raw.get(section, [])
        if not isinstance(value, list):
            raise self.fail((section,), f"expected [[{section}]] entries")
        for index, body in enumerate(value):
            path = (section, index)
            if not isinstance(body, dict):
                raise self.fail(path, "expected a table")
            self.only(body, path, keys, required=required)
            yield path, body

    def by_year(self, body: dict[str, Any], path: tuple[str | int, ...], read) -> dict[int, Any]:
        table = self.table(body, path)
        return {self.year(key, (*path, key)): read(v, (*path, key)) for key, v in table.items()}

    # --- scalars ----------------------------------------------------------------------------

    def person(
        self,
        body: dict[str, Any],
        path: tuple[str | int, ...],
        key: str,
        people: dict[str, Person],
        fallback: str | None = None,
    ) -> str:
        name = body.get(key, fallback)
        if name is None:
            if len(people) == 1:
                return next(iter(people))
            raise self.fail(path, f"missing required key {key!r} (more than one person)")
        if name not in people and "people" not in self.raw:
            raise self.fail((*path, key), f"unknown person {name!r} (add a [people.{name}] table)")
        if name not in people:
            raise self.fail((*path, key), f"unknown person {name!r} (people: {', '.join(people)})")
        return name

    def status(self, value: Any, path: tuple[str | int, ...]) -> str:
        if value not in FILING_STATUSES:
            raise self.fail(
                path,
                f"unknown filing status {value!r} (expected one of: {', '.join(FILING_STATUSES)})",
            )
        return value

    def account_type(self, value: Any, path: tuple[str | int, ...]) -> str:
        if value not in ACCOUNT_TYPES:
            raise self.fail(
                (*path, "type"),
                f"unknown account type {value!r} (expected one of: {', '.join(ACCOUNT_TYPES)})",
            )
        return value

    def text(self, value: Any, path: tuple[str | int, ...]) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(path, f"expected a quoted string, got {value!r}")
        return value.strip()

    def date(self, value: Any, path: tuple[str | int, ...]) -> date:
        if type(value) is not date:
            shown = value.isoformat() if isinstance(value, datetime) else repr(value)
            raise self.fail(path, f"expected a TOML date like 2024-02-03 (unquoted), got {shown}")
        return value

    def year(self, value: Any, path: tuple[str | int, ...]) -> int:
        if isinstance(value, str) and value.isdigit():
            value = int(value)
        if type(value) is not int or not 1975 <= value <= 2100:
            raise self.fail(path, f"expected a tax year like 2024, got {value!r}")
        return value

    def amount(self, value: Any, path: tuple[str | int, ...]) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, int | str | Decimal):
            raise self.fail(path, f"expected an amount, got {value!r}")
        try:
            number = Decimal(value.strip()) if isinstance(value, str) else Decimal(value)
        except InvalidOperation:
            raise self.fail(path, f"not an amount: {value!r}") from None
        if not number.is_finite():
            raise self.fail(path, f"not an amount: {value!r}")
        if number.as_tuple().exponent < -2:  # type: ignore[operator]
            raise self.fail(path, f"amount {value} has more than 2 decimal places")
        return number

    def nonnegative(self, value: Any, path: tuple[str | int, ...]) -> Decimal:
        number = self.amount(value, path)
        if number < 0:
            raise self.fail(path, f"amount {value} must not be negative")
        return number
