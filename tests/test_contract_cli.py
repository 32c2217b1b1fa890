"""CONTRACT section 1 against hostile input: whatever the user gives, `rothaudit` either runs or
exits 2 with exactly one stderr line that names the file (or option) and the reason -- never a
traceback and never an "internal error" for something the user can fix."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from test_cli_audit import BACKDOOR, audit, household, run, vanguard_csv


def one_line_error(code: int, out: str, err: str) -> str:
    """The single stderr line of an exit-2 run, without the `rothaudit: ` prefix."""
    assert code == 2, (code, out, err)
    assert err.startswith("rothaudit: ") and err.count("\n") == 1 and err.endswith("\n"), err
    assert "internal error" not in err and "Traceback" not in err, err
    return err[len("rothaudit: ") : -1]


def test_no_command_is_exit_2_with_a_reason(capsys) -> None:
    code, out, err = run([], capsys)
    reason = one_line_error(code, out, err)
    assert "audit" in reason and "--help" in reason


@pytest.mark.parametrize("value", ["", ",", " , "])
def test_empty_format_is_a_usage_error(tmp_path: Path, capsys, value: str) -> None:
    argv = audit(household(tmp_path, BACKDOOR), tmp_path / "r")
    argv[argv.index("--format") + 1] = value
    reason = one_line_error(*run(argv, capsys))
    assert reason.startswith("--format: ")
    assert not (tmp_path / "r").exists()


def test_very_long_path_names_it(tmp_path: Path, capsys) -> None:
    target = tmp_path / ("a" * 300)
    reason = one_line_error(*run(audit(target, tmp_path / "r"), capsys))
    assert reason.startswith(str(target) + ": ")


def test_symlink_loop_in_folder_is_followed_once(tmp_path: Path, capsys) -> None:
    folder = household(tmp_path, BACKDOOR)
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder, target_is_directory=True)
    (folder / "self").symlink_to(folder / "self")  # a link to itself, not an export
    code, _, err = run(audit(folder, tmp_path / "r"), capsys)
    assert (code, err) == (0, "")
    data = json.loads((tmp_path / "r" / "report.json").read_text())
    assert [i["file"] for i in data["inputs"]] == ["OfxDownload.csv"]


def test_looping_symlink_given_as_path(tmp_path: Path, capsys) -> None:
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    reason = one_line_error(*run(audit(loop, tmp_path / "r"), capsys))
    assert reason.startswith(f"{loop}: ")


def _non_utf8_name(folder: Path) -> Path:
    try:
        target = Path(os.fsdecode(bytes(folder) + b"/bad\xff\xfe.csv"))
        vanguard_csv(target, BACKDOOR)
    except (OSError, UnicodeError):
        pytest.skip("this file system refuses file names that are not UTF-8")
    return target


def test_non_utf8_file_name_is_named_with_escapes(tmp_path: Path, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    _non_utf8_name(folder)
    reason = one_line_error(*run(audit(folder, tmp_path / "r"), capsys))
    assert reason.startswith("bad\\xff\\xfe.csv: ") and "UTF-8" in reason


def test_unreadable_subfolder_is_an_error_not_skipped(
    tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = household(tmp_path, BACKDOOR)
    locked = folder / "2023"
    vanguard_csv(locked / "OfxDownload.csv", BACKDOOR)
    real = os.scandir

    def scandir(path=".", *args, **kwargs):
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", scandir)
    reason = one_line_error(*run(audit(folder, tmp_path / "r"), capsys))
    assert reason == "2023: cannot read the folder (Permission denied)"


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads every file")
@pytest.mark.parametrize("which", ["export", "profile"])
def test_unreadable_file_names_it(tmp_path: Path, capsys, which: str) -> None:
    folder = household(tmp_path, BACKDOOR)
    target = folder / ("OfxDownload.csv" if which == "export" else "household.toml")
    target.chmod(0)
    try:
        argv = audit(target if which == "export" else folder, tmp_path / "r")
        if which == "profile":
            argv += ["--profile", str(target)]
        reason = one_line_error(*run(argv, capsys))
    finally:
        target.chmod(0o600)
    assert target.name in reason.split(": ")[0] and "Permission denied" in reason


def test_profile_that_is_a_folder(tmp_path: Path, capsys) -> None:
    folder = household(tmp_path, BACKDOOR)
    reason = one_line_error(*run(audit(folder, tmp_path / "r", "--profile", str(folder)), capsys))
    assert reason == f"{folder}: a folder, not a household file"


def test_out_is_an_existing_file(tmp_path: Path, capsys) -> None:
    taken = tmp_path / "taken"
    taken.write_text("keep me", encoding="utf-8")
    reason = one_line_error(*run(audit(household(tmp_path, BACKDOOR), taken), capsys))
    assert reason.startswith(f"{taken}: ")
    assert taken.read_text(encoding="utf-8") == "keep me"


def test_report_file_that_cannot_be_written_is_named(tmp_path: Path, capsys) -> None:
    out = tmp_path / "r"
    (out / "report.json").mkdir(parents=True)
    reason = one_line_error(*run(audit(household(tmp_path, BACKDOOR), out), capsys))
    assert reason.startswith(f"{out / 'report.json'}: ")


def test_import_out_in_missing_folder_is_named(tmp_path: Path, capsys) -> None:
    export = vanguard_csv(tmp_path / "OfxDownload.csv", BACKDOOR)
    target = tmp_path / "missing" / "frame.csv"
    reason = one_line_error(*run(["import", str(export), "--out", str(target)], capsys))
    assert reason.startswith(f"{target}: cannot write")


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--help"], ["audit", "import", "rules", "--version"]),
        (
            ["audit", "--help"],
            ["PATH", "--profile", "--out DIR", "--format", "--as-of DATE", "--quiet"],
        ),
        (["import", "--help"], ["--out", ".csv", ".parquet"]),
        (["rules", "--help"], ["NAME_OR_CODE"]),
    ],
)
def test_help_names_the_contract_options(argv: list[str], expected: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "rothaudit", *argv],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"},
    )
    assert (done.returncode, done.stderr) == (0, "")
    for word in expected:
        assert word in done.stdout, (word, done.stdout)
    assert "<bool>" not in done.stdout and "╭" not in done.stdout  # plain, readable in a pipe


def test_household_file_given_as_path_points_at_profile(tmp_path: Path, capsys) -> None:
    folder = household(tmp_path, BACKDOOR)
    argv = [*audit(folder / "OfxDownload.csv", tmp_path / "r"), str(folder / "household.toml")]
    reason = one_line_error(*run(argv, capsys))
    assert reason == "household.toml: a household file, not an export; give it with --profile"


def test_import_out_name_too_long_gives_the_os_reason(tmp_path: Path, capsys) -> None:
    export = vanguard_csv(tmp_path / "OfxDownload.csv", BACKDOOR)
    target = tmp_path / ("b" * 300 + ".csv")
    reason = one_line_error(*run(["import", str(export), "--out", str(target)], capsys))
    assert reason == f"{target}: cannot write ({os.strerror(errno.ENAMETOOLONG)})"


def test_dangling_link_to_an_export_is_named_not_skipped(tmp_path: Path, capsys) -> None:
    folder = household(tmp_path, BACKDOOR)
    (folder / "2023.csv").symlink_to(tmp_path / "moved-away.csv")
    reason = one_line_error(*run(audit(folder, tmp_path / "r"), capsys))
    assert reason == "2023.csv: no such file or folder (a link to a missing file)"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_special_file_is_named_as_such(tmp_path: Path, capsys) -> None:
    pipe = tmp_path / "export.csv"
    os.mkfifo(pipe)
    reason = one_line_error(*run(audit(pipe, tmp_path / "r"), capsys))
    assert reason == f"{pipe}: not a regular file or folder"
