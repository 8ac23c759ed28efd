"""Pages from a checked explainer: plan the pages, then render each one to bytes.

`plan_pages` lists every page as a cheap `PageSpec`; `render_page` renders one
spec and returns its bytes with the dependency keys it read (see `deps`). One
function per page kind builds the template's context.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, meta
from markupsafe import Markup

from . import jsonld
from .citations import FRAGMENT_CITE, START, CiteState, PageResolver, display_name
from .deps import Reader, SiteData
from .fields import ACTOR_KINDS, RELATION_TYPES
from .markdown import render_inline, render_markdown
from .pages import SITEMAP, PageSpec
from .theme import DEFAULT_TEMPLATES
from .timeformat import STATUS_WORDS, text_direction, when
from .urls import absolute_url, external_url, record_url_path, relative_url, slugify

TEMPLATES = DEFAULT_TEMPLATES
_TAG = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+([.,;:!?])")
DESCRIPTION_MAX = 200
KEY_ACTORS = 12
LATEST_EVENTS = 10
KIND_HEADINGS = {
    "person": "People",
    "organization": "Organizations",
    "armed-group": "Armed groups",
    "government": "Governments",
    "state": "States",
    "media": "Media",
    "other": "Other",
}

Context = dict[str, Any]
FragmentKey = tuple[str, str, str]
Fragment = tuple[list[str], list[Any] | None, frozenset[str]]
ChunkKey = tuple[str, str, int, int]
CHUNK = 200  # items of a `fragments` call put together (and cached) as one
SPLICE = "\x00\x02"  # around the number of a `fragments` call, in a page's text


def make_environment(templates: Path | None = None) -> Environment:
    """The Jinja environment: autoescaping everywhere, undefined names are errors."""
    env = Environment(
        loader=FileSystemLoader(str(templates or TEMPLATES)),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(
        when=when,
        status_words=STATUS_WORDS,
        relation_types=RELATION_TYPES,
        kind_headings=KIND_HEADINGS,
        text_direction=text_direction,
    )
    env.filters["url"] = external_url  # content's http(s) URLs in href and cite
    return env


class _PlainResolver:
    """Renders references as plain names, for descriptions and feed text."""

    def __init__(self, reader: Reader) -> None:
        self.reader = reader

    def link(self, target: str, label: str | None = None) -> str:
        return html.escape(display_name(self.reader, target) if label is None else label)

    def embed(self, target: str) -> str:
        return ""

    def cite(self, targets: list[str]) -> str:
        return ""


def plain_text(reader: Reader, text: str, limit: int | None = DESCRIPTION_MAX) -> str:
    """Inline Markdown as one line of plain text, cut at a word boundary."""
    rendered = render_inline(text, _PlainResolver(reader))
    plain = _SPACE.sub(" ", html.unescape(_TAG.sub("", str(rendered)))).strip()
    plain = _SPACE_BEFORE_PUNCTUATION.sub(r"\1", plain)  # where a citation was dropped
    if limit is None or len(plain) <= limit:
        return plain
    return plain[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


class Page:
    """What a template sees as `page`: links, Markdown and citations for one output path."""

    def __init__(
        self, spec: PageSpec, reader: Reader, renderer: Renderer, splice: bool = True
    ) -> None:
        self.spec = spec
        self.path = spec.path
        self.r = reader
        self._renderer = renderer
        self.resolver = PageResolver(reader, spec.path, self._render_embed)
        site = reader.site()
        self.lang = site.language
        self.dir = text_direction(site.language)
        self.title = site.title
        self.description = ""
        self.og_type = "website"
        self.json_ld: Markup = Markup("")
        self.noindex = False
        self.link_base: str | None = None  # absolute links, for pages served at any URL (404)
        self._calls = 0  # `fragments` calls so far: they name the page's cached chunks
        self.splice: list[list[_Chunk]] | None = [] if splice else None

    # links
    def url(self, record_id: str) -> str:
        return self.resolver.url(record_id)

    def href(self, path: str) -> str:
        if self.link_base:
            return self.link_base + path
        return relative_url(self.path, path)

    def asset(self, name: str) -> str:
        return self.href(f"static/{name}")

    def link(self, record_id: str, label: str | None = None) -> Markup:
        return Markup(self.resolver.link(record_id, label))

    @property
    def canonical(self) -> str | None:
        base = self.r.base_url
        return absolute_url(base, self.path) if base else None

    # text
    def md(self, text: str) -> Markup:
        return Markup(render_markdown(text, self.resolver))

    def inline(self, text: str) -> Markup:
        return Markup(render_inline(text, self.resolver))

    def plain(self, text: str) -> str:
        return plain_text(self.r, text)

    def cite(self, source_ids: list[str] | tuple[str, ...]) -> Markup:
        return Markup(self.resolver.cite(source_ids))

    def citations(self) -> list[Any]:
        return self.resolver.citations()

    def fragments(self, name: str, var: str, items: Iterable[Any], make: Any = None) -> Markup:
        """Partial template `name` once per item (a record; `make(item)` when given, named
        `var` in the partial), joined. Each item's text is cached between builds with the
        dependency keys it read (see `Renderer.forget`); its citations are numbered here,
        in page order, so the page is what rendering every item in turn would give."""
        return self._fragments(name, var, items, make, _record_ident)

    def citation_list(self, name: str, citations: list[Any]) -> Markup:
        """Partial `name` once per citation (`c`), cached like `fragments`: an entry's text
        depends on its source, its number and how many times it was cited."""
        return self._fragments(name, "c", citations, None, _citation_ident)

    def _fragments(
        self, name: str, var: str, items: Iterable[Any], make: Any, ident: Callable[[Any], Any]
    ) -> Markup:
        self._calls += 1
        items = list(items)
        chunks = []
        for start in range(0, len(items), CHUNK):
            chunk = self._renderer.assemble(
                (name, self.path, self._calls, start),
                self,
                var,
                items[start : start + CHUNK],
                make,
                ident,
            )
            chunks.append(chunk)
        self.r.sets.append(self._renderer.merged((name, self.path, self._calls), chunks))
        if self.splice is None:
            return Markup("".join(chunk.text for chunk in chunks))
        # A mark the page's bytes take the chunks' (encoded once) in place of: a page of
        # many fragments is not joined, copied and encoded as one string again.
        self.splice.append(chunks)
        return Markup(f"{SPLICE}{len(self.splice) - 1}{SPLICE}")

    def _render_embed(self, resolver: PageResolver, kind: str, record_id: str) -> str:
        name = f"partials/embed_{kind}.html"
        return self._renderer.render_template(name, {"page": self, "r": self.r, "id": record_id})


def _record_ident(record: Any) -> tuple[str, str]:
    return record.id, record.id


def _citation_ident(c: Any) -> tuple[str, str]:
    return c.source_id, f"{c.source_id}#{c.number}#{c.count}"


class _Chunk:
    """Up to CHUNK items of one `fragments` call, put together: their fragments, the
    numbering before and after them, the markers they got, the text and the keys read."""

    __slots__ = (
        "_data",
        "entries",
        "items",
        "markers",
        "seen",
        "state_in",
        "state_out",
        "text",
        "used",
    )

    def __init__(
        self,
        entries: list[Fragment],
        state_in: CiteState,
        state_out: CiteState,
        markers: list[str],
        text: str,
        used: frozenset[str],
    ) -> None:
        self.entries = entries
        self.state_in = state_in
        self.state_out = state_out
        self.markers = markers
        self.text = text
        self.used = used
        # The records it showed, and its page's forget count then (see `Renderer.assemble`).
        self.items: list[Any] | None = None
        self.seen = 0
        self._data: bytes | None = None

    @property
    def data(self) -> bytes:
        if self._data is None:
            self._data = self.text.encode("utf-8")
        return self._data


def _interleave(entries: list[Fragment], markers: list[str]) -> str:
    out: list[str] = []
    append = out.append
    at = 0
    for texts, cites, _ in entries:
        append(texts[0])
        if cites:
            for text in texts[1:]:
                append(markers[at])
                append(text)
                at += 1
    return "".join(out)


class Renderer:
    """Renders page specs with one Jinja environment; keeps template dependency closures."""

    def __init__(self, data: SiteData, templates: Path | None = None) -> None:
        self.data = data
        self.env = make_environment(templates)
        self._closures: dict[str, frozenset[str]] = {}
        self._reader: Reader | None = None
        # (partial, page path, record id) -> (texts between citations, the citations,
        # dependency keys); and each key -> the fragments that read it.
        self.fragments: dict[FragmentKey, Fragment] = {}
        self._readers_of: dict[str, list[FragmentKey]] = defaultdict(list)
        # (partial, page path, call, first item) -> a chunk of fragments put together.
        self.chunks: dict[ChunkKey, _Chunk] = {}
        # name -> (what a value was computed from, the value): see `memo`.
        self._memos: dict[str, tuple[tuple[Any, ...], Any]] = {}
        # Page path -> when one of its cached fragments was last forgotten (a count).
        self._forgotten: dict[str, int] = {}
        self._forgets = 0
        # (partial, page path, call) -> a `fragments` call's chunks and their keys, merged.
        self._merged: dict[tuple[str, str, int], tuple[list[_Chunk], frozenset[str]]] = {}
        # Page path -> the keys it read apart from `Reader.sets`, those sets, and all of it.
        self._used: dict[str, tuple[frozenset[str], list[frozenset[str]], frozenset[str]]] = {}

    def merged(self, call: tuple[str, str, int], chunks: list[_Chunk]) -> frozenset[str]:
        """The keys `chunks` read, as one set: last time's while the chunks are the same."""
        if len(chunks) < 2:
            return chunks[0].used if chunks else frozenset()
        found = self._merged.get(call)
        if (
            found is not None
            and len(found[0]) == len(chunks)
            # A chunk made again mostly read the same keys (an edited title): compare those.
            and all(a is b or a.used == b.used for a, b in zip(found[0], chunks, strict=True))
        ):
            self._merged[call] = (chunks, found[1])
            return found[1]
        keys = frozenset().union(*[chunk.used for chunk in chunks])
        self._merged[call] = (chunks, keys)
        return keys

    def _page_keys(self, path: str, reader: Reader) -> frozenset[str]:
        """`reader.used()`, the very set of last time when the page read the same keys and
        the same key sets (`Reader.sets`): the builder then skips comparing them."""
        own, sets = frozenset(reader.keys), reader.sets
        if not sets:
            return own
        found = self._used.get(path)
        if (
            found is not None
            and found[0] == own
            and len(found[1]) == len(sets)
            and all(a is b for a, b in zip(found[1], sets, strict=True))
        ):
            return found[2]
        used = own.union(*sets)
        self._used[path] = (own, sets, used)
        return used

    def memo(self, name: str, key: tuple[Any, ...], make: Callable[[], Any]) -> Any:
        """`make()`, or its last value when `key` holds the very objects (compared by
        identity: a value computed from them stands while they are not replaced)."""
        found = self._memos.get(name)
        if (
            found is not None
            and len(found[0]) == len(key)
            and all(a is b for a, b in zip(found[0], key, strict=True))
        ):
            return found[1]
        value = make()
        self._memos[name] = (key, value)
        return value

    def forget(self, keys: Iterable[str]) -> None:
        """Drop the cached fragments that read any of `keys` (their values changed)."""
        self._forgets += 1
        forgotten, now = self._forgotten, self._forgets
        for key in keys:
            for fragment in self._readers_of.pop(key, ()):
                if self.fragments.pop(fragment, None) is not None:
                    forgotten[fragment[1]] = now

    def assemble(
        self,
        chunk: ChunkKey,
        page: Page,
        var: str,
        items: list[Any],
        make: Any,
        ident: Callable[[Any], Any],
    ) -> _Chunk:
        """One chunk of `Page.fragments`: its text, citations numbered, and the keys read.

        Citation numbers depend on everything numbered before on the page. When the page
        numbering enters the chunk in the state it entered it last time (the same
        `CiteState`) and the fragments cite the same sources in the same places, the
        markers are those of last time and so is the state after: nothing is numbered.
        """
        name, path = chunk[0], chunk[1]
        cache, resolver = self.fragments, page.resolver
        memo = self.chunks.get(chunk)
        state = resolver.token
        if (
            memo is not None
            and state is not None
            and memo.state_in is state
            and ident is _record_ident
            and memo.items is not None
            and memo.seen == self._forgotten.get(path, 0)
            and len(memo.items) == len(items)
            and all(a is b for a, b in zip(memo.items, items, strict=True))
        ):
            # The same record objects, none of the page's fragments forgotten: the same
            # fragments, so the same chunk (without looking each one up).
            resolver.enter(memo.state_out)
            return memo
        idents = [ident(item) for item in items]
        entries: list[Fragment | None] = [cache.get((name, path, c)) for _, c in idents]
        if (
            memo is not None
            and state is not None
            and memo.state_in is state
            and len(memo.entries) == len(entries)
        ):
            for i, entry in enumerate(entries):
                if entry is None:
                    record_id, cache_id = idents[i]
                    key = (name, path, cache_id)
                    entry = self.render_fragment(
                        name, key, page, var, items[i], make, record_id, plain=False
                    )
                    if entry is None:
                        break
                    entries[i] = entry
            else:
                done: list[Fragment] = entries  # type: ignore[assignment]
                old = memo.entries
                if all(a is b for a, b in zip(done, old, strict=True)):
                    memo.items, memo.seen = self._shown(items, ident, path)
                    resolver.enter(memo.state_out)
                    return memo
                if all(a is b or a[1] == b[1] for a, b in zip(done, old, strict=True)):
                    text = _interleave(done, memo.markers)
                    used = frozenset().union(*[entry[2] for entry in done])
                    made = _Chunk(done, state, memo.state_out, memo.markers, text, used)
                    made.items, made.seen = self._shown(items, ident, path)
                    self.chunks[chunk] = made
                    resolver.enter(memo.state_out)
                    return made
        number = resolver.number
        out: list[str] = []
        append = out.append
        markers: list[str] = []
        cacheable = True
        for i, entry in enumerate(entries):
            if entry is None:
                record_id, cache_id = idents[i]
                key = (name, path, cache_id)
                entry = self.render_fragment(name, key, page, var, items[i], make, record_id)
                entries[i] = entry
            texts, cites, _ = entry
            append(texts[0])
            if cites:
                for targets, text in zip(cites, texts[1:], strict=True):
                    marker = number(targets)
                    markers.append(marker)
                    append(marker)
                    append(text)
            elif cites is None:
                cacheable = False
        text = "".join(out)
        done = entries  # type: ignore[assignment]
        used = frozenset().union(*[entry[2] for entry in done])
        made = _Chunk(done, state or START, resolver.state(), markers, text, used)
        if state is not None and cacheable:
            made.items, made.seen = self._shown(items, ident, path)
            self.chunks[chunk] = made
        else:
            self.chunks.pop(chunk, None)
        return made

    def _shown(self, items: list[Any], ident: Any, path: str) -> tuple[list[Any] | None, int]:
        """What a chunk keeps to be taken as it is next time (see `assemble`)."""
        return (items if ident is _record_ident else None), self._forgotten.get(path, 0)

    def render_fragment(
        self,
        name: str,
        key: FragmentKey,
        page: Page,
        var: str,
        item: Any,
        make: Any,
        record_id: str,
        plain: bool = True,
    ) -> Fragment | None:
        """Render one fragment (see `Page.fragments`) and cache it when it can be."""
        reader, resolver = page.r, page.resolver
        # The item is a record: the fragment shows it, whatever the partial reads.
        outer, reader.keys = reader.keys, {f"record:{record_id}"}
        outer_sets, reader.sets = reader.sets, []
        resolver.recording = []
        try:
            context = {"page": page, "r": reader, var: make(item) if make else item}
            text = self.render_template(name, context)
            cites = resolver.recording
        finally:
            resolver.recording = None
            used, reader.keys, reader.sets = reader.used(), outer, outer_sets
        texts = text.split(FRAGMENT_CITE)
        if len(texts) != len(cites) + 1:  # a NUL of its own: render it plainly, uncached
            if not plain:
                return None  # not here: the caller numbers in page order
            reader.keys, reader.sets = {f"record:{record_id}"}, []
            try:
                context = {"page": page, "r": reader, var: make(item) if make else item}
                text = self.render_template(name, context)
            finally:
                used, reader.keys, reader.sets = reader.used(), outer, outer_sets
            return [text], None, used
        fragment = (texts, cites, used)
        self.fragments[key] = fragment
        for dependency in used:
            self._readers_of[dependency].append(key)
        return fragment

    def template_closure(self, name: str) -> frozenset[str]:
        """The template and every template it extends, includes or imports."""
        if name not in self._closures:
            self._closures[name] = frozenset()  # guards against cycles
            assert self.env.loader is not None
            source, filename, _ = self.env.loader.get_source(self.env, name)
            found = {name}
            for child in meta.find_referenced_templates(self.env.parse(source, name, filename)):
                if child:
                    found |= self.template_closure(child)
            self._closures[name] = frozenset(found)
        return self._closures[name]

    def render_template(self, name: str, context: Context) -> str:
        reader: Reader = context["r"]
        for used in self.template_closure(name):
            reader.template(used)
        return self.env.get_template(name).render(context)

    def render_page(self, spec: PageSpec) -> tuple[bytes, frozenset[str]]:
        """One page's bytes, and the dependency keys its rendering read."""
        reader = Reader(self.data)
        if spec.kind == "robots":
            return render_robots(reader), reader.used()
        for splice in (True, False):
            page = Page(spec, reader, self, splice)
            template, context = PAGE_KINDS[spec.kind](page, reader, spec.record_id)
            context.update(page=page, r=reader)
            text = self.render_template(template, context)
            if not page.splice:
                return text.encode("utf-8"), self._page_keys(spec.path, reader)
            parts = text.split(SPLICE)
            marks = parts[1::2]
            if len(parts) == 2 * len(page.splice) + 1 and sorted(marks, key=int) == [
                str(i) for i in range(len(page.splice))
            ]:
                # One join of every piece: a page of many chunks is copied once, not twice.
                out: list[bytes] = [parts[0].encode("utf-8")]
                for i, mark in enumerate(marks):
                    out += [chunk.data for chunk in page.splice[int(mark)]]
                    out.append(parts[2 * i + 2].encode("utf-8"))
                return b"".join(out), self._page_keys(spec.path, reader)
            reader = Reader(self.data)  # a mark went missing or came twice: join instead
        raise AssertionError("unreachable")


