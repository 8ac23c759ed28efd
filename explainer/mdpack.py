"""Compiled Markdown packed into a few large strings, so forked workers share it.

A forked worker shares the parent's memory until either process writes to a memory page,
and reading an object writes its reference count: rendering touches every compiled
text, so each of the hundreds of thousands of small strings holding compiled HTML
(about 90 MiB at N = 10,000) ended up copied in every process. `pack(md)` keeps the same
forms with their HTML pieces in chunks of `CHUNK` characters or more: a text's pieces
are a slice of its chunk, joined by `HOLE` (which only holes make, `compiled.HOLE`),
and `Packed.texts` cuts them out when a page fills the text. Only a chunk's first
memory page holds its reference count, so the rest stays shared. The pieces and holes
are those of the `Compiled` form, so `compiled.fill` gives the same HTML.
"""

from __future__ import annotations

from .compiled import HOLE, Compiled, Hole, MarkdownCache

CHUNK = 1 << 18  # characters: a chunk with one non-ASCII text is wider, so not all in one


class Packed:
    """A text's compiled form (as `Compiled`), its pieces a slice of a shared chunk."""

    __slots__ = ("chunk", "end", "holes", "start")

    def __init__(self, chunk: str, start: int, end: int, holes: tuple[Hole, ...]) -> None:
        self.chunk, self.start, self.end, self.holes = chunk, start, end, holes

    @property
    def texts(self) -> list[str]:
        return self.chunk[self.start : self.end].split(HOLE)

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return Packed, (self.chunk, self.start, self.end, self.holes)

    def __eq__(self, other: object) -> bool:
        same = isinstance(other, (Packed, Compiled)) and tuple(self.texts) == tuple(other.texts)
        return same and self.holes == other.holes  # type: ignore[union-attr]

    __hash__ = None  # type: ignore[assignment]


def pack(md: MarkdownCache) -> MarkdownCache:
    """The same compiled forms, their pieces in shared chunks (`Packed`)."""
    out = MarkdownCache()
    shared: dict[Hole, Hole] = {}  # equal holes made one: fewer objects to keep and to load
    for table, packed in ((md.block, out.block), (md.inline, out.inline)):
        forms = [(text, form) for text, form in table.items() if _packable(form)]
        packed.update((text, form) for text, form in table.items() if not _packable(form))
        joined = [HOLE.join(form.texts) for _, form in forms]
        for (text, form), (chunk, start, end) in zip(forms, _chunked(joined), strict=True):
            holes = tuple([shared.setdefault(hole, hole) for hole in form.holes])
            packed[text] = Packed(chunk, start, end, holes)  # type: ignore[assignment]
    return out


def _packable(form: Compiled) -> bool:
    """Whether the pieces come back whole from their slice (none holds a `HOLE`)."""
    return len(form.texts) == len(form.holes) + 1 and not any(HOLE in t for t in form.texts)


def _chunked(texts: list[str]) -> list[tuple[str, int, int]]:
    """Each text as (chunk, start, end): chunks of `CHUNK` characters or more."""
    spans: list[tuple[str, int, int]] = []
    begun, size = 0, 0
    for i, text in enumerate(texts):
        size += len(text)
        if size >= CHUNK or i == len(texts) - 1:
            spans += _spans(texts[begun : i + 1])
            begun, size = i + 1, 0
    return spans


def _spans(texts: list[str]) -> list[tuple[str, int, int]]:
    chunk = "".join(texts)
    spans, start = [], 0
    for text in texts:
        spans.append((chunk, start, start + len(text)))
        start += len(text)
    return spans
