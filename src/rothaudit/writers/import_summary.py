"""The `rothaudit import` output: a table per file, then the rejections."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from rothaudit.errors import InputError
from rothaudit.importing.pipeline import ImportBatch

_COLUMNS = ("file", "importer", "rows", "imported", "duplicates", "rejected", "skipped")


def render_import_summary(batch: ImportBatch) -> str:
    """A fixed-width text table of per-file counts, the notes, and every rejection."""
    rows = [
        [
            s.file,
            s.importer,
            *(str(v) for v in (s.rows, s.imported, s.duplicates, s.rejected, s.skipped)),
        ]
        for s in batch.inputs
    ]
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(_COLUMNS)]
    lines = [
        "  ".join(
            h.ljust(w) if i < 2 else h.rjust(w)
            for i, (h, w) in enumerate(zip(_COLUMNS, widths, strict=True))
        )
    ]
    for r in rows:
        lines.append(
            "  ".join(
                c.ljust(w) if i < 2 else c.rjust(w)
                for i, (c, w) in enumerate(zip(r, widths, strict=True))
            )
        )
    for s in batch.inputs:
        lines += [f"note: {s.file}: {n}" for n in s.notes]
    if batch.rejections.height:
        lines.append("")
        lines.append("rejected rows:")
        for file, line, reason in batch.rejections.iter_rows():
            lines.append(f"  {file}:{line}: {reason}")
    return "\n".join(lines)


def write_frame(frame: pl.DataFrame, out: Path) -> None:
    """The canonical transaction frame as CSV or Parquet, chosen by suffix."""
    suffix = out.suffix.lower()
    if suffix == ".csv":
        frame.write_csv(out)
    elif suffix == ".parquet":
        frame.write_parquet(out)
    else:
        raise InputError(str(out), "--out must end in .csv or .parquet")
