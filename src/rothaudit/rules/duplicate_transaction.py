"""duplicate-transaction: rows found in more than one export, counted once."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator

from rothaudit.audit.model import Event, Finding, SourceRef
from rothaudit.rules._format import plural
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Rows of one account that appear in two export files (same institution, account, date, kind,
  amount and quantity; the k-th copy in a later file repeats the k-th copy in the earliest), which
  the import counted once. One finding per pair of files, with every repeated row and the row it
  repeats as evidence. Identical rows inside one file are separate transactions and never here.

Why it matters:
  Overlapping downloads are normal; counting their rows twice would double contributions and
  conversions. The finding lets you confirm the repeats really are the same transactions.

Example:
  Transactions_2024.csv and Transactions_2024-2025.csv both hold the 2024-06-03 contribution of
  $7,000.00: it is counted once.

References:
  Instructions for Form 8606 (each contribution, conversion and distribution is reported once).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    by_ref: dict[SourceRef, Event] = {e.ref: e for e in ctx.recon.events}
    pairs: dict[tuple[str, str], list[tuple[SourceRef, SourceRef]]] = defaultdict(list)
    for dup, original in ctx.recon.duplicates:
        pairs[(dup.file, original.file)].append((dup, original))
    for (dup_file, orig_file), rows in sorted(pairs.items()):
        events = [by_ref[o] for _, o in rows if o in by_ref]
        people = sorted({e.person for e in events})
        years = sorted({e.date.year for e in events})
        yield RULE.finding(
            person=people[0] if len(people) == 1 else None,
            tax_year=years[0] if len(years) == 1 else None,
            accounts=[e.account for e in events],
            amount=None,
            message=(
                f"{plural(len(rows), 'row')} of {dup_file} repeat rows of {orig_file} "
                f"(overlapping exports) and {'was' if len(rows) == 1 else 'were'} counted once."
            ),
            action=(
                f"Nothing to do if the files cover overlapping dates. If a repeated row of "
                f"{dup_file} is a separate real transaction, it is missing from the audit: check "
                f"the account's statement."
            ),
            evidence=[ref for pair in rows for ref in pair],
        )


RULE = Rule(
    name="duplicate-transaction",
    severity="info",
    citations=("I8606-2023",),
    summary="rows found in more than one export and counted once",
    doc=DOC,
    check=check,
)
