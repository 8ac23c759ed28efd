"""`check`'s problems kept between runs, for a content folder whose files are as they were.

Checking depends on the content files' bytes, kinds and paths (on disk and as shown)
and on the code, which is what the read cache keys each file by (`readcache.file_key`);
the problems of the whole folder depend on all those keys in order. So when every key
is what it was at the last check of the folder, so are its problems: a run that changes
nothing reads and hashes the files but converts and validates none of them.

`problems(jobs, content, check)` is the one interface: with no cache folder
(`--no-cache`, `EXPLAINER_NO_CACHE=1`) it is `check(jobs, None)`, the plain path;
otherwise every file is read and keyed, and unless the folder's key is the one kept,
`check(jobs, keys)` runs (the read cache takes the keys, so it reads again only the
files it does not hold) and its problems are kept, if the files it converted had the
keys read here, and the files its problems are in have them still (a file saved
meanwhile makes the run's problems those of no single state of the folder; a bad
reference is placed by reading its file again). A folder with a file that cannot be
read is always checked.

Where: the cache folder's `check/`, one file per content folder: a CRC-32 checksum,
then a `marshal` of the folder's key and the problems as tuples of text and numbers
(nothing that runs code when loaded). A file that is missing, damaged, of another
folder state or of another shape is ignored: the result is always `check(jobs, None)`'s.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from pathlib import Path

from . import cache, readcache
from .diagnostics import Diagnostic
from .load import FileJob

Keys = list[bytes | None]
# The problems of some files, and the key of each file as it was checked.
Check = Callable[[list[FileJob], Keys | None], tuple[list[Diagnostic], Keys]]
SEVERITIES = ("error", "warning")


def problems(jobs: list[FileJob], content: Path, check: Check) -> list[Diagnostic]:
    """`check(jobs, None)`'s problems, kept for the files as they are."""
    folder = cache.folder("check")
    if folder is None:
        return check(jobs, None)[0]
    cache.prune(folder)
    version = readcache.version_key()
    keys = readcache.read_keys(jobs, version)
    path = folder / f"{readcache.content_key(content)}.check"
    whole = folder_key(version, keys)
    if whole is not None and (kept := load(cache.read(path), whole)) is not None:
        return kept
    found, used = check(jobs, keys)
    if whole is not None and used == keys and still(jobs, keys, found, version):
        cache.write(path, dump(whole, found))
    return found


def still(jobs: list[FileJob], keys: Keys, found: list[Diagnostic], version: bytes) -> bool:
    """Whether the files the problems are in have their keys yet: a reference's problem is
    placed by reading its file again, after converting (`places`)."""
    named = {d.path for d in found}
    again = [(job, key) for job, key in zip(jobs, keys, strict=True) if job.shown in named]
    return readcache.read_keys([job for job, _ in again], version) == [k for _, k in again]


def folder_key(version: bytes, keys: Keys) -> bytes | None:
    """The key of every file's key in order; None when a file could not be read."""
    h = hashlib.blake2b(version + len(keys).to_bytes(8, "big"), digest_size=readcache.DIGEST)
    for key in keys:
        if key is None:
            return None
        h.update(key)
    return h.digest()


def dump(key: bytes, found: list[Diagnostic]) -> bytes:
    """The file: its checksum, then the folder's key and the problems as plain tuples."""
    rows = [(d.path, d.line, d.column, d.severity, d.message) for d in found]
    body = marshal.dumps((key, rows))
    return cache.checksum(body) + body


def load(data: bytes | None, key: bytes) -> list[Diagnostic] | None:
    """The problems kept for the folder's key, or None if the file is not whole and current."""
    body = cache.body_of(data)
    if body is None:
        return None
    try:
        kept, rows = marshal.loads(body)
    except Exception:  # whatever is wrong with the file, it is a miss
        return None
    if kept != key or not isinstance(rows, list) or not all(map(_is_row, rows)):
        return None
    return [Diagnostic(*row) for row in rows]


def _is_row(row: object) -> bool:
    if not isinstance(row, tuple) or len(row) != 5:
        return False
    path, line, column, severity, message = row
    texts = isinstance(path, str) and isinstance(message, str) and severity in SEVERITIES
    return texts and type(line) is int and type(column) is int
