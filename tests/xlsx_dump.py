"""A workbook as text for golden files: every non-empty cell with its type, number format and
value, sheet by sheet. Excel is compared as cells, never bytes (CONVENTIONS: golden files)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl


def _value(value: object) -> str:
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    return repr(value)


def dump_workbook(path: Path) -> str:
    """`== Sheet` then `A1 <type> <format> <value>` per cell; `'` marks a quote-prefixed text."""
    wb = openpyxl.load_workbook(path)
    out: list[str] = []
    for ws in wb.worksheets:
        out.append(f"== {ws.title} ({ws.max_row}x{ws.max_column}, freeze {ws.freeze_panes})")
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                quote = "'" if cell.quotePrefix else ""
                out.append(
                    f"{cell.coordinate}\t{cell.data_type}{quote}\t{cell.number_format}\t"
                    f"{_value(cell.value)}"
                )
    return "\n".join(out) + "\n"
