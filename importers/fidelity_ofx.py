"""Fidelity OFX/QFX (Direct Connect, NetBenefits): SGML v1.02 or XML v2.03/2.20 via ofxparse.

Recognised by BROKERID `fidelity.com` (NetBenefits `nbofx.fidelity.com`), FID 7776 / 8288 or an
ORG naming Fidelity (export-formats §4). Memos and INVBANKTRAN names are the same texts as the
CSV's Action column, so the CSV's prefix table classifies them and finds `… CURRENT YEAR` /
`… PRIOR YEAR` contributions. Fidelity's AVAILCASH is the core money-market balance, which
INVPOSLIST does not list (positions + AVAILCASH = BALLIST Networth in the 2012 sample), so it is
a cash position; `Networth` is the account total.
"""

from __future__ import annotations

import polars as pl

from rothaudit.importing.ofx_frames import OfxImporter

from .fidelity_actions import classify, designated_tax_year


def _tax_year(kind: pl.Expr, text: pl.Expr, trade_date: pl.Expr) -> pl.Expr:
    return designated_tax_year(text, trade_date)


IMPORTER = OfxImporter(
    name="fidelity_ofx",
    institution="fidelity",
    brokerid=r"(.+\.)?fidelity\.com",
    fids=("7776", "8288"),
    org=r"fidelity",
    text_kind=classify,
    tax_year=_tax_year,
    cash_in_positions=False,
)
