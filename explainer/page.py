"""What a template sees as `page`: one page's links, Markdown, citations and metadata.

A `Page` holds no cache and no state but its citation numbering (and its canonical
URL, made once); every read of the explainer it makes (a link's name, an embed)
goes through its view.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from markupsafe import Markup, escape

from .citations import Citation, Citations, display_name
from .compiled import MarkdownCache, fill
from .fragments import Fragments, Recorder, entry_context, record_entry
from .picturecache import PLAIN, Drawer
from .theme import MissingAsset
from .timeformat import text_direction
from .urls import absolute_url, record_url_path, relative_url

if TYPE_CHECKING:
    from .view import View

_TAG = re.compile(r"<[^>]+>")
_SPACE_BEFORE_PUNCTUATION = re.compile(r" ([.,;:!?])")  # in text with single spaces
DESCRIPTION_MAX = 200
# Renders a partial for an embed: (template name, context) -> text.
PartialRenderer = Callable[[str, dict[str, object]], str]


@dataclass(frozen=True, slots=True)
class Meta:
    """A page's title, description and metadata for `<head>`."""

    title: str
    description: str
    json_ld: str = ""  # a script's JSON, escaped for it (`jsonld.script_json`)
    og_type: str = "website"
    noindex: bool = False
    link_base: str | None = None  # absolute links, for pages served at any URL (404)


def resolve_alias(view: View, target: str) -> str:
    """The id an actor's alias slug stands for (`kh` → `kataib-hezbollah`); ids as they are."""
    if view.kind(target) is None:
        found = view.lookup("alias_target", target)
        if found:
            return found[0]
    return target


class _PlainFiller:
    """Fills holes with plain names, for descriptions and feed text."""

    def __init__(self, view: View) -> None:
        self.view = view

    def link(self, target: str, label: str | None) -> str:
        target = resolve_alias(self.view, target)
        if label is not None:
            return html.escape(label)
        return html.escape(display_name(self.view, target))

    def embed(self, target: str) -> str:
        return ""

    def cite(self, targets: tuple[str, ...]) -> str:
        return ""


def one_line(text: str) -> str:
    """Each run of whitespace as one space (str.split's whitespace is re's `\\s`), none at
    the ends nor before punctuation (where a citation was dropped)."""
    return _SPACE_BEFORE_PUNCTUATION.sub(r"\1", " ".join(text.split()))


def plain_text(
    view: View, md: MarkdownCache, text: str, limit: int | None = DESCRIPTION_MAX
) -> str:
    """Inline Markdown as one line of plain text, cut at a word boundary."""
    rendered = fill(md.get(text, False), _PlainFiller(view))
    plain = one_line(html.unescape(_TAG.sub("", rendered)))
    if limit is None or len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def canonical_url(view: View, path: str) -> str | None:
    base = view.base_url
    return absolute_url(base, path) if base else None


