"""OFX positions (INVPOSLIST), cash (INVBAL AVAILCASH) and account totals (BALLIST) as balances.

Not double counted: level "position" holds the positions plus cash not already among them, and
level "account" holds only a total the file states (a BALLIST `Networth` in DOLLAR). The other
BALLIST entries (margin, buying power, sub-totals) are counted and skipped. Every entry is dated
by the file's own local date: DTPRICEASOF for a position, the entry's or statement's DTASOF for
cash and totals (ofxparse drops DTASOF); a position without DTPRICEASOF takes the statement's
DTASOF, marked as estimated.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from rothaudit import schema
from rothaudit.importing import columns, ofx
from rothaudit.importing.base import Rejection

_NUMBERS = {"quantity": 6, "price": 9, "value": 6}


def balance_records(
    stmt: ofx.Statement, securities: dict, cash_in_positions: bool
) -> tuple[list[dict[str, Any]], list[Rejection], int]:
    """(records to emit, entries ofxparse could not read, number of balance entries seen)."""
    records: list[dict[str, Any]] = []
    rejections: list[Rejection] = []
    for agg, res in zip(stmt.positions, ofx.parse_pieces(stmt.positions, True), strict=True):
        if isinstance(res, str):
            rejections.append(Rejection(agg.line, res))
            continue
        ticker, name = securities.get(res.security, (None, None))
        dated = agg.leaves.get("DTPRICEASOF")
        records.append(
            _row(stmt, agg.line, dated or stmt.dtasof, "position", "ofx_position",
                 symbol=ticker or res.security or None, description=name,
                 quantity=res.units if "UNITS" in agg.leaves else None,
                 price=res.unit_price if "UNITPRICE" in agg.leaves else None,
                 value=res.market_value if "MKTVAL" in agg.leaves else None,
                 estimated=dated is None)
        )  # fmt: skip
    entries = len(stmt.positions)
    if stmt.invbal is not None:
        found, rejected, seen = _invbal(stmt, stmt.invbal, cash_in_positions)
        records += found
        rejections += rejected
        entries += seen
    return records, rejections, entries


def _invbal(
    stmt: ofx.Statement, invbal: ofx.Aggregate, cash_in_positions: bool
) -> tuple[list[dict[str, Any]], list[Rejection], int]:
    bals = _bal_entries(invbal)
    has_cash = "AVAILCASH" in invbal.leaves
    seen = len(bals) + has_cash
    res = ofx.parse_invbal(invbal)
    if isinstance(res, str):
        lines = ([invbal.line] if has_cash else []) + [b.line for b in bals]
        return [], [Rejection(line, res) for line in lines], seen
    records = []
    if has_cash and not cash_in_positions:
        records.append(
            _row(stmt, invbal.line, stmt.dtasof, "position", "ofx_balance",
                 description="AVAILCASH", value=res.available_cash, estimated=False)
        )  # fmt: skip
    for bal, parsed in zip(bals, getattr(res, "balance_list", None) or [], strict=False):
        is_total = (bal.leaves.get("NAME", "").lower() == "networth"
                    and bal.leaves.get("BALTYPE", "DOLLAR").upper() == "DOLLAR")  # fmt: skip
        if is_total:
            dated = bal.leaves.get("DTASOF")
            records.append(
                _row(stmt, bal.line, dated or stmt.dtasof, "account", "ofx_balance",
                     description=parsed.name, value=parsed.value, estimated=dated is None)
            )  # fmt: skip
    return records, [], seen


def _bal_entries(invbal: ofx.Aggregate) -> list[ofx.Aggregate]:
    """The BAL aggregates of a BALLIST, each with its own line."""
    return [
        ofx.Aggregate("BAL", m.group(0), invbal.line + invbal.text.count("\n", 0, m.start()),
                      ofx.leaves_of(m.group(0)))
        for m in ofx.BAL.finditer(invbal.text)
    ]  # fmt: skip


def _row(stmt: ofx.Statement, line: int, dated: str | None, level: str, origin: str, *,
         symbol: str | None = None, description: str | None = None, quantity: Any = None,
         price: Any = None, value: Any = None, estimated: bool) -> dict[str, Any]:  # fmt: skip
    return {
        "source_line": line,
        "account_number": stmt.account,
        "as_of_raw": dated,
        "as_of_estimated": estimated,
        "level": level,
        "origin": origin,
        "symbol": symbol,
        "description": description,
        "quantity": ofx.decimal_text(quantity, 6),
        "price": ofx.decimal_text(price, 9),
        "value": ofx.decimal_text(value, 6),
    }


def balance_frame(records: list[dict[str, Any]]) -> tuple[pl.DataFrame, list[Rejection]]:
    """The balances frame, and the entries whose date or numbers do not fit it."""
    strings = ["account_number", "as_of_raw", "level", "origin", "symbol", "description",
               *_NUMBERS]  # fmt: skip
    df = pl.DataFrame(
        records,
        schema={"source_line": pl.Int64, "as_of_estimated": pl.Boolean,
                **dict.fromkeys(strings, pl.String)},
        orient="row",
    )  # fmt: skip
    raw = pl.col("as_of_raw")
    as_of = raw.str.slice(0, 8).str.strptime(pl.Date, "%Y%m%d", strict=False)
    errors = [
        pl.when(raw.is_null()).then(pl.lit("missing DTPRICEASOF/DTASOF"))
        .when(as_of.is_null()).then(pl.format("unparseable date '{}'", raw))
        .alias("_e0")
    ]  # fmt: skip
    parsed = []
    for i, (col, scale) in enumerate(_NUMBERS.items(), start=1):
        value, error = columns.money(col, label=col, scale=scale)
        parsed.append(value.alias(col))
        errors.append(error.alias(f"_e{i}"))
    errors.append(columns.required(pl.col("value"), "MKTVAL/VALUE").alias("_e4"))
    df = df.with_columns(as_of.alias("as_of"), *parsed, *errors)
    good, rejected = columns.split_rejections(df, [f"_e{i}" for i in range(5)])
    good = good.with_columns(pl.lit(None, pl.String).alias("account_name"))
    return good.select(list(schema.BAL_IMPORT_SCHEMA)).cast(schema.BAL_IMPORT_SCHEMA), rejected
