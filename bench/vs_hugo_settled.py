"""The reference comparison with Hugo, with each build started on a settled disk.

    python bench/vs_hugo_settled.py CORPUS HUGO_BIN [--runs R] [--settle S]

`../shared/bench/vs_hugo.py` deletes both outputs and at once starts our build,
then Hugo's. On a disk like this machine's (ext4 without a journal), creating a
file within about 30 s of deleting many costs the kernel a scan of every
recently deleted inode of its group (`recently_deleted` in `find_inode_bit`),
so a build started within those 30 s pays for the deletions: at N = 1,000 both
builds do, at N = 10,000 ours alone (it takes longer). Here each build runs
`S` seconds after its own output was deleted, the two take turns going first,
and the first pair is a warm-up, as in the reference script. Prints the medians
(wall, and user and system CPU of all processes) and the ratio project / Hugo.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def timed(cmd: list[str], cwd: Path) -> tuple[float, float, float]:
    """Wall seconds, user and system CPU seconds (the command and its children)."""
    began = time.monotonic()
    process = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{cmd[0]} failed (exit {os.waitstatus_to_exitcode(status)})")
    return time.monotonic() - began, usage.ru_utime, usage.ru_stime


def settled(cmd: list[str], cwd: Path, out: Path, settle: float) -> tuple[float, float, float]:
    """`cmd` timed, `settle` seconds after its output folder was deleted."""
    shutil.rmtree(out, ignore_errors=True)
    time.sleep(settle)
    return timed(cmd, cwd)


def summary(name: str, runs: list[tuple[float, float, float]]) -> str:
    wall, user, system = (statistics.median(r[i] for r in runs) for i in range(3))
    low, high = min(r[0] for r in runs), max(r[0] for r in runs)
    return f"{name} {wall:.2f} s ({low:.2f}-{high:.2f}), user {user:.1f} s, sys {system:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("hugo")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--settle", type=float, default=40.0)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp())
    ours_cmd = [sys.executable, str(PROJECT / "build.py"), "build"]
    ours_cmd += ["--content", str(args.corpus / "content"), "--out", str(tmp / "a")]
    hugo_cmd = [args.hugo, "--quiet", "-d", str(tmp / "b")]
    ours: list[tuple[float, float, float]] = []
    hugo: list[tuple[float, float, float]] = []
    turns = [(ours, ours_cmd, PROJECT, tmp / "a")]
    turns.append((hugo, hugo_cmd, args.corpus / "hugo", tmp / "b"))
    for i in range(args.runs + 1):
        for times, cmd, cwd, out in turns if i % 2 else reversed(turns):
            result = settled(cmd, cwd, out, args.settle)
            if i:  # the first pair is a warm-up
                times.append(result)
    shutil.rmtree(tmp, ignore_errors=True)
    ratio = statistics.median(r[0] for r in ours) / statistics.median(r[0] for r in hugo)
    print(f"{args.corpus.name}, {args.settle:.0f} s after each deletion:")
    print(f"  {summary('project', ours)}\n  {summary('Hugo', hugo)}\n  ratio {ratio:.2f}")


if __name__ == "__main__":
    main()
