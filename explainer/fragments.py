"""Entries rendered once per build with holes for what depends on the page.

An entry is a partial that shows one record (`page.entry(name, record)`): an
event of a list, a quote, an actor's line, a source. Its HTML is the same on
every page except where it asks `page` for something: a relative link
(`page.url`, `page.link`, `page.href`, `page.asset`), a citation number
(`page.cite`), an embed. `record_entry` renders the partial once with a
`Recorder` as its `page`: each such call returns a marker and is noted, as
compiled Markdown notes its references. The result, an `Entry`, is the HTML
between the markers and the calls. `Entry.fill(page)` repeats the calls on the
real page in the order the template made them (so citations are numbered as a
plain render numbers them) and puts each result where its marker was, escaped
as Jinja escapes it.

An entry uses what those calls return only as text to show. A partial that
reads anything else of `page` (its path, its citations) cannot be recorded:
it is rendered on every page instead (`Fragments` keeps None for it), slower
and never wrong. Without `Fragments` (the plain path) every page renders every
entry itself; a test renders every page both ways.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from jinja2 import UndefinedError
from markupsafe import Markup

from .compiled import MarkdownCache, fill
from .quick import escape_text  # a call's result as `{{ }}` writes it: HTML as it is

if TYPE_CHECKING:
    from .view import View

# A call's marker: NUL, its number, SOH. Content never holds NUL (YAML refuses it, and
# markdown-it turns one into U+FFFD), and Jinja's escaping leaves all three alone.
_MARKER = re.compile("\x00([0-9]+)\x01")
PartialRenderer = Callable[[str, dict[str, object]], str]
Call = tuple[str, tuple[Any, ...]]
Maker = Callable[[str, Any, dict[str, Any]], "Entry | None"]  # (partial, record, options)


class NotRecordable(Exception):
    """The partial used a call's result as more than text to show."""


def entry_context(view: View, record: Any, page: object, options: dict[str, Any]) -> dict:
    """What an entry's partial sees: the record by its kind's name, `r`, `page`, options."""
    kind = view.kind(record.id)
    return {kind or "record": record, "r": view, "page": page, **options}


class Recorder:
    """A stand-in for `page` while an entry is rendered once: page-dependent calls leave
    markers and are noted; what depends on the text alone is made here."""

    def __init__(self, view: View, md: MarkdownCache, partial: PartialRenderer) -> None:
        self.view = view
        self.md_cache = md
        self._partial = partial
        self.calls: list[Call] = []

    def _hole(self, name: str, args: tuple[Any, ...]) -> str:
        if any(isinstance(a, str) and "\x00" in a for a in args):
            raise NotRecordable(name)  # a call's result passed to another call
        self.calls.append((name, args))
        return f"\x00{len(self.calls) - 1}\x01"

    # links: plain text, which Jinja escapes (the filled value is escaped alike)
    def url(self, record_id: str) -> str:
        return self._hole("url", (record_id,))

    def href(self, path: str) -> str:
        return self._hole("href", (path,))

    def asset(self, name: str) -> str:
        return self._hole("asset", (name,))

    # HTML
    def link(self, target: str, label: str | None = None) -> Markup:
        return Markup(self._hole("link", (target, label)))

    def embed(self, target: str) -> Markup:
        return Markup(self._hole("embed", (target,)))

    def cite(self, targets: Any) -> Markup:
        return Markup(self._hole("cite", (tuple(targets),))) if targets else Markup("")

    def md(self, text: str) -> Markup:
        return Markup(fill(self.md_cache.get(text, True), self))

    def inline(self, text: str) -> Markup:
        return Markup(fill(self.md_cache.get(text, False), self))

    def entry(self, name: str, record: Any, **options: Any) -> Markup:
        context = entry_context(self.view, record, self, options)
        return Markup(self._partial(f"partials/{name}.html", context))


@dataclass(frozen=True, slots=True)
class Entry:
    """An entry's HTML: `texts[0]`, the result of call `slots[0]`, `texts[1]`, ..."""

    texts: tuple[str, ...]
    slots: tuple[int, ...]
    calls: tuple[Call, ...]

    def fill(self, page: object) -> Markup:
        """The entry as `page` shows it; the calls are made in the template's order."""
        if not self.calls:
            return self.texts[0]  # a Markup already (`record_entry`)
        values = [escape_text(getattr(page, name)(*args)) for name, args in self.calls]
        out = [self.texts[0]]
        for slot, text in zip(self.slots, self.texts[1:], strict=True):
            out += (values[slot], text)
        return Markup("".join(out))


def record_entry(recorder: Recorder, name: str, context: dict[str, Any]) -> Entry | None:
    """`partials/<name>.html` rendered once with holes, or None when it cannot be."""
    try:
        html = recorder._partial(f"partials/{name}.html", context)
    except (UndefinedError, NotRecordable):
        return None  # it reads more of the page than its calls: rendered on every page
    parts = _MARKER.split(html)
    texts = tuple(parts[0::2])
    if any("\x00" in text for text in texts):
        return None  # a marker was cut or changed
    if len(texts) == 1:  # no calls: the same HTML on every page, made markup once
        texts = (Markup(texts[0]),)
    return Entry(texts, tuple(int(n) for n in parts[1::2]), tuple(recorder.calls))


@dataclass(slots=True)
class Fragments:
    """The entries one build has rendered: (partial, record id, options) -> Entry (None:
    rendered on every page); and the links it has made: (target, label, "../" from the
    page to the root) -> `<a>` (`Page.link`), and the same for `Page.url`."""

    done: dict[tuple[Any, ...], Entry | None] = field(default_factory=dict)
    links: dict[tuple[str, str | None, str], Markup] = field(default_factory=dict)
    # (record id, "../" to the root) -> (`Page.url`, for a source the list page holding it)
    urls: dict[tuple[str, str], tuple[str, str | None]] = field(default_factory=dict)

    def entry(self, name: str, record: Any, options: dict[str, Any], make: Maker) -> Entry | None:
        """The entry `name` of `record` with `options`, made by `make` the first time."""
        key = (name, record.id, *options.items())
        try:
            return self.done[key]
        except KeyError:
            found = self.done[key] = make(name, record, options)
            return found
        except TypeError:  # an option that cannot be a key (a list): rendered on every page
            return None
