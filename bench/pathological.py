"""Feed each pathological shape of issue #12 at two sizes; print times, peak memory, ratios.

Usage: python bench/pathological.py [--scale 1.0] [--runs 3] [--only NAME ...]

`lines` is how many problems the run reported (printed per file at most 100 and
an "and N more" line).

Each shape is written into a small valid explainer and run in a fresh process
(`check` for the checker's shapes, a build into memory for the renderer's), so
peak memory is that run's own. Linear cost gives a time ratio near 2 between
the two sizes (the second is twice the first); the quadratic code this issue
replaced gave ratios near 4. The ratio is of median CPU seconds, which other work
on the machine disturbs less than wall time. `--scale` shrinks or grows every size.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from sites import write_site  # noqa: E402


def unknown_refs(n: int) -> dict[str, str]:
    body = "".join(f"  See [[missing-{i}]] here.\n" for i in range(n))
    return {"actors/iran.yaml": f"name: Iran\nkind: state\nsummary: S.\ndescription: |\n{body}"}


def unknown_keys(n: int) -> dict[str, str]:
    keys = "".join(f"k{i}: x\n" for i in range(n))
    return {"actors/iran.yaml": f"name: Iran\nkind: state\nsummary: S.\n{keys}"}


def section(body: str) -> dict[str, str]:
    return {"sections/long.md": f"---\ntitle: Long\norder: 2\n---\n\n{body}"}


def same_headings(n: int) -> dict[str, str]:
    return section("## Same\n\n" * n)


def one_source_cited(n: int) -> dict[str, str]:
    return section("Claim [@article]. " * n + "\n")


def embeds(n: int) -> dict[str, str]:
    return section("![[suspension]]\n\n" * n)


def wide_table(columns: int, rows: int = 80) -> dict[str, str]:
    head = "|" + "|".join(f"c{i}" for i in range(columns)) + "|\n"
    rule = "|" + "|".join("-" for _ in range(columns)) + "|\n"
    row = "|" + "|".join("x" for _ in range(columns)) + "|\n"
    return section(head + rule + row * rows)


# name -> (stage, content of size n, the two sizes)
SHAPES: dict[str, tuple[str, Callable[[int], dict[str, str]], tuple[int, int]]] = {
    "unknown [[id]] in one field": ("check", unknown_refs, (10_000, 20_000)),
    "unknown keys in one file": ("check", unknown_keys, (100_000, 200_000)),
    "same heading, many times": ("build", same_headings, (10_000, 20_000)),
    "one source cited many times": ("build", one_source_cited, (15_000, 30_000)),
    "embeds": ("build", embeds, (5_000, 10_000)),
    "table columns (80 rows)": ("build", wide_table, (2_500, 5_000)),
}

CHILD = """
import json, resource, sys, time
from pathlib import Path
from explainer.build import build_site
from explainer.pipeline import read_explainer
stage, content = sys.argv[1], Path(sys.argv[2])
started, cpu = time.perf_counter(), time.process_time()
if stage == "check":
    explainer, problems = read_explainer(content, "content")
    ok = explainer is not None
else:
    built = build_site(content, "content")
    ok, problems = built.ok, built.diagnostics
took, cpu = time.perf_counter() - started, time.process_time() - cpu
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": took, "cpu": cpu, "peak_kib": peak, "problems": len(problems)}))
"""


def run_once(stage: str, content: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, stage, str(content)],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
    )
    return json.loads(done.stdout)


def measure(stage: str, content: Path, runs: int) -> dict[str, float]:
    """Medians of wall and CPU seconds, min and max wall seconds, peak KiB, problems."""
    results = [run_once(stage, content) for _ in range(runs)]
    seconds = [r["seconds"] for r in results]
    return {
        "median": statistics.median(seconds),
        "low": min(seconds),
        "high": max(seconds),
        "cpu": statistics.median(r["cpu"] for r in results),
        "peak": max(r["peak_kib"] for r in results) / 1024,
        "problems": results[0]["problems"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="shape names to run")
    args = parser.parse_args()
    print(
        f"{'shape':30} {'stage':5} {'size':>8} {'median s':>9} {'min-max s':>13} "
        f"{'cpu s':>6} {'peak MiB':>8} {'lines':>5} {'ratio':>6}"
    )
    with tempfile.TemporaryDirectory() as work:
        for name, (stage, shape, sizes) in SHAPES.items():
            if args.only and not any(word in name for word in args.only):
                continue
            cpus: list[float] = []
            for size in (max(1, int(s * args.scale)) for s in sizes):
                content = write_site(Path(work) / f"{len(cpus)}-{abs(hash(name))}", shape(size))
                m = measure(stage, content, args.runs)
                cpus.append(m["cpu"])
                ratio = f"{cpus[1] / cpus[0]:6.2f}" if len(cpus) == 2 else ""
                print(
                    f"{name:30} {stage:5} {size:>8,} {m['median']:9.2f} "
                    f"{m['low']:6.2f}-{m['high']:6.2f} {m['cpu']:6.2f} {m['peak']:8.0f} "
                    f"{m['problems']:5} {ratio:>6}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
