"""Vanguard CSV read from the file a slice at a time (`vanguard_stream`, via `parse_file`) gives
exactly what `parse` on the whole bytes gives: rows, rejections and their line numbers,
counts, notes. A file the stream reader does not take is read whole, so the comparison holds
for every case; for the common ones the stream reader must also have been the one used.
"""

from __future__ import annotations

import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal
from test_vanguard_bytes_plan import CASES, HOLD_ROW, HOLDINGS, TX, _file, _tx

from rothaudit.importers import vanguard_stream
from rothaudit.importers.vanguard_csv import IMPORTER
from rothaudit.importing import slices

# Cases the stream reader takes itself (the rest fall back to `parse`, which is also checked).
STREAMED = {
    "clean",
    "both date styles",
    "no final newline",
    "data after a blank line continues the section",
    "bad cells",
    "header only",
    "crlf",
}


def _same(path: Path) -> list[object]:
    """Parse `path` both ways, assert equal results; return what `read` returned each call."""
    taken: list[object] = []
    read = vanguard_stream.read

    def spy(*args: object) -> object:
        taken.append(read(*args))
        return taken[-1]

    vanguard_stream.read = spy
    try:
        streamed = IMPORTER.parse_file(path)
    finally:
        vanguard_stream.read = read
    whole = IMPORTER.parse(path, path.read_bytes())
    assert_frame_equal(streamed.transactions, whole.transactions)
    assert_frame_equal(streamed.balances, whole.balances)
    assert streamed.rejections == whole.rejections
    assert (streamed.rows, streamed.skipped, streamed.notes) == (
        whole.rows,
        whole.skipped,
        whole.notes,
    )
    return taken


@pytest.fixture(params=[None, 40], ids=["16MiB-pieces", "tiny-pieces"])
def piece_size(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> int | None:
    """Tiny pieces and slices make every file span many of them (lines never split)."""
    if request.param:
        pieces, cut = slices.lf_pieces, slices.line_slices
        monkeypatch.setattr(
            vanguard_stream, "line_slices", lambda d, a, b: cut(d, a, b, request.param)
        )
        monkeypatch.setattr(
            "rothaudit.importers.vanguard_csv.lf_pieces", lambda f: pieces(f, request.param)
        )
    return request.param


@pytest.mark.parametrize("name", list(CASES))
def test_stream_equals_whole_file(tmp_path: Path, piece_size: int | None, name: str) -> None:
    path = tmp_path / "OfxDownload.csv"
    path.write_bytes(CASES[name].encode("utf-8"))
    taken = _same(path)
    if name in STREAMED:
        assert taken and taken[0] is not None, "the stream reader was not used"


def test_cp1252_and_lone_carriage_returns_fall_back(tmp_path: Path) -> None:
    for name, data in {
        "cp1252": _file(_tx(), _tx()).replace("CASH,\n", "CASH\xe9,\n", 1).encode("cp1252"),
        "lone CR": _file(_tx(), _tx()).replace("\n", "\r").encode(),
    }.items():
        path = tmp_path / f"{name}.csv"
        path.write_bytes(data)
        assert _same(path) == [] or _same(path)[0] is None


_CELL = st.sampled_from(["", "1.0", "-2.50", "abc", "01/02/2025", "2025-01-03", "--", " x "])
_LINE = st.one_of(
    st.just(None).map(lambda _: _tx()),
    st.sampled_from(["", " , ,", HOLDINGS, TX, HOLD_ROW, "Other,Header,", '"q",1,']),
    st.lists(_CELL, min_size=1, max_size=16).map(lambda cells: "1111," + ",".join(cells)),
    st.text(alphabet=string.ascii_letters + string.digits + ' ,."', max_size=30),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(_LINE, max_size=12), end=st.sampled_from(["\n", "", "\r\n"]))
def test_stream_equals_whole_file_for_any_mix(tmp_path: Path, lines: list[str], end: str) -> None:
    text = "\n".join([TX, _tx(), *lines]) + end
    if end == "\r\n":
        text = text.replace("\n", "\r\n")
    path = tmp_path / "OfxDownload.csv"
    path.write_bytes(text.encode("utf-8"))
    _same(path)


def test_a_lone_quote_line_is_rejected_not_a_crash(tmp_path: Path) -> None:
    """A `"` alone on a line once stopped the whole-file path with polars' error."""
    path = tmp_path / "OfxDownload.csv"
    path.write_bytes(_file(_tx(), '"', _tx()).encode())
    parsed = IMPORTER.parse_file(path)
    assert [r.line for r in parsed.rejections] == [len(_file(_tx()).splitlines()) + 1]
    assert parsed.transactions.height == 2
    _same(path)
