"""`report.html`: the same content as report.md on one self-contained, printable page.

No network fetches: CSS and SVG are inline. Every value that came from an export is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from pathlib import Path

from rothaudit.audit.model import Report
from rothaudit.writers.charts import balance_timeline, ira_accounts, limit_bars
from rothaudit.writers.view import (
    SKIPPED,
    UNKNOWN,
    ReportView,
    account_label,
    blank_lines,
    build_view,
)

CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2em auto;max-width:980px;color:#1b1b1b}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}
table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ddd;padding:.25em .5em;
text-align:left;vertical-align:top}th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
.finding{border-left:5px solid #999;padding:.4em .8em;margin:.6em 0;background:#fafafa}
.error{border-color:#c62828}.warning{border-color:#ef8f00}.info{border-color:#1565c0}
.sev{font-weight:bold;text-transform:uppercase;font-size:.8em}.muted{color:#666;font-size:.9em}
svg.chart{width:100%;height:auto;border:1px solid #eee;margin:.4em 0}
.axis{stroke:#999;stroke-width:1}.grid{stroke:#e3e3e3;stroke-width:1}
.balance{fill:none;stroke:#37474f;stroke-width:2}
.contrib{fill:#2e7d32}.convert{fill:#ef6c00}.dec31{fill:#1565c0}.held{fill:#c62828}
.trad{fill:#78909c}.roth{fill:#66bb6a}.limit{stroke:#c62828;stroke-width:2;stroke-dasharray:4 3}
.label{font-size:11px;fill:#333}.small{font-size:9px;fill:#666}.held-label{fill:#c62828;font-weight:bold}
@page{margin:1.5cm}
@media print{body{margin:0;max-width:none;font-size:11px}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.finding,svg.chart,tr{break-inside:avoid}h2,h3{break-after:avoid}thead{display:table-header-group}}
"""
TYPE_NAMES = {
    "traditional_ira": "traditional IRA",
    "roth_ira": "Roth IRA",
    "rollover_ira": "rollover IRA",
    "sep_ira": "SEP IRA",
    "simple_ira": "SIMPLE IRA",
}


