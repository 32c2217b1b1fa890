"""What an importer is and what it hands back.

An importer is a module in `rothaudit.importers` exposing `IMPORTER`, an object with a `name`,
an `institution`, `identify(path, head)` (reads only the head, keeps no state) and
`parse(path, data)` returning a `ParsedFile` (and may add `parse_file(path, f)`, see
`FileImporter`). It never drops a row silently: every line of the
file it counts in `rows` is a transaction, a rejection, or skipped (balances count as skipped).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Protocol, runtime_checkable

if TYPE_CHECKING:
    import polars as pl


@dataclass(frozen=True)
class Rejection:
    """A row we could not import: its 1-based physical line and why."""

    line: int
    reason: str


@dataclass
class ParsedFile:
    """One file's result, before the pipeline adds file-level columns and removes duplicates.

    `transactions` has exactly `schema.TX_IMPORT_SCHEMA`, `balances` `schema.BAL_IMPORT_SCHEMA`,
    both in file order. `rows` counts every line that could hold data; the invariant
    `rows == len(transactions) + len(rejections) + skipped` is checked by the pipeline.
    `notes` are plain statements for the report (e.g. an estimated holdings date).
    """

    transactions: pl.DataFrame
    balances: pl.DataFrame
    rejections: list[Rejection]
    rows: int
    skipped: int
    notes: list[str] = field(default_factory=list)


class Importer(Protocol):
    name: str  # e.g. "vanguard_csv"; appears in reports
    institution: str  # "vanguard" | "fidelity"

    def identify(self, path: Path, head: bytes) -> bool:
        """True when this importer reads this file; `head` is the first 8 KiB."""
        ...

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        """Parse the whole file. Raise `errors.InputError` when the file cannot be read at all."""
        ...


@runtime_checkable
class FileImporter(Importer, Protocol):
    """An importer that can also read the file itself, a slice at a time, for large exports:
    the pipeline then hands it the open file (through a reader that hashes what it reads) and
    never holds the whole file."""

    def parse_file(self, path: Path, f: BinaryIO | None = None) -> ParsedFile:
        """Same result as `parse(path, path.read_bytes())`; reads `f` (the file, open at its
        start) when given, else opens `path`."""
        ...
