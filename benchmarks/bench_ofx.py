"""Time the OFX import at 1k, 10k (and optionally 100k) transactions, against plain ofxparse.

    python benchmarks/bench_ofx.py [--plain] [--big]

`--plain` also times one plain ofxparse call on the whole file (1k and 10k only: it is
quadratic). `--big` adds 100k transactions (several minutes). Wall and CPU seconds are shown,
CPU being the fairer figure on a shared machine.
"""

from __future__ import annotations

import argparse
import io
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from make_ofx import statement
from ofxparse import OfxParser

from rothaudit.importing.pipeline import InputFile, import_files


def _timed(run: Callable[[], object]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - wall, time.process_time() - cpu


def _plain(path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        OfxParser.parse(io.BytesIO(path.read_bytes()), fail_fast=False)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--plain", action="store_true", help="also time plain ofxparse")
    parser.add_argument("--big", action="store_true", help="also 100k transactions")
    args = parser.parse_args()
    sizes = [1_000, 10_000] + ([100_000] if args.big else [])
    print(
        f"{'transactions':>12} {'ours wall':>10} {'ours cpu':>9} {'plain wall':>11} {'plain cpu':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp) / f"synthetic_{n}.ofx"
            path.write_bytes(statement(n).encode("ascii"))
            ours = _timed(lambda p=path: import_files([InputFile(p, p.name)]))
            plain = _timed(lambda p=path: _plain(p)) if args.plain and n <= 10_000 else None
            shown = f"{plain[0]:>11.2f} {plain[1]:>10.2f}" if plain else f"{'-':>11} {'-':>10}"
            print(f"{n:>12} {ours[0]:>10.2f} {ours[1]:>9.2f} {shown}")


if __name__ == "__main__":
    main()