# --- one function per page kind: (page, reader, record id) -> (template, context) ---


def _set_meta(page: Page, title: str, description: str, data: dict[str, object]) -> None:
    site_title = page.r.site().title
    page.title = title if title == site_title else f"{title} — {site_title}"
    page.description = description
    page.json_ld = jsonld.script_json(data)


def render_home_page(page: Page, r: Reader, _: str) -> tuple[str, Context]:
    site = r.site()
    description = page.plain(site.summary)
    _set_meta(page, site.title, description, jsonld.site_article(site, description, page.canonical))
    page.og_type = "article"
    scores: dict[str, int] = {}
    for actor_id in r.ids("actor"):
        scores[actor_id] = len(r.mentioned_by(actor_id)) + len(r.lookup("events_of", actor_id))
    key_actors = sorted(scores, key=lambda a: (-scores[a], a))[:KEY_ACTORS]
    events = r.ordered("events")
    return "home.html", {
        "sections": [r.section(s) for s in r.ordered("sections")],
        "key_actors": [r.actor(a) for a in key_actors],
        "latest_events": [r.event(e) for e in reversed(events[-LATEST_EVENTS:])],
    }


def render_section_page(page: Page, r: Reader, section_id: str) -> tuple[str, Context]:
    section = r.section(section_id)
    order = r.ordered("sections")
    at = order.index(section_id)
    description = page.plain(section.summary or section.body) if section.summary else ""
    if not description:
        description = f"{section.title}: part of {r.site().title}."
    data = jsonld.section_article(section, r.site(), description, page.canonical)
    _set_meta(page, section.title, description, data)
    page.og_type = "article"
    return "section.html", {
        "section": section,
        "previous": r.section(order[at - 1]) if at > 0 else None,
        "next": r.section(order[at + 1]) if at + 1 < len(order) else None,
        "mentioned_by": r.mentioned_by(section_id),
    }


