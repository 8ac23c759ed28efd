"""Orders and lookups the pages need, computed once per build from a checked explainer.

An order is a tuple of ids in display order (`events`, `quotes`, `sections`,
`sources`, `actors`); a lookup maps an id (or a tag, a year) to a tuple, already
in display order. Pages read them by name through the view (`explainer.view`),
so a new index is one more entry here and nothing else: no page has to scan a
whole collection, and the build stays linear in the number of records.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .corrections import correction_order
from .fields import ACTOR_KINDS
from .paging import is_paged, parts
from .urls import page_path, slugify

KEY_ACTORS = 12

if TYPE_CHECKING:
    from .model import Actor, Event, Quote, Section, Source
    from .validate import Explainer


def event_order(event: Event) -> tuple[object, ...]:
    """Date order: a less precise date before the more precise dates inside it, then by id."""
    return (event.date, event.end or event.date, event.id)


def quote_order(quote: Quote) -> tuple[object, ...]:
    return (quote.date, quote.id)


def section_order(section: Section) -> tuple[object, ...]:
    """By `order`, then by id; sections without an order come last."""
    return (section.order is None, section.order or 0, section.id)


def actor_order(actor: Actor) -> tuple[object, ...]:
    return (actor.name.casefold(), actor.id)


def source_order(source: Source) -> tuple[object, ...]:
    return (source.publisher.casefold(), source.date is None, source.date or 0, source.id)


@dataclass(frozen=True, slots=True)
class Indexes:
    """Named orders (tuples of ids) and named lookups (key -> tuple)."""

    orders: dict[str, tuple[str, ...]]
    lookups: dict[str, dict[str, tuple[Any, ...]]]

    def lookup(self, name: str, key: str) -> tuple[Any, ...]:
        return self.lookups[name].get(key, ())


def _group(pairs: Iterable[tuple[str, Any]]) -> dict[str, tuple[Any, ...]]:
    grouped: dict[str, list[Any]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return {k: tuple(v) for k, v in sorted(grouped.items())}


def alias_redirects(explainer: Explainer) -> dict[str, tuple[str, ...]]:
    """Alias slug -> (actor id,), for aliases whose slug is free and names only one actor."""
    claims: dict[str, set[str]] = defaultdict(set)
    for actor in explainer.actors.values():
        for alias in actor.aliases:
            slug = slugify(alias)
            if slug and slug != actor.id:
                claims[slug].add(actor.id)
    return {
        slug: (next(iter(owners)),)
        for slug, owners in sorted(claims.items())
        if len(owners) == 1 and slug not in explainer.kinds
    }


def _orders(
    x: Explainer, events: list[Event], quotes: list[Quote], actors: list[Actor]
) -> dict[str, tuple[str, ...]]:
    return {
        "events": tuple(e.id for e in events),
        "quotes": tuple(q.id for q in quotes),
        "sections": tuple(s.id for s in sorted(x.sections.values(), key=section_order)),
        "sources": tuple(s.id for s in sorted(x.sources.values(), key=source_order)),
        "actors": tuple(a.id for a in actors),
        "actor_kinds": tuple(k for k in ACTOR_KINDS if any(a.kind == k for a in actors)),
        "years": tuple(dict.fromkeys(str(e.date.year) for e in events)),
        "statuses": tuple(sorted({e.status for e in events})),
        "tags": tuple(sorted({t for e in events for t in e.tags})),
        "speakers": _actors_by_name(x, {q.speaker for q in quotes}),
    }


def _actors_by_name(x: Explainer, ids: set[str]) -> tuple[str, ...]:
    return tuple(sorted(ids, key=lambda i: actor_order(x.actors[i])))


def build_indexes(x: Explainer) -> Indexes:
    """Every order and lookup of a checked explainer."""
    events = sorted(x.events.values(), key=event_order)
    quotes = sorted(x.quotes.values(), key=quote_order)
    actors = sorted(x.actors.values(), key=actor_order)
    lookups = {
        "mentioned_by": {k: tuple(v) for k, v in x.mentioned_by.items()},
        "cited_by": {k: tuple(v) for k, v in x.cited_by.items()},
        "relations_in": {k: tuple(v) for k, v in x.relations_in.items()},
        "events_of": _group((a, e.id) for e in events for a in dict.fromkeys(e.actors)),
        "quotes_by": _group((q.speaker, q.id) for q in quotes),
        "quotes_about": _group((a, q.id) for q in quotes for a in dict.fromkeys(q.about)),
        "quotes_of_event": _group((q.event, q.id) for q in quotes if q.event),
        "actors_of_kind": _group((a.kind, a.id) for a in actors),
        "events_in_year": _group((str(e.date.year), e.id) for e in events),
        "events_tagged": _group((t, e.id) for e in events for t in dict.fromkeys(e.tags)),
        "alias_target": alias_redirects(x),
    }
    orders = _orders(x, events, quotes, actors)
    orders["aliases"] = tuple(lookups["alias_target"])
    orders["key_actors"] = key_actors(x, lookups["events_of"])
    orders["corrections"] = correction_order(x)
    # Whether the site has corrections: every page's footer reads only this, not the order.
    lookups["has"] = {"corrections": (True,)} if orders["corrections"] else {}
    quotes_by = lookups["quotes_by"]
    orders["quotes_by_speaker"] = tuple(q for s in orders["speakers"] for q in quotes_by[s])
    lookups["source_page"] = source_pages(orders["sources"])
    lookups["timeline_page"] = timeline_pages(orders["events"], lookups["events_in_year"])
    return Indexes(orders, lookups)


def timeline_pages(
    events: tuple[str, ...], in_year: dict[str, tuple[str, ...]]
) -> dict[str, tuple[str, ...]]:
    """Event id -> (the timeline page that holds its entry,): `timeline/` or a year's part."""
    if not is_paged(len(events)):
        return {event_id: (page_path("timeline"),) for event_id in events}
    found = {}
    for year, ids in in_year.items():
        for part in parts(len(ids), f"timeline/{year}", f"timeline/{year}"):
            found.update({event_id: (part.path,) for event_id in ids[part.start : part.end]})
    return found


def source_pages(order: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """Source id -> (the list page that holds its entry,): `sources/` or its part."""
    if not is_paged(len(order)):
        return {source_id: (page_path("sources"),) for source_id in order}
    found = {}
    for part in parts(len(order), "sources/page/1", "sources/page"):
        found.update({source_id: (part.path,) for source_id in order[part.start : part.end]})
    return found


def key_actors(x: Explainer, events_of: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    """The actors most mentioned and most involved in events, for the home page."""
    score = {a: len(x.mentioned_by.get(a, ())) + len(events_of.get(a, ())) for a in x.actors}
    return tuple(sorted(score, key=lambda a: (-score[a], a))[:KEY_ACTORS])
