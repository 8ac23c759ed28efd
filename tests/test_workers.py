"""A worker process killed by the system ends the run with one clear line (issue #12)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.workers import how_it_ended
from sites import write_site

ROOT = Path(__file__).resolve().parents[1]

# Run in a child process: the parent forks workers and one of them is killed, as the
# out-of-memory killer would; the old code hung here, so the child has a timeout.
KILL_IN_WORKERS = """
import os, signal, sys, time
from explainer import parallel, pipeline, splitcheck
from explainer.cli import main

parent = os.getpid()
real_convert, real_render = pipeline.convert_files, parallel.render_share

def die_in_a_worker():
    if os.getpid() != parent:
        os.kill(os.getpid(), signal.SIGKILL)

def convert_files(jobs):  # module level, so that it can be sent to a worker
    die_in_a_worker()
    time.sleep(0.2)  # so that a worker takes one of splitcheck's blocks (one file each)
    return real_convert(jobs)

def render_share(*args):
    die_in_a_worker()
    return real_render(*args)

pipeline.convert_files = convert_files
pipeline._workers = lambda files: 2
splitcheck.BLOCK = 1
if sys.argv[1] == "build":
    pipeline._workers = lambda files: 1  # the render workers are the ones killed
    parallel.render_share = render_share
    parallel.worker_count = lambda pages: 2
    import explainer.build
    explainer.build.worker_count = parallel.worker_count
sys.exit(main(sys.argv[1:]))
"""


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-c", KILL_IN_WORKERS, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("command", "what", "outcome"),
    [
        (["check"], "checking", "nothing was checked"),
        (["check", "--no-cache"], "checking", "nothing was checked"),
        (["build", "--out", "site"], "rendering", "the output was left as it was"),
    ],
)
def test_a_killed_worker_is_one_clear_line(
    tmp_path: Path, command: list[str], what: str, outcome: str
) -> None:
    write_site(tmp_path / "content", {})
    result = run(tmp_path, *command)
    assert result.returncode == 1, result.stderr
    assert result.stderr.splitlines()[-1] == (
        f"error: a {what} process was killed by signal SIGKILL (the system may have run out "
        f"of memory); {outcome}; run it again"
    )
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]  # no output, no leftovers


def test_how_a_process_ended_in_words() -> None:
    assert how_it_ended(-15) == "was killed by signal SIGTERM"
    assert how_it_ended(3) == "stopped with exit status 3"
