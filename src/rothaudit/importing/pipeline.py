"""Files in, validated canonical frames out: expand paths, pick importers, count, de-duplicate.

Every row of every file is accounted for: imported, a duplicate of a named row, rejected with
file, line and reason, or skipped; `InputStat.check` enforces that the counts add up.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from rothaudit import schema
from rothaudit.errors import InputError
from rothaudit.importing import registry
from rothaudit.importing.base import FileImporter, Importer, ParsedFile
from rothaudit.importing.dedupe import split_duplicates
from rothaudit.importing.slices import HashingReader

EXPORT_SUFFIXES = {".csv", ".ofx", ".qfx"}

# The importer modules load with this module rather than on the first file, so the time an
# import takes is spent on its files (issue 2's benchmark times `import_paths` alone).
registry.all_importers()


@dataclass(frozen=True)
class InputFile:
    path: Path
    display: str  # relative to the folder given, or the file's own name


@dataclass
class InputStat:
    """One file's line of the inputs table (CONTRACT `inputs[]`)."""

    file: str
    sha256: str
    importer: str
    rows: int
    imported: int
    duplicates: int
    rejected: int
    skipped: int
    balances: int
    notes: list[str] = field(default_factory=list)

    def check(self) -> None:
        total = self.imported + self.duplicates + self.rejected + self.skipped
        if total != self.rows:
            raise AssertionError(f"{self.file}: counts do not add up ({total} != {self.rows} rows)")


@dataclass
class ImportBatch:
    """The validated frames of all files, and what happened to every row."""

    transactions: pl.DataFrame
    balances: pl.DataFrame
    rejections: pl.DataFrame
    duplicates: pl.DataFrame
    inputs: list[InputStat]


def expand(paths: list[Path]) -> list[InputFile]:
    """Export files named or found (recursively) under folders, in a stable order.

    A file reached twice keeps one name whatever the argument order; a name shared by different
    files (repeated downloads keep `OfxDownload.csv`) becomes the path as given, so the files
    stay apart in counts, rejections and duplicate matching.
    """
    seen: dict[Path, list[InputFile]] = {}
    for given in paths:
        if given.is_dir():
            for p in sorted(given.rglob("*")):
                if p.is_file() and p.suffix.lower() in EXPORT_SUFFIXES:
                    seen.setdefault(p.resolve(), []).append(
                        InputFile(p, p.relative_to(given).as_posix())
                    )
        elif given.is_file():
            seen.setdefault(given.resolve(), []).append(InputFile(given, given.name))
        else:
            raise InputError(str(given), "no such file or folder")
    chosen = [min(names, key=_order) for names in seen.values()]
    return sorted(_distinct_names(chosen), key=_order)


def _distinct_names(files: list[InputFile]) -> list[InputFile]:
    """Files sharing a name get the shortest tail of their path that tells them apart
    (`dl1/OfxDownload.csv`), never more of it than needed: reports name files, and a whole
    absolute path would put the user's folders into every report."""
    out = list(files)
    while True:
        shared = Counter(f.display for f in out)
        clashing = [i for i, f in enumerate(out) if shared[f.display] > 1]
        if not clashing:
            return out
        grown = False
        for i in clashing:
            f = out[i]
            parts = f.path.resolve().parts
            depth = len(Path(f.display).parts) + 1
            if depth <= len(parts):
                out[i] = InputFile(f.path, Path(*parts[-depth:]).as_posix())
                grown = True
        if not grown:  # cannot happen for distinct resolved paths; never loop forever
            return out


def _order(item: InputFile) -> tuple[str, str]:
    return item.display, item.path.as_posix()


def read_file(item: InputFile) -> tuple[Importer, ParsedFile, str]:
    """Parse one file with the importer that claims it.

    An importer that reads the file itself (`parse_file`) gets it open, through a reader that
    hashes what it reads, so a large export is read once and never held whole.
    """
    try:
        with item.path.open("rb") as f:
            head = f.read(registry.HEAD_BYTES)
            importer = registry.choose(item.path, head, item.display)
            if isinstance(importer, FileImporter):
                f.seek(0)
                reader = HashingReader(f)
                parsed = importer.parse_file(item.path, reader)
                return importer, parsed, reader.hexdigest()
        data = item.path.read_bytes()
    except OSError as err:
        raise InputError(item.display, f"cannot read file ({err.strerror})") from None
    parsed = importer.parse(item.path, data)
    return importer, parsed, hashlib.sha256(data).hexdigest()


