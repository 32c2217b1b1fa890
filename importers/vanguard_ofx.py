"""Vanguard OFX/QFX (`OfxDownload.qfx`): SGML v1.02 or XML v2.02, read through ofxparse.

Recognised by BROKERID `vanguard.com`, FID 15103 (1358 in older clients) or ORG `Vanguard` /
`The Vanguard Group` (export-formats §3.1). Memos are classified with the CSV's Transaction Type
table: no public Vanguard OFX shows an IRA contribution or conversion, so an IRA memo that
reads like the CSV's type (`Conversion (outgoing)`) is the best guess available. Vanguard's
AVAILCASH repeats the settlement money-market fund, which INVPOSLIST already lists, so it is
counted and skipped, not emitted as a second cash balance (reds-importers issue #23).
"""

from __future__ import annotations

import polars as pl

from rothaudit.importing.ofx_frames import OfxImporter

from .vanguard_actions import classify, stated_tax_year


def _text_kind(text: pl.Expr, amount: pl.Expr) -> pl.Expr:
    return classify(text, text)


def _tax_year(kind: pl.Expr, text: pl.Expr, trade_date: pl.Expr) -> pl.Expr:
    return stated_tax_year(kind, text)


IMPORTER = OfxImporter(
    name="vanguard_ofx",
    institution="vanguard",
    brokerid=r"vanguard\.com",
    fids=("15103", "1358"),
    org=r"\bvanguard\b",
    text_kind=_text_kind,
    tax_year=_tax_year,
    cash_in_positions=True,
)
