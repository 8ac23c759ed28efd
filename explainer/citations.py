"""Per-page links, embeds and citations: the resolver that Markdown rendering calls.

Citations are numbered per page in order of first use. Each marker links to
the page's list of sources (`#source_N`), and each entry of that list links
back to every place it was cited (`#cite_N_K`, the K-th use of source N).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from markupsafe import Markup, escape

from .urls import record_url_path, relative_url

if TYPE_CHECKING:
    from .deps import Reader

FRAGMENT_CITE = "\x00"  # stands for a citation in a cached fragment; never in content


def display_name(reader: Reader, record_id: str) -> str:
    """The text a `[[id]]` link shows: name, title, or a quote's speaker and date."""
    kind = reader.kind(record_id)
    record = reader.record(record_id)
    if kind == "actor":
        return record.name  # type: ignore[union-attr]
    if kind == "quote":
        speaker = reader.actor(record.speaker).name  # type: ignore[union-attr]
        return f"{speaker}, {record.date.human()}"  # type: ignore[union-attr]
    return record.title  # type: ignore[union-attr]


@dataclass(slots=True)
class Citation:
    """One numbered source on a page and how many markers cite it."""

    number: int
    source_id: str
    count: int = 0

    @property
    def uses(self) -> list[str]:
        """The ids of the markers that cite it, in page order."""
        return [f"cite_{self.number}_{k}" for k in range(1, self.count + 1)]


class CiteState:
    """The numbering of a page's citations at some point: source -> number, and -> uses.

    Never changed once made, so a state can stand for itself: a resolver entering a state
    it was in before (see `render.Renderer.assemble`) numbers what follows the same way.
    """

    __slots__ = ("counts", "numbers")

    def __init__(self, numbers: dict[str, int], counts: dict[str, int]) -> None:
        self.numbers = numbers
        self.counts = counts


START = CiteState({}, {})


class PageResolver:
    """Resolves `[[id]]`, `![[id]]` and `[@id]` for one page, numbering citations as it goes."""

    def __init__(
        self,
        reader: Reader,
        path: str,
        embed_renderer: Callable[[PageResolver, str, str], str] | None = None,
    ) -> None:
        self.reader = reader
        self.path = path
        self._embed = embed_renderer
        self._numbers: dict[str, int] = {}
        self._counts: dict[str, int] = {}
        # The state the numbering is in, when known as a `CiteState` (None: changed since).
        # `stale`: the dicts above lag behind `token`, to be copied from it when needed.
        self.token: CiteState | None = START
        self._stale = False
        # While a cached fragment renders: the citations it makes, in order; each is left
        # in its text as a NUL, numbered when the page is put together (see render.Page).
        self.recording: list[list[str] | tuple[str, ...]] | None = None

    def state(self) -> CiteState:
        """The numbering so far, as a state to compare with (and `enter`) later."""
        if self.token is None:
            self.token = CiteState(dict(self._numbers), dict(self._counts))
        return self.token

    def enter(self, state: CiteState) -> None:
        """Continue from `state` (the numbering after text already numbered elsewhere)."""
        self.token, self._stale = state, True

    def _sync(self) -> None:
        if self._stale:
            assert self.token is not None
            self._numbers, self._counts = dict(self.token.numbers), dict(self.token.counts)
            self._stale = False

    def url(self, record_id: str) -> str:
        kind = self.reader.kind(record_id)
        assert kind is not None, record_id
        return relative_url(self.path, record_url_path(kind, record_id))

    # The checker's scanner and markdown-it agree on which `[[…]]` are references
    # except in rare table edge cases (see references.py); a reference the checker
    # never saw is shown as the text written rather than failing the build.

    def link(self, target: str, label: str | None = None) -> str:
        if self.reader.kind(target) is None:
            return Markup(escape(f"[[{target}{'|' + label if label else ''}]]"))
        text = display_name(self.reader, target) if label is None else label
        return Markup(f'<a href="{escape(self.url(target))}">{escape(text)}</a>')

    def embed(self, target: str) -> str:
        kind = self.reader.kind(target)
        if self._embed is None or kind not in ("quote", "event"):
            return Markup(escape(f"![[{target}]]"))
        return Markup(self._embed(self, kind, target))

    def cite(self, targets: list[str] | tuple[str, ...]) -> str:
        """Numbered markers `[1, 2]` linking to the page's list of sources."""
        if not targets:
            return Markup("")
        if any(self.reader.kind(t) != "source" for t in targets):
            return Markup(escape("[" + "; ".join(f"@{t}" for t in targets) + "]"))
        if self.recording is not None:
            for source_id in targets:
                self.reader.source(source_id)
            self.recording.append(targets)
            return Markup(FRAGMENT_CITE)
        self._sync()
        for source_id in dict.fromkeys(targets):
            if source_id not in self._numbers:
                self.reader.source(source_id)
        return Markup(self.number(targets))

    def number(self, targets: list[str] | tuple[str, ...]) -> str:
        """The markers of sources already checked (and read), numbering new ones."""
        if self._stale:
            self._sync()
        self.token = None
        links = []
        numbers, counts = self._numbers, self._counts
        for source_id in dict.fromkeys(targets):
            n = numbers.get(source_id)
            if n is None:
                n = numbers[source_id] = len(numbers) + 1
                k = 1
            else:
                k = counts[source_id] + 1
            counts[source_id] = k
            links.append(f'<a href="#source_{n}" id="cite_{n}_{k}" aria-label="source {n}">{n}</a>')
        return f'<sup class="cite">[{", ".join(links)}]</sup>'

    def citations(self) -> list[Citation]:
        """The sources cited on this page so far, in number order."""
        self._sync()
        counts = self._counts
        return [Citation(n, source_id, counts[source_id]) for source_id, n in self._numbers.items()]