def render_actors_page(page: Page, r: Reader, _: str) -> tuple[str, Context]:
    description = f"Every actor in {r.site().title}, grouped by kind."
    _set_meta(
        page,
        "Actors",
        description,
        jsonld.web_page("CollectionPage", "Actors", description, page.canonical),
    )
    by_kind = r.actors_by_kind()
    groups = [
        (kind, [r.actor(a) for a in by_kind[kind]]) for kind in ACTOR_KINDS if kind in by_kind
    ]
    return "actors.html", {"groups": groups}


def render_actor_page(page: Page, r: Reader, actor_id: str) -> tuple[str, Context]:
    actor = r.actor(actor_id)
    description = page.plain(actor.summary)
    _set_meta(page, actor.name, description, jsonld.actor_thing(actor, description, page.canonical))
    page.og_type = "profile" if actor.kind == "person" else "website"
    return "actor.html", {
        "actor": actor,
        "relations_in": r.relations_in(actor_id),
        "events": [r.event(e) for e in r.lookup("events_of", actor_id)],
        "quotes_by": [r.quote(q) for q in r.lookup("quotes_by", actor_id)],
        "quotes_about": [r.quote(q) for q in r.lookup("quotes_about", actor_id)],
        "mentioned_by": r.mentioned_by(actor_id),
    }


