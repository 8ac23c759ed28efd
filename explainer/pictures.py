"""The explainer's records turned into the pictures of `draw`: what the page functions call.

Each function takes records and `url`, which gives the relative link from the
page being rendered to a record's page, and returns an SVG string ("" when
there is nothing to draw). The drawing itself knows nothing of records.
`drawings` draws a picture, or takes the one the last build drew from the same
arguments (`picturecache`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .draw.network import draw_network
from .draw.relmap import Node, Tie, draw_ego
from .draw.timeline import Mark, draw_timeline
from .fields import RELATION_TYPES
from .picturecache import PLAIN, Drawer

if TYPE_CHECKING:
    from .model import Actor, Event, Relation
    from .page import Page
    from .view import View

Url = Callable[[str], str]
MOST_DRAWN = 500  # events in one picture; a list page holds at most this many when paged
SYMMETRIC = frozenset(t for t, (ahead, back) in RELATION_TYPES.items() if ahead == back)


def kind_words(kind: str) -> str:
    """An actor kind in words, singular: `armed-group` -> `armed group`."""
    return kind.replace("-", " ")


def event_rows(events: Iterable[Event], url: Url) -> list[tuple[Any, ...]]:
    """Each event as the fields of its `Mark`: plain values, so a kept picture is found
    by them without making the marks (each works out its days when made)."""
    return [(url(e.id), e.title, e.date, e.end, e.circa, e.status) for e in events]


def draw_timeline_rows(rows: Sequence[tuple[Any, ...]], label: str, compact: bool = False) -> str:
    """`draw_timeline` of the marks of `event_rows`."""
    return draw_timeline([Mark(*row) for row in rows], label, compact)


def timeline_picture(
    events: Sequence[Event], url: Url, label: str = "Timeline", drawings: Drawer = PLAIN
) -> str:
    """The visual timeline of these events (a whole timeline or one page of it).

    A page holding more than MOST_DRAWN events (an unpaged timeline of a large
    explainer) draws the latest MOST_DRAWN, and its name says so.
    """
    if len(events) <= MOST_DRAWN:
        named = f"{label}: {len(events)} events by date"
        return drawings.draw(draw_timeline_rows, event_rows(events, url), named)
    named = f"{label}: the latest {MOST_DRAWN} of {len(events)} events by date"
    return drawings.draw(draw_timeline_rows, event_rows(events[-MOST_DRAWN:], url), named)


def actor_timeline_picture(
    actor: Actor, events: Sequence[Event], url: Url, drawings: Drawer = PLAIN
) -> str:
    """The compact timeline of one actor's events."""
    label = f"{actor.name}'s events by date: {len(events)}"
    return drawings.draw(draw_timeline_rows, event_rows(events, url), label, True)


def node_row(actor: Actor, url: Url) -> tuple[str, str, str, str]:
    """An actor as the fields of its `Node` (plain values, as `event_rows`)."""
    return actor.id, actor.name, kind_words(actor.kind), url(actor.id)


def node(actor: Actor, url: Url) -> Node:
    return Node(*node_row(actor, url))


def tie_row(source: str, rel: Relation, inverse: bool) -> tuple[str, str, str, str, bool]:
    """A relation as the fields of its `Tie`, read from `source` (or from its target)."""
    ahead, back = RELATION_TYPES[rel.type]
    if inverse:
        return rel.target, source, back, rel.status, rel.type not in SYMMETRIC
    return source, rel.target, ahead, rel.status, rel.type not in SYMMETRIC


def draw_ego_rows(center: tuple[Any, ...], ties: Sequence[tuple[Any, Any]], label: str) -> str:
    """`draw_ego` of the nodes and ties of `node_row` and `tie_row`."""
    return draw_ego(Node(*center), [(Node(*n), Tie(*t)) for n, t in ties], label)


def ego_picture(
    actor: Actor,
    actors: Mapping[str, Actor],
    relations_in: Iterable[tuple[str, Relation]],
    url: Url,
    drawings: Drawer = PLAIN,
) -> str:
    """`actor` and every actor tied to it, each tie worded from `actor`'s side."""
    ties = [(actors[r.target], tie_row(actor.id, r, False)) for r in actor.relations]
    ties += [(actors[source], tie_row(source, r, True)) for source, r in relations_in]
    shown = [(node_row(other, url), tie) for other, tie in ties if other.id != actor.id]
    label = f"{actor.name} and the actors it is tied to"
    return drawings.draw(draw_ego_rows, node_row(actor, url), shown, label)


def network_picture(actors: Mapping[str, Actor], url: Url) -> str:
    """The map of the most connected actors, each tie as its owner states it."""
    nodes = [node(a, url) for _, a in sorted(actors.items())]
    ties = [Tie(*tie_row(a.id, r, False)) for _, a in sorted(actors.items()) for r in a.relations]
    return draw_network(nodes, ties, "Map of the actors and the ties between them")


# What the page functions call: the picture for a page, as markup for its template.


def timeline_svg(page: Page, events: Sequence[Event]) -> Markup:
    """The visual timeline of a timeline page's events."""
    return Markup(timeline_picture(events, page.url, drawings=page.drawings))


def actor_svgs(view: View, page: Page, actor: Actor, events: Sequence[Event]) -> dict[str, Markup]:
    """An actor page's two pictures: its ties and its events ("" when it has none)."""
    relations_in = view.lookup("relations_in", actor.id)
    tied = {r.target for r in actor.relations} | {source for source, _ in relations_in}
    others = {i: view.actor(i) for i in sorted(tied)}
    drawn = page.drawings
    return {
        "ties_picture": Markup(ego_picture(actor, others, relations_in, page.url, drawn)),
        "events_picture": Markup(actor_timeline_picture(actor, events, page.url, drawn)),
    }


def actors_map_svg(view: View, page: Page) -> Markup:
    """The map of the most connected actors, for the actors' list."""
    actors = {i: view.actor(i) for i in view.ordered("actors")}
    return Markup(network_picture(actors, page.url))
