"""Write a whole site to disk atomically: a fresh folder beside the output, then a swap.

The new site is written to a temporary folder next to the output, so that the
final renames stay on one file system. The old output is renamed away, the new
one renamed in, and only then is the old one deleted. If anything fails before
the swap, the temporary folder is removed and the previous output is left
exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from .assets import static_bytes
from .output import OutputError, check_output, claim_output, write_marker
from .pages import STATIC
from .theme import Folders, overlay

__all__ = ["OutputError", "check_output", "replace_output", "static_files", "write_site"]


def static_files(static: Folders) -> list[str]:
    """Paths of the static files (the first folder wins), relative to their folder, sorted."""
    return list(overlay(static))


def write_pages(root: Path, pages: dict[str, bytes]) -> None:
    for path in sorted(pages):
        write_file(root, path, pages[path])


def write_file(root: Path, path: str, data: bytes) -> None:
    """Write one output file under `root`, making its folders.

    Called once per page, so in plain `os` calls: its folder made (usually new, with
    its parent already there), then the file opened, written and closed, without
    `Path.write_bytes`'s Python layers and their three more system calls a file."""
    target = os.path.join(root, path)
    folder = os.path.dirname(target)
    try:
        os.mkdir(folder)
    except FileExistsError:
        pass
    except FileNotFoundError:  # its parent is new too
        os.makedirs(folder, exist_ok=True)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        rest = memoryview(data)
        while rest:  # a write may take less than all it is given
            rest = rest[os.write(fd, rest) :]
    finally:
        os.close(fd)


def copy_static(root: Path, static: Folders) -> None:
    for name, source in overlay(static).items():
        target = root / STATIC / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(static_bytes(source))


def remove_leftovers(out: Path) -> None:
    """Delete temporary folders that an interrupted earlier build left beside `out`."""
    for pattern in (f".site-{out.name}-new-*", f".site-{out.name}-old-*"):
        for leftover in sorted(out.parent.glob(pattern)):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def write_site(
    out: Path,
    pages: dict[str, bytes],
    static: Folders = None,
    finish: Callable[[Path], None] | None = None,
) -> None:
    """Replace `out` with exactly `pages` plus the files of `static` (under `static/`)."""
    replace_output(out, lambda fresh: write_pages(fresh, pages), static, finish)


def replace_output(
    out: Path,
    fill: Callable[[Path], None],
    static: Folders = None,
    finish: Callable[[Path], None] | None = None,
) -> None:
    """Replace `out` with what `fill(folder)` writes plus the files of `static`.

    `fill` writes into a fresh folder beside `out`; if it (or anything before the
    swap) raises, the folder is removed and `out` is left as it was.
    `claim_output` (see output.py) refuses folders that are not ours to replace,
    follows a symlinked `out` to the folder it names, and holds a lock meanwhile.
    `finish` runs on the new folder before it is swapped in (the search index is
    written so); if it raises, the previous output stays as it was.
    """
    with claim_output(out) as target:
        remove_leftovers(target)
        fresh = Path(tempfile.mkdtemp(prefix=f".site-{target.name}-new-", dir=target.parent))
        try:
            fill(fresh)
            copy_static(fresh, static)
            if finish is not None:
                finish(fresh)
            write_marker(fresh)
            os.chmod(fresh, 0o755)  # mkdtemp makes it private; a published site is readable
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        swap_in(fresh, target)


def swap_in(fresh: Path, out: Path) -> None:
    if not out.exists():
        os.replace(fresh, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".site-{out.name}-old-", dir=out.parent))
    old.rmdir()  # only the name is wanted; rename needs the target to be absent
    os.replace(out, old)
    try:
        os.replace(fresh, out)
    except BaseException:
        os.replace(old, out)  # put the previous site back
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    shutil.rmtree(old, ignore_errors=True)
