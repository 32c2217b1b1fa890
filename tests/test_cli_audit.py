"""`rothaudit audit` through the entry point: exit codes 0/1/2, one stderr line for every input
error, report.json written and byte-identical across runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rothaudit.cli.app import main

HEADER = (
    "Account Number,Trade Date,Settlement Date,Transaction Type,Transaction Description,"
    "Investment Name,Symbol,Shares,Share Price,Principal Amount,Commissions and Fees,Net Amount,"
    "Accrued Interest,Account Type,"
)


def vanguard_csv(path: Path, rows: list[tuple[str, str, str, str]]) -> Path:
    """An invented Vanguard download: (account, date, transaction type, net amount) rows."""
    lines = [HEADER]
    for account, day, kind, amount in rows:
        lines.append(
            f"{account},{day},{day},{kind},{kind},CASH,,0.00000,0.0,{amount},0.0,{amount},0.0,CASH,"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


BACKDOOR = [
    ("41234567", "2024-02-05", "Contribution", "7000.00"),
    ("41234567", "2024-02-12", "Conversion (outgoing)", "-7000.00"),
    ("49876543", "2024-02-12", "Conversion (incoming)", "7000.00"),
]
PROFILE = """\
[household]
filing_status = "single"

[people.alex]
birth_date = 1980-05-01
magi = { 2024 = 300000 }

[accounts."41234567"]
owner = "alex"
type = "traditional_ira"

[accounts."49876543"]
owner = "alex"
type = "roth_ira"
"""


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(argv)
    out, err = capsys.readouterr()
    return int(done.value.code), out, err


def audit(folder: Path, out: Path, *extra: str) -> list[str]:
    return [
        "audit",
        str(folder),
        "--out",
        str(out),
        "--format",
        "json",
        "--as-of",
        "2025-03-01",
        *extra,
    ]


def household(
    tmp_path: Path, rows: list[tuple[str, str, str, str]], profile: str = PROFILE
) -> Path:
    folder = tmp_path / "in"
    vanguard_csv(folder / "OfxDownload.csv", rows)
    (folder / "household.toml").write_text(profile, encoding="utf-8")
    return folder


def test_clean_backdoor_exits_0_and_writes_report_json(tmp_path: Path, capsys) -> None:
    folder = household(tmp_path, BACKDOOR)
    code, out, err = run(audit(folder, tmp_path / "new" / "report"), capsys)
    assert (code, err) == (0, "")
    data = json.loads((tmp_path / "new" / "report" / "report.json").read_text())
    assert data["people"] == ["alex"]
    assert [f["severity"] for f in data["findings"] if f["severity"] == "error"] == []
    [form] = data["form8606"]
    assert (form["tax_year"], form["lines"]["8"], form["lines"]["18"]) == (2024, "7000", "0")
    assert "report.json" in out and "alex" in out
    assert "41234567" not in out + json.dumps(data)


def test_error_finding_exits_1(tmp_path: Path, capsys) -> None:
    rows = [*BACKDOOR, ("41234567", "2024-06-03", "Contribution", "7000.00")]
    code, _, err = run(audit(household(tmp_path, rows), tmp_path / "r"), capsys)
    data = json.loads((tmp_path / "r" / "report.json").read_text())
    assert (code, err) == (1, "")
    assert "over-contribution" in {f["name"] for f in data["findings"]}


def test_report_json_is_byte_identical_across_runs(tmp_path: Path, capsys) -> None:
    folder = household(tmp_path, [*BACKDOOR, ("41234567", "2024-02-29", "Dividend", "0.53")])
    assert run(audit(folder, tmp_path / "a"), capsys)[0] in (0, 1)
    assert run(audit(folder, tmp_path / "b"), capsys)[0] in (0, 1)
    first = (tmp_path / "a" / "report.json").read_bytes()
    assert first == (tmp_path / "b" / "report.json").read_bytes()
    assert b"stray-balance" in first


def test_unknown_account_type_is_exit_2_naming_it(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    vanguard_csv(
        folder / "OfxDownload.csv", [("12345678", "2024-02-05", "Contribution", "7000.00")]
    )
    code, out, err = run(audit(folder, tmp_path / "r"), capsys)
    assert (code, out) == (2, "")
    assert err == (
        "rothaudit: OfxDownload.csv: account ...5678: cannot tell its type; "
        "describe it in household.toml [accounts]\n"
    )


def test_malformed_profile_is_exit_2_with_its_line(tmp_path: Path, capsys) -> None:
    folder = household(tmp_path, BACKDOOR, PROFILE.replace('"single"', '"married"'))
    code, _, err = run(audit(folder, tmp_path / "r"), capsys)
    assert code == 2 and err.startswith("rothaudit: household.toml:2: ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--format", "json,pdf"],
            "rothaudit: --format: unknown format 'pdf' (choose from md, html, json, xlsx)\n",
        ),
        (
            ["--as-of", "2025-13-01"],
            "rothaudit: --as-of: not an ISO date (YYYY-MM-DD): '2025-13-01'\n",
        ),
    ],
)
def test_usage_errors_are_one_line(tmp_path: Path, capsys, extra: list[str], message: str) -> None:
    code, out, err = run(audit(household(tmp_path, BACKDOOR), tmp_path / "r", *extra), capsys)
    assert (code, out, err) == (2, "", message)
    assert not (tmp_path / "r").exists()


def test_year_without_tax_figures_is_exit_2_naming_the_file(tmp_path: Path, capsys) -> None:
    rows = [(a, d.replace("2024", "2016"), k, v) for a, d, k, v in BACKDOOR]
    code, out, err = run(audit(household(tmp_path, rows), tmp_path / "r"), capsys)
    assert (code, out) == (2, "")
    assert (
        err.startswith("rothaudit: OfxDownload.csv: no tax figures for 2016")
        and err.count("\n") == 1
    )


def test_contribution_year_entry_with_a_typo_is_an_error_naming_its_line(
    tmp_path: Path, capsys
) -> None:
    """The demo's 2024-02-05 entry with its date mistyped: the contribution stays where the
    export put it, and the report says the entry was not applied, with its household.toml line."""
    import shutil

    from conftest import FIXTURES

    folder = tmp_path / "demo"
    shutil.copytree(FIXTURES / "demo", folder)
    profile = folder / "household.toml"
    text = profile.read_text(encoding="utf-8")
    assert text.count("date = 2024-02-05") == 1
    profile.write_text(text.replace("date = 2024-02-05", "date = 2024-02-06"), encoding="utf-8")
    line = text.splitlines().index("date = 2024-02-05") - 1  # its [[contribution_years]] line
    code, _, _ = run(audit(folder, tmp_path / "r", "--as-of", "2026-03-01"), capsys)
    data = json.loads((tmp_path / "r" / "report.json").read_text())
    [f] = [f for f in data["findings"] if f["name"] == "unmatched-contribution-year"]
    assert code == 1 and f["severity"] == "error" and f["tax_year"] == 2024
    assert {"file": "household.toml", "line": line} in f["evidence"]
    assert "2024-02-05" in f["message"] and f"household.toml line {line}" in f["message"]
