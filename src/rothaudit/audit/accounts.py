"""Which accounts are which, and whose: household file first, then the export, then the flows.

Neither broker's files state an IRA's tax type in a reliable field (export-formats.md §0), so:

1. `[accounts."<number>"]` in household.toml wins (type_source "household");
2. a Fidelity account name, matched at its start, case-insensitively (type_source
   "account_name"). A bare "IRA" / "IRA Account" is Fidelity's default title for a
   traditional IRA: that is an inference, reported like every other one;
3. the flows (type_source "flows"): an account that sends `conversion_out` is a traditional
   IRA, one that receives `conversion_in` a Roth IRA;
4. an account with no retirement-relevant row at all is taken as taxable (a brokerage account
   in the same download must not stop the audit); any other account stops it (exit 2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

from rothaudit.audit.model import Account, ReconNote, SourceRef
from rothaudit.errors import InputError
from rothaudit.writers.mask import mask_account

if TYPE_CHECKING:
    from rothaudit.household import Household

RETIREMENT_KINDS = frozenset(
    {
        "contribution",
        "conversion_out",
        "conversion_in",
        "recharacterization",
        "distribution",
        "rollover_in",
        "rollover_out",
    }
)

# Fidelity account titles, anchored at the start; the order matters ("Roth IRA" before "IRA").
NAME_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), t)
    for p, t in (
        (r"^(inherited|beneficiary)\b", "inherited_ira"),
        (r"^roth\s*ira\b", "roth_ira"),
        (r"^(traditional|trad)\s*ira\b", "traditional_ira"),
        (r"^rollover\s*ira\b", "rollover_ira"),
        (r"^sep[\s-]*ira\b", "sep_ira"),
        (r"^simple\s*ira\b", "simple_ira"),
        (r"^ira(\s+account)?\b", "traditional_ira"),  # Fidelity's default title (inference)
        (r"^401\s*\(?k\)?", "401k"),
        (r"^403\s*\(?b\)?", "403b"),
        (r"^(hsa|health savings account)\b", "hsa"),
        (r"^(individual|brokerage|cma|joint)\b", "taxable"),
    )
)


def type_from_name(name: str | None) -> str | None:
    """The account type a Fidelity account title implies, or None."""
    if not name:
        return None
    for pattern, account_type in NAME_PATTERNS:
        if pattern.search(name.strip()):
            return account_type
    return None


@dataclass(frozen=True)
class _Seen:
    number: str
    institution: str
    name: str | None
    first_file: str
    kinds: dict[str, list[SourceRef]]  # kind -> rows (retirement-relevant kinds only)
    name_refs: tuple[SourceRef, ...]
    first_ref: SourceRef


def _survey(tx: pl.DataFrame, balances: pl.DataFrame) -> dict[str, _Seen]:
    """Per account number: institution, name, first file and the rows of each telling kind."""
    frames = [
        tx.select(
            "account_number",
            "institution",
            "account_name",
            "source_file",
            "source_line",
            "kind",
            "trade_date",
        ),
        balances.select(
            "account_number",
            "institution",
            "account_name",
            "source_file",
            "source_line",
            pl.lit("balance").alias("kind"),
            pl.col("as_of").alias("trade_date"),
        ),
    ]
    rows = pl.concat(frames).sort("account_number", "source_file", "source_line")
    seen: dict[str, _Seen] = {}
    for number, group in rows.group_by("account_number", maintain_order=True):
        number = str(number[0])
        named = group.filter(pl.col("account_name").is_not_null())
        name = named["account_name"][0] if named.height else None
        telling = group.filter(pl.col("kind").is_in(list(RETIREMENT_KINDS)))
        kinds: dict[str, list[SourceRef]] = {}
        for kind, file, line in telling.select("kind", "source_file", "source_line").iter_rows():
            kinds.setdefault(kind, []).append(SourceRef(file, line))
        name_refs = tuple(
            SourceRef(f, ln)
            for f, ln in named.select("source_file", "source_line").head(1).iter_rows()
        )
        first = SourceRef(group["source_file"][0], group["source_line"][0])
        seen[number] = _Seen(
            number, group["institution"][0], name, group["source_file"][0], kinds, name_refs, first
        )
    return seen


def _typed(
    s: _Seen, household: Household, notes: list[ReconNote]
) -> tuple[str, str, tuple[SourceRef, ...]]:
    """(type, type_source, evidence) for one account, or InputError when it cannot be known."""
    decl = household.accounts.get(s.number)
    if decl is not None:
        return decl.type, "household", ()
    by_name = type_from_name(s.name) if s.institution == "fidelity" else None
    if by_name is not None:
        return by_name, "account_name", s.name_refs
    sends, receives = s.kinds.get("conversion_out", []), s.kinds.get("conversion_in", [])
    if sends and not receives:
        return "traditional_ira", "flows", tuple(sends[:3])
    if receives and not sends:
        return "roth_ira", "flows", tuple(receives[:3])
    if not s.kinds:
        notes.append(
            ReconNote(
                f"account {mask_account(s.number)} ({s.first_file}) has no retirement "
                "activity and no type: taken as taxable and left out of the audit",
                f"If {mask_account(s.number)} is an IRA, give its type in household.toml "
                "[accounts]; otherwise nothing to do.",
                (s.first_ref,),
                accounts=(s.number,),
            )
        )
        return "taxable", "flows", ()
    raise InputError(
        s.first_file,
        f"account {mask_account(s.number)}: cannot tell its type; "
        "describe it in household.toml [accounts]",
    )


def _owner(number: str, account_type: str, first_file: str, household: Household) -> str | None:
    decl = household.accounts.get(number)
    if decl is not None:
        return decl.owner
    if len(household.people) == 1:
        return next(iter(household.people))
    if account_type in ("taxable", "hsa", "other"):
        return None
    raise InputError(
        first_file,
        f"account {mask_account(number)}: cannot tell whose it is; "
        "give its owner in household.toml [accounts]",
    )


def type_accounts(
    tx: pl.DataFrame, balances: pl.DataFrame, household: Household, notes: list[ReconNote]
) -> dict[str, Account]:
    """Every account seen in the exports with a known owner, typed, plus every account the
    household file declares; ownerless non-retirement accounts of a several-person household
    are left out (with a note)."""
    accounts: dict[str, Account] = {}
    for number, s in sorted(_survey(tx, balances).items()):
        account_type, source, evidence = _typed(s, household, notes)
        owner = _owner(number, account_type, s.first_file, household)
        if owner is None:
            notes.append(
                ReconNote(
                    f"account {mask_account(number)} ({s.first_file}) is {account_type} "
                    "with no owner: left out of the audit",
                    f"If {mask_account(number)} belongs in the audit, give its owner in "
                    "household.toml [accounts].",
                    (s.first_ref,),
                    accounts=(number,),
                )
            )
            continue
        accounts[number] = Account(
            number=number,
            owner=owner,
            type=account_type,  # type: ignore[arg-type]
            type_source=source,
            institution=s.institution,  # type: ignore[arg-type]
            name=s.name,
            evidence=evidence,
        )
    for number, decl in sorted(household.accounts.items()):
        if number not in accounts:  # an account the household owns outside these exports
            accounts[number] = Account(
                number=number,
                owner=decl.owner,
                type=decl.type,  # type: ignore[arg-type]
                type_source="household",
            )
    return accounts
