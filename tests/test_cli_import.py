"""`rothaudit import` end to end through the CLI entry point: exit codes, stderr, `--out`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest
from conftest import FIXTURES
from stub_importer import install, write_stub

from rothaudit import schema
from rothaudit.cli.app import main

BROKEN = sorted(p for p in (FIXTURES / "importers" / "broken").iterdir() if p.suffix != ".golden")
ROWS = [
    "1111,2024-01-02,contribution,3500.25,",
    "1111,2024-01-03,conversion_out,-7000,-12.5",
    "1111,2024-01-04,fee,x,",
]


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as done:
        main(argv)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return done.value.code, out, err


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.name)
def test_broken_file_is_exit_2_and_one_line(path: Path, capsys) -> None:
    code, out, err = run(["import", str(path)], capsys)
    assert code == 2
    assert out == ""
    expected = path.with_name(path.name + ".golden").read_text(encoding="utf-8")
    assert err == f"rothaudit: {expected}"


def test_broken_file_in_a_folder_is_named_relative_to_it(tmp_path: Path, capsys) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "junk.csv").write_bytes(
        (FIXTURES / "importers/broken/junk.csv").read_bytes()
    )
    code, _, err = run(["import", str(tmp_path)], capsys)
    assert code == 2
    assert err.startswith("rothaudit: sub/junk.csv: ") and err.count("\n") == 1


def test_missing_path_and_usage_errors_are_one_line(tmp_path: Path, capsys) -> None:
    code, _, err = run(["import", str(tmp_path / "gone.csv")], capsys)
    assert (code, err) == (2, f"rothaudit: {tmp_path / 'gone.csv'}: no such file or folder\n")
    code, _, err = run(["import"], capsys)
    assert code == 2 and err.count("\n") == 1 and err.startswith("rothaudit: ")
    code, _, err = run(["import", "--bogus", str(tmp_path)], capsys)
    assert code == 2 and err.count("\n") == 1 and "--bogus" in err


@pytest.fixture
def export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    install(monkeypatch)
    return write_stub(tmp_path / "in" / "OfxDownload.csv", ROWS)


def test_summary_lists_counts_and_rejections(export: Path, capsys) -> None:
    code, out, err = run(["import", str(export)], capsys)
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0].split() == [
        "file",
        "importer",
        "rows",
        "imported",
        "duplicates",
        "rejected",
        "skipped",
    ]
    assert lines[1].split() == ["OfxDownload.csv", "stub_vanguard", "4", "2", "0", "1", "1"]
    assert "  OfxDownload.csv:4: unparseable row '1111,2024-01-04,fee,x,'" in lines


def test_out_parquet_keeps_decimals(export: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "frame.parquet"
    code, out, _ = run(["import", str(export), "--out", str(target)], capsys)
    assert code == 0 and out.endswith(f"wrote {target}\n")
    frame = pl.read_parquet(target)
    assert frame.schema == pl.Schema(schema.TRANSACTIONS_SCHEMA)
    assert frame["amount"].dtype == pl.Decimal(38, 6)
    assert [str(v) for v in frame["amount"]] == ["3500.250000", "-7000.000000"]
    assert [v is None or str(v) for v in frame["quantity"]] == [True, "-12.500000"]


def test_out_csv_writes_the_frame(export: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "frame.CSV"
    code, _, _ = run(["import", str(export), "--out", str(target)], capsys)
    assert code == 0
    frame = pl.read_csv(target, schema=schema.TRANSACTIONS_SCHEMA)
    assert frame.columns == list(schema.TRANSACTIONS_SCHEMA)
    assert [str(v) for v in frame["amount"]] == ["3500.250000", "-7000.000000"]
    assert "e+" not in target.read_text() and "3500.25" in target.read_text()


@pytest.mark.parametrize("name", ["frame.xlsx", "frame", "frame.csv.gz"])
def test_bad_out_suffix_is_exit_2_one_line(export: Path, tmp_path: Path, capsys, name) -> None:
    target = tmp_path / name
    code, _, err = run(["import", str(export), "--out", str(target)], capsys)
    assert code == 2
    assert err == f"rothaudit: {target}: --out must end in .csv or .parquet\n"
    assert not target.exists()


@pytest.mark.parametrize("argv", [["--help"], ["import", "--help"], ["--version"]])
def test_help_does_not_load_polars_or_pandera(argv: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "rothaudit", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    loaded = {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    heavy = sorted(m for m in loaded if m.split(".")[0] in {"polars", "pandera", "ofxparse"})
    assert heavy == [], heavy
    assert "rothaudit" in done.stdout
