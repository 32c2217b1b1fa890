"""Time `rothaudit import` against `polars.read_csv` of the same file, and its peak memory.

Every measurement runs in its own child process, which reports the seconds spent in the call
(interpreter start-up and imports excluded) and its peak RSS (`VmHWM`, else `ru_maxrss`;
tracemalloc does not see polars' Rust allocations). `idle` is a child that only imports polars
and rothaudit: the memory every run pays before reading a byte. Targets: import + validation at most 3x
`read_csv`, peak memory under 4x the file size.

    python benchmarks/bench_import.py --rows 1000000 [--repeat 3] [--cli] [--profile]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from make_csv import write

TIME_TARGET, MEMORY_TARGET = 3.0, 4.0

_CHILD = """
import json, resource, sys, time
from pathlib import Path
import polars as pl
from rothaudit.importing.pipeline import import_paths
path, header = Path(sys.argv[1]), int(sys.argv[2])
start = time.perf_counter()
{body}
seconds = time.perf_counter() - start
try:  # VmHWM is this program's peak; ru_maxrss on Linux keeps the parent's across exec
    status = Path("/proc/self/status").read_text()
    peak = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM"))) * 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"seconds": seconds, "peak": peak, "rows": rows}}))
"""
BODIES = {
    "idle": "rows = 0",
    "read_csv": "rows = pl.read_csv(path, skip_rows=header, n_rows={rows}).height",
    "import": "rows = import_paths([path]).transactions.height",
}


def header_line(path: Path) -> int:
    """0-based index of the transaction header: read_csv skips what comes before it."""
    with path.open(encoding="utf-8-sig") as f:
        for i, line in enumerate(f):
            if line.startswith(("Run Date,", "Account Number,Trade Date,")):
                return i
    raise ValueError(f"{path}: no transaction header")


def run_child(kind: str, path: Path, rows: int) -> dict[str, float]:
    """One fresh child: seconds in the call, peak RSS, rows."""
    code = _CHILD.format(body=BODIES[kind].format(rows=rows))
    done = subprocess.run(
        [sys.executable, "-c", code, str(path), str(header_line(path))],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout)


def children(kinds: list[str], path: Path, rows: int, repeat: int) -> dict[str, dict[str, float]]:
    """Best time and largest peak of `repeat` fresh children per kind, run in turns (one of
    each kind per round), so both sides see the same load on a shared machine."""
    runs: dict[str, list[dict[str, float]]] = {kind: [] for kind in kinds}
    for _ in range(repeat):
        for kind in kinds:
            runs[kind].append(run_child(kind, path, rows))
    return {
        kind: {
            "seconds": min(r["seconds"] for r in done),
            "peak": max(r["peak"] for r in done),
            "rows": done[0]["rows"],
        }
        for kind, done in runs.items()
    }


def cli_seconds(path: Path) -> float:
    """Wall time of the installed command, start-up and summary included."""
    start = time.perf_counter()
    subprocess.run(
        [Path(sys.executable).parent / "rothaudit", "import", str(path)],
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - start


def profile(path: Path) -> None:
    """Where the import's time goes: the top functions by cumulative time."""
    import cProfile
    import pstats

    from rothaudit.importing.pipeline import import_paths

    prof = cProfile.Profile()
    prof.runcall(import_paths, [path])
    pstats.Stats(prof).sort_stats("cumulative").print_stats(25)


def report(fmt: str, path: Path, rows: int, repeat: int, cli: bool) -> bool:
    size = path.stat().st_size
    idle = children(["idle"], path, rows, 1)["idle"]
    both = children(["read_csv", "import"], path, rows, repeat)
    base, imp = both["read_csv"], both["import"]
    assert imp["rows"] == base["rows"] == rows, (imp, base)
    ratio = imp["seconds"] / base["seconds"]
    mem = imp["peak"] / size
    net = (imp["peak"] - idle["peak"]) / size
    mb = 1e6
    print(f"{fmt}: {path.name}  {size / mb:.0f} MB, {rows} rows")
    print(f"  polars.read_csv  {base['seconds']:7.2f} s  peak {base['peak'] / mb:6.0f} MB")
    print(
        f"  import_paths     {imp['seconds']:7.2f} s  peak {imp['peak'] / mb:6.0f} MB"
        f"  (idle child {idle['peak'] / mb:.0f} MB)"
    )
    if cli:
        print(f"  rothaudit import {cli_seconds(path):7.2f} s  (CLI wall time, start-up included)")
    ok = ratio <= TIME_TARGET and mem < MEMORY_TARGET
    print(
        f"  time ratio {ratio:.2f}x (target <= {TIME_TARGET}x); peak/file {mem:.2f}x "
        f"({net:.2f}x above idle; target < {MEMORY_TARGET}x)  {'OK' if ok else 'OVER TARGET'}"
    )
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=1, help="children per measurement (best)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--format", choices=["fidelity", "vanguard"], action="append")
    parser.add_argument("--cli", action="store_true", help="also time the installed command")
    parser.add_argument("--profile", action="store_true", help="cProfile one import per format")
    args = parser.parse_args()
    files = write(args.out, args.rows)
    results = []
    for fmt in args.format or sorted(files):
        results.append(report(fmt, files[fmt], args.rows, args.repeat, args.cli))
        if args.profile:
            profile(files[fmt])
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