def render_alias_page(page: Page, r: Reader, alias: str) -> tuple[str, Context]:
    """A redirect from an alias's slug (`actors/kateb-hezbollah/`) to the actor's page."""
    actor = r.actor(r.aliases()[alias])
    name = next((a for a in actor.aliases if slugify(a) == alias), alias)
    page.noindex = True
    description = f"{name} is listed as {actor.name}."
    title = f"{name}: see {actor.name}"
    _set_meta(page, title, description, jsonld.web_page("WebPage", title, description, None))
    target = record_url_path("actor", actor.id)
    base = r.base_url
    return "redirect.html", {
        "actor": actor,
        "name": name,
        "target": page.href(target),
        "target_canonical": absolute_url(base, target) if base else None,
    }


def render_timeline_page(page: Page, r: Reader, _: str) -> tuple[str, Context]:
    description = f"Every event in {r.site().title}, in date order."
    _set_meta(
        page,
        "Timeline",
        description,
        jsonld.web_page("CollectionPage", "Timeline", description, page.canonical),
    )
    renderer = page._renderer
    order = r.ordered("events")
    events = r.events(order)
    # The years' spans follow the dates, which stand while the order is the same object
    # (`incremental` keeps the indexes only when no event's date changed).
    spans = renderer.memo("timeline:years", (order,), lambda: _year_spans(events))
    years = [(year, events[start:end]) for year, start, end in spans]
    present = {e.status for e in events}
    return "timeline.html", {
        "years": years,
        "filter_options": _timeline_filter(page, r),
        # Only the statuses some event has: an option that shows nothing is a dead end.
        "statuses": [s for s in STATUS_WORDS if s in present],
    }


