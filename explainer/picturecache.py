"""Pictures kept on disk between builds, keyed by a hash of exactly what they are drawn from.

An actor page's two pictures cost about 0.4 ms of CPU to draw (4–6 s at N = 10,000)
and stay the same from build to build unless what they show changes. A picture is
a pure function of plain data (the `draw` package), so a hash of the function's
name and arguments and of the drawing code names it. `Drawer.draw(function, *args)`
is the one interface: `PLAIN` (no cache, `--no-cache`, the preview server) calls
`function(*args)`; a render
process's `Drawings` (`PictureFiles.drawings`) takes a picture the last build kept,
draws the others, and writes every picture it used into its own new file.

The kept pictures are too many to read whole (about 50 MB at N = 10,000: read
before the render workers are forked they would count in every process's memory),
so each is read by offset (`os.pread`) when a page needs it, from files the parent
opened. One file per render process, `<content key>-<n>.bin` in the cache folder's
`pictures/`, written by that process alone and swapped in whole when its share is
rendered (`os.replace`; the others still read the old one they opened). A file:
the pictures' UTF-8 bytes one after another, then its index, then the index's
length (8 bytes). The index: a checksum (CRC-32), then a `marshal` of the version
key, the keys (sorted, 16 bytes each) and each picture's start, size and CRC-32.
The version key is a hash of Python's version and of the drawing code. A file that
is missing, damaged or of another version is ignored, a picture whose bytes do not
match its CRC-32 is drawn again, and a file that cannot be written is not written.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import sys
import tempfile
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

from . import cache, readcache

DIGEST = 16  # bytes of each hash
TAIL = 8  # bytes of the index's length, at the file's end
# The modules whose code decides a picture (this one decides the files), besides draw/.
SOURCES = ("pictures", "picturecache", "dates", "timeformat")


def picture_key(inputs: object) -> bytes:
    """A hash of a picture's inputs, by their `repr`: equal values give equal text (the
    draw package's dataclasses and dates show every field that decides a picture), and
    a value without such a text (`<... at 0x...>`) could only miss, never mislead."""
    text = repr(inputs).encode("utf-8", "surrogatepass")
    return hashlib.blake2b(text, digest_size=DIGEST).digest()


class Drawer(Protocol):
    """What draws a page's pictures: `PLAIN`, or a render process's `Drawings`."""

    def draw(self, function: Callable[..., str], *args: object) -> str:
        """The picture `function(*args)` (a pure function of plain data, in `draw`)."""
        ...


class Plain:
    """No cache: every picture is drawn."""

    def draw(self, function: Callable[..., str], *args: object) -> str:
        return function(*args)

    def keep(self) -> None:
        pass

    def discard(self) -> None:
        pass


PLAIN = Plain()


class _Keys:
    """A file's sorted keys as a sequence `bisect` can search: one bytes object, not a
    list of 20,000 (which a forked worker would copy as it read them)."""

    __slots__ = ("blob",)

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def __len__(self) -> int:
        return len(self.blob) // DIGEST

    def __getitem__(self, i: int) -> bytes:
        return self.blob[i * DIGEST : (i + 1) * DIGEST]


@dataclass
class Kept:
    """One file of the last build's pictures, open, and its index."""

    fd: int
    keys: _Keys
    starts: array  # where each key's picture starts in the file
    sizes: array
    crcs: array

    def find(self, key: bytes) -> bytes | None:
        """The UTF-8 bytes of the picture of `key`, or None when not kept or damaged."""
        keys = self.keys
        i = bisect_left(keys, key)
        if i == len(keys) or keys[i] != key:
            return None
        try:
            data = os.pread(self.fd, self.sizes[i], self.starts[i])
        except OSError:
            return None
        return data if zlib.crc32(data) == self.crcs[i] else None


def read_index(fd: int, version: bytes) -> Kept | None:
    """The index of the open file `fd`, or None when it is not one `Drawings.keep` wrote."""
    try:
        size = os.fstat(fd).st_size
        length = int.from_bytes(os.pread(fd, TAIL, size - TAIL), "little")
        if not TAIL < length + TAIL <= size:
            return None
        body = cache.body_of(os.pread(fd, length, size - TAIL - length))
        if body is None:
            return None
        found, keys, *columns = marshal.loads(body)
        starts, sizes, crcs = (array(code, data) for code, data in zip("QII", columns, strict=True))
    except (OSError, ValueError, EOFError, TypeError):  # short, damaged or another shape
        return None
    if not isinstance(keys, bytes):
        return None
    count = len(keys) // DIGEST
    shaped = len(keys) == count * DIGEST and len(starts) == len(sizes) == len(crcs) == count
    if found != version or not shaped:
        return None
    if any(start + n > size for start, n in zip(starts, sizes, strict=True)):
        return None
    return Kept(fd, _Keys(keys), starts, sizes, crcs)


