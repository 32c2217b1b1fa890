"""Renders an import result as the text kept beside each importer fixture (`<file>.golden`)."""

from __future__ import annotations

import polars as pl

from rothaudit.importing.pipeline import ImportBatch


def _csv(frame: pl.DataFrame) -> str:
    return frame.write_csv(null_value="", date_format="%Y-%m-%d")


def render_batch(batch: ImportBatch) -> str:
    """Counts, notes and rejections, then the transactions and balances frames as CSV."""
    out = []
    for s in batch.inputs:
        out.append(
            f"# {s.file}: importer={s.importer} rows={s.rows} imported={s.imported} "
            f"duplicates={s.duplicates} rejected={s.rejected} skipped={s.skipped} "
            f"balances={s.balances}"
        )
        out += [f"# note: {n}" for n in s.notes]
    for file, line, reason in batch.rejections.iter_rows():
        out.append(f"# rejected {file}:{line}: {reason}")
    drop = ["row_id", "importer", "institution"]
    out.append("## transactions")
    out.append(_csv(batch.transactions.drop(drop)).rstrip("\n"))
    out.append("## balances")
    out.append(_csv(batch.balances.drop(drop)).rstrip("\n"))
    if batch.duplicates.height:
        out.append("## duplicates")
        cols = ["source_file", "source_line", "duplicate_of_file", "duplicate_of_line"]
        out.append(_csv(batch.duplicates.select(cols)).rstrip("\n"))
    return "\n".join(out) + "\n"
