"""Fidelity activity cells -> typed canonical columns: the conversion both reading paths of
`fidelity_csv` share (slices read by polars, lines read one by one), the account number from
the cells or the file name, kinds and tax years, and Price/Quantity labels put right."""

from __future__ import annotations

import re
from pathlib import Path

import polars as pl

from rothaudit import schema
from rothaudit.errors import InputError
from rothaudit.importing import columns

from . import fidelity_actions

_FILE_ACCOUNT = re.compile(r"^History_for_Account_(.+?)(?:\s*\(\d+\))?\.csv$", re.IGNORECASE)


def file_account(path: Path) -> str | None:
    """The account number of a one-account download, from its name (browser suffix allowed)."""
    match = _FILE_ACCOUNT.match(path.name)
    return match.group(1).strip() if match else None


def _account_columns(cols: dict[str, int], path: Path, display: str) -> list[pl.Expr]:
    """account_number, account_name and an error column, from whichever form the file has.

    Reads the cleaned text columns `_number` and `_account` (see `convert`).
    """
    if "account_number" in cols:
        number = pl.col("_number")
        name = pl.col("_account") if "account" in cols else None
        error = columns.required(number, "Account Number")
    elif "account" in cols:
        raw = pl.col("_account")
        number = raw.str.extract(r"(\S+)$", 1)
        name = raw.str.replace(r"\s*\S+$", "").str.strip_chars('" ')
        name = pl.when(name == "").then(None).otherwise(name)
        has_digit = number.str.contains(r"\d")
        error = (
            pl.when(raw.is_null())
            .then(pl.lit("missing Account"))
            .when(~has_digit)
            .then(pl.format("no account number in Account '{}'", raw))
            .otherwise(None)
        )
        number = pl.when(has_digit).then(number).otherwise(None)
    else:
        from_name = file_account(path)
        if from_name is None:
            raise InputError(
                display,
                "one-account Fidelity history without an account number: the number is only in "
                "the file name, keep it as History_for_Account_<number>.csv",
            )
        number, name, error = pl.lit(from_name), None, pl.lit(None, pl.String)
    name = name if name is not None else pl.lit(None, pl.String)
    return [number.alias("account_number"), name.alias("account_name"), error.alias("e_account")]


def convert(
    frame: pl.DataFrame | pl.LazyFrame, cols: dict[str, int], path: Path, display: str
) -> pl.DataFrame:
    """Text cells (columns `c<i>` and `source_line`; a frame or a CSV scan) -> typed canonical
    columns plus one error column per check."""

    def cell(name: str, kind: str = "text", label: str = "", scale: int = 6) -> columns.Cell:
        source = f"c{cols[name]}" if name in cols else f"_absent_{name}"
        return columns.Cell(source, kind, label, scale)

    cells = {
        "_number": cell("account_number"),
        "_account": cell("account"),
        "trade_date": cell("trade_date", "date", "Run Date"),
        "settlement_date": cell("settlement_date", "date", "Settlement Date"),
        "amount": cell("amount", "money", "Amount"),
        "quantity": cell("quantity", "money", "Quantity"),
        "price": cell("price", "money", "Price", 9),
        "symbol": cell("symbol"),
        "description": cell("description"),
        "action": cell("action"),
    }
    parsed = columns.convert(frame, cells, [pl.col("source_line")])
    return parsed.select(
        "source_line",
        *_account_columns(cols, path, display),
        "trade_date",
        "settlement_date",
        "amount",
        "quantity",
        "price",
        "symbol",
        "description",
        "action",
        pl.coalesce("_e_trade_date", columns.required(pl.col("trade_date"), "Run Date")).alias(
            "e_trade"
        ),
        pl.coalesce("_e_amount", columns.required(pl.col("amount"), "Amount")).alias("e_amount"),
        columns.required(pl.col("action"), "Action").alias("e_action"),
        pl.col("_e_settlement_date").alias("e_settle"),
        pl.col("_e_quantity").alias("e_qty"),
        pl.col("_e_price").alias("e_price"),
    )


def with_kinds(typed: pl.DataFrame) -> pl.DataFrame:
    """`kind` and `designated_tax_year` from the action text (row by row: amount sign, trade
    date), so each slice gets them before the slices are joined."""
    kind, year = fidelity_actions.kind_and_tax_year(
        typed["action"], typed["amount"], typed["trade_date"]
    )
    return typed.with_columns(kind.alias("kind"), year.alias("designated_tax_year"))


def resolve_price_quantity(typed: pl.DataFrame) -> tuple[pl.DataFrame, list[str]]:
    """Undo Fidelity's swapped `Price`/`Quantity` labels where the evidence is clear.

    Price x Quantity is symmetric, so the product cannot show a swap; signs and gaps can:
    a price is never negative while sell quantities are, and a price with no quantity (401(k)
    `Contributions` rows with shares under `Price`) or a quantity with no price (a merger's
    shares) shows which cell is which. Each row is `swapped`, `labelled` (labels right),
    `conflict` (both negative) or `none` (no evidence, e.g. a buy with both positive).
    Per account: all evidence `swapped` -> swap its `none` rows too; evidence both ways ->
    `none` rows holding two numbers are rejected, since either reading is a guess.
    """
    p, q = pl.col("price"), pl.col("quantity")
    present_p, present_q = p.is_not_null() & (p != 0), q.is_not_null() & (q != 0)
    evidence = (
        pl.when((p < 0) & (q < 0))
        .then(pl.lit("conflict"))
        .when((p < 0) | (present_p & q.is_null()))
        .then(pl.lit("swapped"))
        .when((q < 0) | (present_q & p.is_null()))
        .then(pl.lit("labelled"))
        .otherwise(pl.lit("none"))
    )
    out = typed.with_columns(evidence.alias("_ev"))
    if not (out["_ev"] == "swapped").any():  # the usual file: no swap, only conflicts rejected
        conflict = pl.when(pl.col("_ev") == "conflict")
        error = conflict.then(pl.lit("price/quantity labels disagree with amount")).otherwise(None)
        return out.with_columns(error.alias("e_swap")).drop("_ev"), []
    by_account = pl.col("account_number")
    swaps = (pl.col("_ev") == "swapped").any().over(by_account)
    rights = (pl.col("_ev") == "labelled").any().over(by_account)
    two_numbers = present_p & present_q
    swap_row = (pl.col("_ev") == "swapped") | ((pl.col("_ev") == "none") & swaps & ~rights)
    ambiguous = (pl.col("_ev") == "conflict") | (
        (pl.col("_ev") == "none") & swaps & rights & two_numbers
    )
    out = out.with_columns(
        swap_row.alias("_swap"),
        pl.when(ambiguous)
        .then(pl.lit("price/quantity labels disagree with amount"))
        .otherwise(None)
        .alias("e_swap"),
    )
    counts = (
        out.filter(pl.col("_swap") & pl.col("e_swap").is_null())
        .group_by("account_number", maintain_order=True)
        .len()
    )
    notes = [
        f"Price and Quantity labels swapped on {n} row(s) of account ...{str(acct)[-4:]}; "
        "values read the other way round"
        for acct, n in counts.iter_rows()
    ]
    fixed = out.with_columns(
        pl.when(pl.col("_swap")).then(p.cast(schema.QUANTITY)).otherwise(q).alias("quantity"),
        pl.when(pl.col("_swap")).then(q.cast(schema.PRICE)).otherwise(p).alias("price"),
    )
    return fixed.drop("_ev", "_swap"), notes
