"""Golden tests over every importer fixture, identification both ways, and broken inputs.

Layout: `fixtures/importers/<importer name>/<file>` beside `<file>.golden`;
`fixtures/importers/broken/<file>` beside `<file>.golden` holding the one-line error.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import FIXTURES
from golden_import import render_batch

from rothaudit.errors import InputError
from rothaudit.importing import registry
from rothaudit.importing.pipeline import InputFile, import_files

IMPORTER_FIXTURES = FIXTURES / "importers"
SUFFIXES = {".csv", ".ofx", ".qfx"}


def _fixtures(folder_filter) -> list[Path]:
    if not IMPORTER_FIXTURES.exists():
        return []
    return sorted(
        p
        for p in IMPORTER_FIXTURES.rglob("*")
        if p.is_file() and p.suffix.lower() in SUFFIXES and folder_filter(p.parent.name)
    )


GOOD = _fixtures(lambda name: name != "broken")
BROKEN = _fixtures(lambda name: name == "broken")


def _id(p: Path) -> str:
    return p.relative_to(IMPORTER_FIXTURES).as_posix()


@pytest.mark.parametrize("path", GOOD, ids=_id)
def test_fixture_matches_golden(path: Path, golden) -> None:
    batch = import_files([InputFile(path, path.name)])
    golden(path.with_name(path.name + ".golden"), render_batch(batch))


@pytest.mark.parametrize("path", GOOD, ids=_id)
def test_fixture_claimed_by_exactly_its_importer(path: Path) -> None:
    head = path.read_bytes()[: registry.HEAD_BYTES]
    assert [imp.name for imp in registry.claimants(path, head)] == [path.parent.name]


@pytest.mark.parametrize("path", GOOD, ids=_id)
def test_counts_add_up(path: Path) -> None:
    batch = import_files([InputFile(path, path.name)])
    (stat,) = batch.inputs
    assert stat.imported + stat.duplicates + stat.rejected + stat.skipped == stat.rows
    assert stat.rows > 0


@pytest.mark.parametrize("path", BROKEN, ids=_id)
def test_broken_input_is_one_clear_line(path: Path, golden) -> None:
    with pytest.raises(InputError) as err:
        import_files([InputFile(path, path.name)])
    golden(path.with_name(path.name + ".golden"), str(err.value) + "\n")
