"""What a rule is: a small module with a name, severity, citations, a docstring and `check`.

Each rule module defines `RULE = Rule(...)`. Codes are assigned only in `registry.CODES`
(ruff-style), so a rule module never names its own code; `finding()` fills it in.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from rothaudit.audit.model import Finding, Form8606, Reconciliation, Severity, SourceRef

if TYPE_CHECKING:
    from rothaudit.household import Household


@dataclass
class AuditContext:
    """Everything a rule may read. Rules never read files or frames."""

    as_of: date
    household: Household
    recon: Reconciliation
    forms: dict[tuple[str, int], Form8606]  # (person, tax_year)


@dataclass(frozen=True)
class Rule:
    name: str  # kebab-case, stable (CONTRACT finding names)
    severity: Severity
    citations: tuple[str, ...]  # ids in rothaudit/taxdata/citations.toml
    summary: str  # one line for `rothaudit rules`
    doc: str  # four parts: what it checks, why it matters, an example, references
    check: Callable[[AuditContext], Iterable[Finding]]

    @property
    def code(self) -> str:
        from rothaudit.rules.registry import CODES

        return CODES[self.name]

    def finding(
        self,
        *,
        person: str | None,
        tax_year: int | None,
        accounts: Iterable[str],
        amount: Decimal | None,
        message: str,
        action: str,
        evidence: Iterable[SourceRef],
        citations: Iterable[str] | None = None,
        deadline: date | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding of this rule; evidence sorted and de-duplicated for stable output."""
        return Finding(
            code=self.code,
            name=self.name,
            severity=severity or self.severity,
            person=person,
            tax_year=tax_year,
            accounts=tuple(sorted(set(accounts))),
            amount=amount,
            message=message,
            action=action,
            evidence=tuple(sorted(set(evidence))),
            citations=tuple(citations) if citations is not None else self.citations,
            deadline=deadline,
        )
