"""Large CSV exports read from the file a slice of whole lines at a time, two slices at once.

A 1M-row export held whole costs its size in memory for the whole import; read in slices,
only the slices in flight are held. polars releases the GIL inside its kernels, so two
slices converted in two threads keep both cores of a small machine busy (a column conversion
alone is mostly single-threaded).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import BinaryIO, TypeVar

SLICE_BYTES = 1 << 24  # 16 MiB: ~90k rows of a Fidelity history
FIRST_PIECE = 1 << 20  # 1 MiB
# A line that does not start with a digit. Data rows of both brokers' CSV exports start with
# a digit (a date or an account number); headers, blank lines and footers do not.
NOT_DIGIT_LINE = re.compile(rb"\n(?![0-9])")
WORKERS = 2
_BOM = b"\xef\xbb\xbf"

T = TypeVar("T")
R = TypeVar("R")


class NotPlain(Exception):
    """The file needs `text.utf8_lf`'s whole-file reading (not UTF-8, or lone carriage returns)."""


class HashingReader:
    """A binary file that hashes (sha256) what is read through it; `hexdigest` reads the rest.

    The pipeline hands it to an importer's `parse_file`, so a large export is read once for
    both parsing and its hash. hashlib releases the GIL on large pieces.
    """

    def __init__(self, f: BinaryIO) -> None:
        self._f = f
        self._sha = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self._f.read(size)
        self._sha.update(data)
        return data

    def readline(self) -> bytes:
        data = self._f.readline()
        self._sha.update(data)
        return data

    def hexdigest(self) -> str:
        """The file's sha256, reading whatever the importer left unread."""
        while self.read(SLICE_BYTES):
            pass
        return self._sha.hexdigest()


def lf_pieces(f: BinaryIO | HashingReader, size: int = SLICE_BYTES) -> Iterator[bytes]:
    """The file as UTF-8 with LF line ends, in pieces that each end with a newline (the last
    may not), the BOM dropped: the same bytes `text.utf8_lf` gives, read piece by piece.

    Raises `NotPlain` where `utf8_lf` would read the file otherwise: bytes that are not UTF-8
    (read as cp1252 there) or carriage returns other than CRLF pairs.
    """
    first = True
    while True:
        # a small first piece (the header and the first rows) sets the workers going sooner
        block = f.read(min(size, FIRST_PIECE) if first else size)
        if not block:
            return
        if not block.endswith(b"\n"):
            block += f.readline()  # up to the line end: one copy, no carried tail
        if first:
            block, first = block.removeprefix(_BOM), False
        yield _plain(block)


def _plain(piece: bytes) -> bytes:
    if not piece.isascii():
        try:
            piece.decode("utf-8")
        except UnicodeDecodeError:
            raise NotPlain from None
    if piece.find(b"\r") >= 0:
        if piece.count(b"\r") != piece.count(b"\r\n"):
            raise NotPlain
        piece = piece.replace(b"\r\n", b"\n")
    return piece


def line_slices(
    data: bytes, start: int, end: int, size: int = SLICE_BYTES
) -> list[tuple[int, int]]:
    """(first byte, end byte) of consecutive slices of whole lines covering `data[start:end]`;
    `end` must be a line end (or the end of the data)."""
    ranges, at = [], start
    while at < end:
        cut = data.find(b"\n", min(at + size, end) - 1, end)
        stop = end if cut < 0 or cut + 1 >= end else cut + 1
        ranges.append((at, stop))
        at = stop
    return ranges


def map_ordered(work: Callable[[T], R], items: Iterable[T], workers: int = WORKERS) -> list[R]:
    """`work(item)` for every item, `workers` at a time, results in item order.

    Items are drawn from `items` only as workers free up (at most `workers` + 1 drawn and not
    finished), so a generator of file slices is never read ahead whole; the next item is
    drawn as soon as any worker is done, not only the oldest, so no worker waits while the
    main thread reads. An exception in `work` or in `items` is raised here.
    """
    with ThreadPoolExecutor(max_workers=workers) as pool:
        futures: list[Future[R]] = []
        running: set[Future[R]] = set()
        for item in items:
            future = pool.submit(work, item)
            futures.append(future)
            running.add(future)
            while len(running) > workers:
                done, running = wait(running, return_when=FIRST_COMPLETED)
                for finished in done:
                    finished.result()  # a failure stops the drawing at once
        return [future.result() for future in futures]
