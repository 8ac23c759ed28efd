"""The list pages' functions: timeline, actors, quotes, sources and tags, whole or in parts.

Each is a page function like those of `page_kinds`: (view, spec, page) ->
(template name, context). A list of up to `paging.PAGE_SIZE` entries is one
page; a longer one has an overview (`parts.html`) and parts with a `pager`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import paging, pictures
from .page_meta import collection_meta
from .pages import actors_pages, list_pages, tag_parts, timeline_pages
from .paging import pager
from .timeformat import STATUS_WORDS

if TYPE_CHECKING:
    from .page import Page
    from .pages import PageSpec
    from .view import View

Context = dict[str, Any]
Rendered = tuple[str, Context]
KIND_HEADINGS = {
    "person": "People",
    "organization": "Organizations",
    "armed-group": "Armed groups",
    "government": "Governments",
    "state": "States",
    "media": "Media",
    "other": "Other",
}


def tag_words(tag: str) -> str:
    """A tag as words: `air-strike` -> `air strike`."""
    return tag.replace("-", " ")


def _part(spec: PageSpec, ids: tuple[str, ...]) -> tuple[str, ...]:
    """The entries of part `spec.part` of a list (all of it for an unpaged page)."""
    if not spec.part:
        return ids
    size = paging.PAGE_SIZE
    return ids[(spec.part - 1) * size : spec.part * size]


def _pager(specs: list[PageSpec], spec: PageSpec, overview: str) -> Any:
    paths = [
        s.path for s in specs if s.kind == spec.kind and (s.kind != "tag" or s.key == spec.key)
    ]
    return pager(paths, paths.index(spec.path), overview)


def _titled(name: str, spec: PageSpec, specs: list[PageSpec], label: str = "") -> str:
    """`Timeline: 2024 (2 of 3)`: the list, what the part holds, its number when many."""
    same = [s for s in specs if s.kind == spec.kind and s.key == spec.key]
    count = f" ({spec.part} of {len(same)})" if len(same) > 1 else ""
    return f"{name}: {label}{count}" if label else f"{name}{count}"


# --- timeline ---


def _timeline_context(page: Page, years: list[tuple[str, list[Any]]]) -> Context:
    events = [e for _, group in years for e in group]
    return {
        "years": years,
        "picture": pictures.timeline_svg(page, events),
        # The filter's actor choices are read from the events' links by static/timeline.js.
        # Only the statuses some event has: an option that shows nothing is a dead end.
        "statuses": [s for s in STATUS_WORDS if any(e.status == s for e in events)],
        "heading": "Timeline",
        "pager": None,
    }


def render_timeline_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    description = f"Every event in {view.site().title}, in date order."
    years = [(y, view.records(view.lookup("events_in_year", y))) for y in view.ordered("years")]
    context = _timeline_context(page, years)
    context["meta"] = collection_meta(view, spec, "Timeline", description)
    return "timeline.html", context


def render_timeline_year(view: View, spec: PageSpec, page: Page) -> Rendered:
    specs = timeline_pages(view)
    ids = _part(spec, view.lookup("events_in_year", spec.key))
    context = _timeline_context(page, [(spec.key, view.records(ids))])
    title = _titled("Timeline", spec, specs, spec.key)
    description = f"Events of {spec.key} in {view.site().title}, in date order."
    context.update(heading=title, pager=_pager(specs, spec, specs[0].path))
    context["meta"] = collection_meta(view, spec, title, description)
    return "timeline.html", context


def render_timeline_overview(view: View, spec: PageSpec, page: Page) -> Rendered:
    specs = timeline_pages(view)[1:]
    groups = [
        (
            year,
            [
                _entry(f"{year} ({s.part})" if s.part > 1 else year, s, view, "events_in_year")
                for s in specs
                if s.key == year
            ],
        )
        for year in view.ordered("years")
    ]
    description = f"Every event in {view.site().title}, in date order, by year."
    return _overview(view, spec, "Timeline", description, groups)


def _entry(label: str, spec: PageSpec, view: View, lookup: str) -> tuple[str, str, int]:
    count = len(_part(spec, view.lookup(lookup, spec.key)))
    return label, spec.path, count


def _overview(
    view: View, spec: PageSpec, title: str, description: str, groups: list[Any]
) -> Rendered:
    return "parts.html", {
        "meta": collection_meta(view, spec, title, description),
        "heading": title,
        "groups": groups,
    }


# --- actors ---


def render_actors_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    description = f"Every actor in {view.site().title}, grouped by kind."
    groups = [
        (kind, view.records(view.lookup("actors_of_kind", kind)))
        for kind in view.ordered("actor_kinds")
    ]
    return "actors.html", {
        "meta": collection_meta(view, spec, "Actors", description),
        "groups": groups,
        "map": pictures.actors_map_svg(view, page),
        "heading": "Actors",
        "pager": None,
    }


def render_actors_kind(view: View, spec: PageSpec, page: Page) -> Rendered:
    specs = actors_pages(view)
    actors = view.records(_part(spec, view.lookup("actors_of_kind", spec.key)))
    title = _titled("Actors", spec, specs, KIND_HEADINGS[spec.key])
    description = f"{KIND_HEADINGS[spec.key]} in {view.site().title}, by name."
    return "actors.html", {
        "meta": collection_meta(view, spec, title, description),
        "groups": [(spec.key, actors)],
        "map": None,  # the map of every actor is for a list that fits on one page
        "heading": title,
        "pager": _pager(specs, spec, specs[0].path),
    }


def render_actors_overview(view: View, spec: PageSpec, page: Page) -> Rendered:
    specs = actors_pages(view)[1:]
    groups = [
        (
            KIND_HEADINGS[kind],
            [
                _entry(f"{KIND_HEADINGS[kind]} ({s.part})", s, view, "actors_of_kind")
                for s in specs
                if s.key == kind
            ],
        )
        for kind in view.ordered("actor_kinds")
    ]
    description = f"Every actor in {view.site().title}, grouped by kind."
    return _overview(view, spec, "Actors", description, groups)


# --- quotes and sources ---


def _quote_groups(view: View, ids: tuple[str, ...]) -> list[tuple[Any, list[Any]]]:
    groups: list[tuple[Any, list[Any]]] = []
    for quote in view.records(ids):
        if not groups or groups[-1][0].id != quote.speaker:
            groups.append((view.actor(quote.speaker), []))
        groups[-1][1].append(quote)
    return groups


def render_quotes_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    specs = list_pages(view)
    title = _titled("Quotes", spec, specs)
    description = f"Every quote in {view.site().title}, by speaker and date."
    parted = spec.kind == "quotes-part"
    return "quotes.html", {
        "meta": collection_meta(view, spec, title, description),
        "groups": _quote_groups(view, _part(spec, view.ordered("quotes_by_speaker"))),
        "heading": title,
        "pager": _pager(specs, spec, "quotes/index.html") if parted else None,
    }


def render_sources_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    specs = list_pages(view)
    title = _titled("Sources", spec, specs)
    description = f"Every source used in {view.site().title}, with the pages that cite it."
    parted = spec.kind == "sources-part"
    return "sources.html", {
        "meta": collection_meta(view, spec, title, description),
        "sources": view.records(_part(spec, view.ordered("sources"))),
        "heading": title,
        "pager": _pager(specs, spec, "sources/index.html") if parted else None,
    }


def _numbered_overview(view: View, spec: PageSpec, name: str, order: str, first: Any) -> Rendered:
    ids = view.ordered(order)
    parts = [s for s in list_pages(view) if s.kind == f"{name.lower()}-part"]
    entries = []
    for s in parts:
        chunk = _part(s, ids)
        label = f"{s.part}: {first(view.record(chunk[0]))} – {first(view.record(chunk[-1]))}"
        entries.append((label, s.path, len(chunk)))
    description = f"Every {name.lower()[:-1]} in {view.site().title}, in {len(parts)} parts."
    return _overview(view, spec, name, description, [(None, entries)])


def render_quotes_overview(view: View, spec: PageSpec, page: Page) -> Rendered:
    return _numbered_overview(
        view, spec, "Quotes", "quotes_by_speaker", lambda q: view.actor(q.speaker).name
    )


def render_sources_overview(view: View, spec: PageSpec, page: Page) -> Rendered:
    return _numbered_overview(view, spec, "Sources", "sources", lambda s: s.publisher)


# --- tags ---


def render_tag_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    specs = tag_parts(view, spec.key)  # this tag's parts: reading every tag's costs O(tags²)
    words = tag_words(spec.key)
    title = _titled("Tag", spec, specs, words)
    ids = _part(spec, view.lookup("events_tagged", spec.key))
    return "tag.html", {
        "meta": collection_meta(view, spec, title, f"Events tagged “{words}”, in date order."),
        "heading": title,
        "tag": words,
        "events": view.records(ids),
        "pager": _pager(specs, spec, "tags/index.html") if len(specs) > 1 else None,
    }


def render_tags_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    tags = [
        (tag_words(t), f"tags/{t}/index.html", len(view.lookup("events_tagged", t)))
        for t in view.ordered("tags")
    ]
    description = f"The tags of the events in {view.site().title}."
    return _overview(view, spec, "Tags", description, [(None, tags)])


LIST_KINDS = {
    "timeline": render_timeline_page,
    "timeline-overview": render_timeline_overview,
    "timeline-year": render_timeline_year,
    "actors": render_actors_page,
    "actors-overview": render_actors_overview,
    "actors-kind": render_actors_kind,
    "quotes": render_quotes_page,
    "quotes-overview": render_quotes_overview,
    "quotes-part": render_quotes_page,
    "sources": render_sources_page,
    "sources-overview": render_sources_overview,
    "sources-part": render_sources_page,
    "tag": render_tag_page,
    "tags": render_tags_page,
}
