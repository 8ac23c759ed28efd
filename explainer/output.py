"""Which output folders a build may replace, and one build at a time into each.

A build replaces its output folder whole, so the folder must be one that
holds nothing else of value. It may be replaced only when it is missing,
empty, or holds the marker file that every build writes (`MARKER`): a folder
of someone's own files is refused, whatever flags are given. It may never be,
lie inside, or contain the content, templates or static folders, the current
folder or a `.git` folder. A symlinked output is followed: the site is written
into the folder the link points to, and the link stays. A mount point cannot
be renamed, so it is refused before anything is written. A build holds a lock
while it writes (`flock` on the folder that holds the output, so no lock file is
left behind), so two builds into one output (two terminals, or `serve --out`
and `build`) are serialised, never interleaved.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

MARKER = ".explainer-site"
MARKER_TEXT = b"This folder was written by explainer; each build replaces it whole.\n"
LOCK_WAIT = 60.0  # seconds to wait for another build into the same output


class OutputError(Exception):
    """The output folder cannot be used; the message says why and what to do."""


def real_output(out: Path) -> Path:
    """The folder a build writes: `out`, with every symlink on the way followed."""
    return Path(os.path.realpath(out))


def _overlaps(target: Path, folder: Path) -> bool:
    return target == folder or target in folder.parents or folder in target.parents


def check_protected(out: Path, protected: list[Path]) -> None:
    """Refuse an output that is, lies inside or contains a folder the build reads or keeps."""
    target = real_output(out)
    cwd = Path.cwd().resolve()
    if target == cwd or target in cwd.parents:
        raise OutputError(
            f"output '{out}' is the current folder or holds it; choose a new folder, e.g. _site"
        )
    if ".git" in target.parts:
        raise OutputError(f"output '{out}' is inside a .git folder; choose a folder outside it")
    for folder in protected:
        folder = folder.resolve()
        if _overlaps(target, folder):
            raise OutputError(
                f"output '{out}' overlaps '{folder}', which the build reads; "
                "choose a folder outside it, e.g. _site"
            )


def check_replaceable(out: Path) -> None:
    """Refuse an output that is not ours to replace (see the module's docstring)."""
    target = real_output(out)
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputError(f"output '{out}' exists and is not a folder; choose another --out")
    if os.path.ismount(target):
        raise OutputError(
            f"output '{out}' is a mount point, which a build cannot replace; "
            f"write into a folder inside it, e.g. --out {out}/site"
        )
    if (target / ".git").exists():
        raise OutputError(f"output '{out}' holds a .git folder; a build would delete it")
    with os.scandir(target) as entries:
        empty = next(entries, None) is None
    if not empty and not (target / MARKER).is_file():
        raise OutputError(
            f"output '{out}' is not empty and was not written by explainer (it has no "
            f"{MARKER} file); a build replaces its output whole, so choose a new or empty "
            "folder, or delete this one yourself if nothing in it is needed"
        )


def check_output(out: Path, protected: list[Path]) -> None:
    """Refuse an output that a build must not replace; raises `OutputError`."""
    check_protected(out, protected)
    check_replaceable(out)


def write_marker(folder: Path) -> None:
    """Mark a freshly written site as ours to replace next time."""
    (folder / MARKER).write_bytes(MARKER_TEXT)


@contextmanager
def claim_output(out: Path, wait: float = LOCK_WAIT) -> Iterator[Path]:
    """Lock the output against other builds and check it again; yields the folder to write."""
    target = real_output(out)
    check_protected(out, [])
    check_replaceable(out)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(target.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        _lock(fd, out, wait)
        check_replaceable(out)  # another build may have changed it while we waited
        yield target
    finally:
        os.close(fd)  # closing releases the lock


def _lock(fd: int, out: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise OutputError(
                    f"another build is writing to '{out}' and did not finish within "
                    f"{wait:.0f} s; wait for it, or choose another --out"
                ) from None
            time.sleep(0.05)
        except OSError as exc:  # a file system without locks
            raise OutputError(
                f"cannot lock the folder holding '{out}' ({exc.strerror}); "
                "choose an output on a local disk"
            ) from None
