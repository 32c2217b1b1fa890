"""The one place rule codes are assigned, and the list/explain text for `rothaudit rules`.

Adding a rule: write `rules/<name>.py` with `RULE`, add its name and a new code here.
"""

from __future__ import annotations

import importlib
from functools import cache

from rothaudit.errors import InputError
from rothaudit.rules.base import Rule

# name -> code. Codes are never reused; a retired rule keeps its code reserved.
CODES: dict[str, str] = {
    "over-contribution": "RA101",
    "roth-income-limit": "RA102",
    "late-contribution": "RA103",
    "tax-year-mismatch": "RA104",
    "ambiguous-tax-year": "RA105",
    "filing-status-unknown": "RA106",
    "unmatched-contribution-year": "RA107",
    "stray-balance": "RA201",
    "pro-rata": "RA202",
    "missing-year-end-value": "RA203",
    "cross-year-conversion": "RA204",
    "unconverted-basis": "RA205",
    "conversion-recharacterized": "RA206",
    "uninvested-conversion": "RA207",
    "five-year-clock": "RA208",
    "unpaired-conversion": "RA209",
    "unknown-roth-basis": "RA210",
    "assumed-prior-basis": "RA211",
    "unknown-prior-basis": "RA212",
    "unclassified-transaction": "RA301",
    "duplicate-transaction": "RA302",
    "inferred-account-type": "RA303",
    "reconciliation-note": "RA304",
}


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule, in code order; each lives in the module named after it."""
    rules = []
    for name in sorted(CODES, key=CODES.__getitem__):
        module = importlib.import_module(f"rothaudit.rules.{name.replace('-', '_')}")
        rules.append(module.RULE)
    return tuple(rules)


def find_rule(name_or_code: str) -> Rule:
    key = name_or_code.strip()
    for rule in all_rules():
        if key.lower() in (rule.name, rule.code.lower()):
            return rule
    raise InputError(key, "no such rule (see `rothaudit rules`)")


def list_rules() -> str:
    return "\n".join(f"{r.code}  {r.name:<26} {r.severity:<8} {r.summary}" for r in all_rules())


def explain_rule(name_or_code: str) -> str:
    from rothaudit.taxdata import citation

    rule = find_rule(name_or_code)
    refs = "\n".join(
        f"  [{c}] {citation(c).title} {citation(c).url}".rstrip() for c in rule.citations
    )
    return (
        f"{rule.code} {rule.name} ({rule.severity})\n\n{rule.doc.strip()}\n\nCitations:\n{refs}\n"
    )
