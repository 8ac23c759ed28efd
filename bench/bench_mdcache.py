"""The Markdown step of a build with and without the cache of compiled Markdown.

    python bench/bench_mdcache.py CONTENT [--runs 3] [--workers 2]

Reads and checks CONTENT once, then times `parallel.compile_markdown` (every
Markdown text of the explainer compiled, as a build does before rendering) run by
run in turn: without the cache (`--no-cache`, the plain path), with an empty
cache (a first build: everything compiled, then the file written) and with a
warm one (the file read, nothing compiled). Prints the median and min–max of CPU
seconds (this process and its workers) and wall seconds, and the cache file's
size. The cache folder is a temporary one, deleted at the end.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from explainer import mdcache, parallel
from explainer.build import site_data
from explainer.pipeline import read_explainer


def cpu() -> float:
    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def timed(work: Callable[[], object]) -> tuple[float, float]:
    """CPU and wall seconds of `work()`."""
    cpu0, wall0 = cpu(), time.perf_counter()
    work()
    return cpu() - cpu0, time.perf_counter() - wall0


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):6.2f} ({min(values):.2f}–{max(values):.2f})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        os.environ["EXPLAINER_CACHE_DIR"] = folder
        explainer, _ = read_explainer(args.content, str(args.content))
        assert explainer is not None, "the content has errors"
        data = site_data(explainer, None)
        file = mdcache.cache_file(args.content)
        assert file is not None

        def empty_cache() -> None:
            file.unlink(missing_ok=True)
            parallel.compile_markdown(data, args.workers, file)

        cases = {
            "no cache": lambda: parallel.compile_markdown(data, args.workers, None),
            "empty cache": empty_cache,
            "warm cache": lambda: parallel.compile_markdown(data, args.workers, file),
        }
        times: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, work in cases.items():
                times[name].append(timed(work))
        texts = len(set(parallel.markdown_texts(explainer)))
        print(
            f"{args.content}: {texts} Markdown texts, {args.workers} workers, "
            f"cache file {file.stat().st_size / 2**20:.1f} MiB, load {os.getloadavg()[0]:.1f}"
        )
        print(f"{'':12} {'CPU s median (min–max)':>24} {'wall s median (min–max)':>24}")
        for name, runs in times.items():
            cpus, walls = [c for c, _ in runs], [w for _, w in runs]
            print(f"{name:12} {spread(cpus):>24} {spread(walls):>24}")


if __name__ == "__main__":
    main()
