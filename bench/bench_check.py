"""Time `python build.py check` on synthetic explainers and print medians.

Usage: python bench/bench_check.py [--sizes 1000 10000] [--runs 5] [--work DIR]

Each size is generated once (deterministically) and checked `--runs` times in
a fresh process, as an editor would run it. Prints the median wall time, the
peak memory and the ratio between sizes (linear growth gives a ratio close to
the ratio of sizes).
"""

from __future__ import annotations

import argparse
import itertools
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from generate import generate  # noqa: E402


def time_check(content: Path) -> tuple[float, int]:
    """Wall seconds and peak memory (KiB) of one `check` in a new process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check", "--content", str(content)],
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - started
    if run.returncode != 0:
        raise SystemExit(f"check failed on {content}:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return took, max(peak, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="where to generate (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    medians: dict[int, float] = {}
    for n in args.sizes:
        content = work / f"n{n}"
        counts = generate(n, content)
        records = sum(v for k, v in counts.items() if k != "files")
        times = []
        for _ in range(args.runs):
            took, peak = time_check(content)
            times.append(took)
        medians[n] = statistics.median(times)
        print(
            f"N={n:>6} ({records} records): check median {medians[n]:.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f}, {args.runs} runs), "
            f"peak RSS {peak / 1024:.0f} MiB"
        )
    sizes = sorted(medians)
    for small, large in itertools.pairwise(sizes):
        print(
            f"ratio N={large}/N={small}: time x{medians[large] / medians[small]:.1f} "
            f"for size x{large / small:.0f}"
        )


if __name__ == "__main__":
    main()