def _table(
    header: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int] = frozenset()
) -> str:
    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(c)}</td>' if i in numeric else f"<td>{escape(c)}</td>"
            for i, c in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: Report) -> str:
    v = build_view(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Backdoor Roth audit as of {escape(v.as_of)}</title>",
        f"<style>{CSS}</style></head><body>",
        *_summary(v),
        *_findings(v),
        *_pictures(report, v),
        *_forms(v),
        "<h2>Basis ledger</h2>",
        _table(
            (
                "person",
                "year",
                "line 2 (in)",
                "line 1",
                "nontaxable (13)",
                "line 14 (out)",
                "chains",
            ),
            v.ledger,
            {2, 3, 4, 5},
        ),
        "<h2>December 31 values</h2>",
        _table(
            ("person", "year", "account", "type", "Dec 31 value", "from", "rows", "note"),
            v.year_end,
            {4},
        ),
        "<h2>Still needed from the client</h2>",
        "<ul>" + "".join(f"<li>{escape(c)}</li>" for c in v.checklist) + "</ul>"
        if v.checklist
        else "<p>Nothing outstanding.</p>",
        *_inputs(v),
        "<h2>Citations</h2><ul>",
        *(
            f'<li>[{escape(c)}] {escape(t)} <span class="muted">{escape(u)}</span></li>'
            for c, t, u in v.citations
        ),
        "</ul></body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_html(report: Report, out_dir: Path) -> Path:
    path = out_dir / "report.html"
    path.write_text(render_html(report), encoding="utf-8")
    return path


def _summary(v: ReportView) -> list[str]:
    counts = ", ".join(f"{v.severity_counts.get(s, 0)} {s}" for s in ("error", "warning", "info"))
    years = ", ".join(str(y) for y in v.years) or "none"
    return [
        "<h1>Backdoor Roth audit</h1>",
        f"<p>As of {escape(v.as_of)}. People: {escape(', '.join(v.people) or 'none')}. "
        f"Tax years: {escape(years)}. Findings: {escape(counts)}.</p>",
        f"<p>Inputs: {escape(v.inputs_line)} (see Inputs below).</p>",
        "<h2>Accounts</h2>",
        _table(("account", "owner", "type", "type from", "institution"), v.accounts),
    ]


def _findings(v: ReportView) -> list[str]:
    out = ["<h2>Findings</h2>"]
    if not v.findings:
        out.append("<p>No findings.</p>")
    for f in v.findings:
        who = ", ".join(x for x in (f.person, f.tax_year, f.accounts) if x)
        amount = f" Amount: <strong>{escape(f.amount)}</strong>." if f.amount else ""
        deadline = f"<br>Deadline: <strong>{escape(f.deadline)}</strong>" if f.deadline else ""
        out.append(
            f'<div class="finding {escape(f.severity)}"><span class="sev">{escape(f.severity)}</span> '
            f"<strong>{escape(f.code)} {escape(f.name)}</strong> ({escape(who)}).{amount} "
            f"{escape(f.message)}<br>What to do: {escape(f.action)}{deadline}"
            f'<br><span class="muted">Rows: {escape(f.evidence or "none")}; '
            f"citations: {escape(f.citations or 'none')}</span></div>"
        )
    return out


def _pictures(report: Report, v: ReportView) -> list[str]:
    out = ["<h2>Pictures</h2>"]
    for person in v.people:
        events = [e for e in v.events if e.person == person]
        for account in ira_accounts(events):
            ye = [
                y
                for y in report.year_end_values
                if y.person == person and account_label(y.account, report.masked_numbers) == account
            ]
            mine = [e for e in events if e.account == account]
            chart = balance_timeline(account, mine, ye)
            if chart:
                kind = TYPE_NAMES.get(mine[0].account_type, mine[0].account_type)
                out.append(f"<h3>{escape(person)}: {escape(kind)} {escape(account)}</h3>{chart}")
    bars = limit_bars(report.limit_use)
    if bars:
        out.append(f"<h3>Contributions against the limit</h3>{bars}")
    out.append(
        '<p class="muted">Balances: the line is the money in and out of the account (trades '
        "inside it do not move it; a known Dec 31 value resets it). Green dots: contributions; "
        "orange dots: conversions; blue squares: Dec 31 values of $0; red squares, labelled: "
        "pre-tax money left on Dec 31 (it counts on Form 8606 line 6). Bars: contributions "
        "for each tax year; dashed red: that year's limit.</p>"
    )
    return out


def _forms(v: ReportView) -> list[str]:
    out = ["<h2>Form 8606</h2>"]
    for form in v.forms:
        filed = "required" if form.required else "not required"
        rows = [
            (ln.line, ln.caption, ln.value, ln.sources)
            for ln in form.lines
            if ln.value not in (SKIPPED, UNKNOWN)
        ]
        out.append(f"<h3>{escape(form.person)}, {form.tax_year} ({filed})</h3>")
        out.append(_table(("line", "what", "amount", "rows"), rows, {2}))
        out += [f'<p class="muted">{escape(blank)}</p>' for blank in blank_lines(form)]
        out += [f'<p class="muted">{escape(n)}</p>' for n in form.notes]
    return out


def _inputs(v: ReportView) -> list[str]:
    out = [
        "<h2>Inputs</h2>",
        _table(
            ("file", "importer", "rows", "imported", "duplicates", "rejected", "skipped"),
            v.inputs,
            {2, 3, 4, 5, 6},
        ),
    ]
    out += [f'<p class="muted">{escape(n)}</p>' for n in v.input_notes]
    out.append("<h3>Rejected rows</h3>")
    if v.rejections:
        return [*out, _table(("file", "line", "reason"), v.rejections)]
    return [*out, "<p>No rows were rejected.</p>"]
