"""Compiled Markdown kept on disk between builds, keyed by a hash of each text.

The compiled form of a Markdown text (`compiled.compile_text`) depends on the text
and its block flag alone, so a build need compile only the texts the last build
did not have. `compiled_markdown(texts, compile_all, file)` is the one interface:
with `file` None (no cache, `--no-cache`) it compiles every text, the plain path;
with a file it reads the forms kept there, compiles the rest and writes back
exactly the forms this build used, so the file never grows past one build's texts.

One file per content folder (`cache_file`), in the cache folder's `markdown/`. It
holds a checksum (CRC-32), then a `marshal` of plain tuples and strings (loading runs no
code, unlike pickle): the version key, and for each text its key and compiled
pieces. The version key is a hash of the source of the modules that compile
Markdown and of markdown-it-py's and mdit-py-plugins' `__init__.py` (each states its
version there), so a change to any of them starts afresh. A file that is missing,
truncated, corrupted or of another version is ignored, and a file that cannot be
written is not written: the build then compiles as if there were no cache, with the
same output.
"""

from __future__ import annotations

import hashlib
import marshal
import sys
from collections.abc import Callable
from importlib.util import find_spec
from pathlib import Path

from . import cache
from .compiled import Compiled, Hole, MarkdownCache

Text = tuple[str, bool]  # a Markdown text and whether it is block Markdown
Key = bytes
HoleRow = tuple[str, tuple[str, ...], str | None]  # a Hole as the file keeps it
# The modules whose code decides a text's compiled form (this one decides the file's).
SOURCES = ("compiled", "markdown", "mdblocks", "mdbounds", "references", "mdcache")
LIBRARIES = ("markdown_it", "mdit_py_plugins")  # read, not imported: a warm build needs neither
DIGEST = 16  # bytes of each hash


def compiled_markdown(
    texts: list[Text],
    compile_all: Callable[[list[Text]], list[Compiled]],
    file: Path | None,
) -> MarkdownCache:
    """The compiled form of each of `texts`, those not kept in `file` by `compile_all`."""
    md = MarkdownCache()
    version = version_key() if file is not None else None
    if file is None or version is None:
        md.add(texts, compile_all(texts))
        return md
    keys = [text_key(text, block) for text, block in texts]
    kept = load(cache.read(file), version)
    missing = [i for i, key in enumerate(keys) if key not in kept]
    for i, done in zip(missing, compile_all([texts[i] for i in missing]), strict=True):
        kept[keys[i]] = done
    used = {key: kept[key] for key in keys}
    md.add(texts, [used[key] for key in keys])
    if missing or len(used) != len(kept):
        cache.write(file, *dump(used, version))
    return md


def cache_file(content: Path) -> Path | None:
    """The cache file of a content folder, or None when there is no cache."""
    folder = cache.folder("markdown")
    if folder is None:
        return None
    cache.prune(folder)
    try:
        where = str(content.resolve())
    except (OSError, RuntimeError):
        return None
    return folder / f"{_hash(where.encode('utf-8', 'surrogatepass')).hex()}.marshal"


def version_key() -> bytes | None:
    """A hash of the code that compiles Markdown, or None when it cannot be read."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=DIGEST)
    try:
        for name in SOURCES:
            digest.update((Path(__file__).parent / f"{name}.py").read_bytes())
        for library in LIBRARIES:
            digest.update(_init_source(library))
    except OSError:
        return None
    return digest.digest()


def _init_source(library: str) -> bytes:
    """A library's `__init__.py`, where it states its version, found without importing it
    (`importlib.metadata` alone takes longer to import than a small build's check)."""
    spec = find_spec(library)
    if spec is None or spec.origin is None:
        raise OSError(f"{library} is not installed")
    return Path(spec.origin).read_bytes()


def text_key(text: str, block: bool) -> Key:
    return _hash(b"b" if block else b"i", text.encode("utf-8", "surrogatepass"))


def _hash(*parts: bytes) -> bytes:
    digest = hashlib.blake2b(digest_size=DIGEST)
    for part in parts:
        digest.update(part)
    return digest.digest()


def dump(entries: dict[Key, Compiled], version: bytes) -> tuple[bytes, bytes]:
    """The file's two parts: a checksum, then the marshalled version and entries."""
    rows = [
        (key, done.texts, tuple((h.kind, h.targets, h.label) for h in done.holes))
        for key, done in entries.items()
    ]
    payload = marshal.dumps((version, rows))
    return cache.checksum(payload), payload


def load(data: bytes | None, version: bytes) -> dict[Key, Compiled]:
    """The entries of a file's bytes; none when they are not exactly what `dump` wrote."""
    payload = cache.body_of(data)
    if payload is None:
        return {}
    try:
        kept, rows = marshal.loads(payload)
        if kept != version:
            return {}
        made: dict[HoleRow, Hole] = {}  # each distinct hole made once, for every text
        return {key: _compiled(texts, holes, made) for key, texts, holes in rows}
    except Exception:  # checked, so only a bug in `dump` or a planted file gets here
        return {}


def _compiled(
    texts: tuple[str, ...], holes: tuple[HoleRow, ...], made: dict[HoleRow, Hole]
) -> Compiled:
    """A text's compiled form; its holes taken from `made` when an earlier text had them
    (at N = 10,000, 217,500 holes are 119,266 distinct ones: links to the same record)."""
    if len(texts) != len(holes) + 1:
        raise ValueError("pieces and holes do not match")
    return Compiled(texts, tuple([made.get(h) or made.setdefault(h, Hole(*h)) for h in holes]))
