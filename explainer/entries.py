"""What the content folder holds besides record files, said at its path, never silently.

`load` reads only regular files. Everything else it meets gets a diagnostic:
a FIFO or device is never opened (reading one can wait forever or never
end), a folder named like a record file is an error, subfolders of the
record folders and folders the format does not know are warnings, a name
that is not UTF-8 is one error shown with escapes, and a folder or file that
cannot be read is an error at its path while the rest is still checked.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from .diagnostics import Diagnostic, Position

KNOWN_FOLDERS = ("actors", "events", "quotes", "sources", "sections")
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def shown_name(name: str) -> str:
    """A file name as text that can always be printed: undecodable bytes as `\\xff`."""
    return os.fsencode(name).decode("utf-8", "backslashreplace")


def is_utf8_name(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def kind_of(mode: int) -> str:
    """How a file type is named in messages."""
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def read_regular(path: str | Path, limit: int) -> bytes | str:
    """The bytes of a regular file (at most `limit` + 1), or why it was not read.

    The type is checked before the file is opened, and again on the open file,
    which is opened without blocking so that a FIFO swapped in meanwhile cannot hang.
    """
    try:
        mode = os.stat(path).st_mode
        if not stat.S_ISREG(mode):
            return f"is {kind_of(mode)}, not a regular file; only regular files are read"
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as exc:
        return f"cannot read file: {exc.strerror}"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return f"is {kind_of(info.st_mode)}, not a regular file; only regular files are read"
        return _read_at_most(fd, min(info.st_size, limit) + 1)
    except OSError as exc:
        return f"cannot read file: {exc.strerror}"
    finally:
        os.close(fd)


def _read_at_most(fd: int, size: int) -> bytes:
    """Up to `size` bytes, to the end of the file. Asking for the file's own size, not the
    limit's, matters: a buffer of the limit (8 MiB) per file made reading 5 times slower."""
    chunks = []
    while size > 0 and (chunk := os.read(fd, size)):
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def scan_folder(directory: Path, shown: str) -> tuple[list[os.DirEntry[str]], list[Diagnostic]]:
    """A folder's entries by name, or an error at the folder when it cannot be read."""
    try:
        with os.scandir(directory) as scan:
            return sorted(scan, key=lambda e: e.name), []
    except OSError as exc:
        message = f"cannot read this folder: {exc.strerror}; its files are not checked"
        return [], [Diagnostic.error(Position(shown), message)]


def entry_problem(entry: os.DirEntry[str], shown: str, suffix: str) -> Diagnostic | None:
    """The problem with an entry of a record folder that is not a readable record file."""
    where = Position(shown)
    if not is_utf8_name(entry.name):
        return Diagnostic.error(where, "file name is not valid UTF-8; rename it")
    try:
        mode = entry.stat().st_mode
    except OSError as exc:
        return Diagnostic.error(where, f"cannot read: {exc.strerror}")
    if entry.name.endswith(suffix):
        message = f"is {kind_of(mode)}, not a regular file; a '*{suffix}' record file must be one"
        return Diagnostic.error(where, message)
    if stat.S_ISDIR(mode):
        return Diagnostic.warning(
            where,
            "folder is ignored: only files directly in this record folder are read; "
            "move its files up a level",
        )
    if stat.S_ISREG(mode):
        return Diagnostic.warning(where, f"file is ignored: only '*{suffix}' files are read here")
    return Diagnostic.warning(where, f"is {kind_of(mode)}; ignored")


def unknown_folders(content: Path, show: Callable[[str], str]) -> list[Diagnostic]:
    """Warnings for folders in the content folder that the format does not read.

    `show` turns a path inside the content folder into the path shown.
    """
    entries, problems = scan_folder(content, show("").rstrip("/") or ".")
    for entry in entries:
        if entry.name.startswith(".") or entry.name in KNOWN_FOLDERS:
            continue
        try:
            is_folder = entry.is_dir()
        except OSError:
            continue
        if is_folder:
            shown = show(shown_name(entry.name))
            problems.append(
                Diagnostic.warning(
                    Position(shown),
                    "folder is not read: the content format reads only site.yaml and the "
                    f"folders {', '.join(KNOWN_FOLDERS)}",
                )
            )
    return problems
