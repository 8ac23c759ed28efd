"""The search index's words, postings and files, from documents of plain text.

A document is one search result: its kind, title, URL and excerpt, and its
text as fields of a weight each. Words are runs of letters and digits (`\\w`
without `_`, any script) after normalizing: Unicode NFKD with combining marks
dropped, then case folded, so `Muhandís` and `MUHANDIS` are both `muhandis`.
A document's score for a word is the sum over its fields of weight times the
number of times the word occurs there.

Files (all JSON, sorted, no timestamps: the same documents give the same bytes):

- `index.json`: the format version, a hash of the other files (the browser adds
  it to their URLs, so a cached file of an older build is never mixed in), the
  document count, the chunk size, the kinds, and the list of shards;
- `w/<key>.json`, one shard per first two characters of a word (`key` is their
  code points in hex, `6b-61` for `ka`): `{word: postings}`, the postings in
  base64, little-endian 32-bit numbers `doc << 12 | score`, in document order
  (a word of one character is in a shard of its own, `61` for `a`);
- `d/<n>.json`: documents `n * CHUNK` onward, `[kind, title, url, excerpt]` each.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

VERSION = 1
CHUNK = 500  # documents per metadata file
KINDS = ("actor", "event", "quote", "section", "source")
SCORE_BITS = 12  # a posting's low bits: its score; the others: its document's number
MAX_SCORE = (1 << SCORE_BITS) - 1
MAX_DOCUMENTS = (1 << (32 - SCORE_BITS)) - 1
UINT32 = next(code for code in "IL" if array(code).itemsize == 4)
_WORD = re.compile(r"[^\W_]+")
# ASCII letters and digits as they are normalized; everything else between words.
_ASCII = {c: (chr(c).lower() if chr(c).isalnum() else " ") for c in range(128)}


@dataclass(frozen=True, slots=True)
class Document:
    """One search result and the text it is found by: (weight, text) fields."""

    kind: str
    title: str
    url: str  # relative to the site root
    excerpt: str
    fields: tuple[tuple[int, str], ...]


@dataclass(slots=True)
class Index:
    """Postings by word (doc, score pairs in one array) and the documents' metadata."""

    postings: dict[str, array] = field(default_factory=dict)
    metadata: list[list[object]] = field(default_factory=list)


def _strip_marks(text: str) -> str:
    """`text` without combining marks (each distinct character looked up once, and
    removed with `str.replace`, much quicker than `str.translate` outside ASCII)."""
    for char in set(text):
        if unicodedata.category(char).startswith("M"):
            text = text.replace(char, "")
    return text


def normalize(text: str) -> str:
    """`text` decomposed (NFKD), without combining marks, case folded."""
    if text.isascii():
        return text.lower()
    text = _strip_marks(unicodedata.normalize("NFKD", text)).casefold()
    return text if text.isascii() else _strip_marks(unicodedata.normalize("NFKD", text))


def words(text: str) -> list[str]:
    """The normalized words of `text`, in order (ASCII text the quick way, alike)."""
    if text.isascii():
        return text.translate(_ASCII).split()
    return _WORD.findall(normalize(text))


def build_index(documents: Iterable[Document]) -> Index:
    """The postings and metadata of `documents`, numbered in the order given.

    This step reads every word of the explainer, so it is written for speed: a
    posting is one number, `doc << SCORE_BITS | score`, appended to its word's array
    (a word's first posting makes the array: a `KeyError` once per word, not a test
    for each posting)."""
    index = Index()
    postings, appenders = index.postings, {}
    for number, doc in enumerate(documents):
        index.metadata.append(entry(number, doc))
        base = number << SCORE_BITS
        for word, score in word_scores(doc).items():
            try:
                appenders[word](base | score)
            except KeyError:
                postings[word] = array(UINT32, [base | score])
                appenders[word] = postings[word].append
    return index


def entry(number: int, doc: Document) -> list[object]:
    """The metadata of the document numbered `number`: kind, title, URL, excerpt."""
    if number > MAX_DOCUMENTS:
        raise ValueError(f"the search index holds at most {MAX_DOCUMENTS} documents")
    return [KINDS.index(doc.kind), doc.title, doc.url, doc.excerpt]


def word_scores(doc: Document) -> dict[str, int]:
    """Each word's score in `doc`: the sum of its fields' weights times its count there,
    at most `MAX_SCORE`. The words are counted by one `Counter`, in C: those of weight 1
    read as one text, each weightier field's (names, titles, summaries) repeated `weight`
    times. No score exceeds the number of words counted, so most documents need no cap."""
    ones: list[str] = []
    counted: list[str] = []
    for weight, text in doc.fields:
        if weight == 1:
            ones.append(text)
        else:
            counted += words(text) * weight
    counted += words(" ".join(ones))
    scores = Counter(counted)
    if len(counted) <= MAX_SCORE:
        return scores
    return {word: min(score, MAX_SCORE) for word, score in scores.items()}


def shard_key(word: str) -> str:
    """The shard a word is in: its first two characters' code points, in hex."""
    return "-".join(f"{ord(c):x}" for c in word[:2])


def _dumps(value: object) -> bytes:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def _encoded(posting: array) -> bytes:
    """A word's postings as base64 of little-endian 32-bit numbers."""
    if sys.byteorder == "big":
        posting = array(UINT32, posting)
        posting.byteswap()
    return base64.b64encode(posting.tobytes())


def shard(postings: dict[str, array], words: list[str]) -> bytes:
    """The JSON of a shard of `words` (sorted): the bytes `_dumps` gives for `{word:
    base64}`, joined directly, as the generic encoder took most of the files' time (a
    word is letters and digits, base64 letters, digits, `+/=`: JSON escapes none)."""
    entries = (b'"%s":"%s"' % (word.encode(), _encoded(postings[word])) for word in words)
    return b"{" + b",".join(entries) + b"}"


def shard_words(index: Index) -> dict[str, list[str]]:
    """The words of each shard, by shard key, sorted."""
    grouped: dict[str, list[str]] = {}
    for word in sorted(index.postings):
        grouped.setdefault(shard_key(word), []).append(word)
    return grouped


def index_files(index: Index) -> Iterator[tuple[str, bytes]]:
    """Every file of the index, by path inside its folder, made one at a time (at
    N = 10,000 they hold 45 MB, and a build writes them while its workers render): the
    documents' and the words' files in path order, then `index.json`, which holds a
    hash of them all in that order."""
    meta, grouped = index.metadata, shard_words(index)
    chunks = {f"d/{start // CHUNK}.json": start for start in range(0, len(meta), CHUNK)}
    shards = {f"w/{key}.json": words for key, words in grouped.items()}
    digest = hashlib.sha256()
    for path in sorted([*chunks, *shards]):
        if path in chunks:
            content = _dumps(meta[chunks[path] : chunks[path] + CHUNK])
        else:
            content = shard(index.postings, shards[path])
        digest.update(path.encode() + b"\0")
        digest.update(content)
        digest.update(b"\0")
        yield path, content
    manifest = {
        "version": VERSION,
        "hash": digest.hexdigest()[:16],
        "documents": len(meta),
        "chunk": CHUNK,
        "kinds": list(KINDS),
        "shards": sorted(grouped),
    }
    yield "index.json", _dumps(manifest)