def _year_spans(events: list[Any]) -> list[tuple[int, int, int]]:
    spans: list[tuple[int, int, int]] = []
    for i, event in enumerate(events):
        if not spans or spans[-1][0] != event.date.year:
            spans.append((event.date.year, i, i))
        spans[-1] = (spans[-1][0], spans[-1][1], i + 1)
    return spans


TIMELINE_FILTER = "partials/timeline_filter.html"


def _timeline_filter(page: Page, r: Reader) -> Markup:
    """The actor filter's options: every actor some event names, by name.

    Ten thousand options are rendered again only when the actors named by events or
    the actors' names may have changed: `events_of` holds the first, `actors_by_kind`
    (kept with the indexes only while no name changed) the second. The page reads what
    rendering them read (each actor, the partial) every time.
    """
    renderer = page._renderer
    indexes = r._data.indexes

    def make() -> tuple[Markup, frozenset[str]]:
        reader = Reader(renderer.data)
        actors = sorted(
            (reader.actor(a) for a in indexes.events_of), key=lambda a: (a.name.casefold(), a.id)
        )
        context = {"page": page, "r": reader, "filter_actors": actors}
        text = Markup(renderer.render_template(TIMELINE_FILTER, context))
        return text, reader.used()

    text, keys = renderer.memo("timeline:filter", (indexes.events_of, indexes.actors_by_kind), make)
    r.sets.append(keys)
    return text


