"""reconciliation-note: what reconciliation left out of Form 8606, or paired on a difference."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import Finding
from rothaudit.rules.base import AuditContext, Rule

DOC = """
What it checks:
  Nothing new: it reports the decisions reconciliation took that change what Form 8606 shows
  without any other rule saying so. Contributions into SEP or SIMPLE IRAs left out of line 1
  and the IRA limit; distributions from inherited IRAs left out of the owner's form;
  conversions out of accounts that are not IRAs; a Roth-side conversion paired with a larger
  outgoing one, the difference taken as tax withheld; accounts left out of the audit.

Why it matters:
  Each is a judgement about rows of the exports. Shown with its rows, a preparer can confirm it
  (the account type, the Form 1099-R withholding) instead of trusting a number whose inputs were
  silently dropped.

Example:
  An inherited IRA at Fidelity pays out $4,000 in 2024. It is not part of the owner's pro-rata
  pool or basis, so it is left out of the owner's 2024 Form 8606; this note names the rows and
  says a separate Form 8606 is due if the decedent had basis.

References:
  Instructions for Form 8606 (who must file, more than one Form 8606, lines 1, 7 and 8).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for note in ctx.recon.notes:
        yield RULE.finding(
            person=note.person,
            tax_year=note.tax_year,
            accounts=note.accounts,
            amount=None,
            message=note.message[:1].upper() + note.message[1:] + ".",
            action=note.action,
            evidence=note.evidence,
        )


RULE = Rule(
    name="reconciliation-note",
    severity="info",
    citations=("I8606-2023",),
    summary="rows left out of Form 8606 or paired on a difference, and why",
    doc=DOC,
    check=check,
)
