"""`rothaudit audit` end to end: find the profile, import, reconcile, compute Form 8606, run
every rule, build the report, write the requested formats, and pick the exit code.

Deterministic: the only date used is `as_of`; output order never depends on argument order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from rothaudit.audit.model import Finding, Reconciliation, Report
from rothaudit.errors import InputError, TaxDataError

if TYPE_CHECKING:
    from rothaudit.household import Household

PROFILE_NAME = "household.toml"


@dataclass
class Outcome:
    exit_code: int
    summary: str
    report: Report


def check_formats(formats: list[str]) -> None:
    """An unknown `--format` name is a usage error (exit 2) before any work is done."""
    from rothaudit.writers import FORMATS

    for name in formats:
        if name not in FORMATS:
            raise InputError(
                "--format", f"unknown format {name!r} (choose from {', '.join(FORMATS)})"
            )


def find_profile(paths: list[Path], profile: Path | None) -> Household:
    """--profile, else a household.toml at the top of a folder argument, else one person."""
    from rothaudit.household import default_household, load_household

    if profile is not None:
        if not profile.is_file():
            raise InputError(str(profile), "no such household file")
        return load_household(profile, display=profile.name)
    found = [p / PROFILE_NAME for p in paths if p.is_dir() and (p / PROFILE_NAME).is_file()]
    if len({f.resolve() for f in found}) > 1:
        raise InputError(
            str(found[1]), "more than one household.toml given; pick one with --profile"
        )
    if found:
        return load_household(found[0], display=PROFILE_NAME)
    return default_household()


def run_rules(ctx: object) -> list[Finding]:
    """Every registered rule's findings."""
    from rothaudit.rules.registry import all_rules

    return [f for rule in all_rules() for f in rule.check(ctx)]  # type: ignore[arg-type]


def _file_of_year(recon: Reconciliation, message: str) -> str:
    """The first export holding a row of the year a TaxDataError names (for the one-line error)."""
    found = re.search(r"\b(19|20)\d\d\b", message)
    year = int(found.group(0)) if found else None
    files = [e.ref.file for e in recon.events if year in (e.date.year, e.date.year - 1)]
    return files[0] if files else (recon.events[0].ref.file if recon.events else "exports")


def run_audit(
    paths: list[Path], *, profile: Path | None, out: Path, formats: list[str], as_of: date
) -> Outcome:
    """Audit the exports under `paths` and write the reports into `out`."""
    from rothaudit import schema
    from rothaudit.audit.form8606 import compute_forms
    from rothaudit.audit.reconcile import reconcile
    from rothaudit.audit.report import build_report
    from rothaudit.importing.pipeline import import_paths
    from rothaudit.rules.base import AuditContext
    from rothaudit.writers import WRITERS
    from rothaudit.writers.terminal import render_summary

    check_formats(formats)
    household = find_profile(paths, profile)
    batch = import_paths(paths)
    schema.Transactions.validate(batch.transactions)
    schema.Balances.validate(batch.balances)
    recon = reconcile(batch, household, as_of)
    try:
        forms = compute_forms(recon, household)
        ctx = AuditContext(as_of=as_of, household=household, recon=recon, forms=forms)
        report = build_report(batch, household, recon, forms, run_rules(ctx))
    except TaxDataError as err:
        raise InputError(
            _file_of_year(recon, str(err)),
            f"{err} (the exports reach a tax year rothaudit holds no published figures for)",
        ) from None
    written, notes = [], []
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise InputError(str(out), f"cannot create the report folder ({err.strerror})") from None
    for name in dict.fromkeys(formats):
        if name in WRITERS:
            written.append(WRITERS[name](report, out))
        else:
            notes.append(f"no {name} writer yet: report.{name} not written")
    code = 1 if any(f.severity == "error" for f in report.findings) else 0
    return Outcome(code, render_summary(report, written, notes), report)
