"""Time `check` and the build's read step on explainers, and print medians.

Usage: python bench/bench_check.py [--sizes 1000 10000 | --content DIR ...] [--runs 5]
                                   [--work DIR]

Each explainer (generated once per size with bench/generate.py, or a content folder
given, such as one ../shared/bench/gen_corpus.py wrote) is measured `--runs` times,
each run in a fresh process:

- `check`: `python build.py check --content DIR`, as an editor runs it;
- read: `pipeline.read_explainer(DIR)` in a child that times only that call, which is
  the first step of every build (load, model and validate, over every core).

Prints the median wall and CPU seconds (user + system, worker processes included)
with min-max, the peak memory of one process, and the time ratio between sizes. CPU
time is the figure to compare on a shared machine: other work there inflates wall time.
"""

from __future__ import annotations

import argparse
import itertools
import json
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

READ = """
import gc, json, resource, sys, time
from pathlib import Path
from explainer.cli import GC_THRESHOLD
from explainer.pipeline import read_explainer
gc.set_threshold(*GC_THRESHOLD)  # as the command line sets it
def cpu():
    own, kids = (resource.getrusage(w) for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN))
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
wall, used = time.perf_counter(), cpu()
explainer, problems = read_explainer(Path(sys.argv[1]))
assert explainer is not None, "the content does not check"
print(json.dumps([time.perf_counter() - wall, cpu() - used]))
"""


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str]) -> tuple[float, float, str]:
    """Wall and CPU seconds of a command in a new process, and what it printed."""
    used, started = children_cpu(), time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{command[1:3]} failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return took, children_cpu() - used, done.stdout


def measure(content: Path, runs: int) -> dict[str, list[float]]:
    """`runs` timings of check (wall, CPU) and of the read step (wall, CPU)."""
    found: dict[str, list[float]] = {"check": [], "check cpu": [], "read": [], "read cpu": []}
    for _ in range(runs):
        took, used, _ = run([sys.executable, "build.py", "check", "--content", str(content)])
        found["check"].append(took)
        found["check cpu"].append(used)
        _, _, printed = run([sys.executable, "-c", READ, str(content)])
        wall, cpu = json.loads(printed.splitlines()[-1])
        found["read"].append(wall)
        found["read cpu"].append(cpu)
    return found


def shown(times: list[float]) -> str:
    return f"{statistics.median(times):.2f} s ({min(times):.2f}-{max(times):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--content", type=Path, nargs="+", help="content folders to measure")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--work", type=Path, default=None, help="where to generate (kept)")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="explainer-bench-"))
    folders = args.content or [work / f"n{n}" for n in args.sizes]
    if not args.content:
        for n, folder in zip(args.sizes, folders, strict=True):
            generate(n, folder)
    medians: dict[Path, float] = {}
    for folder in folders:
        files = sum(1 for path in folder.rglob("*") if path.is_file())
        found = measure(folder, args.runs)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        medians[folder] = statistics.median(found["check"])
        print(f"{folder} ({files:,} files, median of {args.runs}, min-max):")
        print(f"  check: wall {shown(found['check'])}, CPU {shown(found['check cpu'])}")
        print(f"  read step: wall {shown(found['read'])}, CPU {shown(found['read cpu'])}")
        print(f"  peak RSS of one process so far: {peak:.0f} MiB")
    for small, large in itertools.pairwise(folders):
        print(f"check time {large.name}/{small.name}: x{medians[large] / medians[small]:.1f}")


if __name__ == "__main__":
    main()