def render_event_page(page: Page, r: Reader, event_id: str) -> tuple[str, Context]:
    event = r.event(event_id)
    actors = [r.actor(a) for a in event.actors]
    description = page.plain(event.summary)
    _set_meta(
        page,
        event.title,
        description,
        jsonld.event_thing(event, description, actors, page.canonical),
    )
    page.og_type = "article"
    return "event.html", {
        "event": event,
        "actors": actors,
        "quotes": [r.quote(q) for q in r.lookup("quotes_of_event", event_id)],
        "mentioned_by": r.mentioned_by(event_id),
    }


def render_quotes_page(page: Page, r: Reader, _: str) -> tuple[str, Context]:
    description = f"Every quote in {r.site().title}, by speaker and date."
    _set_meta(
        page,
        "Quotes",
        description,
        jsonld.web_page("CollectionPage", "Quotes", description, page.canonical),
    )
    by_speaker: dict[str, list[Any]] = {}
    for quote_id in r.ordered("quotes"):
        quote = r.quote(quote_id)
        by_speaker.setdefault(quote.speaker, []).append(quote)
    speakers = sorted((r.actor(s) for s in by_speaker), key=lambda a: (a.name.casefold(), a.id))
    return "quotes.html", {"groups": [(s, by_speaker[s.id]) for s in speakers]}


