"""run_audit: profile discovery, formats, report folder, exit code and summary."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from test_cli_audit import BACKDOOR, PROFILE, vanguard_csv

from rothaudit.audit import run
from rothaudit.errors import InputError, ProfileError

AS_OF = date(2025, 3, 1)


def exports(tmp_path: Path, profile: str | None = PROFILE) -> Path:
    folder = tmp_path / "in"
    vanguard_csv(folder / "vanguard" / "OfxDownload.csv", BACKDOOR)
    if profile is not None:
        (folder / "household.toml").write_text(profile, encoding="utf-8")
    return folder


def test_household_at_the_top_of_the_folder_is_the_profile(tmp_path: Path) -> None:
    outcome = run.run_audit(
        [exports(tmp_path)], profile=None, out=tmp_path / "r", formats=["json"], as_of=AS_OF
    )
    assert outcome.report.people == ["alex"]
    assert {a.type_source for a in outcome.report.accounts} == {"household"}


def test_profile_option_wins(tmp_path: Path) -> None:
    other = tmp_path / "other.toml"
    other.write_text(PROFILE.replace("alex", "sam"), encoding="utf-8")
    outcome = run.run_audit(
        [exports(tmp_path)], profile=other, out=tmp_path / "r", formats=[], as_of=AS_OF
    )
    assert outcome.report.people == ["sam"]
    assert not (tmp_path / "r" / "report.json").exists()


def test_without_household_one_person_and_inferred_types(tmp_path: Path) -> None:
    outcome = run.run_audit(
        [exports(tmp_path, None)], profile=None, out=tmp_path / "r", formats=["json"], as_of=AS_OF
    )
    assert outcome.report.people == ["owner"]
    assert {(a.type, a.type_source) for a in outcome.report.accounts} == {
        ("traditional_ira", "flows"),
        ("roth_ira", "flows"),
    }
    assert "inferred-account-type" in {f.name for f in outcome.report.findings}


def test_unknown_format_fails_before_anything_is_written(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unknown format 'pdf'"):
        run.run_audit(
            [exports(tmp_path)],
            profile=None,
            out=tmp_path / "r",
            formats=["json", "pdf"],
            as_of=AS_OF,
        )
    assert not (tmp_path / "r").exists()


def test_missing_profile_file_and_bad_profile(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such household file"):
        run.run_audit(
            [exports(tmp_path)],
            profile=tmp_path / "nope.toml",
            out=tmp_path / "r",
            formats=["json"],
            as_of=AS_OF,
        )
    with pytest.raises(ProfileError):
        run.run_audit(
            [exports(tmp_path, "[people.x]\nbirth_date = 3\n")],
            profile=None,
            out=tmp_path / "r",
            formats=["json"],
            as_of=AS_OF,
        )


def test_format_without_a_writer_is_noted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rothaudit import writers

    monkeypatch.setattr(writers, "WRITERS", {"json": writers.WRITERS["json"]})
    outcome = run.run_audit(
        [exports(tmp_path)],
        profile=None,
        out=tmp_path / "deep" / "r",
        formats=["json", "xlsx", "json"],
        as_of=AS_OF,
    )
    assert (tmp_path / "deep" / "r" / "report.json").is_file()
    assert "note: no xlsx writer yet: report.xlsx not written" in outcome.summary
    assert outcome.summary.count("wrote ") == 1 and outcome.exit_code == 0


def test_summary_lists_people_years_and_findings(tmp_path: Path) -> None:
    outcome = run.run_audit(
        [exports(tmp_path)], profile=None, out=tmp_path / "r", formats=["json"], as_of=AS_OF
    )
    lines = outcome.summary.splitlines()
    assert lines[:3] == ["rothaudit audit as of 2025-03-01", "people: alex", "years: 2024"]
    assert lines[3].startswith("findings: 0 error, ")
