"""`importing.slices`: pieces read from a file are the bytes `text.utf8_lf` gives (or `NotPlain`
where it would read otherwise), slices cover their range at line ends, and `map_ordered` keeps
order, raises what its work raises, and draws its items lazily."""

from __future__ import annotations

import hashlib
import io
import itertools
import threading
from collections.abc import Iterator

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from rothaudit.importing.slices import HashingReader, NotPlain, lf_pieces, line_slices, map_ordered
from rothaudit.importing.text import utf8_lf

BOM = b"\xef\xbb\xbf"
TOKENS = [
    b"1,2",
    b"abc",
    b'"q,"',
    b",",
    b"\n",
    b"\n",
    b"\r\n",
    b"\r",
    "é".encode(),
    "☕".encode(),
    "𝄞".encode(),
    b"\xe9",  # cp1252 é: not UTF-8
    b"\xf0\x9d",  # a cut 4-byte character
    BOM,
]
blobs = st.builds(
    lambda bom, parts: (BOM if bom else b"") + b"".join(parts),
    st.booleans(),
    st.lists(st.sampled_from(TOKENS), max_size=30),
)


def plain(data: bytes) -> bool:
    """Whether `utf8_lf` reads `data` as UTF-8 with only CRLF pairs (no cp1252, no CR change)."""
    tail = data.removeprefix(BOM)
    try:
        tail.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return tail.count(b"\r") == tail.count(b"\r\n")


@settings(max_examples=200, deadline=None)
@given(data=blobs, size=st.sampled_from([1, 2, 3, 4, 7, 64, 1 << 20]))
@example(data=b"", size=1)
@example(data=BOM, size=1)
@example(data=BOM, size=64)
@example(data=BOM + b"a\r\nb\r\n", size=2)
@example(data=b"a\r", size=1)
@example(data=b"a\r\r\nb", size=1)
@example(data="x☕\ny".encode(), size=2)
@example(data=b"no final newline", size=3)
def test_pieces_are_utf8_lf(data: bytes, size: int) -> None:
    if not plain(data):
        with pytest.raises(NotPlain):
            list(lf_pieces(io.BytesIO(data), size))
        return
    pieces = list(lf_pieces(io.BytesIO(data), size))
    text, start = utf8_lf(data)
    assert b"".join(pieces) == text[start:]
    assert all(piece.endswith(b"\n") for piece in pieces[:-1])
    for piece in pieces:
        piece.decode("utf-8")  # never a character cut in two
    assert all(pieces[1:]), "an empty piece after the first (only a lone BOM leaves one)"


@given(data=blobs.filter(plain), size=st.sampled_from([1, 5, 64]))
@settings(max_examples=50, deadline=None)
def test_hashing_reader_hashes_the_whole_file(data: bytes, size: int) -> None:
    """Read through `lf_pieces` (whole or in part), the hash is still the file's."""
    reader = HashingReader(io.BytesIO(data))
    next(lf_pieces(reader, size), None)
    assert reader.hexdigest() == hashlib.sha256(data).hexdigest()


def test_hashing_reader_after_not_plain() -> None:
    data = b"a\n" * 100 + b"caf\xe9\n" + b"b\n" * 100
    reader = HashingReader(io.BytesIO(data))
    with pytest.raises(NotPlain):
        list(lf_pieces(reader, 16))
    assert reader.hexdigest() == hashlib.sha256(data).hexdigest()


lf_text = st.lists(st.sampled_from([b"1,2", b"abc", b"x" * 40, b"\n", b"\n", b"\n\n"]), max_size=30)


@settings(max_examples=200, deadline=None)
@given(parts=lf_text, size=st.integers(1, 50), cut=st.integers(0, 20))
def test_line_slices_cover_the_range_at_line_ends(parts: list[bytes], size: int, cut: int) -> None:
    data = b"".join(parts)
    # a start at a line start (after `cut` lines), the end at the data's end
    starts = [0] + [i + 1 for i, byte in enumerate(data) if byte == ord("\n")]
    start = starts[min(cut, len(starts) - 1)]
    ranges = line_slices(data, start, len(data), size)
    assert b"".join(data[a:b] for a, b in ranges) == data[start:]
    assert all(a < b for a, b in ranges)
    assert all(b1 == a2 for (_, b1), (a2, _) in itertools.pairwise(ranges))
    for a, b in ranges[:-1]:
        assert data[b - 1 : b] == b"\n"
        # cut at the first line end at or after `size` bytes: no earlier one qualifies
        assert b - a >= size
        assert data.find(b"\n", a + size - 1, b - 1) < 0


def test_line_slices_empty_range() -> None:
    assert line_slices(b"a\nb\n", 4, 4, 1) == []
    assert line_slices(b"a\nb\n", 2, 4, 100) == [(2, 4)]


# --- map_ordered ------------------------------------------------------------------------------

GUARD = 10.0  # seconds a gated work item waits at most: a hang guard, never measured


@pytest.mark.parametrize("workers", [1, 2, 3])
@pytest.mark.parametrize("n", [0, 1, 2, 7, 20])
def test_map_ordered_keeps_order_and_draws_lazily(workers: int, n: int) -> None:
    """Item i may only finish once item i + workers is drawn (or the items run out), so
    map_ordered must draw exactly `workers` ahead: less would stall, more breaks the bound."""
    lock = threading.Lock()
    drawn = 0
    finished = 0
    drawn_at_start: dict[int, int] = {}
    ahead: list[int] = []
    released = [threading.Event() for _ in range(n)]

    def items() -> Iterator[int]:
        nonlocal drawn
        for i in range(n):
            with lock:
                drawn += 1
                ahead.append(drawn - finished)
            if i - workers >= 0:
                released[i - workers].set()
            yield i
        for event in released:
            event.set()

    def work(i: int) -> tuple[int, bool]:
        nonlocal finished
        with lock:
            drawn_at_start[i] = drawn
        ok = released[i].wait(GUARD)
        with lock:
            finished += 1
        return i * i, ok

    results = map_ordered(work, items(), workers)
    assert [value for value, _ in results] == [i * i for i in range(n)]
    assert all(ok for _, ok in results), "an item waited for a draw that never came"
    assert all(count <= workers + 1 for count in ahead), ahead
    assert all(drawn_at_start[i] <= i + 1 + workers for i in range(n)), drawn_at_start


def test_map_ordered_results_in_item_order_when_later_items_finish_first() -> None:
    first_may_end = threading.Event()

    def work(i: int) -> int:
        if i == 0:
            assert first_may_end.wait(GUARD)
        else:
            first_may_end.set()  # item 1 runs (and ends) while item 0 still waits
        return i

    assert map_ordered(work, iter(range(5)), 2) == [0, 1, 2, 3, 4]


def test_map_ordered_raises_what_work_raises() -> None:
    def work(i: int) -> int:
        if i == 3:
            raise ValueError("item 3")
        return i

    with pytest.raises(ValueError, match="item 3"):
        map_ordered(work, iter(range(10)), 2)


def test_map_ordered_raises_what_the_items_raise() -> None:
    def items() -> Iterator[int]:
        yield 1
        yield 2
        raise NotPlain

    with pytest.raises(NotPlain):
        map_ordered(lambda i: i, items(), 2)
