"""Each content file's key kept with the file's status, so that a run finding a file as it
was need not read and hash it again (as git's index does).

Every warm `check` and `build` keys every content file (`readcache.read_keys`: its
bytes read and hashed), about 1 s at N = 10,000. A file whose status (device, inode,
size, modification and change times) is the one noted when it was keyed has the bytes
it had then, unless it was written again so soon after that its times did not move (a
file system's clock ticks: from nanoseconds to 2 s). So a file's key is noted only when
its times are older than `MARGIN` before the keying began (git's "racy" rule): a later
write gives it later times. A noted file with that status is not read; any other file
is read and keyed as `readcache.read_keys` does.

`read_keys(jobs, version, content)` is the one interface: with no cache folder it is
`readcache.read_keys(jobs, version)`, the plain path, whose keys it gives. Where: the
cache folder's `stat/`, one file per content folder: a CRC-32 checksum, then a
`marshal` of the version key and, by shown path, the file's path, kind, status and key
(nothing that runs code when loaded). A file that is missing, damaged or of another
version or shape is ignored: every file is then read.
"""

from __future__ import annotations

import marshal
import os
import stat
import time
from pathlib import Path

from . import cache, readcache
from .load import FileJob

Keys = list[bytes | None]
Status = tuple[int, int, int, int, int]  # device, inode, size, modified, changed (ns)
# A file's path and kind, its status and its key, by the path shown.
Noted = dict[str, tuple[str, str, int, int, int, int, int, bytes]]
MARGIN = 3_000_000_000  # ns: more than a tick of any file system's clock (FAT: 2 s)


def read_keys(jobs: list[FileJob], version: bytes, content: Path) -> Keys:
    """`readcache.read_keys(jobs, version)`: each file's key, None if it cannot be read;
    taken from the status noted for the files not written since."""
    folder = cache.folder("stat")
    if folder is None:
        return readcache.read_keys(jobs, version)
    cache.prune(folder)
    path = folder / f"{readcache.content_key(content)}.stat"
    noted = load(cache.read(path), version)
    began = time.time_ns()
    keys: Keys = []
    notes: Noted = {}
    for job in jobs:
        now = status(job.file)
        entry = noted.get(job.shown)
        if now is not None and entry is not None and entry[:7] == (job.file, job.kind, *now):
            keys.append(entry[7])
            notes[job.shown] = entry  # its times were older than the margin, and still are
            continue
        key = readcache.key_of(job, version)
        keys.append(key)
        if key is not None and now is not None and max(now[3], now[4]) < began - MARGIN:
            notes[job.shown] = (job.file, job.kind, *now, key)
    if notes != noted:
        cache.write(path, dump(version, notes))
    return keys


def status(path: str) -> Status | None:
    """A regular file's status; None for anything else."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


def dump(version: bytes, noted: Noted) -> bytes:
    body = marshal.dumps((version, noted))
    return cache.checksum(body) + body


def load(data: bytes | None, version: bytes) -> Noted:
    """The entries noted, or none if the file is not whole, current and of this shape."""
    body = cache.body_of(data)
    if body is None:
        return {}
    try:
        kept, noted = marshal.loads(body)
    except Exception:  # whatever is wrong with the file, it is a miss
        return {}
    if kept != version or not isinstance(noted, dict):
        return {}
    return noted if all(map(_is_entry, noted.values())) else {}


def _is_entry(entry: object) -> bool:
    """Of the shape noted (an entry is compared whole, so its key's type is what counts)."""
    return type(entry) is tuple and len(entry) == 8 and type(entry[7]) is bytes
