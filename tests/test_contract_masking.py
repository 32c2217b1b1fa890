"""CONTRACT masking (section 3, last point) where it is easy to get wrong: account numbers are
masked in file names too, while the user's own paths and six-digit amounts are left alone."""

from __future__ import annotations

import json
from pathlib import Path

from test_cli_audit import BACKDOOR, PROFILE, audit, household, run


def test_terminal_summary_keeps_the_out_path_and_large_amounts(tmp_path: Path, capsys) -> None:
    rows = [
        ("41234567", "2024-01-10", "Rollover (incoming)", "500000.00"),
        ("41234567", "2024-02-05", "Contribution", "7000.00"),
        ("41234567", "2024-02-12", "Conversion (outgoing)", "-300000.00"),
        ("49876543", "2024-02-12", "Conversion (incoming)", "300000.00"),
    ]
    profile = PROFILE + '\n[[year_end_values]]\ntax_year = 2024\naccount = "41234567"\n'
    profile += 'value = "207000"\n'
    folder = household(tmp_path, rows, profile)
    out = tmp_path / "report-20250301"
    code, stdout, err = run(audit(folder, out), capsys)
    assert code in (0, 1) and err == ""
    assert f"wrote {out / 'report.json'}" in stdout
    data = json.loads((out / "report.json").read_text())
    [form] = data["form8606"]
    line18 = form["lines"]["18"]
    assert len(line18) >= 6  # the case this test is about: six or more digits
    assert f"line 18 taxable {int(line18):,}" in stdout
    assert "41234567" not in stdout


def test_file_names_holding_an_account_number_are_masked(tmp_path: Path, capsys) -> None:
    folder = household(tmp_path, BACKDOOR)
    (folder / "OfxDownload.csv").rename(folder / "History_41234567.csv")
    code, _, err = run(audit(folder, tmp_path / "r"), capsys)
    assert (code, err) == (0, "")
    text = (tmp_path / "r" / "report.json").read_text()
    assert "41234567" not in text
    assert [i["file"] for i in json.loads(text)["inputs"]] == ["History_...4567.csv"]


def test_file_names_are_masked_in_every_report_format(tmp_path: Path, capsys) -> None:
    """The human formats name files in evidence, inputs, sources and the Transactions sheet."""
    from openpyxl import load_workbook

    folder = household(tmp_path, BACKDOOR)
    (folder / "OfxDownload.csv").rename(folder / "History_41234567.csv")
    args = audit(folder, tmp_path / "r")
    args[args.index("--format") + 1] = "json,md,html,xlsx"
    code, _, err = run(args, capsys)
    assert (code, err) == (0, "")
    for name in ("report.md", "report.html"):
        text = (tmp_path / "r" / name).read_text()
        assert "History_...4567.csv" in text, name
        assert "41234567" not in text, name
    cells = [
        str(cell)
        for sheet in load_workbook(tmp_path / "r" / "report.xlsx").worksheets
        for row in sheet.iter_rows(values_only=True)
        for cell in row
        if cell is not None
    ]
    assert "History_...4567.csv" in cells
    assert not [c for c in cells if "41234567" in c]
