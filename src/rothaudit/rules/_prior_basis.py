"""Shared by assumed-prior-basis and unknown-prior-basis: whose first line 2 rests on no fact."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rothaudit.audit.model import Event, Form8606

if TYPE_CHECKING:
    from rothaudit.rules.base import AuditContext


def without_prior_basis(ctx: AuditContext) -> list[str]:
    """People the household file gives no prior_basis (Form 8606 line 14 before the exports)."""
    out = []
    for person in ctx.recon.people:
        who = ctx.household.people.get(person)
        if person not in ctx.recon.prior_basis and (who is None or who.prior_basis is None):
            out.append(person)
    return out


def first_basis_form(ctx: AuditContext, person: str) -> Form8606 | None:
    """The person's first form whose Part I or II uses line 2 (filled, or unknown with them)."""
    forms = sorted((f for (p, _), f in ctx.forms.items() if p == person), key=lambda f: f.tax_year)
    for form in forms:
        if any(form.lines.get(k) is not None for k in ("1", "2", "8", "16")):
            return form
    return None


def earlier_money(ctx: AuditContext, person: str) -> list[Event]:
    from rothaudit.audit.form8606 import money_before_exports

    return money_before_exports(ctx.recon, person)


def form_rows(form: Form8606) -> list:
    for line in ("1", "8", "16", "2"):
        if form.sources.get(line):
            return list(form.sources[line])
    return [r for refs in form.sources.values() for r in refs][:3]
