"""The short summary `rothaudit audit` prints: people, years, findings by severity, where the
reports went. Errors and warnings one line each with their amount; notes counted by name (the
reports hold them in full). Account numbers masked like in every other report; amounts carry
thousands separators so a six-digit dollar figure is never mistaken for an account number."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from rothaudit.audit.model import SEVERITY_ORDER, Report
from rothaudit.writers.mask import mask_text
from rothaudit.writers.view import form_value, money

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render_summary(report: Report, written: list[Path], notes: list[str]) -> str:
    """A few lines: who and which years, findings counted and listed, files written, notes."""
    years = sorted({f.tax_year for f in report.form8606})
    counts = Counter(f.severity for f in report.findings)
    lines = [
        f"rothaudit audit as of {report.as_of.isoformat()}",
        f"people: {', '.join(report.people) or '-'}",
        f"years: {', '.join(str(y) for y in years) or '-'}",
        "findings: " + ", ".join(f"{counts.get(s, 0)} {s}" for s in SEVERITY_ORDER),
    ]
    for f in report.findings:
        if f.severity == "info":
            continue
        where = " ".join(str(x) for x in (f.person, f.tax_year) if x is not None)
        amount = f" {money(f.amount)}" if f.amount is not None else ""
        lines.append(f"  {f.severity:<7} {f.code} {f.name} {where}{amount}".rstrip())
    infos = Counter(f.name for f in report.findings if f.severity == "info")
    if infos:
        named = ", ".join(f"{n} x{c}" if c > 1 else n for n, c in sorted(infos.items()))
        lines.append(f"  {'info':<7} {named}")
    for form in report.form8606:
        if form.required:
            taxable = form.lines.get("18")
            extra = f", line 18 taxable {form_value('18', taxable)}" if taxable is not None else ""
            lines.append(f"Form 8606 {form.person} {form.tax_year}: required{extra}")
    masked = mask_text("\n".join(lines), report.masked_numbers)
    # the user's own paths are not export text: `--out reports/20250301` stays as typed
    return "\n".join([masked, *(f"wrote {p}" for p in written), *(f"note: {n}" for n in notes)])


def print_summary(text: str) -> None:
    """Print the summary with rich: severities coloured on a terminal, plain text otherwise."""
    from rich.console import Console
    from rich.text import Text

    console = Console(highlight=False, soft_wrap=True, emoji=False, markup=False)
    for line in text.splitlines():
        styled = Text(line)
        word = line[2:].split(" ", 1)[0]
        if line.startswith("  ") and word in STYLES:
            styled.stylize(STYLES[word], 2, 2 + len(word))
        console.print(styled)