class Drawings:
    """One render process's pictures: taken from the kept files or drawn, and each one
    written to this process's new file as it is used."""

    def __init__(self, kept: list[Kept], file: Path, version: bytes) -> None:
        self.kept, self.file, self.version = kept, file, version
        self.out: BinaryIO | None = None
        self.temporary = ""
        self.failed = False  # the new file could not be written: it is not kept
        self.keys = bytearray()
        self.starts, self.sizes, self.crcs = array("Q"), array("I"), array("I")
        self.end = 0

    def draw(self, function: Callable[..., str], *args: object) -> str:
        """The picture `function(*args)`: the kept one when there is one."""
        key = picture_key((function.__module__, function.__qualname__, args))
        for kept in self.kept:
            data = kept.find(key)
            if data is not None:
                self._write(key, data)
                return data.decode("utf-8", "surrogatepass")
        picture = function(*args)
        self._write(key, picture.encode("utf-8", "surrogatepass"))
        return picture

    def _write(self, key: bytes, data: bytes) -> None:
        if self.out is None and not self.failed:
            self._open()
        if self.failed:
            return
        try:
            self.out.write(data)  # type: ignore[union-attr]
        except OSError:
            self.discard()
            return
        self.keys += key
        self.starts.append(self.end)
        self.sizes.append(len(data))
        self.crcs.append(zlib.crc32(data))
        self.end += len(data)

    def _open(self) -> None:
        try:
            fd, self.temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=self.file.parent)
        except OSError:
            self.failed = True
            return
        self.out = os.fdopen(fd, "wb", buffering=1 << 16)

    def keep(self) -> None:
        """Write the index and put the new file in place of this process's old one (none
        when this process drew no picture: its old pictures were not this build's)."""
        if self.out is None:
            if not self.failed:
                with contextlib.suppress(OSError):
                    self.file.unlink()
            return
        try:
            self.out.write(self._index())
            self.out.close()
            os.replace(self.temporary, self.file)
        except OSError:
            self.discard()

    def _index(self) -> bytes:
        """The file's index, its keys sorted, and its length."""
        keys = self.keys
        order = sorted(range(len(self.sizes)), key=lambda i: keys[i * DIGEST : (i + 1) * DIGEST])
        sorted_keys = b"".join(keys[i * DIGEST : (i + 1) * DIGEST] for i in order)
        columns = [array(c.typecode, [c[i] for i in order]).tobytes() for c in self._columns()]
        body = marshal.dumps((self.version, sorted_keys, *columns))
        index = cache.checksum(body) + body
        return index + len(index).to_bytes(TAIL, "little")

    def _columns(self) -> tuple[array, array, array]:
        return self.starts, self.sizes, self.crcs

    def discard(self) -> None:
        """Leave the old file as it is (a failed share, or the new file not writable)."""
        self.failed = True
        if self.out is not None:
            with contextlib.suppress(OSError):
                self.out.close()
            with contextlib.suppress(OSError):
                os.unlink(self.temporary)
        self.out = None


@dataclass
class PictureFiles:
    """The picture files of one content folder: the last build's, open for reading
    (opened before the render workers are forked, so they share them), and where each
    render process's new one goes."""

    folder: Path
    name: str  # the content folder's key
    version: bytes
    kept: list[Kept]

    def drawings(self, number: int) -> Drawings:
        """The pictures of render process `number` (0: this one)."""
        return Drawings(self.kept, self.folder / f"{self.name}-{number}.bin", self.version)

    def close(self, processes: int) -> None:
        """Close the kept files; delete those of render processes this build did not have."""
        for kept in self.kept:
            with contextlib.suppress(OSError):
                os.close(kept.fd)
        for path in self.folder.glob(f"{self.name}-*.bin"):
            number = path.stem.rpartition("-")[2]
            if not number.isdigit() or int(number) >= processes:
                with contextlib.suppress(OSError):
                    path.unlink()


def picture_files(content: Path) -> PictureFiles | None:
    """The picture files of a content folder, or None when there is no cache (or no
    `os.pread`, which Windows lacks: every picture is then drawn)."""
    folder = cache.folder("pictures")
    version = version_key()
    if folder is None or version is None or not hasattr(os, "pread"):
        return None
    cache.prune(folder)
    name = readcache.content_key(content)
    kept = []
    for path in sorted(folder.glob(f"{name}-*.bin")):
        with contextlib.suppress(OSError):
            fd = os.open(path, os.O_RDONLY)
            found = read_index(fd, version)
            if found is None:
                os.close(fd)
            else:
                kept.append(found)
    return PictureFiles(folder, name, version, kept)


def version_key() -> bytes | None:
    """A hash of Python's version and of the code that draws, or None when it cannot be read."""
    here = Path(__file__).parent
    digest = hashlib.blake2b(f"{sys.version} {sys.byteorder}".encode(), digest_size=DIGEST)
    try:
        for path in [*(here / f"{name}.py" for name in SOURCES), *sorted(here.glob("draw/*.py"))]:
            digest.update(path.name.encode() + path.read_bytes())
    except OSError:
        return None
    return digest.digest()