def quote_languages(quote: Any, site_language: str) -> tuple[str, str | None]:
    """(language of `text`, language of `original`).

    As the contract says, `language` is the language of `text` (the site's when
    absent); `original_language` is that of `original`, unknown when absent.
    """
    return quote.language or site_language, quote.original_language


def render_quote_page(page: Page, r: Reader, quote_id: str) -> tuple[str, Context]:
    quote = r.quote(quote_id)
    speaker = r.actor(quote.speaker)
    source = r.source(quote.source)
    text_lang, original_lang = quote_languages(quote, r.site().language)
    title = f"{speaker.name}, {quote.date.human()}"
    description = plain_text(r, quote.text.replace("\n", " "))
    data = jsonld.quote_thing(quote, speaker, source, text_lang, page.canonical)
    _set_meta(page, f"Quote: {title}", description, data)
    page.og_type = "article"
    return "quote.html", {
        "quote": quote,
        "speaker": speaker,
        "source": source,
        "heading": title,
        "text_lang": text_lang,
        "original_lang": original_lang,
        "event": r.event(quote.event) if quote.event else None,
        "mentioned_by": r.mentioned_by(quote_id),
    }


def render_sources_page(page: Page, r: Reader, _: str) -> tuple[str, Context]:
    description = f"Every source used in {r.site().title}, with the pages that cite it."
    _set_meta(
        page,
        "Sources",
        description,
        jsonld.web_page("CollectionPage", "Sources", description, page.canonical),
    )
    sources = tuple(r.collection("source").values())
    # The same records (compared by identity first): the same order.
    ordered = page._renderer.memo(
        "sources:order", sources, lambda: sorted(sources, key=_source_order)
    )
    return "sources.html", {"sources": ordered}


def _source_order(source: Any) -> tuple[object, ...]:
    return (source.publisher.casefold(), source.date is None, source.date or 0, source.id)


def render_not_found_page(page: Page, r: Reader, _: str) -> tuple[str, Context]:
    page.noindex = True
    _set_meta(
        page,
        "Page not found",
        "This page does not exist.",
        jsonld.web_page("WebPage", "Page not found", "", None),
    )
    page.link_base = r.base_url
    return "404.html", {}


def render_feed(page: Page, r: Reader, _: str) -> tuple[str, Context]:
    from .feed import feed_context

    return "feed.xml", feed_context(r)


def render_sitemap(page: Page, r: Reader, _: str) -> tuple[str, Context]:
    from .pages import sitemap_paths

    base = r.base_url
    paths = sitemap_paths(r) if base else []
    return "sitemap.xml", {"urls": [absolute_url(base, p) for p in paths] if base else []}


def render_robots(r: Reader) -> bytes:
    lines = ["User-agent: *", "Allow: /"]
    base = r.base_url
    if base:
        lines.append(f"Sitemap: {absolute_url(base, SITEMAP)}")
    return ("\n".join(lines) + "\n").encode("utf-8")


PAGE_KINDS: dict[str, Callable[[Page, Reader, str], tuple[str, Context]]] = {
    "home": render_home_page,
    "section": render_section_page,
    "actors": render_actors_page,
    "actor": render_actor_page,
    "alias": render_alias_page,
    "timeline": render_timeline_page,
    "event": render_event_page,
    "quotes": render_quotes_page,
    "quote": render_quote_page,
    "sources": render_sources_page,
    "not-found": render_not_found_page,
    "feed": render_feed,
    "sitemap": render_sitemap,
}
