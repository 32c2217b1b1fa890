"""Hostile export text through the whole CLI: HTML stays inert (`<script>` shown, never run), the
workbook holds no formula (a cell starting with = is quoted text), account numbers are masked in
all four reports and the terminal; `--format` picks the files and `--quiet` prints nothing."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_checks import (
    assert_html_inert,
    assert_no_account_numbers,
    assert_xlsx_inert,
)
from test_cli_audit import HEADER, PROFILE  # Vanguard's header, one-person Backdoor household
from xlsx_dump import dump_workbook

from rothaudit.cli.app import main

ROWS = [
    ("41234567", "2024-02-05", "Contribution", "Contribution", "7000.00"),
    ("41234567", "2024-02-12", "Conversion (outgoing)", '=HYPERLINK("http://evil")', "-7000.00"),
    ("49876543", "2024-02-12", "Conversion (incoming)", "<script>alert(1)</script> 41234567", "7000.00"),
    ("49876543", "2024-02-13", "<script>alert(2)</script>", "@SUM(A1)", "-7000.00"),
]  # fmt: skip
HOSTILE_FILE = '=HYPERLINK("http:evil").csv'  # a file name is export text too


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [HEADER] + [
        f"{a},{d},{d},{kind},{text},CASH,,0.00000,0.0,{amt},0.0,{amt},0.0,CASH,"
        for a, d, kind, text, amt in ROWS
    ]
    (folder / HOSTILE_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    (folder / "household.toml").write_text(PROFILE, encoding="utf-8")
    return folder


def audit(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(["audit", *argv, "--as-of", "2025-03-01"])
    out, err = capsys.readouterr()
    return int(done.value.code), out, err


def test_hostile_export_text_is_inert_and_masked_everywhere(hostile, tmp_path, capsys) -> None:
    out_dir = tmp_path / "out"
    code, out, err = audit([str(hostile), "--out", str(out_dir)], capsys)
    assert (code, err) == (0, "")
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    parsed = assert_html_inert(page)
    assert "<script>alert(2)</script>" in "".join(parsed.text)  # shown as text on the page
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in page
    md = (out_dir / "report.md").read_text(encoding="utf-8")
    assert "\\<script>alert(2)\\</script>" in md
    assert re.findall(r"(?<!\\)<(?!https?://)", md) == []  # every < from an export escaped
    assert_xlsx_inert(out_dir / "report.xlsx")
    cells = dump_workbook(out_dir / "report.xlsx")
    assert f"\ts'\tGeneral\t{HOSTILE_FILE!r}" in cells  # the file name, as quoted text
    assert "<script>alert(1)</script> ...4567" in cells  # masked inside exported text
    assert_no_account_numbers(hostile, out_dir, out)
    assert "report.html" in out and "41234567" not in out + err


def test_format_picks_the_files_and_quiet_prints_nothing(hostile, tmp_path, capsys) -> None:
    out_dir = tmp_path / "out"
    code, out, err = audit([str(hostile), "--out", str(out_dir), "--format", "md,html"], capsys)
    assert code == 0 and err == ""
    assert sorted(p.name for p in out_dir.iterdir()) == ["report.html", "report.md"]
    assert "wrote" in out and "report.md" in out and "report.json" not in out

    quiet_dir = tmp_path / "quiet"
    code, out, err = audit(
        [str(hostile), "--out", str(quiet_dir), "--format", "xlsx", "--quiet"], capsys
    )
    assert (code, out, err) == (0, "", "")
    assert sorted(p.name for p in quiet_dir.iterdir()) == ["report.xlsx"]


def test_reports_name_files_relative_to_the_folder_given(hostile, tmp_path, capsys) -> None:
    out_dir = tmp_path / "out"
    audit([str(hostile), "--out", str(out_dir)], capsys)
    for name in ("report.md", "report.html", "report.json"):
        text = (out_dir / name).read_text(encoding="utf-8")
        assert str(hostile) not in text and str(tmp_path) not in text, name
    assert str(tmp_path) not in dump_workbook(out_dir / "report.xlsx")
