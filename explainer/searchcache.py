"""The search index's word scores kept on disk between builds, keyed by a hash of each document.

A document's postings (each of its words and the word's score) depend on its
fields, their weights and texts, alone: a build need count the words of only the
documents the last build did not have (counting is most of the index's work: at
N = 10,000, 11 million words). `indexed(documents, file)` is the one interface: with
`file` None (no cache, `--no-cache`) it is `search_index.build_index`, the plain path;
with a file it takes the scores kept there, counts the rest and writes back exactly
this build's, so the file never grows past one build's documents.

One file per content folder (`cache_file`), in the cache folder's `search/`. After
its checksum (CRC-32): the header's length (8 bytes), the header (a `marshal` of the
version key, the words, the documents' keys and where each one's scores end), then
every document's words (their numbers in the header's words, native 32-bit), then
every document's scores (16-bit), read in place (memory views of the file). The
version key is a hash of the Python version and of this module's and
`search_index`'s source. A file that is missing, damaged or of another version is
ignored, and one that cannot be written is not: the index is then built as if
there were no cache, with the same bytes.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path

from . import cache, readcache
from .search_index import (
    MAX_SCORE,
    SCORE_BITS,
    UINT32,
    Document,
    Index,
    build_index,
    entry,
    word_scores,
)

Key = bytes
Scores = tuple[Sequence[int], Sequence[int]]  # a document's words (numbers) and their scores
SOURCES = ("search_index", "searchcache")
DIGEST = 16  # bytes of each hash
HEADER = 8  # bytes of the header's length
UINT16 = "H"  # a score's type in the file


def indexed(documents: Callable[[], Iterable[Document]], file: Path | None) -> Index:
    """The index of `documents()`, the words of those kept in `file` not counted again."""
    version = version_key() if file is not None else None
    if file is None or version is None:
        return build_index(documents())
    kept = load(cache.read(file), version)
    merge = Merge(kept.words)
    try:
        for number, doc in enumerate(documents()):
            merge.take(number, doc, kept)
    except IndexError:  # a word the file's words do not hold: a file `dump` did not write
        cache.write(file)  # empty: ignored from the next build on
        return build_index(documents())
    if merge.counted or len(merge.reused) != len(kept.places):
        cache.write(file, *dump(*merge.kept(kept), version))
    return merge.index()


@dataclass
class Kept:
    """A file's words and its documents' scores, read in place: each document's scores
    are cut out only when used (one object each would cost 20 MiB at N = 10,000)."""

    words: tuple[str, ...] = ()
    places: dict[Key, int] = field(default_factory=dict)  # a document's key -> its place
    numbers: Sequence[int] = ()  # the words of every document, one after the other
    scores: Sequence[int] = ()
    ends: Sequence[int] = ()  # where each document's words end

    def get(self, key: Key) -> Scores | None:
        """The words and scores of the document of `key`, or None when it is not kept."""
        place = self.places.get(key)
        if place is None:
            return None
        start, end = self.ends[place - 1] if place else 0, self.ends[place]
        return self.numbers[start:end], self.scores[start:end]


class Merge:
    """The index being made, its words numbered as the file numbers them (new words after),
    and the scores of this build's documents, to keep."""

    def __init__(self, words: tuple[str, ...]) -> None:
        self.metadata: list[list[object]] = []
        self.words = list(words)
        self.numbers = {word: number for number, word in enumerate(words)}
        self.postings = [array(UINT32) for _ in words]
        self.appends = [posting.append for posting in self.postings]
        self.counted: dict[Key, Scores] = {}  # the documents whose words were counted
        self.reused: set[Key] = set()  # and those whose scores were kept

    def take(self, number: int, doc: Document, kept: Kept) -> None:
        """Add the document numbered `number`: its scores kept in the file, else counted."""
        key = document_key(doc)
        found = kept.get(key)
        if found is None:
            found = self.counted[key] = self.count(doc)
        else:
            self.reused.add(key)
        self.metadata.append(entry(number, doc))
        base, appends = number << SCORE_BITS, self.appends
        for word, score in zip(*found, strict=True):  # all a warm build does
            appends[word](base | score)

    def count(self, doc: Document) -> Scores:
        """A document's words, numbered, and their scores (the loops in C, `map`)."""
        counts = word_scores(doc)
        try:
            words = array(UINT32, map(self.numbers.__getitem__, counts))
        except KeyError:  # new words: few but in the first documents
            for word in counts:
                if word not in self.numbers:
                    self.new(word)
            words = array(UINT32, map(self.numbers.__getitem__, counts))
        scores = counts.values()
        capped = (
            scores if max(scores, default=0) <= MAX_SCORE else map(min, scores, repeat(MAX_SCORE))
        )
        return words, array(UINT16, capped)

    def new(self, word: str) -> None:
        """Number a word no document before had."""
        self.numbers[word] = len(self.words)
        self.words.append(word)
        self.postings.append(array(UINT32))
        self.appends.append(self.postings[-1].append)

    def index(self) -> Index:
        """The index: the postings of every word some document has."""
        return Index(dict(self.found()), self.metadata)

    def found(self) -> Iterator[tuple[str, array]]:
        """Each word some document has, and its postings."""
        pairs = zip(self.words, self.postings, strict=True)
        return ((word, postings) for word, postings in pairs if postings)

    def kept(self, kept: Kept) -> tuple[list[str], dict[Key, Scores]]:
        """The words and scores to keep: renumbered when most words are used no more."""
        used = {key: kept.get(key) for key in self.reused} | self.counted
        words = [word for word, _ in self.found()]
        if len(words) * 2 >= len(self.words):
            return self.words, used
        new = array(UINT32, [0]) * len(self.words)
        for number, word in enumerate(words):
            new[self.numbers[word]] = number
        return words, {
            key: (array(UINT32, map(new.__getitem__, w)), s) for key, (w, s) in used.items()
        }


