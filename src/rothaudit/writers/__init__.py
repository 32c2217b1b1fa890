"""Report writers: they format what the auditor computed and never compute tax logic.

`WRITERS` maps a `--format` name to `write(report, out_dir) -> path written`. Entries import
their module only when called, so importing this package stays cheap (no openpyxl at start-up).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rothaudit.audit.model import Report

FORMATS: tuple[str, ...] = ("md", "html", "json", "xlsx")  # CONTRACT `--format` names


def _json(report: Report, out_dir: Path) -> Path:
    from rothaudit.writers.json_report import write_json

    return write_json(report, out_dir)


def _md(report: Report, out_dir: Path) -> Path:
    from rothaudit.writers.markdown import write_markdown

    return write_markdown(report, out_dir)


def _html(report: Report, out_dir: Path) -> Path:
    from rothaudit.writers.html import write_html

    return write_html(report, out_dir)


def _xlsx(report: Report, out_dir: Path) -> Path:
    from rothaudit.writers.xlsx import write_xlsx

    return write_xlsx(report, out_dir)


WRITERS: dict[str, Callable[[Report, Path], Path]] = {
    "json": _json,
    "md": _md,
    "html": _html,
    "xlsx": _xlsx,
}
