"""`report.xlsx`: the accountant's workbook. Amounts are numbers in currency format; text that
came from an export is always a string cell (never a formula, whatever it starts with).

Byte-stable for the same inputs and as-of day: document dates are the as-of day and the zip
entries carry a fixed timestamp.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from rothaudit.audit.model import FORM_LINES, Report
from rothaudit.writers.captions import FORM_8606_CAPTIONS
from rothaudit.writers.mask import mask_known
from rothaudit.writers.view import UNKNOWN, ReportView, build_view

CURRENCY = '"$"#,##0.00;-"$"#,##0.00'
WHOLE = '"$"#,##0;-"$"#,##0'  # Form 8606 is whole dollars
DAY = "yyyy-mm-dd"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

Cell = str | Decimal | int | date | None


def _put(ws: Worksheet, row: int, col: int, value: Cell, number_format: str | None = None) -> None:
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"  # never a formula, even when the text starts with "="
        if value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True
    else:
        cell.value = value
        if number_format and value is not None:
            cell.number_format = number_format


def _sheet(
    wb: Workbook,
    title: str,
    header: Sequence[str],
    rows: Sequence[Sequence[Cell]],
    formats: dict[int, str] | None = None,
) -> Worksheet:
    ws = wb.create_sheet(title)
    for c, h in enumerate(header, 1):
        _put(ws, 1, c, h)
        ws.cell(row=1, column=c).font = Font(bold=True)
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row, 1):
            _put(ws, r, c, value, (formats or {}).get(c))
    for c, h in enumerate(header, 1):
        width = max([len(h)] + [len(str(row[c - 1] or "")) for row in rows[:200]])
        ws.column_dimensions[get_column_letter(c)].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"
    return ws


def build_workbook(report: Report) -> Workbook:
    v = build_view(report)
    wb = Workbook()
    wb.remove(wb.active)
    _summary(wb, v)
    _sheet(
        wb,
        "Findings",
        (
            "severity",
            "code",
            "name",
            "person",
            "tax year",
            "accounts",
            "amount",
            "message",
            "action",
            "deadline",
            "rows",
            "citations",
        ),
        [
            (
                f.severity,
                f.code,
                f.name,
                f.person,
                raw.tax_year,
                f.accounts,
                raw.amount,
                f.message,
                f.action,
                raw.deadline,
                f.evidence,
                f.citations,
            )
            for f, raw in zip(v.findings, report.findings, strict=True)
        ],
        {7: CURRENCY, 10: DAY},
    )
    _form_sheet(wb, report)
    _sheet(
        wb,
        "Basis ledger",
        ("person", "year", "line 2 (in)", "line 1", "nontaxable (13)", "line 14 (out)", "chains"),
        [
            (
                b.person,
                b.tax_year,
                "unknown" if b.line2 is None else b.line2,
                b.contributions,
                "-"
                if b.nontaxable_skipped
                else ("unknown" if b.nontaxable is None else b.nontaxable),
                "unknown" if b.line14 is None else b.line14,
                "unknown" if b.continuous is None else ("yes" if b.continuous else "BROKEN"),
            )
            for b in report.basis_ledger
        ],
        {3: WHOLE, 4: WHOLE, 5: WHOLE, 6: WHOLE},
    )
    _sheet(
        wb,
        "Dec 31 values",
        ("person", "year", "account", "type", "Dec 31 value", "from", "rows", "note"),
        [
            (y[0], raw.tax_year, y[2], y[3], raw.value, *y[5:])
            for y, raw in zip(v.year_end, report.year_end_values, strict=True)
        ],
        {5: CURRENCY},
    )
    _sheet(
        wb,
        "Transactions",
        ("date", "person", "account", "type", "kind", "amount", "action", "source file", "line"),
        [
            (
                raw.date,
                e.person,
                e.account,
                e.account_type,
                e.kind,
                raw.amount,
                e.action,
                mask_known(raw.ref.file, report.masked_numbers),
                raw.ref.line,
            )
            for e, raw in zip(v.events, report.events, strict=True)
        ],
        {1: DAY, 6: CURRENCY},
    )
    _sheet(wb, "Rejections", ("file", "line", "reason"), v.rejections)
    return wb


def _summary(wb: Workbook, v: ReportView) -> None:
    rows: list[Sequence[Cell]] = [
        ("As of", v.as_of),
        ("People", ", ".join(v.people)),
        ("Tax years", ", ".join(str(y) for y in v.years)),
        *((f"Findings: {s}", v.severity_counts.get(s, 0)) for s in ("error", "warning", "info")),
        ("", ""),
        ("Input file", "importer / rows / imported / duplicates / rejected / skipped"),
        *((i[0], " / ".join(i[1:])) for i in v.inputs),
        ("", ""),
        ("Still needed from the client", ""),
        *(("", c) for c in v.checklist),
    ]
    _sheet(wb, "Summary", ("item", "value"), rows)


def _form_sheet(wb: Workbook, report: Report) -> None:
    """One column per person-year; line 10 as a ratio, other lines whole dollars; blank =
    skipped as the form directs, `unknown` = cannot be computed until a missing fact is given."""
    header = ["line", "what"] + [f"{f.person} {f.tax_year}" for f in report.form8606]
    rows = []
    for line in FORM_LINES:
        values = [
            UNKNOWN if line in f.unknown_lines else f.lines.get(line) for f in report.form8606
        ]
        rows.append([line, FORM_8606_CAPTIONS[line], *values])
    rows.append(
        [
            "required",
            "Form 8606 must be filed",
            *("yes" if f.required else "no" for f in report.form8606),
        ]
    )
    ws = _sheet(wb, "Form 8606", header, rows)
    for r, line in enumerate(FORM_LINES, 2):
        for c in range(3, 3 + len(report.form8606)):
            ws.cell(row=r, column=c).number_format = "0.00000" if line == "10" else WHOLE


def write_xlsx(report: Report, out_dir: Path) -> Path:
    wb = build_workbook(report)
    stamp = datetime(report.as_of.year, report.as_of.month, report.as_of.day)
    wb.properties.created = wb.properties.modified = stamp
    wb.properties.creator = "rothaudit"
    raw = io.BytesIO()
    # Not `wb.save`: it stamps docProps/core.xml with the wall clock as "modified".
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).save()
    path = out_dir / "report.xlsx"
    path.write_bytes(_fixed_zip(raw.getvalue(), stamp))
    return path


def _fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """Re-pack with fixed entry timestamps so identical workbooks are identical bytes."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()
