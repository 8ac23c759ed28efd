"""Converted content files kept on disk between runs, keyed by each file's bytes.

Converting a content file (`pipeline.convert_file`: YAML to records, references and
defined ids) depends on its bytes, its kind, its path on disk and the path shown in
messages, and on the code; so a run need convert only the files the last run did not
see as they are. `converted(jobs, convert, content)` is the one interface: with no
cache folder (`--no-cache`, `EXPLAINER_NO_CACHE=1`) it is `convert(jobs)`, the plain
path; otherwise it reads every file once, takes from the cache the files whose key
it holds, converts the rest with `convert` (from the bytes it hashed) and writes back
what this run used. Files whose conversion found a problem are not kept: they are
converted every time, so their messages are always made afresh. `keyed(...,
known)` is the same, given the keys of the files as `read_keys` read them just
before (`checkcache` does): a file kept under its known key is not read again, the
others are read, keyed and converted from those bytes, and it says which key each
file was converted or taken with.

Where: the cache folder's `read/`, one pack per content folder and bucket of files
(`BUCKETS` of them, by the shown path), so an edit rewrites one small pack. A pack
(`PARTS`, `*.pack`) is a CRC-32 checksum, then a `marshal` of the version key, each
file's key and a pickle of the files' records, then their parts (the records first:
loading a pack makes them next to each other in memory, apart from what only the check
reads and frees after it, so a build's forked worker copies fewer memory pages). Beside
each pack written, the same files' facts (`FACTS`, `*.facts`: what `check` reads, see
`facts`; `Packs` handles both kinds). Pickle runs code when loaded: these files are
the user's own, in a folder only the user can write (`cache.folder` checks), as for
Jinja's bytecode cache. A pack that is missing, truncated, corrupted or of another
version is ignored (those files are converted), and one that cannot be written is not
written: the result is always what `convert(jobs)` gives.
"""

from __future__ import annotations

import hashlib
import marshal
import pickle
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, TypeVar

import yaml

from . import cache, facts
from .diagnostics import Position
from .entries import read_regular
from .load import MAX_FILE_BYTES, FileJob
from .model import Converted, OpenerPlace, Reference

BUCKETS = 64
DIGEST = 16  # bytes of each key
# One file's part of a Converted: site, records, references made flat (`flat`),
# defined ids, alias claims, problems.
Part = tuple[object, list, list, list, list, list]  # type: ignore[type-arg]
EMPTY: Part = (None, [], [], [], [], [])


def converted(
    jobs: list[FileJob], convert: Callable[[list[FileJob]], Converted], content: Path
) -> Converted:
    """`convert(jobs)`, with the files the cache holds as they are taken from it."""
    return keyed(jobs, convert, content)[0]


def keyed(
    jobs: list[FileJob],
    convert: Callable[[list[FileJob]], Converted],
    content: Path,
    known: list[bytes | None] | None = None,
) -> tuple[Converted, list[bytes | None]]:
    """`converted`, and the key of each file as converted or taken (None: not read, or no
    cache). `known`: the files' keys, read just before (`read_keys`); a file whose part is
    kept under its known key is not read again."""
    folder = cache.folder("read")
    if folder is None:
        return convert(jobs), [None] * len(jobs)
    cache.prune(folder)
    packs = Packs(folder, content_key(content), version_key(), PARTS)
    jobs, keys, found = look_up(jobs, packs, known or [None] * len(jobs))
    missed = [job for job, part in zip(jobs, found, strict=True) if part is None]
    fresh = split(convert(missed), missed) if missed else {}
    if fresh is None:  # cannot be: then convert them all, as the plain path does
        return convert(jobs), [None] * len(jobs)
    parts = [fresh[j.shown] if part is None else part for j, part in zip(jobs, found, strict=True)]
    keep(packs, jobs, keys, parts)
    return joined(parts), keys


def keep(
    packs: Packs[Part], jobs: list[FileJob], keys: list[bytes | None], parts: list[Part]
) -> None:
    """Keep the parts without problems, and the facts of the files of each pack written
    (`check` reads those: `facts`)."""
    kept = [None if part[5] else part for part in parts]
    written = packs.write(jobs, keys, kept)
    chosen = [n for n, job in enumerate(jobs) if packs.bucket(job.shown) in written]
    theirs = [None if kept[n] is None else facts.facts_of(parts[n]) for n in chosen]
    with_facts = Packs(packs.folder, packs.content, packs.version, FACTS, buckets=packs.buckets)
    with_facts.write([jobs[n] for n in chosen], [keys[n] for n in chosen], theirs)


