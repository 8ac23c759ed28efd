"""Peak memory of a full build: PSS summed over every process, and the CPU time.

    python bench/bench_memory.py --content DIR [--runs 3] [--cache cold|warm] [--trace]

Runs `python build.py build --content DIR --out TMP` in a child process `--runs`
times (with this checkout first on the path) and samples the proportional set size
of the child and every process it started every 20 ms (`run.tree_memory`: memory
that forked workers share counted once). Prints each run, then the median and
min–max of the peak PSS, the CPU time (user + system of every process) and the wall
time. `--cache cold`: each run gets an empty cache folder; `warm` (the default): one
folder, filled by a build before the timed runs (or `--cache-dir`, kept).
Each run writes a new output folder (all deleted at the end). `--trace` prints, for the first
run, the PSS of each process every second, to see which step holds the peak.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import process_memory, run_child


def run_build(command: list[str], env: dict[str, str], trace: bool) -> tuple[float, float, float]:
    """One build: its peak PSS (MiB), CPU seconds of all processes and wall seconds.
    `trace`: print each process's PSS once a second."""
    shown = -1

    def show(pid: int, seconds: float, peak: float) -> None:
        nonlocal shown
        if int(seconds) > shown:
            shown = int(seconds)
            each = " ".join(f"{pss:.0f}" for pss, _ in process_memory(pid).values())
            print(f"  {shown:4d} s  peak {peak:6.0f}  now: {each}", flush=True)

    wall, (peak, _), cpu = run_child(command, env, show if trace else None, quiet=True)
    return peak, cpu, wall


def summary(name: str, values: list[float], unit: str) -> str:
    median = statistics.median(values)
    return f"{name} {median:,.1f} {unit} ({min(values):,.1f}–{max(values):,.1f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cache", choices=("cold", "warm"), default="warm")
    parser.add_argument("--trace", action="store_true")
    parser.add_argument("--cache-dir", type=Path, help="a warm cache folder to use and keep")
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="bench-memory-"))
    cache_dir = args.cache_dir or scratch / "cache"
    command = [sys.executable, "build.py", "build", "--content", str(args.content), "--out"]
    env = {"EXPLAINER_CACHE_DIR": str(cache_dir)}
    try:
        if args.cache == "warm" and not args.cache_dir:
            run_build([*command, str(scratch / "warm-up")], env, False)
        peaks, cpus, walls = [], [], []
        for run in range(args.runs):
            if args.cache == "cold":
                shutil.rmtree(cache_dir, ignore_errors=True)
            out = str(scratch / f"site{run}")  # a new folder: no old output to delete
            peak, cpu, wall = run_build([*command, out], env, args.trace and run == 0)
            print(f"run {run + 1}: peak PSS {peak:,.0f} MiB, CPU {cpu:.1f} s, wall {wall:.1f} s")
            peaks.append(peak), cpus.append(cpu), walls.append(wall)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"{args.content} ({args.cache} cache, {args.runs} runs, load {os.getloadavg()[0]:.1f}):")
    print(f"  {summary('peak PSS', peaks, 'MiB')}")
    print(f"  {summary('CPU', cpus, 's')}; {summary('wall', walls, 's')}")


if __name__ == "__main__":
    main()