def document_key(doc: Document) -> Key:
    """A hash of what a document's scores depend on: its fields (weights and texts)."""
    return hashlib.blake2b(marshal.dumps(doc.fields), digest_size=DIGEST).digest()


def cache_file(content: Path) -> Path | None:
    """The cache file of a content folder, or None when there is no cache."""
    folder = cache.folder("search")
    if folder is None:
        return None
    cache.prune(folder)
    return folder / f"{readcache.content_key(content)}.bin"


def version_key() -> bytes | None:
    """A hash of the code that counts words (and of the Unicode data it normalizes
    with), or None when it cannot be read."""
    digest = hashlib.blake2b(f"{sys.version} {sys.byteorder}".encode(), digest_size=DIGEST)
    try:
        for name in SOURCES:
            digest.update((Path(__file__).parent / f"{name}.py").read_bytes())
    except OSError:
        return None
    return digest.digest()


def dump(words: list[str], kept: dict[Key, Scores], version: bytes) -> list[cache.Bytes]:
    """The file's parts: the checksum, the header's length, the header, each document's
    words, then each one's scores (written one after the other: no copy of them all)."""
    ends, end = array("Q"), 0
    for found, _ in kept.values():
        end += len(found)
        ends.append(end)
    header = marshal.dumps((version, tuple(words), b"".join(kept), ends.tobytes()))
    found = [part for scores in kept.values() for part in scores]
    parts = [len(header).to_bytes(HEADER, "little"), header, *found[::2], *found[1::2]]
    return [cache.checksum(*parts), *parts]


def load(data: bytes | None, version: bytes) -> Kept:
    """The words and scores of a file's bytes; none when they are not what `dump` wrote."""
    body = cache.body_of(data)
    if body is None:
        return Kept()
    try:
        size = int.from_bytes(body[:HEADER], "little")
        kept_version, words, keys, ends = marshal.loads(body[HEADER : HEADER + size])
        ends = array("Q", ends)
        middle = HEADER + size + (ends[-1] if ends else 0) * array(UINT32).itemsize
        numbers, scores = body[HEADER + size : middle].cast(UINT32), body[middle:].cast(UINT16)
    except Exception:  # checked, so only a bug in `dump` or a planted file gets here
        return Kept()
    if kept_version != version or not _fits(words, keys, ends, numbers, scores):
        return Kept()
    places = {keys[i : i + DIGEST]: place for place, i in enumerate(range(0, len(keys), DIGEST))}
    return Kept(words, places, numbers, scores, ends)


def _fits(
    words: object, keys: object, ends: array, numbers: memoryview, scores: memoryview
) -> bool:
    """Whether a header's parts have the types and sizes `dump` gives them."""
    shaped = isinstance(words, tuple) and all(isinstance(word, str) for word in words)
    sized = isinstance(keys, bytes) and len(keys) == DIGEST * len(ends)
    count = len(scores)
    ordered = all(start <= end for start, end in zip([0, *ends], [*ends, count], strict=True))
    return shaped and sized and ordered and len(numbers) == count == (ends[-1] if ends else 0)
