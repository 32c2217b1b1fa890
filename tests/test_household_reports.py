"""Every acceptance household in every human format: report.md, report.html and the workbook (as a
cell dump) compared with goldens beside expected/report.json; plus the checks that must hold in
all of them: no unmasked account number from the inputs, no live HTML or formula from an export.

Regenerate with `pytest tests/test_household_reports.py --update-golden`, then read the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from report_checks import assert_html_inert, assert_no_account_numbers, assert_xlsx_inert
from test_households import HOUSEHOLDS, SCENARIOS
from xlsx_dump import dump_workbook

from rothaudit.audit.run import run_audit

FORMATS = ["md", "html", "json", "xlsx"]


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, str]]:
    """Each household audited once into its own folder: (report folder, terminal summary)."""
    out = {}
    for scenario, (as_of, _, _) in SCENARIOS.items():
        folder = tmp_path_factory.mktemp(scenario)
        outcome = run_audit(
            [HOUSEHOLDS / scenario], profile=None, out=folder, formats=FORMATS, as_of=as_of
        )
        out[scenario] = (folder, outcome.summary)
    return out


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_household_report_goldens(scenario: str, audited, golden) -> None:
    folder, _ = audited[scenario]
    expected = HOUSEHOLDS / scenario / "expected"
    golden(expected / "report.md", (folder / "report.md").read_text(encoding="utf-8"))
    golden(expected / "report.html", (folder / "report.html").read_text(encoding="utf-8"))
    golden(expected / "report.xlsx.txt", dump_workbook(folder / "report.xlsx"))


@pytest.mark.parametrize("scenario", [*sorted(SCENARIOS), "demo"])
def test_no_report_or_summary_shows_an_account_number(scenario: str, audited, tmp_path) -> None:
    if scenario == "demo":
        source = FIXTURES / "demo"
        outcome = run_audit(
            [source], profile=None, out=tmp_path, formats=FORMATS, as_of=_demo_day()
        )
        folder, summary = tmp_path, outcome.summary
    else:
        source, (folder, summary) = HOUSEHOLDS / scenario, audited[scenario]
    assert_no_account_numbers(source, folder, summary)


@pytest.mark.parametrize("scenario", sorted(SCENARIOS))
def test_household_reports_are_inert(scenario: str, audited) -> None:
    folder, _ = audited[scenario]
    assert_html_inert((folder / "report.html").read_text(encoding="utf-8"))
    assert_xlsx_inert(folder / "report.xlsx")


def _demo_day():
    from datetime import date

    return date(2026, 3, 1)
