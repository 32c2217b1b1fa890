"""An OFX importer from broker data: identify by header and broker ids, parse into our frames.

A broker module supplies only its ids and two classifiers; everything else is here. Choices:
* `amount` is cash seen from the account: a buy or reinvestment is money out (negative), a sell
  money in, whatever sign TOTAL had (Vanguard writes REINVEST TOTAL negative, NetBenefits
  positive). INVBANKTRAN keeps TRNAMT's sign. A TRANSFER without TOTAL is valued UNITS x
  UNITPRICE (to the cent, noted), or 0 when it has no price either (noted).
* Dates are the file's local dates (the first 8 digits of DTTRADE/DTSETTLE/DTPOSTED).
* Positions are balances at level "position"; AVAILCASH is a cash position unless the broker's
  money-market fund already appears as one; a BALLIST `Networth` is the account total.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Any

import polars as pl

from rothaudit import schema
from rothaudit.importing import columns, ofx
from rothaudit.importing.base import ParsedFile, Rejection
from rothaudit.importing.ofx_balances import balance_frame, balance_records
from rothaudit.importing.text import decode, head_text

# (text, amount) -> kind, `other` when the text says nothing we know.
TextKind = Callable[[pl.Expr, pl.Expr], pl.Expr]
# (kind, text, trade_date) -> the designated tax year, Int32 or null.
TaxYear = Callable[[pl.Expr, pl.Expr, pl.Expr], pl.Expr]

# Kinds the memo may impose on a security aggregate (a BUYMF memo `CONTRIBUTION;…`, a Fidelity
# BUYSTOCK memo `REINVESTMENT`).
MEMO_KINDS = [
    "reinvestment", "contribution", "conversion_in", "conversion_out", "recharacterization", "distribution",
    "withholding", "rollover_in", "rollover_out", "transfer_in", "transfer_out",
]  # fmt: skip
MONEY_IN = ["sell", "contribution", "conversion_in", "rollover_in", "transfer_in"]
MONEY_OUT = ["buy", "reinvestment", "conversion_out", "rollover_out", "transfer_out",
             "distribution", "withholding", "fee"]  # fmt: skip
_STRINGS = ["aggregate", "text", "trntype", "incometype", "tferaction", "trade_raw",
            "settle_raw", "total", "units", "price", "symbol", "description"]  # fmt: skip


def undouble(text: str | None) -> str | None:
    """`DIVIDEND REINVESTMENTDIVIDEND REINVESTMENT` -> `DIVIDEND REINVESTMENT` (Vanguard memos)."""
    if not text:
        return None
    half = len(text) // 2
    return text[:half] if len(text) % 2 == 0 and text[:half] == text[half:] else text


@dataclass(frozen=True)
class OfxImporter:
    """One broker's OFX/QFX importer; the registry finds it as a module's `IMPORTER`."""

    name: str
    institution: str
    brokerid: str  # regex, whole BROKERID value, no case
    fids: tuple[str, ...]
    org: str  # regex searched in the ORG value, no case
    text_kind: TextKind
    tax_year: TaxYear
    cash_in_positions: bool  # AVAILCASH repeats a money-market position already listed

    def identify(self, path: Path, head: bytes) -> bool:
        """An OFX header, and the first of BROKERID, FID, ORG present in the head is ours."""
        text = head_text(head)
        if not ofx.looks_like_ofx(text):
            return False
        brokerid, fid, org = (ofx.leaf(text, t) for t in ("BROKERID", "FID", "ORG"))
        if brokerid:
            return re.fullmatch(self.brokerid, brokerid, re.I) is not None
        if fid:
            return fid in self.fids
        return bool(org) and re.search(self.org, org, re.I) is not None

    def parse(self, path: Path, data: bytes) -> ParsedFile:
        """Every statement of the file: transactions, positions and balances, in file order."""
        first_line, body = ofx.split_header(decode(data), path.name)
        body = ofx.remove_empty(body)
        statements = ofx.scan(body, first_line, path.name)
        securities = ofx.parse_securities(body)
        records: list[dict[str, Any]] = []
        bal_records: list[dict[str, Any]] = []
        rejections: list[Rejection] = []
        n_tx = n_bal = bal_rejected_early = unvalued = 0
        for stmt in statements:
            n_tx += len(stmt.transactions)
            parsed = ofx.parse_pieces(stmt.transactions)
            for agg, res in zip(stmt.transactions, parsed, strict=True):
                if isinstance(res, str):
                    rejections.append(Rejection(agg.line, res))
                    continue
                records.append(_record(stmt, agg, res, securities))
                unvalued += agg.name == "TRANSFER" and "TOTAL" not in agg.leaves
            found, rejected, entries = balance_records(stmt, securities, self.cash_in_positions)
            bal_records += found
            rejections += rejected
            bal_rejected_early += len(rejected)
            n_bal += entries
        transactions, tx_rejected = self._transactions(records)
        balances, bal_rejected = balance_frame(bal_records)
        skipped = n_bal - bal_rejected_early - len(bal_rejected)
        rejections = sorted(rejections + tx_rejected + bal_rejected, key=lambda r: r.line)
        notes = []
        if unvalued:
            notes.append(
                f"{unvalued} TRANSFER row(s) without TOTAL: amount is UNITS x UNITPRICE to the "
                "cent where the file gives a price, else 0"
            )
        return ParsedFile(transactions, balances, rejections, n_tx + n_bal, skipped, notes)

    def _transactions(self, records: list[dict[str, Any]]) -> tuple[pl.DataFrame, list[Rejection]]:
        df = pl.DataFrame(
            records,
            schema={
                "source_line": pl.Int64,
                "account_number": pl.String,
                **dict.fromkeys(_STRINGS, pl.String),
            },
            orient="row",
        )
        total, total_err = columns.money("total", label="amount")
        units, units_err = columns.money("units", label="UNITS")
        price, price_err = columns.money("price", label="UNITPRICE", scale=9)
        trade, trade_err = _date("trade_raw", "trade date")
        settle, settle_err = _date("settle_raw", "settlement date")
        df = df.with_columns(
            total.alias("_total"), units.alias("quantity"), price.alias("price"),
            trade.alias("trade_date"), settle.alias("settlement_date"),
            total_err.alias("_e1"), units_err.alias("_e2"), price_err.alias("_e3"),
            trade_err.alias("_e4"), settle_err.alias("_e5"),
        )  # fmt: skip
        good, rejected = columns.split_rejections(df, ["_e4", "_e1", "_e2", "_e3", "_e5"])
        good = good.with_columns(_kind(self.text_kind).alias("kind"))
        good = good.with_columns(
            _signed_amount().alias("amount"),
            _signed_quantity().alias("quantity"),
            self.tax_year(pl.col("kind"), pl.col("text").fill_null(""), pl.col("trade_date"))
            .cast(pl.Int32)
            .alias("designated_tax_year"),
            pl.lit(None, pl.String).alias("account_name"),
            pl.when(pl.col("text").is_null())
            .then(pl.col("aggregate"))
            .otherwise(pl.col("aggregate") + ": " + pl.col("text"))
            .alias("action"),
        )
        return good.select(list(schema.TX_IMPORT_SCHEMA)).cast(schema.TX_IMPORT_SCHEMA), rejected


def _date(col: str, label: str) -> tuple[pl.Expr, pl.Expr]:
    raw = pl.col(col)
    value = raw.str.slice(0, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
    error = pl.when(raw.is_not_null() & value.is_null()).then(
        pl.format(f"unparseable {label} '{{}}'", raw)
    )
    if col == "trade_raw":
        error = pl.when(raw.is_null()).then(pl.lit(f"missing {label}")).otherwise(error)
    return value, error


def _kind(text_kind: TextKind) -> pl.Expr:
    agg, tfer, income = pl.col("aggregate"), pl.col("tferaction"), pl.col("incometype")
    trntype, amount = pl.col("trntype"), pl.col("_total")
    direction = pl.when(tfer == "OUT").then(-1).otherwise(1)
    signed = (
        pl.when(agg == "TRANSFER").then(direction * amount.abs().fill_null(1)).otherwise(amount)
    )
    by_text = text_kind(pl.col("text").fill_null(""), signed)
    bank = (
        pl.when(by_text != "other").then(by_text)
        .when(trntype == "INT").then(pl.lit("interest"))
        .when(trntype == "DIV").then(pl.lit("dividend"))
        .when(trntype.is_in(["FEE", "SRVCHG"])).then(pl.lit("fee"))
        .when(amount > 0).then(pl.lit("transfer_in"))
        .when(amount < 0).then(pl.lit("transfer_out"))
        .otherwise(pl.lit("other"))
    )  # fmt: skip
    by_aggregate = (
        pl.when(agg.str.starts_with("BUY")).then(pl.lit("buy"))
        .when(agg.str.starts_with("SELL")).then(pl.lit("sell"))
        .when(agg == "REINVEST").then(pl.lit("reinvestment"))
        .when((agg == "INCOME") & (income == "INTEREST")).then(pl.lit("interest"))
        .when((agg == "INCOME") & (income == "MISC")).then(pl.lit("other"))
        .when(agg == "INCOME").then(pl.lit("dividend"))
        .when((agg == "TRANSFER") & (tfer == "IN")).then(pl.lit("transfer_in"))
        .when((agg == "TRANSFER") & (tfer == "OUT")).then(pl.lit("transfer_out"))
        .when(agg == "INVEXPENSE").then(pl.lit("fee"))
        .when(agg == "MARGININTEREST").then(pl.lit("interest"))
        .otherwise(pl.lit("other"))
    )  # fmt: skip
    return (
        pl.when(agg == "INVBANKTRAN").then(bank)
        .when(by_text.is_in(MEMO_KINDS)).then(by_text)
        .otherwise(by_aggregate)
    )  # fmt: skip


def _signed_amount() -> pl.Expr:
    kind, total = pl.col("kind"), pl.col("_total")
    return (
        pl.when(pl.col("aggregate") == "INVBANKTRAN").then(total)
        .when(kind.is_in(MONEY_IN)).then(total.abs())
        .when(kind.is_in(MONEY_OUT)).then(-total.abs())
        .otherwise(total)
    )  # fmt: skip


def _signed_quantity() -> pl.Expr:
    """TRANSFER units carry their direction in TFERACTION; we carry it in the sign."""
    units, tfer = pl.col("quantity"), pl.col("tferaction")
    is_transfer = pl.col("aggregate") == "TRANSFER"
    return (
        pl.when(is_transfer & (tfer == "OUT")).then(-units.abs())
        .when(is_transfer & (tfer == "IN")).then(units.abs())
        .otherwise(units)
    )  # fmt: skip


def _record(stmt: ofx.Statement, agg: ofx.Aggregate, obj: Any, securities: dict) -> dict[str, Any]:
    leaves = agg.leaves
    bank = agg.name == "INVBANKTRAN"
    total: Decimal | None = obj.amount if bank else (obj.total if "TOTAL" in leaves else None)
    units = None if bank or "UNITS" not in leaves else obj.units
    price = None if bank or "UNITPRICE" not in leaves else obj.unit_price
    if total is None and units is not None and price is not None:
        total = (units * price).quantize(Decimal("0.01"), ROUND_HALF_EVEN)
    uniqueid = None if bank else (obj.security or None)
    ticker, name = securities.get(uniqueid, (None, None)) if uniqueid else (None, None)
    return {
        "source_line": agg.line,
        "account_number": stmt.account,
        "aggregate": agg.name,
        "text": undouble((obj.payee or obj.memo) if bank else obj.memo),
        "trntype": leaves.get("TRNTYPE", "").upper() or None,
        "incometype": leaves.get("INCOMETYPE", "").upper() or None,
        "tferaction": leaves.get("TFERACTION", "").upper() or None,
        "trade_raw": leaves.get("DTPOSTED" if bank else "DTTRADE"),
        "settle_raw": None if bank else leaves.get("DTSETTLE"),
        "total": ofx.decimal_text(total if total is not None else Decimal(0), 6),
        "units": ofx.decimal_text(units, 6),
        "price": ofx.decimal_text(price, 9),
        "symbol": ticker or uniqueid,
        "description": name,
    }
