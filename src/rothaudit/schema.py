"""Pandera models of the canonical frames: the one place their columns and types are declared.

Frames are validated eagerly at two boundaries: importer output (in the pipeline) and auditor
input. Money is `pl.Decimal`, never float; `strict=True` so a stray column is our bug.
"""

from __future__ import annotations

import pandera.polars as pa
import polars as pl
from pandera.api.polars.types import PolarsData

from rothaudit.kinds import BALANCE_LEVELS, BALANCE_ORIGINS, KINDS

AMOUNT = pl.Decimal(38, 6)
QUANTITY = pl.Decimal(38, 6)
PRICE = pl.Decimal(38, 9)

# Columns an importer produces for each transaction, in order; the pipeline adds the rest.
TX_IMPORT_SCHEMA: dict[str, pl.DataType] = {
    "source_line": pl.Int64(),
    "account_number": pl.String(),
    "account_name": pl.String(),
    "trade_date": pl.Date(),
    "settlement_date": pl.Date(),
    "kind": pl.String(),
    "designated_tax_year": pl.Int32(),
    "amount": AMOUNT,
    "quantity": QUANTITY,
    "price": PRICE,
    "symbol": pl.String(),
    "description": pl.String(),
    "action": pl.String(),
}

# Columns an importer produces for each balance (holding, position, account total).
BAL_IMPORT_SCHEMA: dict[str, pl.DataType] = {
    "source_line": pl.Int64(),
    "account_number": pl.String(),
    "account_name": pl.String(),
    "as_of": pl.Date(),
    "as_of_estimated": pl.Boolean(),
    "level": pl.String(),
    "origin": pl.String(),
    "symbol": pl.String(),
    "description": pl.String(),
    "quantity": QUANTITY,
    "price": PRICE,
    "value": AMOUNT,
}

# Added by the pipeline to both frames, in front of the importer's columns.
PIPELINE_SCHEMA: dict[str, pl.DataType] = {
    "row_id": pl.String(),  # "<sha256 of file, 12 hex>#<1-based record number in file order>"
    "source_file": pl.String(),  # path relative to the folder given, or the file's name
    "record": pl.Int64(),  # 1-based position of the record in its file (file order)
    "importer": pl.String(),
    "institution": pl.String(),
}

TRANSACTIONS_SCHEMA: dict[str, pl.DataType] = {**PIPELINE_SCHEMA, **TX_IMPORT_SCHEMA}
BALANCES_SCHEMA: dict[str, pl.DataType] = {**PIPELINE_SCHEMA, **BAL_IMPORT_SCHEMA}
REJECTIONS_SCHEMA: dict[str, pl.DataType] = {
    "source_file": pl.String(),
    "source_line": pl.Int64(),
    "reason": pl.String(),
}
DUPLICATES_SCHEMA: dict[str, pl.DataType] = {
    **PIPELINE_SCHEMA,
    **TX_IMPORT_SCHEMA,
    "duplicate_of": pl.String(),
    "duplicate_of_file": pl.String(),
    "duplicate_of_line": pl.Int64(),
}


class _Strict(pa.DataFrameModel):
    class Config:
        strict = True
        coerce = False
        ordered = True


class _RowIds(_Strict):
    """Frames whose `row_id` names each row once.

    Checked as distinct count == row count: the same guarantee as `Field(unique=True)`, whose
    `is_duplicated` over 1M ids costs ~3x more (issue 2's import benchmark). The ids' 64-bit
    hashes are counted first (~3x cheaper again): all distinct proves the ids distinct; only
    otherwise (a duplicate, or a hash collision) are the ids themselves counted.
    """

    @pa.dataframe_check(error="row_id is not unique")
    @classmethod
    def row_id_unique(cls, data: PolarsData) -> pl.LazyFrame:
        ids = pl.col("row_id")
        distinct = data.lazyframe.select(ids.hash().n_unique() == pl.len())
        if distinct.collect(engine="in-memory").item():
            return data.lazyframe.select(pl.lit(True))
        return data.lazyframe.select(ids.n_unique() == pl.len())


class Transactions(_RowIds):
    """One row per imported transaction (duplicates removed)."""

    row_id: str
    source_file: str
    record: pl.Int64 = pa.Field(ge=1)
    importer: str
    institution: str = pa.Field(isin=["vanguard", "fidelity"])
    source_line: pl.Int64 = pa.Field(ge=1)
    account_number: str = pa.Field(str_length={"min_value": 1})
    account_name: str = pa.Field(nullable=True)
    trade_date: pl.Date
    settlement_date: pl.Date = pa.Field(nullable=True)
    kind: str = pa.Field(isin=list(KINDS))
    designated_tax_year: pl.Int32 = pa.Field(nullable=True, ge=1990, le=2100)
    amount: AMOUNT
    quantity: QUANTITY = pa.Field(nullable=True)
    price: PRICE = pa.Field(nullable=True)
    symbol: str = pa.Field(nullable=True)
    description: str = pa.Field(nullable=True)
    action: str


class Balances(_RowIds):
    """One row per balance seen: a position or an account total, with its as-of date."""

    row_id: str
    source_file: str
    record: pl.Int64 = pa.Field(ge=1)
    importer: str
    institution: str = pa.Field(isin=["vanguard", "fidelity"])
    source_line: pl.Int64 = pa.Field(ge=1)
    account_number: str = pa.Field(str_length={"min_value": 1})
    account_name: str = pa.Field(nullable=True)
    as_of: pl.Date
    as_of_estimated: bool
    level: str = pa.Field(isin=list(BALANCE_LEVELS))
    origin: str = pa.Field(isin=list(BALANCE_ORIGINS))
    symbol: str = pa.Field(nullable=True)
    description: str = pa.Field(nullable=True)
    quantity: QUANTITY = pa.Field(nullable=True)
    price: PRICE = pa.Field(nullable=True)
    value: AMOUNT


class Rejections(_Strict):
    """Rows we could not import, each with file, line and reason."""

    source_file: str
    source_line: pl.Int64 = pa.Field(ge=1)
    reason: str = pa.Field(str_length={"min_value": 1})


def empty(schema: dict[str, pl.DataType]) -> pl.DataFrame:
    """An empty frame with exactly these columns and types."""
    return pl.DataFrame(schema=schema)


# pandera registers its polars backends, importing their check modules (and, where hypothesis
# is installed, its data synthesis), and builds each model's schema on its first `validate` in
# a process: ~0.3 s in all. Done here, with the other imports, so the first frames validated
# pay for their rows only.
for _model, _columns in (
    (Transactions, TRANSACTIONS_SCHEMA),
    (Balances, BALANCES_SCHEMA),
    (Rejections, REJECTIONS_SCHEMA),
):
    _model.validate(empty(_columns))
