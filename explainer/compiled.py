"""Markdown compiled once per build into HTML with holes for its references.

The HTML of a Markdown field depends on its text alone, except at its
references: a `[[id]]` link's target and name, a `![[id]]` embed, a `[@id]`
citation's number. So each text is parsed once (`compile_text`) into the HTML
between its references and a `Hole` for each, and every page that shows it
fills the holes its own way (`fill`): relative links, its own citation numbers,
plain names for descriptions. `MarkdownCache` keeps the compiled forms of one
build; it is made by the build and handed to every page, never a global.

Entries (a partial for one record) are rendered once per build the same way:
see fragments.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple, Protocol

from .fields import FIELDS
from .markdown import render_inline, render_markdown

if TYPE_CHECKING:
    from .validate import Explainer

HOLE = "\x00"  # markdown-it turns a NUL in content into U+FFFD, so only holes make these


class Hole(NamedTuple):
    """A reference inside compiled Markdown: `link`, `embed` or `cite`.

    A named tuple, not a dataclass: the model kept between builds (`modelcache`) holds
    about 120,000 at N = 10,000, and a named tuple unpickles in about half the time."""

    kind: str
    targets: tuple[str, ...]
    label: str | None = None


@dataclass(frozen=True, slots=True)
class Compiled:
    """HTML in pieces: `texts[0]`, hole 0, `texts[1]`, ..., `texts[-1]`."""

    texts: tuple[str, ...]
    holes: tuple[Hole, ...]


class Filler(Protocol):
    """Turns each hole into HTML, for one page."""

    def link(self, target: str, label: str | None) -> str: ...

    def embed(self, target: str) -> str: ...

    def cite(self, targets: tuple[str, ...]) -> str: ...


class _Recorder:
    """A resolver that leaves a HOLE for each reference and notes what it was."""

    def __init__(self) -> None:
        self.holes: list[Hole] = []

    def link(self, target: str, label: str | None) -> str:
        self.holes.append(Hole("link", (target,), label))
        return HOLE

    def embed(self, target: str) -> str:
        self.holes.append(Hole("embed", (target,)))
        return HOLE

    def cite(self, targets: list[str]) -> str:
        self.holes.append(Hole("cite", tuple(targets)))
        return HOLE


def compile_text(text: str, block: bool) -> Compiled:
    """Block (`block`) or inline Markdown as HTML pieces and the holes between them."""
    recorder = _Recorder()
    html = (render_markdown if block else render_inline)(text, recorder)
    texts = tuple(html.split(HOLE))
    assert len(texts) == len(recorder.holes) + 1, "a hole marker came from the content"
    return Compiled(texts, tuple(recorder.holes))


def fill(compiled: Compiled, filler: Filler) -> str:
    """The HTML of `compiled` with each hole filled by `filler`, in document order."""
    texts, holes = compiled.texts, compiled.holes
    if not holes:
        return texts[0]
    out = [texts[0]]
    for hole, text in zip(holes, texts[1:], strict=True):
        if hole.kind == "link":
            out.append(filler.link(hole.targets[0], hole.label))
        elif hole.kind == "embed":
            out.append(filler.embed(hole.targets[0]))
        else:
            out.append(filler.cite(hole.targets))
        out.append(text)
    return "".join(out)


@dataclass(slots=True)
class MarkdownCache:
    """The compiled form of each Markdown text of one build, made on first use."""

    block: dict[str, Compiled] = field(default_factory=dict)
    inline: dict[str, Compiled] = field(default_factory=dict)

    def add(self, texts: list[tuple[str, bool]], compiled: list[Compiled]) -> None:
        """Keep texts compiled elsewhere (`compile_texts`, in another process)."""
        for (text, block), done in zip(texts, compiled, strict=True):
            (self.block if block else self.inline)[text] = done

    def get(self, text: str, block: bool) -> Compiled:
        table = self.block if block else self.inline
        found = table.get(text)
        if found is None:
            found = table[text] = compile_text(text, block)
        return found


def markdown_texts(explainer: Explainer) -> Iterator[tuple[str, bool]]:
    """The Markdown texts pages show, each with whether it is block Markdown: every field
    of type inline or markdown (and lists of inline), sections' bodies, and quotes' words
    on one line (a quote page's description). A text not listed is compiled when used."""
    for kind, spec in FIELDS.items():
        records = [explainer.site] if kind == "site" else getattr(explainer, kind + "s").values()
        for f in spec:
            block = f.type == "markdown"
            inline_list = f.type == "list" and f.item is not None and f.item.type == "inline"
            if block or f.type == "inline" or inline_list:
                for record in records:
                    value = getattr(record, f.name)
                    yield from ((v, block) for v in (value if inline_list else (value,)) if v)
    yield from ((section.body, True) for section in explainer.sections.values())
    yield from ((quote.text.replace("\n", " "), False) for quote in explainer.quotes.values())


def compile_texts(texts: list[tuple[str, bool]]) -> list[Compiled]:
    return [compile_text(text, block) for text, block in texts]
