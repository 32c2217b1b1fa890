"""report.json: the CONTRACT's fields, money as strings, masked numbers, identical bytes."""

from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from pathlib import Path

from rothaudit.audit.model import (
    FORM_LINES,
    Account,
    BasisLedgerEntry,
    Finding,
    Form8606,
    InputSummary,
    RejectionSummary,
    Report,
    SourceRef,
    YearEndValue,
)
from rothaudit.writers import WRITERS
from rothaudit.writers.json_report import render_json

D = Decimal
REF = SourceRef("OfxDownload.csv", 9)


def sample_report() -> Report:
    lines: dict[str, Decimal | None] = {k: None for k in FORM_LINES}
    lines.update(
        {
            "1": D(6000),
            "2": D(0),
            "3": D(6000),
            "10": D("0.10000"),
            "6": D(54000),
            "14": D(0),
            "18": D(5400),
        }
    )
    form = Form8606(
        "alex",
        2024,
        True,
        lines,
        {"1": (REF,), "6": ()},
        {"10": ("F8606-MeF",)},
        ["line 10 carried to 5 places"],
    )
    finding = Finding(
        "RA202",
        "pro-rata",
        "warning",
        "alex",
        2024,
        ("12345678",),
        D("5400"),
        "Conversion from 12345678 to Roth 245123456 is 90% taxable.",
        "Roll 12345678 into a 401(k).",
        (REF,),
        ("I8606-2023",),
        date(2024, 12, 31),
    )
    return Report(
        as_of=date(2025, 3, 1),
        inputs=[InputSummary("OfxDownload.csv", "ab" * 32, "vanguard_csv", 42, 38, 1, 1, 2)],
        rejections=[RejectionSummary("OfxDownload.csv", 17, "unparseable amount '12,3x'")],
        people=["alex"],
        accounts=[
            Account("12345678", "alex", "traditional_ira", "flows", "vanguard", None, (REF,))
        ],
        findings=[finding],
        form8606=[form],
        basis_ledger=[BasisLedgerEntry("alex", 2024, D(0), D(6000), D(600), D(0), True)],
        year_end_values=[
            YearEndValue(
                "alex", 2024, "12345678", "traditional_ira", D("54000"), "statement", (REF,)
            ),
            YearEndValue("alex", 2024, "Schwab IRA", "sep_ira", None, "missing"),
        ],
        checklist=["alex: Dec 31 2024 value of sep_ira Schwab IRA"],
        events=[],
        citations={"I8606-2023": ("Instructions for Form 8606 (2023)", "https://www.irs.gov/")},
        masked_numbers=("12345678", "245123456"),
    )


def test_contract_fields_and_values() -> None:
    data = json.loads(render_json(sample_report()))
    assert data["schema"] == "rothaudit/report-v1" and data["as_of"] == "2025-03-01"
    assert data["inputs"][0] | {"sha256": "-"} == {
        "file": "OfxDownload.csv",
        "sha256": "-",
        "importer": "vanguard_csv",
        "rows": 42,
        "imported": 38,
        "duplicates": 1,
        "rejected": 1,
        "skipped": 2,
        "balances": 0,
        "notes": [],
    }
    assert data["rejections"] == [
        {"file": "OfxDownload.csv", "line": 17, "reason": "unparseable amount '12,3x'"}
    ]
    [f] = data["findings"]
    assert f == {
        "code": "RA202",
        "name": "pro-rata",
        "severity": "warning",
        "person": "alex",
        "tax_year": 2024,
        "accounts": ["...5678"],
        "amount": "5400.00",
        "message": "Conversion from ...5678 to Roth ...3456 is 90% taxable.",
        "action": "Roll ...5678 into a 401(k).",
        "evidence": [{"file": "OfxDownload.csv", "line": 9}],
        "citations": ["I8606-2023"],
        "deadline": "2024-12-31",
    }
    [form] = data["form8606"]
    assert list(form["lines"]) == sorted(FORM_LINES)  # every line, sort_keys order
    assert (form["lines"]["1"], form["lines"]["10"], form["lines"]["4"]) == (
        "6000",
        "0.10000",
        None,
    )
    assert form["sources"] == {"1": [{"file": "OfxDownload.csv", "line": 9}]}
    assert data["accounts"][0]["account"] == "...5678"
    assert [y["account"] for y in data["year_end_values"]] == ["...5678", "Schwab IRA"]
    assert data["year_end_values"][1]["value"] is None
    assert data["citations"] == {
        "I8606-2023": {"title": "Instructions for Form 8606 (2023)", "url": "https://www.irs.gov/"}
    }


def test_no_floats_and_no_unmasked_numbers() -> None:
    text = render_json(sample_report())
    assert "12345678" not in text and "245123456" not in text

    def walk(node: object) -> None:
        assert not isinstance(node, float)
        if isinstance(node, dict):
            [walk(v) for v in node.values()]
        elif isinstance(node, list):
            [walk(v) for v in node]

    walk(json.loads(text))


def test_bytes_are_stable_and_formatted(tmp_path: Path) -> None:
    first = WRITERS["json"](sample_report(), tmp_path).read_bytes()
    second = render_json(sample_report()).encode()
    assert first == second and first.endswith(b"}\n") and b'\n  "as_of"' in first


def test_unknown_lines_are_listed_apart_from_skipped_ones() -> None:
    """Both are null in `lines` (CONTRACT); `unknown_lines` (additive) says which nulls are
    unknown rather than skipped as the form directs."""
    from dataclasses import replace

    report = sample_report()
    form = report.form8606[0]
    lines = dict(form.lines) | {"6": None, "9": None}
    report.form8606 = [replace(form, lines=lines, unknown_lines=("6", "9"))]
    data = json.loads(render_json(report))
    [entry] = data["form8606"]
    assert entry["lines"]["6"] is None and entry["lines"]["4"] is None
    assert entry["unknown_lines"] == ["6", "9"]
    assert json.loads(render_json(sample_report()))["form8606"][0]["unknown_lines"] == []
