"""CPU time of writing pages (`write.write_file`), user and system apart.

    PYTHONPATH=. python bench/bench_write.py [--pages N] [--runs R] [--folder DIR]

Writes `N` pages of 10 KiB laid out as a site's are (`events/<id>/index.html`,
each in a new folder, and a tenth in folders already there), `R` times, each
into a new folder under DIR (default: a temporary folder beside the system's),
and prints the median and min–max µs of user and of system CPU per page. The
user part is this program's; the system part is mostly the file system's (on
ext4, making folders right after deleting many costs several times more), so
compare user time, and count system calls with `strace -c -f`.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import statistics
import tempfile
from pathlib import Path

from explainer.write import write_file


def site_paths(pages: int) -> list[str]:
    """Paths as a site has them: most in a folder of their own, some beside others."""
    own = [f"events/e{i}/index.html" for i in range(pages - pages // 10)]
    return own + [f"tags/t{i % 50}/page/{i}/index.html" for i in range(pages // 10)]


def one_run(root: Path, paths: list[str], data: bytes) -> tuple[float, float]:
    """(user, system) seconds of CPU to write every path under `root`."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    for path in paths:
        write_file(root, path, data)
    after = resource.getrusage(resource.RUSAGE_SELF)
    return after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--folder", type=Path)
    args = parser.parse_args()
    paths, data = site_paths(args.pages), b"x" * 10240
    users, systems = [], []
    with tempfile.TemporaryDirectory(dir=args.folder) as folder:
        for run in range(args.runs):
            user, system = one_run(Path(folder) / str(run), paths, data)
            users.append(1e6 * user / len(paths))
            systems.append(1e6 * system / len(paths))
            shutil.rmtree(Path(folder) / str(run))
    for name, values in (("user", users), ("system", systems)):
        print(
            f"{name:6} {statistics.median(values):6.1f} µs/page "
            f"({min(values):.1f}–{max(values):.1f}), {args.runs} runs of {len(paths)} pages"
        )


if __name__ == "__main__":
    main()
