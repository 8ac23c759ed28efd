"""Relationship maps: one actor and its direct ties, and a map of the most connected actors.

Ties are typed and directed: the words on an edge read from one actor to the
other ("backed by"), an arrow shows which way they read, and a tie that one
side only claims, or that is alleged or disputed, is dashed and says so in
words. Every actor is a link to its page. The relations list on the page is
the text equivalent; the pictures add the shape of the web.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from .marks import legend
from .svg import fit, group, link, path, rect, svg, text, title

UNSURE = frozenset({"claimed", "alleged", "disputed"})
WIDTH = 720.0
SIZE = 13.0
EGO_LIMIT = 40  # an actor's map shows at most this many tied actors, by name
NETWORK_LIMIT = 50  # the all-actors map shows at most this many, the most connected first


@dataclass(frozen=True, slots=True)
class Node:
    """An actor in a map."""

    id: str
    name: str
    kind: str  # in words: "state", "armed group"
    href: str


@dataclass(frozen=True, slots=True)
class Tie:
    """A tie read from `source` to `target` ("backed by"); `arrow` False when it reads both ways."""

    source: str
    target: str
    words: str
    status: str | None = None
    arrow: bool = True

    @property
    def unsure(self) -> bool:
        return self.status in UNSURE


def arrowhead(x: float, y: float, dx: float, dy: float, size: float = 7.0) -> str:
    """A filled arrowhead with its tip at (x, y), pointing along (dx, dy)."""
    length = math.hypot(dx, dy) or 1.0
    ux, uy = dx / length, dy / length
    bx, by = x - ux * size, y - uy * size
    left = (bx - uy * size * 0.45, by + ux * size * 0.45)
    right = (bx + uy * size * 0.45, by - ux * size * 0.45)
    tip = f"M{round(x)} {round(y)}"
    d = f"{tip}L{round(left[0])} {round(left[1])}L{round(right[0])} {round(right[1])}z"
    return path(d, "arrow")


def _edge_class(unsure: bool) -> str:
    return "edge dashed" if unsure else "edge"


def tie_words(ties: Sequence[Tie]) -> str:
    """What the ties between two actors say, with the status of any unsure one."""
    said = []
    for tie in sorted(ties, key=lambda t: (t.words, t.status or "")):
        said.append(tie.words + (f" ({tie.status})" if tie.unsure else ""))
    return "; ".join(dict.fromkeys(said))


def _node_box(node: Node, x: float, y: float, width: float, center: bool = False) -> str:
    """An actor as a labelled box that links to its page; (x, y) is its middle left."""
    box = rect(x, y - 17, width, 34.0, "node center" * center or "node", rx=4.0)
    name = text(
        fit(node.name, width - 12, SIZE), x + 6, y - 2, font_weight="700" if center else None
    )
    kind = text(fit(node.kind, width - 12, SIZE - 1), x + 6, y + 12, class_="kind-label")
    return link(title(f"{node.name} ({node.kind})") + box + name + kind, node.href)


def draw_ego(center: Node, ties: Sequence[tuple[Node, Tie]], label: str) -> str:
    """`center` on the left, each actor it is tied to on the right, the ties' words on the edges.

    `ties` are read from the centre: (other actor, tie whose words read centre → other).
    """
    if not ties:
        return ""
    grouped: dict[str, list[Tie]] = {}
    others: dict[str, Node] = {}
    for other, tie in ties:
        grouped.setdefault(other.id, []).append(tie)
        others[other.id] = other
    order = sorted(others, key=lambda i: (others[i].name.lower(), i))
    left_out = len(order) - EGO_LIMIT
    order = order[:EGO_LIMIT]
    key, top = legend(_ego_legend(ties), WIDTH - 16, 8 + SIZE, SIZE)
    row, first = 44.0, top + 30
    height = first + row * len(order)
    cy = max(first + (row * len(order)) / 2 - row / 2, first)
    parts = [key]
    for i, other_id in enumerate(order):
        parts.append(_ego_row(others[other_id], grouped[other_id], cy, first + row * i))
    parts.append(_node_box(center, 8, cy, 200, center=True))
    if left_out > 0:
        parts.append(text(f"and {left_out} more, in the list below", 8, height, class_="tick"))
        height += SIZE + 8
    return svg("".join(parts), WIDTH, height, label, "drawing map-drawing")


def _ego_legend(ties: Sequence[tuple[Node, Tie]]) -> list[tuple[str, str]]:
    items = [("solid", "tie stated as fact")]
    if any(t.unsure for _, t in ties):
        items.append(("dashed", "tie claimed, alleged or disputed"))
    return items


def _ego_row(other: Node, ties: list[Tie], cy: float, y: float) -> str:
    """One tied actor: the curved edge from the centre, its words, the arrow, the actor's box."""
    x0, x1 = 208.0, 440.0
    unsure = any(t.unsure for t in ties)
    mid = (x0 + x1) / 2
    at, to = round(cy), round(y)
    d = f"M{round(x0)} {at}C{round(mid)} {at} {round(mid)} {to} {round(x1)} {to}"
    words = tie_words(ties)
    edge = path(d, _edge_class(unsure))
    head = arrowhead(x1, y, 1, 0) if any(t.arrow for t in ties) else ""
    said = text(fit(words, x1 - x0 - 40, SIZE), x1 - 8, y - 6, class_="end")
    return group(title(words) + edge + head + said) + _node_box(other, x1, y, WIDTH - x1 - 8)
