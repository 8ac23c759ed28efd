"""Time `check` and the build's read step on explainers, cold and warm, and print medians.

Usage: python bench/bench_check.py [--sizes 1000 10000 | --content DIR ...] [--runs 5]
                                   [--work DIR]

Each explainer (generated once per size with bench/generate.py, or a content folder
given, such as one ../shared/bench/gen_corpus.py wrote) is measured `--runs` times,
each run in a fresh process, with a cache folder of its own (`EXPLAINER_CACHE_DIR`):

- `check --no-cache`: cold, every file converted, as the first check ever;
- `check`, warm: no file changed since the last check, whose problems are kept
  (`checkcache`: every file's status compared with the one noted, `statcache`; none
  converted or validated);
- `check`, one file edited: after an edit to one event: the read cache holds every
  other file's facts (one file converted), and the whole explainer is validated
  from them (`facts`);
- read: `pipeline.read_explainer(DIR)` (warm) in a child that times only that call,
  which is the first step of every build (load, model and validate).

Prints the median wall and CPU seconds (user + system, worker processes included)
with min-max, the peak memory of one process, and the time ratio between sizes. CPU
time is the figure to compare on a shared machine: other work there inflates wall time.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
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


CHECKS = ("check --no-cache", "check, warm", "check, one file edited")


def edit_one(content: Path, run: int) -> tuple[Path, bytes]:
    """Change the title of one event (a different one each run); its path and bytes."""
    events = sorted((content / "events").glob("*.yaml"))
    path = events[run * 7919 % len(events)]
    before = path.read_bytes()
    path.write_bytes(before.replace(b"title: ", f"title: Edited {run} ".encode(), 1))
    return path, before


def measure(content: Path, runs: int) -> dict[str, list[float]]:
    """`runs` timings (wall, CPU) of each of `CHECKS` and of the read step."""
    found: dict[str, list[float]] = {}
    check = [sys.executable, "build.py", "check", "--content", str(content)]
    commands = ([*check, "--no-cache"], check, check)
    run(check)  # the cache is filled
    for number in range(runs):
        for name, command in zip(CHECKS, commands, strict=True):
            edited = edit_one(content, number) if name.endswith("edited") else None
            took, used, _ = run(command)
            found.setdefault(name, []).append(took)
            found.setdefault(name + " cpu", []).append(used)
            if edited:  # the content is left as it was, and the cache warm again
                edited[0].write_bytes(edited[1])
                run(check)
        _, _, printed = run([sys.executable, "-c", READ, str(content)])
        wall, cpu = json.loads(printed.splitlines()[-1])
        found.setdefault("read", []).append(wall)
        found.setdefault("read cpu", []).append(cpu)
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
    os.environ["EXPLAINER_CACHE_DIR"] = str(Path(tempfile.mkdtemp(prefix="explainer-cache-")))
    folders = args.content or [work / f"n{n}" for n in args.sizes]
    if not args.content:
        for n, folder in zip(args.sizes, folders, strict=True):
            generate(n, folder)
    medians: dict[Path, float] = {}
    for folder in folders:
        files = sum(1 for path in folder.rglob("*") if path.is_file())
        found = measure(folder, args.runs)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
        medians[folder] = statistics.median(found[CHECKS[0]])
        print(f"{folder} ({files:,} files, median of {args.runs}, min-max):")
        for name in [*CHECKS, "read"]:
            print(f"  {name}: wall {shown(found[name])}, CPU {shown(found[name + ' cpu'])}")
        print(f"  peak RSS of one process so far: {peak:.0f} MiB")
    for small, large in itertools.pairwise(folders):
        ratio = medians[large] / medians[small]
        print(f"cold check time {large.name}/{small.name}: x{ratio:.1f}")


if __name__ == "__main__":
    main()
