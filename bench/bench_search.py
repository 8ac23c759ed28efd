"""Time the search index's build on explainers, and print medians.

Usage: python bench/bench_search.py --content DIR [DIR ...] [--runs 3]

For each content folder (such as one ../shared/bench/gen_corpus.py wrote), one
child process reads and checks it, then builds the search index `--runs` times
as `build` does (documents from the model, postings, the files' bytes, written
into a fresh folder). Prints per run the median CPU and wall seconds with
min-max, the extra memory at its peak (the peak resident size during the index,
reset before it, minus the size before it), the number of files, the total size
and the largest shard. CPU time is the figure to compare on a shared machine.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

CHILD = """
import gc, json, os, shutil, sys, tempfile, time
from pathlib import Path
from explainer.build import site_data
from explainer.cli import GC_THRESHOLD
from explainer.pipeline import read_explainer
from explainer.search import write_index
gc.set_threshold(*GC_THRESHOLD)  # as the command line sets it

def rss(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field):
            return int(line.split()[1]) * 1024

explainer, problems = read_explainer(Path(sys.argv[1]))
assert explainer is not None, "the content does not check"
data = site_data(explainer, None)
runs = []
for _ in range(int(sys.argv[2])):
    folder = Path(tempfile.mkdtemp())
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5")  # resets the peak resident size
    before, wall, cpu = rss("VmRSS:"), time.perf_counter(), time.process_time()
    write_index(folder, data)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    extra = rss("VmHWM:") - before
    sizes = {p.relative_to(folder).as_posix(): p.stat().st_size for p in folder.rglob("*.json")}
    shards = {p: n for p, n in sizes.items() if p.startswith("search/w/")}
    biggest = max(shards, key=shards.get)
    runs.append([cpu, wall, extra, len(sizes), sum(sizes.values()), biggest, shards[biggest]])
    shutil.rmtree(folder)
print(json.dumps(runs))
"""


def spread(values: list[float], unit: str = "", scale: float = 1.0) -> str:
    values = [v / scale for v in values]
    return f"{statistics.median(values):.2f}{unit} ({min(values):.2f}-{max(values):.2f})"


def measure(content: Path, runs: int) -> str:
    env_path = f"{ROOT}"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(content), str(runs)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
    )
    results = json.loads(done.stdout)
    cpu, wall, extra = ([r[i] for r in results] for i in range(3))
    files, total, biggest, size = results[-1][3:]
    return (
        f"{content}: CPU {spread(cpu, ' s')}, wall {spread(wall, ' s')}, "
        f"extra memory {spread(extra, ' MiB', 2**20)}; {files} files, "
        f"{total / 2**20:.1f} MiB, largest shard {biggest} {size / 2**20:.2f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, nargs="+", required=True)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    for content in args.content:
        print(measure(content, args.runs), flush=True)


if __name__ == "__main__":
    main()
