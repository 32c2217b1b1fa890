"""Markdown, HTML and Excel writers: goldens, escaping, formula injection, masking, determinism."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import openpyxl
from conftest import FIXTURES
from report_support import ROTH, TRAD, sample_report

from rothaudit.writers.html import render_html, write_html
from rothaudit.writers.markdown import render_markdown
from rothaudit.writers.xlsx import FORMULA_STARTS, write_xlsx

GOLDEN = FIXTURES / "reports" / "sample"


def test_markdown_golden(golden) -> None:
    golden(GOLDEN / "report.md", render_markdown(sample_report()))


def test_html_golden(golden) -> None:
    golden(GOLDEN / "report.html", render_html(sample_report()))


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_html_escapes_export_text_and_fetches_nothing() -> None:
    parser = _Tags()
    parser.feed(render_html(sample_report()))
    names = [t for t, _ in parser.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    assert any("<script>alert(1)</script>" in t for t in parser.text)  # shown as text
    for _, attrs in parser.tags:
        for key in ("src", "href"):
            assert key not in attrs
    assert "svg" in names and "polyline" in names


def _all_text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_no_unmasked_account_numbers(tmp_path: Path) -> None:
    report = sample_report()
    (tmp_path / "report.md").write_text(render_markdown(report))
    write_html(report, tmp_path)
    for name in ("report.md", "report.html"):
        text = _all_text(tmp_path / name)
        assert TRAD not in text and ROTH not in text, name
        assert "...3456" in text
    wb = openpyxl.load_workbook(write_xlsx(report, tmp_path))
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert TRAD not in str(cell.value) and ROTH not in str(cell.value)


def test_xlsx_has_no_formula_cells_and_numbers_are_numbers(tmp_path: Path) -> None:
    wb = openpyxl.load_workbook(write_xlsx(sample_report(), tmp_path))
    assert wb.sheetnames == [
        "Summary",
        "Findings",
        "Form 8606",
        "Basis ledger",
        "Dec 31 values",
        "Transactions",
        "Rejections",
    ]
    crafted_seen = False
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                where = f"{ws.title}!{cell.coordinate}"
                assert cell.data_type != "f", f"{where} is a formula"
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s" and cell.quotePrefix, f"{where} not quoted"
                    crafted_seen |= cell.value.startswith("=HYPERLINK")
    assert crafted_seen
    tx = wb["Transactions"]
    assert tx["F2"].value == 7000 and tx["F2"].number_format.startswith('"$"')
    form = wb["Form 8606"]
    assert form["A11"].value == "10" and str(form["C11"].value) == "0.99986"
    assert form["C2"].value == 7000 and form["C2"].number_format.startswith('"$"#,##0')
    for ws in wb.worksheets:  # every amount is a number shown as dollars (not text, not General)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, float) and ws.title != "Summary":
                    assert cell.number_format.startswith(('"$"', "0.0")), cell.coordinate


def test_xlsx_bytes_are_stable(tmp_path: Path) -> None:
    a = write_xlsx(sample_report(), tmp_path).read_bytes()
    (tmp_path / "report.xlsx").unlink()
    assert write_xlsx(sample_report(), tmp_path).read_bytes() == a


def test_markdown_carries_no_raw_html_from_exports() -> None:
    text = render_markdown(sample_report())
    assert "\\<script>alert(1)\\</script>" in text
    unescaped = re.findall(r"(?<!\\)<(?!https?://)", text)  # only our own <url> autolinks
    assert unescaped == []


def _unknown_report():
    """The sample with line 6 and what follows from it unknown (a Dec 31 value missing)."""
    from dataclasses import replace

    report = sample_report()
    form = report.form8606[0]
    unknown = ("6", "9", "10", "11", "13", "14", "17", "18")
    report.form8606 = [
        replace(form, lines=dict(form.lines) | dict.fromkeys(unknown), unknown_lines=unknown)
    ]
    return report


def test_unknown_lines_are_not_called_skipped_as_the_form_directs(tmp_path: Path) -> None:
    report = _unknown_report()
    for text in (render_markdown(report), render_html(report)):
        skipped = re.search(r"Lines left blank as the form directs: ([^.]*)\.", text)
        assert skipped is not None and skipped.group(1) == "19, 20, 21, 22, 23, 24, 25a, 25b, 25c"
        unknown = re.search(r"Lines unknown, left blank until[^:]*: ([^.]*)\.", text)
        assert unknown is not None and unknown.group(1) == "6, 9, 10, 11, 13, 14, 17, 18"
    write_xlsx(report, tmp_path)
    ws = openpyxl.load_workbook(tmp_path / "report.xlsx")["Form 8606"]
    cells = {row[0].value: row[2].value for row in ws.iter_rows(min_row=2)}
    assert cells["6"] == "unknown" and cells["14"] == "unknown"
    assert cells["4"] == 0 and cells["19"] is None  # skipped stays blank
