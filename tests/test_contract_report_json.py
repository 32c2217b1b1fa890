"""CONTRACT section 3 checked field by field on a real run (the demo household): names, types,
money as decimal strings, Form 8606 lines, relative file names, masked accounts."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from conftest import FIXTURES
from test_cli_audit import run

from rothaudit.cli.app import main

DEMO = FIXTURES / "demo"
FORM_LINES = [str(n) for n in range(1, 15)] + ["15a", "15b", "15c", "16", "17", "18"]
SEVERITIES = {"error", "warning", "info"}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict:
    if not (DEMO / "household.toml").exists():
        pytest.skip("no demo household")
    out = tmp_path_factory.mktemp("demo")
    argv = ["audit", str(DEMO), "--out", str(out), "--format", "json", "--as-of", "2026-03-01"]
    with pytest.raises(SystemExit) as done:
        main(argv)
    assert done.value.code in (0, 1)
    return json.loads((out / "report.json").read_text(encoding="utf-8"))


def money(value: object) -> Decimal:
    assert isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value), value
    return Decimal(value)


def refs_ok(refs: list, files: set[str]) -> None:
    for ref in refs:
        assert set(ref) == {"file", "line"} and isinstance(ref["line"], int) and ref["line"] >= 1
        assert ref["file"] in files, ref


def test_top_level(report: dict) -> None:
    assert report["schema"] == "rothaudit/report-v1"
    assert report["as_of"] == "2026-03-01"
    for key in ("inputs", "rejections", "people", "findings", "form8606"):
        assert isinstance(report[key], list), key
    assert report["people"] == sorted(report["people"]) and report["people"]


def test_inputs_add_up_and_are_relative(report: dict) -> None:
    keys = ("rows", "imported", "duplicates", "rejected", "skipped")
    for item in report["inputs"]:
        assert not Path(item["file"]).is_absolute() and ".." not in Path(item["file"]).parts
        assert re.fullmatch(r"[0-9a-f]{64}", item["sha256"]) and item["importer"]
        assert all(type(item[k]) is int and item[k] >= 0 for k in keys)
        assert sum(item[k] for k in keys[1:]) == item["rows"], item["file"]


def test_findings(report: dict, capsys) -> None:
    files = {i["file"] for i in report["inputs"]} | {"household.toml"}
    assert report["findings"], "the demo has findings"
    for f in report["findings"]:
        assert re.fullmatch(r"RA\d{3}", f["code"]) and re.fullmatch(r"[a-z0-9-]+", f["name"])
        assert f["severity"] in SEVERITIES
        assert f["person"] is None or f["person"] in report["people"]
        assert f["tax_year"] is None or type(f["tax_year"]) is int
        assert all(re.fullmatch(r"\.\.\.\w{1,4}", a) or not a[-1:].isdigit() for a in f["accounts"])
        assert f["amount"] is None or money(f["amount"]).as_tuple().exponent == -2
        assert isinstance(f["message"], str) and isinstance(f["action"], str) and f["message"]
        assert all(isinstance(c, str) for c in f["citations"])
        refs_ok(f["evidence"], files)
    code, out, _ = run(["rules"], capsys)
    listed = {line.split()[1]: line.split()[0] for line in out.splitlines() if line.strip()}
    assert code == 0 and all(listed[f["name"]] == f["code"] for f in report["findings"])


def test_form8606(report: dict) -> None:
    files = {i["file"] for i in report["inputs"]} | {"household.toml"}
    assert report["form8606"]
    for form in report["form8606"]:
        assert form["person"] in report["people"] and type(form["tax_year"]) is int
        assert type(form["required"]) is bool
        assert set(FORM_LINES) <= set(form["lines"])
        for line, value in form["lines"].items():
            if value is None:
                continue
            number = money(value)
            if line == "10":
                assert -number.as_tuple().exponent >= 3, value  # at least three places
            elif line in FORM_LINES:
                assert number == number.to_integral_value() and "." not in value, (line, value)
        for line, refs in form["sources"].items():
            assert line in form["lines"]
            refs_ok(refs, files)


def test_no_unmasked_account_numbers(report: dict) -> None:
    text = json.dumps(report)
    for number in re.findall(
        r'^\[accounts\."([^"]+)"\]', (DEMO / "household.toml").read_text(), re.M
    ):
        assert number not in text, number