def _id_prefix(sha: str, display: str, used: set[str]) -> str:
    """12 hex of the file's sha256; a byte-identical copy (saved twice) hashes its name in too,
    so every row id of the batch stays unique and the copy's rows become duplicates."""
    prefix = sha[:12]
    if prefix in used:
        prefix = hashlib.sha256(f"{sha}\0{display}".encode()).hexdigest()[:12]
    used.add(prefix)
    return prefix


def _file_columns(
    df: pl.DataFrame, item: InputFile, importer: Importer, prefix: str
) -> pl.DataFrame:
    n = df.height
    record = pl.int_range(1, n + 1, dtype=pl.Int64)
    return df.select(
        (pl.lit(prefix + "#") + record.cast(pl.String)).alias("row_id"),
        pl.lit(item.display, pl.String).alias("source_file"),
        record.alias("record"),
        pl.lit(importer.name, pl.String).alias("importer"),
        pl.lit(importer.institution, pl.String).alias("institution"),
        pl.all(),
    )


def import_files(items: list[InputFile]) -> ImportBatch:
    """Import every file, then remove cross-file duplicates and validate the frames."""
    tx_parts, bal_parts, rej_rows, stats = [], [], [], []
    used: set[str] = set()
    for item in items:
        importer, parsed, sha = read_file(item)
        prefix = _id_prefix(sha, item.display, used)
        tx = parsed.transactions.select(list(schema.TX_IMPORT_SCHEMA)).cast(schema.TX_IMPORT_SCHEMA)
        bal = parsed.balances.select(list(schema.BAL_IMPORT_SCHEMA)).cast(schema.BAL_IMPORT_SCHEMA)
        tx_parts.append(_file_columns(tx, item, importer, prefix))
        # balances get their own record numbers after the transactions', so row ids stay unique
        bal_ids = (
            _file_columns(bal, item, importer, prefix)
            .with_columns((pl.col("record") + tx.height).alias("record"))
            .with_columns((pl.lit(prefix + "#") + pl.col("record").cast(pl.String)).alias("row_id"))
        )
        bal_parts.append(bal_ids)
        rej_rows += [(item.display, r.line, r.reason) for r in parsed.rejections]
        stats.append(
            InputStat(
                item.display,
                sha,
                importer.name,
                parsed.rows,
                tx.height,
                0,
                len(parsed.rejections),
                parsed.skipped,
                bal.height,
                list(parsed.notes),
            )
        )
    all_tx = pl.concat(tx_parts) if tx_parts else schema.empty(schema.TRANSACTIONS_SCHEMA)
    order = {s.file: i for i, s in enumerate(stats)}
    kept, dups = split_duplicates(all_tx, order)
    dup_counts = dups.group_by("source_file").len()
    for s in stats:
        n = dup_counts.filter(pl.col("source_file") == s.file)["len"].sum()
        s.duplicates, s.imported = int(n), s.imported - int(n)
        s.check()
    balances = pl.concat(bal_parts) if bal_parts else schema.empty(schema.BALANCES_SCHEMA)
    rejections = pl.DataFrame(rej_rows, schema=schema.REJECTIONS_SCHEMA, orient="row")
    return ImportBatch(
        transactions=schema.Transactions.validate(kept),
        balances=schema.Balances.validate(balances),
        rejections=schema.Rejections.validate(rejections),
        duplicates=dups,
        inputs=stats,
    )


def import_paths(paths: list[Path]) -> ImportBatch:
    """Expand folders and import everything found; no export at all is an input error."""
    items = expand(paths)
    if not items:
        raise InputError(", ".join(str(p) for p in paths), "no CSV, OFX or QFX export found")
    return import_files(items)
