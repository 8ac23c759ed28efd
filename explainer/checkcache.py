"""`check`'s problems kept between runs, for a content folder whose files are as they were.

Checking depends on the content files' bytes, kinds and paths (on disk and as shown)
and on the code, which is what the read cache keys each file by (`readcache.file_key`);
the problems of the whole folder depend on all those keys in order. So when every key
is what it was at the last check of the folder, so are its problems: a run that changes
nothing reads and hashes the files but converts and validates none of them.

`problems(jobs, content, check)` is the one interface: with no cache folder
(`--no-cache`, `EXPLAINER_NO_CACHE=1`) it is `check(jobs, None)`, the plain path;
otherwise every file is read and keyed, and unless the folder's key is the one kept,
`check(jobs, keys)` runs and its problems are kept, if the files it converted had the
keys read here, and the files its problems are in have them still (a file saved
meanwhile makes the run's problems those of no single state of the folder; a bad
reference is placed by reading its file again). A folder with a file that cannot be
read is always checked. `check` is `checked(jobs, convert, content, keys)`: the
problems from each file's facts kept in the read cache (`facts`), so only the files
whose facts are not kept (under the keys read here) are converted.

Where: the cache folder's `check/`, one file per content folder: a CRC-32 checksum,
then a `marshal` of the folder's key and the problems as tuples of text and numbers
(nothing that runs code when loaded). A file that is missing, damaged, of another
folder state or of another shape is ignored: the result is always `check(jobs, None)`'s.
"""

from __future__ import annotations

import hashlib
import marshal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import cache, facts, readcache, statcache
from .diagnostics import Diagnostic
from .entries import read_regular
from .facts import Wanted
from .load import MAX_FILE_BYTES, FileJob
from .model import Converted, Reference
from .readcache import EMPTY, Part
from .validate import validate_problems

Keys = list[bytes | None]
# The problems of some files, and the key of each file as it was checked.
Check = Callable[[list[FileJob], Keys | None], tuple[list[Diagnostic], Keys]]
Convert = Callable[[list[FileJob]], Converted]
SEVERITIES = ("error", "warning")


def problems(jobs: list[FileJob], content: Path, check: Check) -> list[Diagnostic]:
    """`check(jobs, None)`'s problems, kept for the files as they are."""
    folder = cache.folder("check")
    if folder is None:
        return check(jobs, None)[0]
    cache.prune(folder)
    version = readcache.version_key()
    keys = statcache.read_keys(jobs, version, content)
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


# -- checking from each file's facts ------------------------------------------------


def checked(
    jobs: list[FileJob], convert: Convert, content: Path, known: Keys | None
) -> tuple[list[Diagnostic], Keys]:
    """`validate_problems(convert(jobs))`, from each file's facts kept in the read cache
    (`facts`), and the key of each file as checked: only the files whose facts are not
    kept are converted (and kept), and the files of a reference that may not resolve
    converted again (from bytes with the key read), to place it."""
    folder = cache.folder("read")
    if folder is None:
        return validate_problems(convert(jobs)), [None] * len(jobs)
    name, version = readcache.content_key(content), readcache.version_key()
    packs = readcache.Packs(folder, name, version, readcache.FACTS)
    jobs, keys, found = readcache.look_up(jobs, packs, known or [None] * len(jobs))
    missed = [job for job, kept in zip(jobs, found, strict=True) if kept is None]
    fresh = readcache.split(convert(missed), missed) if missed else {}
    if fresh is None:  # cannot be: then as the plain path
        return validate_problems(convert(jobs)), [None] * len(jobs)
    every = [kept or facts.facts_of(fresh[j.shown]) for j, kept in zip(jobs, found, strict=True)]
    clean = [not fresh.get(job.shown, EMPTY)[5] for job in jobs]  # no problems: kept
    packs.write(jobs, keys, [f if ok else None for f, ok in zip(every, clean, strict=True)])
    parts = readcache.Packs(folder, name, version, readcache.PARTS, buckets=packs.buckets)
    keep_parts(parts, jobs, keys, fresh)
    full = Full(jobs, keys, fresh, convert, version)
    diagnostics = [d for job in missed for d in fresh[job.shown][5]]
    found = facts.problems([job.shown for job in jobs], every, diagnostics, full)
    if full.changed:  # a file saved since it was keyed: as the plain path
        return validate_problems(convert(jobs)), [None] * len(jobs)
    return found, keys


def keep_parts(
    packs: readcache.Packs[Part], jobs: list[FileJob], keys: Keys, fresh: dict[str, Part]
) -> None:
    """Keep in the read cache the parts of the packs whose every file was converted here
    (as on the first check of a folder), for a build to take. A pack with files kept is
    left as it is: reading it costs more than converting the few files costs a build."""
    some_kept = {packs.bucket(job.shown) for job in jobs if job.shown not in fresh}
    chosen = [
        n
        for n, job in enumerate(jobs)
        if job.shown in fresh and packs.bucket(job.shown) not in some_kept
    ]
    parts = [fresh[jobs[n].shown] for n in chosen]
    kept = [None if part[5] else part for part in parts]
    packs.write([jobs[n] for n in chosen], [keys[n] for n in chosen], kept)


@dataclass
class Full:
    """The full form of the references wanted (`facts.Wanted`), from the files converted
    in this run, else from their files converted again from bytes with the key read
    (else it notes that a file `changed`)."""

    jobs: list[FileJob]
    keys: Keys
    fresh: dict[str, Part]
    convert: Convert
    version: bytes
    changed: bool = False

    def __call__(self, wanted: Wanted) -> list[Reference]:
        again: list[FileJob] = []
        for number, _ in wanted:
            job = self.jobs[number]
            if job.shown not in self.fresh:
                data = read_regular(job.file, MAX_FILE_BYTES)
                if (
                    isinstance(data, str)
                    or readcache.file_key(job, data, self.version) != self.keys[number]
                ):
                    self.changed = True
                    return []
                again.append(FileJob(job.file, job.shown, job.kind, data))
        parts = {**self.fresh, **(readcache.split(self.convert(again), again) or {})}
        return [
            ref
            for number, indexes in wanted
            for ref in readcache.unflat([parts[self.jobs[number].shown][2][i] for i in indexes])
        ]
