"""The committed demo reports (reports/demo/) are what the README's quick start writes today.

The command is read from the README, run into a temporary folder, and every report compared with
the committed one: md, json and html byte for byte, the workbook cell by cell (values, types,
number formats). `pytest --update-golden` rewrites reports/demo/ instead; read the diff.
"""

from __future__ import annotations

import difflib
import re
import shlex
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, ROOT
from xlsx_dump import dump_workbook

from rothaudit.cli.app import main

DEMO_REPORTS = ROOT / "reports" / "demo"
COMMAND = "rothaudit audit fixtures/demo --out reports/demo --as-of 2026-03-01"
REGENERATE = (
    f"reports/demo/ is stale. From the repository root run\n    {COMMAND}\n"
    "(or `pytest tests/test_demo_reports.py --update-golden`), read `git diff reports/demo`, "
    "and commit it saying why the reports changed."
)
FILES = ("report.md", "report.json", "report.html", "report.xlsx")


def quick_start_command() -> str:
    """The first `rothaudit audit` command in the README's quick start, as written there."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"rothaudit audit [^\n`&;]*", text)
    assert found, "README.md has no `rothaudit audit` command"
    return found.group(0).strip()


def regenerate(out: Path) -> int:
    """Run the quick-start command with its --out pointed at `out` (from the repo root)."""
    args = shlex.split(COMMAND)[1:]
    args[args.index("--out") + 1] = str(out)
    args[args.index("fixtures/demo")] = str(FIXTURES / "demo")
    with pytest.raises(SystemExit) as done:
        main([*args, "--quiet"])
    return int(done.value.code)


def test_readme_quick_start_is_the_demo_command() -> None:
    assert quick_start_command() == COMMAND


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> Path:
    out = tmp_path_factory.mktemp("demo")
    assert regenerate(out) == 0, "the demo household must audit without an error finding"
    if request.config.getoption("--update-golden"):
        DEMO_REPORTS.mkdir(parents=True, exist_ok=True)
        for name in FILES:
            shutil.copyfile(out / name, DEMO_REPORTS / name)
    return out


@pytest.mark.parametrize("name", ["report.md", "report.json", "report.html"])
def test_demo_report_is_byte_identical(fresh: Path, name: str) -> None:
    committed = DEMO_REPORTS / name
    assert committed.exists(), REGENERATE
    actual, expected = (fresh / name).read_bytes(), committed.read_bytes()
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.decode().splitlines(True)[:4000],
                actual.decode().splitlines(True)[:4000],
                str(committed),
                "regenerated",
                n=1,
            )
        )
        pytest.fail(f"{REGENERATE}\n{diff[:6000]}")


def test_demo_workbook_cells_match(fresh: Path) -> None:
    committed = DEMO_REPORTS / "report.xlsx"
    assert committed.exists(), REGENERATE
    expected, actual = dump_workbook(committed), dump_workbook(fresh / "report.xlsx")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(True), actual.splitlines(True), str(committed), "regenerated"
            )
        )
        pytest.fail(f"{REGENERATE}\n{diff[:6000]}")


def test_demo_writes_all_four_formats_and_the_workbook_bytes_repeat(
    fresh: Path, tmp_path: Path
) -> None:
    assert sorted(p.name for p in fresh.iterdir()) == sorted(FILES)
    assert regenerate(tmp_path) == 0
    for name in FILES:
        assert (tmp_path / name).read_bytes() == (fresh / name).read_bytes(), name
