"""Lookups the pages need, computed once per build from a checked explainer.

Each index maps an id to a tuple of ids, already in display order, so that no
page has to scan a whole collection: the build stays linear in the number of
records.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .fields import ACTOR_KINDS
from .urls import slugify

if TYPE_CHECKING:
    from .model import Event, Quote, Section
    from .validate import Explainer


def event_order(event: Event) -> tuple[object, ...]:
    """Date order: a less precise date before the more precise dates inside it, then by id."""
    return (event.date, event.end or event.date, event.id)


def quote_order(quote: Quote) -> tuple[object, ...]:
    return (quote.date, quote.id)


def section_order(section: Section) -> tuple[object, ...]:
    """By `order`, then by id; sections without an order come last."""
    return (section.order is None, section.order or 0, section.id)


@dataclass(frozen=True, slots=True)
class Indexes:
    """Ordered collections and per-record lookups, all as tuples of ids."""

    events: tuple[str, ...]  # date order
    quotes: tuple[str, ...]  # date order
    sections: tuple[str, ...]  # reading order
    actors_by_kind: dict[str, tuple[str, ...]]  # kind -> actor ids by name
    events_of: dict[str, tuple[str, ...]]  # actor id -> its events in date order
    quotes_by: dict[str, tuple[str, ...]]  # actor id -> quotes it said, date order
    quotes_about: dict[str, tuple[str, ...]]  # actor id -> quotes about it, date order
    quotes_of_event: dict[str, tuple[str, ...]]  # event id -> its quotes, date order
    aliases: dict[str, str] = field(default_factory=dict)  # alias slug -> actor id

    def lookup(self, name: str, record_id: str) -> tuple[str, ...]:
        table: dict[str, tuple[str, ...]] = getattr(self, name)
        return table.get(record_id, ())


def _group(pairs: list[tuple[str, str]]) -> dict[str, tuple[str, ...]]:
    grouped: dict[str, list[str]] = defaultdict(list)
    for key, value in pairs:
        grouped[key].append(value)
    return {k: tuple(v) for k, v in sorted(grouped.items())}


def alias_redirects(explainer: Explainer) -> dict[str, str]:
    """Alias slug -> actor id, for aliases whose slug is free and names only one actor."""
    claims: dict[str, set[str]] = defaultdict(set)
    for actor in explainer.actors.values():
        for alias in actor.aliases:
            slug = slugify(alias)
            if slug and slug != actor.id:
                claims[slug].add(actor.id)
    return {
        slug: next(iter(owners))
        for slug, owners in sorted(claims.items())
        if len(owners) == 1 and slug not in explainer.kinds
    }


def build_indexes(explainer: Explainer) -> Indexes:
    events = sorted(explainer.events.values(), key=event_order)
    quotes = sorted(explainer.quotes.values(), key=quote_order)
    by_kind: dict[str, list[str]] = {kind: [] for kind in ACTOR_KINDS}
    for actor in sorted(explainer.actors.values(), key=lambda a: (a.name.casefold(), a.id)):
        by_kind[actor.kind].append(actor.id)
    return Indexes(
        events=tuple(e.id for e in events),
        quotes=tuple(q.id for q in quotes),
        sections=tuple(s.id for s in sorted(explainer.sections.values(), key=section_order)),
        actors_by_kind={k: tuple(v) for k, v in by_kind.items() if v},
        events_of=_group([(a, e.id) for e in events for a in dict.fromkeys(e.actors)]),
        quotes_by=_group([(q.speaker, q.id) for q in quotes]),
        quotes_about=_group([(a, q.id) for q in quotes for a in dict.fromkeys(q.about)]),
        quotes_of_event=_group([(q.event, q.id) for q in quotes if q.event]),
        aliases=alias_redirects(explainer),
    )
