"""Shared test plumbing: the `--update-golden` switch and paths to fixtures and shared samples."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
SHARED = ROOT.parent / "shared"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="rewrite golden files from current output"
    )


@pytest.fixture
def golden(request: pytest.FixtureRequest):
    """`golden(path, text)`: compare text with the file exactly (unified diff on failure)."""
    update = request.config.getoption("--update-golden")

    def check(path: Path, actual: str) -> None:
        if update or not path.exists():
            if not update:
                pytest.fail(f"golden file missing: {path} (run pytest --update-golden)")
            path.write_text(actual, encoding="utf-8")
            return
        expected = path.read_text(encoding="utf-8")
        if expected != actual:
            diff = "".join(
                difflib.unified_diff(
                    expected.splitlines(True), actual.splitlines(True), str(path), "actual"
                )
            )
            pytest.fail(f"output differs from {path}:\n{diff}")

    return check