class Page:
    """Links, text and citations for the page at `path`; fills compiled Markdown's holes."""

    def __init__(
        self,
        view: View,
        path: str,
        md: MarkdownCache,
        partial: PartialRenderer,
        static: frozenset[str] | None = None,
        fragments: Fragments | None = None,
        drawings: Drawer = PLAIN,
    ) -> None:
        self.view = view
        self.static = static  # the static files there are, when known
        self.fragments = fragments  # entries rendered once per build (None: on every page)
        self.drawings = drawings  # draws the pictures, or takes those kept (page functions')
        self.path = path
        self._up = "../" * path.count("/")  # from this page up to the site's root
        self.md_cache = md
        self._partial = partial
        self._citations = Citations()
        self.meta = Meta("", "")
        self.lang = view.site().language
        self.dir = text_direction(self.lang)

    # metadata, for base.html
    title = property(lambda self: self.meta.title)
    description = property(lambda self: self.meta.description)
    json_ld = property(lambda self: self.meta.json_ld)
    og_type = property(lambda self: self.meta.og_type)
    noindex = property(lambda self: self.meta.noindex)

    @cached_property  # base.html reads it three times
    def canonical(self) -> str | None:
        return canonical_url(self.view, self.path)

    # links
    def href(self, path: str) -> str:
        if self.meta.link_base:
            return self.meta.link_base + path
        return relative_url(self.path, path)

    def asset(self, name: str) -> str:
        if self.static is not None and name not in self.static:
            raise MissingAsset(name)  # shown at the template's line, like any template error
        return self.href(f"static/{name}")

    def url(self, record_id: str) -> str:
        """The relative link to a record's page. A source's (the list part that holds it,
        then a relative path) is kept per build for each depth of page, with `fragments`,
        unless the page is that part; any other record's is one join, made each time
        (keeping those cost a render process about 15 MiB at N = 10,000)."""
        kind = self.view.kind(record_id)
        assert kind is not None, record_id
        if kind != "source":
            return self._up + record_url_path(kind, record_id)  # as relative_url: no `#`
        urls = None if self.fragments is None else self.fragments.urls
        if urls is not None:
            found = urls.get((record_id, self._up))
            if found is not None and found[1] != self.path:
                return found[0]
        url, holder = self._target(kind, record_id)
        if urls is not None and holder != self.path:
            urls[(record_id, self._up)] = (url, holder)
        return url

    def _url(self, kind: str, record_id: str) -> str:
        return self._target(kind, record_id)[0]

    def _target(self, kind: str, record_id: str) -> tuple[str, str | None]:
        """A link to a record and, for a source, the list page that holds it."""
        if kind == "source":  # an entry of the sources list, on the part that holds it
            holder = self.view.lookup("source_page", record_id)[0]
            return relative_url(self.path, f"{holder}#{record_id}"), holder
        return self._up + record_url_path(kind, record_id), None  # as relative_url: no `#`

    # The checker's scanner and markdown-it agree on which `[[…]]` are references
    # except in rare table edge cases (see references.py); a reference the checker
    # never saw is shown as the text written rather than failing the build.

    def link(self, target: str, label: str | None = None) -> Markup:
        """`<a>` to the record `target` (an actor's alias too) showing its name or `label`;
        an unknown target as the text written. With `fragments`, kept per build for each
        depth of page (a source's link may point into the page itself: made each time)."""
        links = None if self.fragments is None else self.fragments.links
        if links is None:
            return self._link(target, label)
        key = (target, label, self._up)
        found = links.get(key)
        if found is None:
            found = self._link(target, label)
            if self.view.kind(target) != "source":
                links[key] = found
        return found

    def kind_links(self, ids: Sequence[str]) -> Markup:
        """Each record as `<li><span class="kind">its kind</span> its link</li>`, one after
        another: a long list (a source's citing records) made without a template loop."""
        kind, link = self.view.kind, self.link
        return Markup(
            "".join(f'<li><span class="kind">{escape(kind(i))}</span> {link(i)}</li>' for i in ids)
        )

    def _link(self, target: str, label: str | None) -> Markup:
        view = self.view
        kind = view.kind(target)
        if kind is None:  # an actor's alias slug, or unknown
            resolved = resolve_alias(view, target)
            kind = view.kind(resolved)
            if kind is None:
                return escape(f"[[{target}{'|' + label if label else ''}]]")
            target = resolved
        text = display_name(view, target) if label is None else label
        return Markup(f'<a href="{escape(self._url(kind, target))}">{escape(text)}</a>')

    def embed(self, target: str) -> Markup:
        kind = self.view.kind(target)
        if kind not in ("quote", "event"):
            return escape(f"![[{target}]]")
        context = {"page": self, "r": self.view, "id": target}
        return Markup(self._partial(f"partials/embed_{kind}.html", context))

    def entry(self, name: str, record: Any, **options: Any) -> Markup:
        """`partials/<name>.html` for one record, which it sees (as `event`, `source`, ...
        by its kind) with `r`, `page` and `options`. Rendered once per build with holes
        for the calls it makes on `page` when `fragments` is given (see fragments.py)."""
        if self.fragments is not None:
            found = self.fragments.entry(name, record, options, self._record)
            if found is not None:
                return found.fill(self)
        context = entry_context(self.view, record, self, options)
        return Markup(self._partial(f"partials/{name}.html", context))

    def _record(self, name: str, record: Any, options: dict[str, Any]) -> Any:
        recorder = Recorder(self.view, self.md_cache, self._partial)
        return record_entry(recorder, name, entry_context(self.view, record, recorder, options))

    def cite(self, targets: Sequence[str]) -> Markup:
        """Numbered markers `[1, 2]` linking to the page's list of sources."""
        if not targets:
            return Markup("")
        if set(map(self.view.kind, targets)) != {"source"}:  # one not a source (or unknown)
            return escape("[" + "; ".join(f"@{t}" for t in targets) + "]")
        return Markup(self._citations.markers(targets))

    def citations(self) -> list[Citation]:
        """The sources cited on this page so far, in number order."""
        return self._citations.listed()

    # text
    def md(self, text: str) -> Markup:
        return Markup(fill(self.md_cache.get(text, True), self))

    def inline(self, text: str) -> Markup:
        return Markup(fill(self.md_cache.get(text, False), self))

    def plain(self, text: str) -> str:
        return plain_text(self.view, self.md_cache, text)

    def plain_full(self, text: str) -> str:
        """`plain`, not cut short."""
        return plain_text(self.view, self.md_cache, text, None)
