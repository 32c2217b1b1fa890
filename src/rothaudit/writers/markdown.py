"""`report.md`: the audit in plain words for the filer, with the workpapers an accountant needs."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from rothaudit.audit.model import Report
from rothaudit.writers.view import SKIPPED, UNKNOWN, ReportView, blank_lines, build_view

SEVERITY_TITLES = {"error": "Errors", "warning": "Warnings", "info": "Notes"}


def md(text: str) -> str:
    """Plain text made inert in Markdown: every `<` backslash-escaped, so no raw HTML or autolink
    from an export (and `<number>` still reads as itself in the raw file); no line breaks."""
    flat = text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")
    return flat.replace("\\", "\\\\").replace("<", "\\<")


def _cell(text: str) -> str:
    return md(text).replace("|", "\\|")


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """A GitHub-style table; cells escaped so exported text cannot break the layout."""
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return out


def render_markdown(report: Report) -> str:
    return "\n".join(_sections(build_view(report))) + "\n"


def write_markdown(report: Report, out_dir: Path) -> Path:
    path = out_dir / "report.md"
    path.write_text(render_markdown(report), encoding="utf-8")
    return path


def _sections(v: ReportView) -> list[str]:
    return [
        *_summary(v),
        *_findings(v),
        *_forms(v),
        *_ledger(v),
        *_year_end(v),
        *_checklist(v),
        *_inputs(v),
        *_citations(v),
    ]


def _summary(v: ReportView) -> list[str]:
    counts = ", ".join(f"{v.severity_counts.get(s, 0)} {s}" for s in ("error", "warning", "info"))
    years = ", ".join(str(y) for y in v.years) or "none"
    return [
        "# Backdoor Roth audit",
        "",
        f"As of {v.as_of}. People: {', '.join(v.people) or 'none'}. Tax years: {years}.",
        f"Findings: {counts}.",
        f"Inputs: {v.inputs_line} (see Inputs below).",
        "",
        "## Accounts",
        "",
        *table(("account", "owner", "type", "type from", "institution"), v.accounts),
        "",
    ]


def _findings(v: ReportView) -> list[str]:
    out = ["## Findings", ""]
    if not v.findings:
        return [*out, "No findings.", ""]
    for severity in ("error", "warning", "info"):
        group = [f for f in v.findings if f.severity == severity]
        if not group:
            continue
        out += [f"### {SEVERITY_TITLES[severity]}", ""]
        for f in group:
            head = f"**{f.code} {f.name}**"
            who = ", ".join(x for x in (f.person, f.tax_year, f.accounts) if x)
            amount = f" Amount: {f.amount}." if f.amount else ""
            out.append(f"- {head} ({md(who)}).{amount} {md(f.message)}")
            out.append(f"  - What to do: {md(f.action)}")
            if f.deadline:
                out.append(f"  - Deadline: {f.deadline}")
            out.append(f"  - Rows: {md(f.evidence or 'none')}; citations: {f.citations or 'none'}")
        out.append("")
    return out


def _forms(v: ReportView) -> list[str]:
    out = ["## Form 8606", ""]
    for form in v.forms:
        filed = "required" if form.required else "not required"
        out += [f"### {form.person}, {form.tax_year} ({filed})", ""]
        rows = [
            (ln.line, ln.caption, ln.value, ln.sources)
            for ln in form.lines
            if ln.value not in (SKIPPED, UNKNOWN)
        ]
        out += table(("line", "what", "amount", "rows"), rows)
        for blank in blank_lines(form):
            out += ["", blank]
        out += [f"- {md(n)}" for n in form.notes]
        out.append("")
    if not v.forms:
        out += ["No Form 8606 is needed for the years in these exports.", ""]
    return out


def _ledger(v: ReportView) -> list[str]:
    header = (
        "person",
        "year",
        "line 2 (in)",
        "line 1",
        "nontaxable (13)",
        "line 14 (out)",
        "chains",
    )
    return ["## Basis ledger", "", *table(header, v.ledger), ""]


def _year_end(v: ReportView) -> list[str]:
    header = ("person", "year", "account", "type", "Dec 31 value", "from", "rows", "note")
    return ["## December 31 values", "", *table(header, v.year_end), ""]


def _checklist(v: ReportView) -> list[str]:
    items = [f"- [ ] {md(c)}" for c in v.checklist] or ["Nothing outstanding."]
    return ["## Still needed from the client", "", *items, ""]


def _inputs(v: ReportView) -> list[str]:
    header = ("file", "importer", "rows", "imported", "duplicates", "rejected", "skipped")
    out = ["## Inputs", "", *table(header, v.inputs), ""]
    if v.input_notes:
        out += [*(f"- {md(n)}" for n in v.input_notes), ""]
    out += ["### Rejected rows", ""]
    if v.rejections:
        return [*out, *table(("file", "line", "reason"), v.rejections), ""]
    return [*out, "No rows were rejected.", ""]


def _citations(v: ReportView) -> list[str]:
    rows = [f"- [{cid}] {md(title)}{f' <{url}>' if url else ''}" for cid, title, url in v.citations]
    return ["## Citations", "", *rows]
