"""A tiny importer for framework tests, so they do not depend on the real brokers' importers.

File format (invented): first line `STUBV` (Vanguard) or `STUBF` (Fidelity); then one record a
line, `account,date,kind,amount,quantity`, or `BAL,account,date,value` for a balance. An amount
that is not a number is a rejection; blank lines are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import polars as pl
import pytest

from rothaudit import schema
from rothaudit.importing import registry, text
from rothaudit.importing.base import ParsedFile, Rejection


class StubImporter:
    """Reads the invented STUB format; one instance per institution."""

    def __init__(self, name: str, institution: str, magic: bytes) -> None:
        self.name = name
        self.institution = institution
        self.magic = magic

    def identify(self, path: Path, head: bytes) -> bool:
        return head.startswith(self.magic)

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        lines = text.physical_lines(text.decode(data))
        tx: list[dict] = []
        bal: list[dict] = []
        rejections: list[Rejection] = []
        skipped = 1  # the magic line
        for number, line in enumerate(lines[1:], start=2):
            cells = line.split(",")
            if text.is_blank(line):
                skipped += 1
            elif cells[0] == "BAL":
                bal.append(_balance(number, cells[1:]))
                skipped += 1
            else:
                try:
                    tx.append(_transaction(number, cells))
                except (InvalidOperation, ValueError):
                    rejections.append(Rejection(number, f"unparseable row '{line}'"))
        return ParsedFile(
            transactions=pl.DataFrame(tx, schema=schema.TX_IMPORT_SCHEMA),
            balances=pl.DataFrame(bal, schema=schema.BAL_IMPORT_SCHEMA),
            rejections=rejections,
            rows=len(lines),
            skipped=skipped,
        )


def _transaction(number: int, cells: list[str]) -> dict:
    account, day, kind, amount, quantity = cells
    return {
        "source_line": number,
        "account_number": account,
        "account_name": None,
        "trade_date": date.fromisoformat(day),
        "settlement_date": None,
        "kind": kind,
        "designated_tax_year": None,
        "amount": Decimal(amount),
        "quantity": Decimal(quantity) if quantity else None,
        "price": None,
        "symbol": None,
        "description": None,
        "action": kind.upper(),
    }


def _balance(number: int, cells: list[str]) -> dict:
    account, day, value = cells
    return {
        "source_line": number,
        "account_number": account,
        "account_name": None,
        "as_of": date.fromisoformat(day),
        "as_of_estimated": False,
        "level": "account",
        "origin": "ofx_balance",
        "symbol": None,
        "description": None,
        "quantity": None,
        "price": None,
        "value": Decimal(value),
    }


STUBS = (
    StubImporter("stub_fidelity", "fidelity", b"STUBF"),
    StubImporter("stub_vanguard", "vanguard", b"STUBV"),
)


def install(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the registry see only the stub importers for this test."""
    monkeypatch.setattr(registry, "all_importers", lambda: STUBS)


def stub_text(rows: Iterable[str], magic: str = "STUBV") -> str:
    """The text of a stub file holding these record lines."""
    return "\n".join([magic, *rows]) + "\n"


def write_stub(path: Path, rows: Iterable[str], magic: str = "STUBV") -> Path:
    """Write a stub export (creating folders) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(stub_text(rows, magic), encoding="utf-8")
    return path
