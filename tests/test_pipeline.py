"""The import pipeline over real files read by a stub importer: expansion, counts, ids, order."""

from __future__ import annotations

import hashlib
from pathlib import Path

import polars as pl
import pytest
from stub_importer import install, write_stub

from rothaudit.errors import InputError
from rothaudit.importing.pipeline import ImportBatch, expand, import_paths


@pytest.fixture(autouse=True)
def _stubs(monkeypatch: pytest.MonkeyPatch) -> None:
    install(monkeypatch)


A_ROWS = [
    "1111,2024-01-02,contribution,3500,",
    "1111,2024-01-02,contribution,3500,",
    "1111,2024-01-03,conversion_out,-7000,-7000",
    "BAL,1111,2024-01-04,0.53",
]
B_ROWS = [
    "1111,2024-01-03,conversion_out,-7000,-7000",
    "1111,2024-01-05,interest,0.53,",
    "1111,2024-01-06,fee,oops,",
    "",
    "BAL,1111,2024-01-06,0",
]


def displays(items) -> list[str]:
    return [i.display for i in items]


def frames(batch: ImportBatch) -> tuple:
    return (
        batch.transactions,
        batch.balances,
        batch.rejections,
        batch.duplicates,
        [vars(s) for s in batch.inputs],
    )


def assert_same(x: ImportBatch, y: ImportBatch) -> None:
    for fx, fy in zip(frames(x), frames(y), strict=True):
        if isinstance(fx, pl.DataFrame):
            assert fx.equals(fy)
        else:
            assert fx == fy


def test_counts_add_up_per_file(tmp_path: Path) -> None:
    write_stub(tmp_path / "a.csv", A_ROWS)
    write_stub(tmp_path / "b.csv", B_ROWS)
    batch = import_paths([tmp_path])
    counts = {
        s.file: (s.rows, s.imported, s.duplicates, s.rejected, s.skipped, s.balances)
        for s in batch.inputs
    }
    assert counts == {"a.csv": (5, 3, 0, 0, 2, 1), "b.csv": (6, 1, 1, 1, 3, 1)}
    assert batch.transactions.height == 4
    assert batch.duplicates.select(
        "source_file", "source_line", "duplicate_of_file", "duplicate_of_line"
    ).rows() == [("b.csv", 2, "a.csv", 4)]
    assert batch.rejections.rows() == [("b.csv", 4, "unparseable row '1111,2024-01-06,fee,oops,'")]


def test_argument_order_changes_nothing(tmp_path: Path) -> None:
    a = write_stub(tmp_path / "z" / "a.csv", A_ROWS)
    b = write_stub(tmp_path / "b.csv", B_ROWS)
    first, second = import_paths([a, b]), import_paths([b, a])
    assert [s.file for s in first.inputs] == ["a.csv", "b.csv"]
    assert_same(first, second)


def test_file_order_is_by_display_name(tmp_path: Path) -> None:
    # the copy in the alphabetically first file is the one kept, whatever the argument order
    write_stub(tmp_path / "2-later.csv", B_ROWS)
    write_stub(tmp_path / "1-earlier.csv", A_ROWS)
    batch = import_paths([tmp_path])
    assert set(batch.duplicates["source_file"]) == {"2-later.csv"}


def test_row_ids_unique_and_stable(tmp_path: Path) -> None:
    a = write_stub(tmp_path / "a.csv", A_ROWS)
    b = write_stub(tmp_path / "b.csv", B_ROWS)
    both = import_paths([a, b])
    sha = hashlib.sha256(a.read_bytes()).hexdigest()[:12]
    alone = import_paths([a])
    a_ids = both.transactions.filter(pl.col("source_file") == "a.csv")["row_id"].to_list()
    assert a_ids == alone.transactions["row_id"].to_list() == [f"{sha}#{n}" for n in (1, 2, 3)]
    assert alone.balances["row_id"].to_list() == [f"{sha}#4"]  # numbered after the transactions
    every = pl.concat(
        [both.transactions["row_id"], both.balances["row_id"], both.duplicates["row_id"]]
    )
    assert every.n_unique() == every.len()


def test_folder_expansion(tmp_path: Path) -> None:
    for name in ["x.csv", "deep/er/y.CSV", "z.Ofx", "w.QFX", "sub/v.qfx"]:
        write_stub(tmp_path / name, [])
    (tmp_path / "household.toml").write_text("[household]\n")
    (tmp_path / "notes.txt").write_text("STUBV\n")
    (tmp_path / "dir.csv").mkdir()
    assert displays(expand([tmp_path])) == ["deep/er/y.CSV", "sub/v.qfx", "w.QFX", "x.csv", "z.Ofx"]


def test_display_names_relative_to_the_folder_given(tmp_path: Path) -> None:
    f = write_stub(tmp_path / "top" / "sub" / "a.csv", [])
    assert displays(expand([tmp_path / "top"])) == ["sub/a.csv"]
    assert displays(expand([tmp_path / "top" / "sub"])) == ["a.csv"]
    assert displays(expand([f])) == ["a.csv"]


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.csv"
    with pytest.raises(InputError) as err:
        import_paths([missing])
    assert str(err.value) == f"{missing}: no such file or folder"


