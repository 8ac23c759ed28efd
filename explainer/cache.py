"""The cache folder: files kept between builds to save work, never needed for correctness.

Where it is: `$EXPLAINER_CACHE_DIR`, else `$XDG_CACHE_HOME/explainer`, else
`~/.cache/explainer`. Off: `EXPLAINER_NO_CACHE=1` (any value but empty or `0`), or
`--no-cache` on the command line (`turned_off()` around the command). Deleting the
folder is always safe: the next build fills it again.

The interface, for every cache (one subfolder each):

- `folder(name)` -> the subfolder `name`, made private to the user, or None when
  caching is off or no such folder can be had (a read-only home, a folder another
  user owns): the caller then does its work as if there were no cache.
- `read(path)` -> the file's bytes, or None when it is missing or unreadable.
- `write(path, *parts)` writes the bytes of `parts` atomically (a temporary file,
  then `os.replace`), so two builds at once never leave half a file; a failure
  to write is ignored.
- `checksum(body)` is the CRC-32 a file starts with, written before its body;
  `body_of(data)` is the body of a file read whole (not a copy), or None when the
  file is missing, truncated or damaged.
- `prune(folder, days)` deletes the files of `folder` not written or read (`read`
  touches them) for `days` days, at most once a day: a cache never grows without bound.

A cache file must say which code wrote it (a version key in the file) and be checked
when read; anything unexpected is treated as a miss, never as an error.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
import time
import zlib
from collections.abc import Iterator
from pathlib import Path

CACHE_DIR_ENV = "EXPLAINER_CACHE_DIR"
NO_CACHE_ENV = "EXPLAINER_NO_CACHE"
DAY = 24 * 60 * 60
PRUNED = ".pruned"  # a folder's stamp: when it was last pruned
CHECKSUM = 4  # bytes of the CRC-32 at the start of a cache file


def is_off() -> bool:
    """Whether caching is turned off (`EXPLAINER_NO_CACHE`)."""
    return os.environ.get(NO_CACHE_ENV, "").strip() not in ("", "0")


def root() -> Path:
    """Where the cache folder is (whether or not it exists)."""
    chosen = os.environ.get(CACHE_DIR_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg and Path(xdg).is_absolute():
        return Path(xdg) / "explainer"
    return Path.home() / ".cache" / "explainer"


def folder(name: str) -> Path | None:
    """The cache's subfolder `name`, made if need be; None when off or not to be had."""
    if is_off():
        return None
    try:
        top = root()
        path = top / name
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        return path if _private(top) and _private(path) else None
    except (OSError, RuntimeError):  # RuntimeError: no home folder to be found
        return None


def _private(path: Path) -> bool:
    """A folder this user can write into and nobody else can (others could plant code)."""
    info = path.stat()
    mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    usable = os.access(path, os.R_OK | os.W_OK | os.X_OK)
    return stat.S_ISDIR(info.st_mode) and mine and usable and not info.st_mode & 0o022


def read(path: Path) -> bytes | None:
    """The bytes of `path` (and it is marked as used), or None."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return data


def write(path: Path, *parts: bytes) -> None:
    """Replace `path` with `parts`, one after the other, in one step; give up quietly
    on failure."""
    try:
        fd, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as file:
            for part in parts:
                file.write(part)
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def checksum(body: bytes | memoryview) -> bytes:
    """The checksum written before `body`: finds a truncated or damaged file (CRC-32:
    fast, and the folder is private)."""
    return zlib.crc32(body).to_bytes(CHECKSUM, "big")


def body_of(data: bytes | None) -> memoryview | None:
    """What follows the checksum of a file `read` whole, or None unless it matches."""
    if data is None or len(data) <= CHECKSUM:
        return None
    body = memoryview(data)[CHECKSUM:]
    return body if checksum(body) == data[:CHECKSUM] else None


def prune(path: Path, days: float = 30) -> None:
    """Delete the files in `path` unused for `days` days; does the work once a day."""
    stamp = path / PRUNED
    now = time.time()
    try:
        if now - stamp.stat().st_mtime < DAY:
            return
    except OSError:
        pass
    with contextlib.suppress(OSError):
        stamp.touch()
        for entry in os.scandir(path):
            with contextlib.suppress(OSError):
                if entry.is_file() and now - entry.stat().st_mtime > days * DAY:
                    os.unlink(entry.path)


@contextlib.contextmanager
def turned_off(off: bool = True) -> Iterator[None]:
    """Caching off while the block runs (`--no-cache`), for forked workers too."""
    before = os.environ.get(NO_CACHE_ENV)
    if off:
        os.environ[NO_CACHE_ENV] = "1"
    try:
        yield
    finally:
        if off and before is None:
            del os.environ[NO_CACHE_ENV]
        elif off and before is not None:
            os.environ[NO_CACHE_ENV] = before