def look_up(
    jobs: list[FileJob], packs: Packs[P], known: list[bytes | None]
) -> tuple[list[FileJob], list[bytes | None], list[P | None]]:
    """Each file looked up (by its known key, else read and keyed): the jobs (a file to
    convert carries the bytes hashed), the keys (None for a file that could not be read)
    and the parts kept."""
    read: list[FileJob] = []
    keys: list[bytes | None] = []
    found: list[P | None] = []
    for job, key in zip(jobs, known, strict=True):
        part = packs.get(job, key)
        data: bytes | str | None = None
        if part is None:
            data = read_regular(job.file, MAX_FILE_BYTES)
            fresh = None if isinstance(data, str) else file_key(job, data, packs.version)
            part = packs.get(job, fresh) if fresh != key else None
            key = fresh
        keep = part is not None or isinstance(data, str)  # not read: converting it says why
        read.append(job if keep else FileJob(job.file, job.shown, job.kind, data))
        keys.append(key)
        found.append(part)
    return read, keys, found


def read_keys(jobs: list[FileJob], version: bytes) -> list[bytes | None]:
    """Each file's key (`file_key`) from its bytes as they are now; None if it cannot be read."""
    return [key_of(job, version) for job in jobs]


def key_of(job: FileJob, version: bytes) -> bytes | None:
    data = read_regular(job.file, MAX_FILE_BYTES)
    return None if isinstance(data, str) else file_key(job, data, version)


def file_key(job: FileJob, data: bytes, version: bytes) -> bytes:
    """What a file's conversion depends on, hashed."""
    head = f"{job.kind}\0{job.file}\0{job.shown}\0".encode("utf-8", "surrogatepass")
    h = hashlib.blake2b(version + head, digest_size=DIGEST)
    h.update(data)
    return h.digest()