def test_folder_without_exports_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "household.toml").write_text("")
    with pytest.raises(InputError, match="no CSV, OFX or QFX export found"):
        import_paths([tmp_path])


def test_unrecognised_file_names_the_file(tmp_path: Path) -> None:
    write_stub(tmp_path / "a.csv", [])
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "other.csv").write_text("Date,Amount\n")
    with pytest.raises(InputError) as err:
        import_paths([tmp_path])
    assert str(err.value).startswith("sub/other.csv: not a recognised")


def test_same_rows_in_two_institutions_are_not_duplicates(tmp_path: Path) -> None:
    write_stub(tmp_path / "f.csv", A_ROWS, magic="STUBF")
    write_stub(tmp_path / "v.csv", A_ROWS, magic="STUBV")
    batch = import_paths([tmp_path])
    assert batch.duplicates.is_empty()
    assert batch.transactions.group_by("institution").len().sort("institution").rows() == [
        ("fidelity", 3),
        ("vanguard", 3),
    ]


def test_same_file_name_in_two_folders(tmp_path: Path) -> None:
    # repeated downloads keep the name OfxDownload.csv; given as two arguments they must stay apart
    a = write_stub(tmp_path / "2023" / "OfxDownload.csv", A_ROWS)
    b = write_stub(tmp_path / "2024" / "OfxDownload.csv", B_ROWS)
    batch = import_paths([b, a])
    # the shortest path tail that tells them apart, never the absolute path (reports show it)
    assert [s.file for s in batch.inputs] == ["2023/OfxDownload.csv", "2024/OfxDownload.csv"]
    assert [(s.imported, s.duplicates, s.rejected) for s in batch.inputs] == [(3, 0, 0), (1, 1, 1)]
    assert batch.rejections["source_file"].to_list() == ["2024/OfxDownload.csv"]


def test_names_grow_only_as_far_as_needed(tmp_path: Path) -> None:
    # same folder name too: x/dl/a.csv and y/dl/a.csv need three parts; z/b.csv keeps its name
    x = write_stub(tmp_path / "x" / "dl" / "a.csv", A_ROWS)
    y = write_stub(tmp_path / "y" / "dl" / "a.csv", B_ROWS)
    z = write_stub(tmp_path / "z" / "b.csv", A_ROWS)
    assert displays(expand([z, y, x])) == ["b.csv", "x/dl/a.csv", "y/dl/a.csv"]
    # two folders given, each holding sub/a.csv: relative names clash and grow by the folder
    assert displays(expand([tmp_path / "x", tmp_path / "y"])) == ["x/dl/a.csv", "y/dl/a.csv"]


def test_file_named_twice_is_read_once_whatever_the_order(tmp_path: Path) -> None:
    f = write_stub(tmp_path / "sub" / "a.csv", A_ROWS)
    assert displays(expand([f, tmp_path])) == displays(expand([tmp_path, f])) == ["a.csv"]


def test_byte_identical_copies_are_all_duplicates(tmp_path: Path) -> None:
    # "OfxDownload (1).csv" saved twice: the second copy adds nothing and breaks nothing
    a = write_stub(tmp_path / "OfxDownload.csv", A_ROWS)
    copy = tmp_path / "OfxDownload (1).csv"
    copy.write_bytes(a.read_bytes())
    batch = import_paths([tmp_path])
    assert batch.transactions.height == 3
    assert [(s.file, s.imported, s.duplicates) for s in batch.inputs] == [
        ("OfxDownload (1).csv", 3, 0),
        ("OfxDownload.csv", 0, 3),
    ]
    every = pl.concat(
        [batch.transactions["row_id"], batch.balances["row_id"], batch.duplicates["row_id"]]
    )
    assert every.n_unique() == every.len()


@pytest.mark.parametrize("frame", ["transactions", "balances"])
def test_schema_rejects_a_repeated_row_id(tmp_path: Path, frame: str) -> None:
    """The models still enforce one row per row_id (a frame-level distinct count, not
    `Field(unique=True)`): a repeated id, or a frame of one id twice, fails validation."""
    import pandera.errors

    from rothaudit import schema

    batch = import_paths([write_stub(tmp_path / "a.csv", A_ROWS)])
    df: pl.DataFrame = getattr(batch, frame)
    model = schema.Transactions if frame == "transactions" else schema.Balances
    model.validate(df)
    model.validate(df.head(0))
    with pytest.raises(pandera.errors.SchemaError, match="row_id is not unique"):
        model.validate(pl.concat([df, df.head(1)]))
    with pytest.raises(pandera.errors.SchemaError, match="row_id is not unique"):
        model.validate(pl.concat([df.head(1), df.head(1)]).with_columns(record=pl.Series([1, 2])))
