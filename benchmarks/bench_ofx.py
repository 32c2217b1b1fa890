"""Time the OFX import at 1k, 10k and 100k transactions, against plain ofxparse, with peak memory.

    python benchmarks/bench_ofx.py [--sizes 1000 10000 100000] [--plain] [--repeat N] [--profile]

Every measurement runs in its own child process, which reports the wall and CPU seconds of the
call alone (start-up and imports excluded) and its peak RSS (`VmHWM`). `ours` is
`import_files` on the file: repair, scan, ofxparse, frames, de-duplication and validation.
`--plain` also times one `OfxParser.parse` call on the whole file, for sizes up to
`--plain-max` (10,000 by default: it is quadratic, ~90 s at 10k, hours at 100k). CPU seconds
are the fairer figure on a shared machine. Exit 1 when 10,000 transactions take 3 s or more.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

from make_ofx import statement

TARGET_SIZE, TARGET_SECONDS = 10_000, 3.0

_CHILD = """
import io, json, resource, sys, time, warnings
from pathlib import Path
from ofxparse import OfxParser
from rothaudit.importing.pipeline import InputFile, import_files
path = Path(sys.argv[1])
wall, cpu = time.perf_counter(), time.process_time()
{body}
wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
try:  # VmHWM is this program's peak; ru_maxrss on Linux keeps the parent's across exec
    status = Path("/proc/self/status").read_text()
    peak = int(next(l.split()[1] for l in status.splitlines() if l.startswith("VmHWM"))) * 1024
except (OSError, StopIteration):
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
print(json.dumps({{"wall": wall, "cpu": cpu, "peak": peak, "rows": rows}}))
"""
BODIES = {
    "idle": "rows = 0",
    "ours": "rows = import_files([InputFile(path, path.name)]).transactions.height",
    "plain": (
        "with warnings.catch_warnings():\n"
        "    warnings.simplefilter('ignore')\n"
        "    parsed = OfxParser.parse(io.BytesIO(path.read_bytes()), fail_fast=False)\n"
        "rows = len(parsed.accounts[0].statement.transactions)"
    ),
}


def child(kind: str, path: Path, repeat: int) -> dict[str, float]:
    """Best wall and CPU time, and largest peak, of `repeat` fresh children."""
    runs = []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", _CHILD.format(body=BODIES[kind]), str(path)],
            capture_output=True,
            text=True,
            check=True,
        )
        runs.append(json.loads(done.stdout))
    return {
        "wall": min(r["wall"] for r in runs),
        "cpu": min(r["cpu"] for r in runs),
        "peak": max(r["peak"] for r in runs),
        "rows": runs[0]["rows"],
    }


def write(out: Path, n: int) -> Path:
    """The synthetic Vanguard SGML statement with `n` transactions (kept for the next run)."""
    path = out / f"synthetic_{n}.ofx"
    if not path.exists():
        out.mkdir(parents=True, exist_ok=True)
        path.write_bytes(statement(n).encode("ascii"))
    return path


def profile(path: Path) -> None:
    """Where one import's time goes: the top functions by internal time."""
    import cProfile
    import pstats

    from rothaudit.importing.pipeline import InputFile, import_files

    prof = cProfile.Profile()
    prof.runcall(import_files, [InputFile(path, path.name)])
    pstats.Stats(prof).sort_stats("tottime").print_stats(20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--plain", action="store_true", help="also time plain ofxparse")
    parser.add_argument("--plain-max", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=1, help="children per measurement (best)")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "out")
    parser.add_argument("--profile", action="store_true", help="cProfile the largest size")
    args = parser.parse_args()
    mb = 1e6
    idle = None
    print(
        f"{'transactions':>12} {'MB':>5} | {'wall s':>7} {'cpu s':>7} {'us/tx':>6} {'peak MB':>8}"
        f" | {'plain wall':>10} {'plain cpu':>9} {'plain MB':>8}"
    )
    ok = True
    for n in args.sizes:
        path = write(args.out, n)
        idle = idle or child("idle", path, 1)
        ours = child("ours", path, args.repeat)
        assert ours["rows"] == n, ours
        shown = f"{'-':>10} {'-':>9} {'-':>8}"
        if args.plain and n <= args.plain_max:
            plain = child("plain", path, 1)
            shown = f"{plain['wall']:>10.2f} {plain['cpu']:>9.2f} {plain['peak'] / mb:>8.0f}"
        print(
            f"{n:>12} {path.stat().st_size / mb:>5.1f} | {ours['wall']:>7.2f} {ours['cpu']:>7.2f}"
            f" {ours['cpu'] / n * 1e6:>6.0f} {ours['peak'] / mb:>8.0f} | {shown}"
        )
        if n == TARGET_SIZE:
            ok = ours["wall"] < TARGET_SECONDS
    print(f"idle child (imports only) peaks at {idle['peak'] / mb:.0f} MB" if idle else "")
    print(f"target: {TARGET_SIZE} transactions under {TARGET_SECONDS} s: {'OK' if ok else 'OVER'}")
    if args.profile:
        profile(write(args.out, max(args.sizes)))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