def content_key(content: Path) -> str:
    """A content folder's name among the packs."""
    try:
        where = str(content.resolve())
    except (OSError, RuntimeError):
        where = str(content.absolute())
    return hashlib.blake2b(where.encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


def version_key() -> bytes:
    """A hash of the package's code, PyYAML's version and Python's."""
    h = hashlib.blake2b(digest_size=DIGEST)
    h.update(f"{sys.version}|{yaml.__version__}|{yaml.__with_libyaml__}".encode())
    for source in sorted(Path(__file__).parent.rglob("*.py")):
        h.update(source.read_bytes())
    return h.digest()


def bucket(shown: str) -> int:
    return zlib.crc32(shown.encode("utf-8", "surrogatepass")) % BUCKETS


# -- packs of parts on disk ------------------------------------------------------------

P = TypeVar("P")


@dataclass(frozen=True)
class Codec(Generic[P]):
    """One kind of pack: its files' suffix, and how its entries are written and read."""

    suffix: str
    dump: Callable[[dict[str, tuple[bytes, P]], bytes], bytes]
    load: Callable[[bytes | None, bytes], tuple[dict[str, bytes], dict[str, P]]]


@dataclass
class Packs(Generic[P]):
    """The packs of one kind of one content folder: read when first needed, written when
    changed."""

    folder: Path
    content: str
    version: bytes
    codec: Codec[P]
    loaded: dict[int, tuple[dict[str, bytes], dict[str, P]]] = field(default_factory=dict)
    buckets: dict[str, int] = field(default_factory=dict)  # shown path -> its bucket

    def path(self, number: int) -> Path:
        return self.folder / f"{self.content}-{number:02d}.{self.codec.suffix}"

    def bucket(self, shown: str) -> int:
        number = self.buckets.get(shown)
        if number is None:
            number = self.buckets[shown] = bucket(shown)
        return number

    def get(self, job: FileJob, key: bytes | None) -> P | None:
        """The entry kept for a file with this key, or None."""
        if key is None:
            return None
        number = self.bucket(job.shown)
        if number not in self.loaded:
            self.loaded[number] = self.codec.load(cache.read(self.path(number)), self.version)
        keys, parts = self.loaded[number]
        return parts.get(job.shown) if keys.get(job.shown) == key else None

    def write(
        self, jobs: list[FileJob], keys: list[bytes | None], parts: list[P | None]
    ) -> set[int]:
        """Keep the entries (None: not kept); each pack read or given an entry is written
        again if its files or keys changed. Which packs were written."""
        new: dict[int, dict[str, tuple[bytes, P]]] = {number: {} for number in self.loaded}
        for job, key, part in zip(jobs, keys, parts, strict=True):
            if key is not None and part is not None:
                new.setdefault(self.bucket(job.shown), {})[job.shown] = (key, part)
        written = set()
        for number, entries in new.items():
            before = self.loaded.get(number, ({}, {}))[0]
            if {shown: key for shown, (key, _) in entries.items()} != before:
                cache.write(self.path(number), self.codec.dump(entries, self.version))
                written.add(number)
        return written


def dump(entries: dict[str, tuple[bytes, Part]], version: bytes) -> bytes:
    """A pack: its checksum, then the version, each file's key and the parts pickled."""
    keys = {shown: key for shown, (key, _) in entries.items()}
    parts = {shown: part for shown, (_, part) in entries.items()}
    pickled = pickle.dumps((_records(parts), parts), protocol=5)
    body = marshal.dumps((version, keys, pickled))
    return cache.checksum(body) + body


def load(data: bytes | None, version: bytes) -> tuple[dict[str, bytes], dict[str, Part]]:
    """The keys and parts of a pack; nothing for a pack that is not whole and current."""
    nothing: tuple[dict[str, bytes], dict[str, Part]] = ({}, {})
    body = cache.body_of(data)
    if body is None:
        return nothing
    try:
        kept, keys, pickled = marshal.loads(body)
        if kept != version or not isinstance(keys, dict):
            return nothing
        _, parts = pickle.loads(pickled)  # the records first, then the parts that hold them
    except Exception:  # whatever is wrong with a pack, it is a miss
        return nothing
    if not isinstance(parts, dict) or not all(_is_part(p) for p in parts.values()):
        return nothing
    return keys, parts


PARTS = Codec("pack", dump, load)
FACTS = Codec("facts", facts.dump, facts.load)


def _records(parts: dict[str, Part]) -> list[object]:
    """The records of `parts`, pickled first, so that loading a pack makes them one after
    another in memory, apart from what only the check reads (references, places), which
    is freed after it: a build's forked worker then copies fewer memory pages."""
    return [record for part in parts.values() for record, _, _ in part[1]]


def _is_part(part: object) -> bool:
    return isinstance(part, tuple) and len(part) == len(EMPTY)


# -- a file's part: split from a Converted, made flat, joined back ------------------


def split(done: Converted, jobs: list[FileJob]) -> dict[str, Part] | None:
    """Each file's part of what converting `jobs` gave (None if a path is not theirs).

    Everything a file's conversion adds is placed in that file (its shown path), and
    `convert` adds each file's in turn, so grouping by path gives each file's part.
    """
    parts: dict[str, Part] = {job.shown: (None, [], [], [], [], []) for job in jobs}
    if done.site is not None:
        site = [job.shown for job in jobs if job.kind == "site"]
        if len(site) != 1:
            return None
        parts[site[0]] = (done.site, *parts[site[0]][1:])
    columns = (
        (1, done.records, lambda r: r[2].path),
        (2, done.references, _reference_path),
        (3, done.defined, lambda d: d[2].path),
        (4, done.aliases, lambda a: a.pos.path),
        (5, done.diagnostics, lambda d: d.path),
    )
    for column, items, path_of in columns:
        for item in items:
            part = parts.get(path_of(item))
            if part is None:
                return None
            part[column].append(flat(item) if column == 2 else item)
    return parts


def _reference_path(ref: Reference) -> str:
    place = ref.place
    return place.shown if type(place) is OpenerPlace else place.path


def flat(ref: Reference) -> tuple[object, ...]:
    """A reference as plain tuples: pickled without a Python call each (and a worker
    process sends 400,000 of them at N = 10,000)."""
    place = ref.place
    return (*ref[:3], type(place) is OpenerPlace, tuple(place), *ref[4:])


_new = tuple.__new__  # a named tuple made from a tuple, without its Python __new__


def unflat(flat_refs: list[tuple[object, ...]]) -> list[Reference]:
    """The references that `flat` made flat."""
    return [
        _new(Reference, (r[0], r[1], r[2], _new(OpenerPlace if r[3] else Position, r[4]), *r[5:]))
        for r in flat_refs
    ]


def joined(parts: list[Part]) -> Converted:
    """The Converted of every file's part, in order (as converting them in turn gives)."""
    out = Converted()
    records, references, defined = out.records, out.references, out.defined
    aliases, diagnostics = out.aliases, out.diagnostics
    for site, part_records, flat_refs, part_defined, part_aliases, problems in parts:
        if site is not None:
            out.site = site
        records += part_records
        references += unflat(flat_refs)
        defined += part_defined
        aliases += part_aliases
        diagnostics += problems
    return out
