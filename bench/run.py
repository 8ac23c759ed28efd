"""Benchmark runner: check, full builds and a preview edit at N = 100, 1,000 and 10,000.

    python bench/run.py [--sizes 100,1000,10000] [--runs 3] [--corpora DIR] [--out bench/RESULTS.md]

For each size it writes (once, then reuses) the synthetic explainer of
`../shared/bench/gen_corpus.py` (N actors, 2N events, 2N quotes, N/2 sources,
N/20 sections), then times, in child processes, alternating the measures run by
run: `check`; a full `build` into an empty folder; a full `build` over the
existing output; a full `build --no-search` into an empty folder (the same site
without the search index and box, like for like with Hugo, which builds no
search index; the other build rows include the search index). Each measure
prints its median, min–max, pages per second and the peak memory of the child
and every process it started, sampled every 20 ms: the sum of their proportional
set sizes (memory shared by forked workers counted once) and of their resident
sizes (shared memory counted in every process); and the CPU time of all of them.
The machine's load average is printed with each size: the machine is shared, so
figures are only comparable within one run.

The last row, a one-event edit through the preview server, runs
`bench/bench_serve.py` in a child process: seconds from saving an event file to
the browser being told to reload, the CPU time of each save, and the peak memory
of the server (its first build included).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT.parent / "shared" / "bench" / "gen_corpus.py"
if not GENERATOR.exists():
    GENERATOR = Path("/work/shared/bench/gen_corpus.py")


@dataclass
class Measure:
    """The runs of one measure: wall seconds and peak memory (MiB) of each."""

    name: str
    seconds: list[float] = field(default_factory=list)
    peaks: list[tuple[float, float]] = field(default_factory=list)  # (PSS, RSS) MiB
    cpu: list[float] = field(default_factory=list)  # user + system, all processes

    def row(self, pages: int) -> str:
        if not self.seconds:
            return f"| {self.name} | — | — | — | — | — |"
        median = statistics.median(self.seconds)
        spread = f"{min(self.seconds):.2f}–{max(self.seconds):.2f}"
        rate = f"{pages / median:,.0f}" if pages else "—"
        cpu = f"{statistics.median(self.cpu):.2f}" if self.cpu else "—"
        peak = f"{max(p for p, _ in self.peaks):,.0f} / {max(r for _, r in self.peaks):,.0f}"
        return f"| {self.name} | {median:.2f} | {spread} | {rate} | {cpu} | {peak} |"


def process_memory(pid: int) -> dict[int, tuple[float, float]]:
    """(PSS, RSS) in MiB of `pid` and each of its descendants, by process id.

    PSS counts a page shared by n processes as 1/n in each (forked workers share the
    model); RSS counts it in full in each, so its sum overstates what is used."""
    found: dict[int, tuple[float, float]] = {}
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            found[current] = _memory(current)
            with open(f"/proc/{current}/task/{current}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except OSError:
            continue
    return found


def _memory(pid: int) -> tuple[float, float]:
    pss = rss = 0
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            if line.startswith(("Pss:", "Rss:")):
                value = int(line.split()[1])
                pss, rss = (pss + value, rss) if line[0] == "P" else (pss, rss + value)
    return pss / 1024, rss / 1024


def tree_memory(pid: int) -> tuple[float, float]:
    """(PSS, RSS) in MiB of `pid` and all its descendants, summed."""
    each = process_memory(pid).values()
    return sum(pss for pss, _ in each), sum(rss for _, rss in each)


Watch = Callable[[int, float, float], None]  # (child's pid, seconds, peak PSS so far)


def run_child(
    command: list[str],
    env: dict[str, str] | None = None,
    watch: Watch | None = None,
    quiet: bool = False,
) -> tuple[float, tuple[float, float], float]:
    """Run `command`: its wall time, the peak memory of its process tree (MiB) and the
    CPU time (user + system) of every process it started and waited for.

    `env`: variables set for it besides this checkout on PYTHONPATH; `watch`: called
    after each sample of its memory; `quiet`: its standard error left unshown too."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    stderr = subprocess.DEVNULL if quiet else None
    child = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    peak = (0.0, 0.0)

    def sample() -> None:
        nonlocal peak
        while child.poll() is None:
            pss, rss = tree_memory(child.pid)
            peak = (max(peak[0], pss), max(peak[1], rss))
            if watch is not None:
                watch(child.pid, time.perf_counter() - started, peak[0])
            time.sleep(0.02)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    code = child.wait()
    took = time.perf_counter() - started
    sampler.join()
    if code != 0:
        raise SystemExit(f"{' '.join(command)} failed with exit status {code}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return took, peak, cpu


def corpus(n: int, folder: Path) -> Path:
    """The generated explainer of size `n` (written once)."""
    target = folder / f"c{n}"
    if not (target / "content" / "site.yaml").exists():
        subprocess.run(
            [sys.executable, str(GENERATOR), str(n), str(target), "--targets", "content,hugo"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        drop_shared_aliases(target / "content" / "actors")
    return target / "content"


def drop_shared_aliases(actors: Path) -> int:
    """Drop each alias whose slug an earlier actor file already has, or that is an id.

    gen_corpus.py gives a few aliases to two actors; the checker warns about that (such
    an alias cannot work as an id), so the content would not check clean. The pages are
    otherwise the same.
    """
    ids = {path.stem for path in actors.glob("*.yaml")}
    taken: set[str] = set()
    dropped = 0
    for path in sorted(actors.glob("*.yaml")):
        kept, in_aliases = [], False
        for line in path.read_text(encoding="utf-8").split("\n"):
            in_aliases = line.startswith("aliases:") or (in_aliases and line.startswith("  - "))
            if in_aliases and line.startswith("  - "):
                slug = alias_slug(line[4:].strip().strip('"'))
                if slug in taken or slug in ids:
                    dropped += 1
                    continue
                taken.add(slug)
            kept.append(line)
        path.write_text("\n".join(_empty_lists(kept)), encoding="utf-8")
    return dropped


def _empty_lists(lines: list[str]) -> list[str]:
    """`aliases:` with no entry left under it becomes `aliases: []`."""
    following = [*lines[1:], ""]
    return [
        "aliases: []" if line == "aliases:" and not nxt.startswith("  - ") else line
        for line, nxt in zip(lines, following, strict=True)
    ]


def alias_slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def count_pages(out: Path) -> int:
    return sum(1 for _, _, files in os.walk(out) for name in files if name.endswith(".html"))


def bench_size(n: int, runs: int, corpora: Path) -> tuple[list[Measure], int, str]:
    """The measures of one size, alternated run by run; the pages built; the load."""
    content = corpus(n, corpora)
    out = Path(tempfile.mkdtemp()) / "site"
    build = [sys.executable, "build.py", "build", "--content", str(content), "--out", str(out)]
    check = [sys.executable, "build.py", "check", "--content", str(content)]
    bare = [*build[:-1], str(out.parent / "bare"), "--no-search"]
    measures = [Measure("check"), Measure("build, empty output"), Measure("build, over output")]
    measures.append(Measure("build --no-search, empty output"))
    load = os.getloadavg()[0]
    for _ in range(runs):
        shutil.rmtree(out, ignore_errors=True)
        shutil.rmtree(bare[-2], ignore_errors=True)
        for measure, command in zip(measures, (check, build, build, bare), strict=True):
            took, peak, cpu = run_child(command)
            measure.seconds.append(took)
            measure.peaks.append(peak)
            measure.cpu.append(cpu)
    pages = count_pages(out)
    shutil.rmtree(out.parent, ignore_errors=True)
    loads = f"{load:.1f} → {os.getloadavg()[0]:.1f}"
    return [*measures, serve_edit(content, runs)], pages, loads


def serve_edit(content: Path, runs: int) -> Measure:
    """A one-event edit through the preview server: `bench/bench_serve.py` in a child
    process (its first build, then event saves timed from the save to the reload);
    seconds and CPU per save, and the peak memory of the server's processes."""
    measure = Measure("serve: one-event edit to reload")
    with tempfile.TemporaryDirectory() as folder:
        figures = Path(folder) / "serve.json"
        script = [sys.executable, "bench/bench_serve.py", str(content), "--json", str(figures)]
        _, peak, _ = run_child([*script, "--saves", str(max(runs, 5)), "--template-saves", "0"])
        saves = json.loads(figures.read_text(encoding="utf-8"))["saves"]
    measure.seconds, measure.cpu, measure.peaks = saves["wall"], saves["cpu"], [peak]
    return measure


def table(results: list[tuple[int, list[Measure], int, str]]) -> str:
    lines = [
        f"Cores: {os.cpu_count()}; Python {sys.version.split()[0]}; "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
    ]
    for n, measures, pages, loads in results:
        lines += [
            f"### N = {n:,} ({pages:,} HTML pages; load average {loads})",
            "",
            "| measure | median s | min–max s | pages/s | CPU s | peak MiB, PSS / RSS |",
            "|---|---|---|---|---|---|",
            *[m.row(pages if m.name.startswith("build") else 0) for m in measures],
            "",
        ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--corpora", type=Path, default=Path(tempfile.gettempdir()) / "explainer-bench"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args()
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        measures, pages, loads = bench_size(n, args.runs, args.corpora)
        results.append((n, measures, pages, loads))
        print(table([results[-1]]), flush=True)
    text = table(results)
    args.out.write_text("# Benchmark results (bench/run.py)\n\n" + text + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
