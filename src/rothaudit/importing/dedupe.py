"""Cross-file duplicates: overlapping downloads of one account hold the same rows twice.

Identical rows inside one file are separate real transactions (two $3,500 contributions on one
day), and rows of different accounts are never duplicates. So rows are matched by a fingerprint
*and* by occurrence: the k-th copy of a fingerprint in a later file repeats the k-th copy in the
earliest file holding it. Files are ordered by name and content, never by argument order.
"""

from __future__ import annotations

import polars as pl

FINGERPRINT = ["institution", "account_number", "trade_date", "kind", "amount", "quantity"]


def split_duplicates(
    tx: pl.DataFrame, file_order: dict[str, int]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(kept, duplicates); duplicates carry `duplicate_of`, `_file` and `_line` of the original."""
    if tx.is_empty():
        return tx, _empty_duplicates(tx)
    if tx["source_file"].n_unique() == 1:  # duplicates need two files; spare a 1M-row join
        return tx, _empty_duplicates(tx)
    order = pl.col("source_file").replace_strict(file_order, return_dtype=pl.Int64)
    keyed = tx.with_columns(
        order.alias("_file_order"),
        pl.int_range(pl.len()).over(["source_file", *FINGERPRINT], order_by="record").alias("_occ"),
    )
    group = [*FINGERPRINT, "_occ"]
    originals = (
        keyed.sort("_file_order", "record")
        .group_by(group, maintain_order=True)
        .agg(
            pl.col("row_id").first().alias("duplicate_of"),
            pl.col("source_file").first().alias("duplicate_of_file"),
            pl.col("source_line").first().alias("duplicate_of_line"),
        )
    )
    joined = keyed.join(originals, on=group, how="left", nulls_equal=True, maintain_order="left")
    is_dup = pl.col("duplicate_of") != pl.col("row_id")
    kept = joined.filter(~is_dup).select(tx.columns)
    dups = joined.filter(is_dup).select(
        [*tx.columns, "duplicate_of", "duplicate_of_file", "duplicate_of_line"]
    )
    return kept, dups


def _empty_duplicates(tx: pl.DataFrame) -> pl.DataFrame:
    extra = {
        "duplicate_of": pl.String,
        "duplicate_of_file": pl.String,
        "duplicate_of_line": pl.Int64,
    }
    return tx.clear().with_columns(*(pl.lit(None, t).alias(n) for n, t in extra.items()))
