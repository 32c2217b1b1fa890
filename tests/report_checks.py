"""Checks every written report must pass, shared by the writer, household and demo tests.

Account numbers are collected from the inputs independently of rothaudit (so a number the auditor
never learnt still counts): household.toml accounts, every CSV column named like "Account", bare
account lines in statements, OFX ACCTIDs, and 6+ digit runs inside exported free text.
"""

from __future__ import annotations

import csv
import re
import tomllib
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import openpyxl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"[A-Z]{0,3}\d{5,12}")
TEXT_COLUMNS = ("action", "description", "memo", "name")
ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "h1", "h2", "h3", "p", "table", "thead",
    "tbody", "tr", "th", "td", "div", "span", "strong", "br", "ul", "li", "svg", "line",
    "polyline", "circle", "rect", "text", "tspan",
}  # fmt: skip


def account_numbers(source: Path) -> set[str]:
    """Every account number the inputs under `source` (a folder or file) contain."""
    files = [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
    found: set[str] = set()
    for path in files:
        if path.parts[-2:-1] == ("expected",):
            continue
        if path.name == "household.toml":
            found |= _toml_numbers(path)
        elif path.suffix.lower() == ".csv":
            found |= _csv_numbers(path)
        elif path.suffix.lower() in (".ofx", ".qfx"):
            text = path.read_text(encoding="utf-8", errors="replace")
            found |= set(re.findall(r"<ACCTID>\s*([^<\s]+)", text))
    return {n for n in found if len(n) > 4}


def _toml_numbers(path: Path) -> set[str]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    found = set(data.get("accounts", {}))
    for section in data.values():
        for item in section if isinstance(section, list) else []:
            if isinstance(item, dict) and NUMBER.fullmatch(str(item.get("account", ""))):
                found.add(str(item["account"]))
    return found


def _csv_numbers(path: Path) -> set[str]:
    found: set[str] = set()
    header: list[str] = []
    with path.open(encoding="utf-8-sig", errors="replace", newline="") as fh:
        for row in csv.reader(fh):
            cells = [c.strip() for c in row]
            if any("account" in c.lower() for c in cells) and not any(
                NUMBER.fullmatch(c) for c in cells
            ):
                header = [c.lower() for c in cells]
                continue
            if len([c for c in cells if c]) == 1 and NUMBER.fullmatch(cells[0]):
                found.add(cells[0])  # a statement's bare account line
            for i, cell in enumerate(cells):
                name = header[i] if i < len(header) else ""
                if "account" in name and NUMBER.fullmatch(cell):
                    found.add(cell)
                elif any(word in name for word in TEXT_COLUMNS):
                    found |= set(re.findall(r"(?<!\d)\d{6,}(?!\d)", cell))
    return found


def report_texts(folder: Path) -> dict[str, str]:
    """Every report in `folder` as text; the workbook as all its cell values."""
    texts = {
        p.name: p.read_text(encoding="utf-8")
        for p in sorted(folder.iterdir())
        if p.suffix in (".md", ".html", ".json")
    }
    xlsx = folder / "report.xlsx"
    if xlsx.exists():
        wb = openpyxl.load_workbook(xlsx)
        texts[xlsx.name] = "\n".join(
            str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row
        )
        with zipfile.ZipFile(xlsx) as z:  # also the raw parts (sheet names, properties)
            texts[xlsx.name] += "\n".join(
                z.read(n).decode("utf-8", "replace") for n in z.namelist()
            )
    return texts


def assert_no_account_numbers(source: Path, folder: Path, summary: str = "") -> None:
    """No report (nor the terminal summary) holds a whole account number from the inputs."""
    numbers = account_numbers(source)
    assert numbers, f"no account numbers found in {source}: the check would prove nothing"
    texts = {**report_texts(folder), "terminal summary": summary}
    assert {"report.md", "report.html", "report.json", "report.xlsx"} <= set(texts)
    for name, text in texts.items():
        leaked = sorted(n for n in numbers if n in text)
        assert not leaked, f"{name} shows unmasked account numbers {leaked}"
    assert any(f"...{n[-4:]}" in texts["report.md"] for n in numbers), "nothing masked shown"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_html(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    parser.close()
    return parser


def assert_html_inert(page: str) -> _Page:
    """Only our own tags; nothing that fetches, links or runs: the page works offline as is."""
    parsed = parse_html(page)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED_TAGS, f"unexpected <{tag}> in report.html"
        for key, value in attrs.items():
            assert key not in ("src", "href", "srcset", "action") and not key.startswith("on"), (
                f"<{tag} {key}=...> in report.html"
            )
            assert "url(" not in (value or "") and "http" not in (value or ""), (tag, key, value)
    style = "".join(page.split("<style>", 1)[1].split("</style>", 1)[:1])
    assert "url(" not in style and "@import" not in style
    return parsed


def assert_xlsx_inert(path: Path) -> None:
    """No formula anywhere; text that could start one is a quote-prefixed string cell."""
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                where = f"{ws.title}!{cell.coordinate}"
                assert cell.data_type != "f", f"{where} is a formula"
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.data_type == "s" and cell.quotePrefix, f"{where} is not quoted"
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/"):
                assert not re.search(rb"<f[ >]", z.read(name)), f"{name} holds a formula"
