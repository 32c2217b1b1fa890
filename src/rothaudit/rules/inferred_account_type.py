"""inferred-account-type: an account type no household file gave."""

from __future__ import annotations

from collections.abc import Iterator

from rothaudit.audit.model import Finding
from rothaudit.rules._format import account_word, acct
from rothaudit.rules.base import AuditContext, Rule

HOW = {
    "account_name": "from its account name",
    "flows": "from its transactions",
}

DOC = """
What it checks:
  Every account whose type (traditional, Roth, SEP, ... IRA, employer plan, taxable) was not
  given by the household file but inferred: from the account name in a Fidelity export, or from
  the flows (an account that sends a conversion is a pre-tax IRA, one that receives it a Roth IRA).

Why it matters:
  The type decides which limits apply and whether the account's Dec 31 value is in the pro-rata
  pool (Form 8606 line 6). A wrong guess -- a rollover IRA taken for a traditional IRA is
  harmless, a 401(k) taken for an IRA is not -- changes the taxable part of a conversion.

Example:
  Account ...5678 sent a conversion, so it is taken to be a traditional IRA. If it is really a
  SEP IRA, nothing changes; if it is a 401(k), say so in household.toml.

References:
  Instructions for Form 8606 (line 6: which IRAs count), IRC §408(d)(2).
"""


def check(ctx: AuditContext) -> Iterator[Finding]:
    for number, account in sorted(ctx.recon.accounts.items()):
        if account.type_source == "household":
            continue
        name = (
            f" (name {account.name!r})"
            if account.name and account.type_source == "account_name"
            else ""
        )
        where = f" at {account.institution}" if account.institution else ""
        yield RULE.finding(
            person=account.owner,
            tax_year=None,
            accounts=[number],
            amount=None,
            message=(
                f"Account {acct(number)}{where} was taken to be a "
                f"{account_word(account.type)} {HOW.get(account.type_source, '')}{name}."
            ),
            action=(
                f'If that is wrong, describe it in household.toml: [accounts."<number>"] owner = '
                f'"{account.owner}", type = one of traditional_ira, roth_ira, sep_ira, '
                f"simple_ira, rollover_ira, inherited_ira, 401k, 403b, 457b, taxable, hsa, other."
            ),
            evidence=account.evidence,
        )


RULE = Rule(
    name="inferred-account-type",
    severity="info",
    citations=("I8606-2023", "IRC-408"),
    summary="an account type no household file gave, inferred from the export",
    doc=DOC,
    check=check,
)
