"""The map of all actors: the most connected ones around an oval, their ties as curves.

Layout, deterministic and cheap: order the actors so that tied ones sit near
each other (a walk from the most connected actor, always to the most
connected unvisited neighbour), then place them in that order down the right
side of an oval and up the left, one row each, labels outside. Ties are
curves pulled toward the centre; with arrows where the words read one way.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from .marks import legend
from .relmap import NETWORK_LIMIT, SIZE, WIDTH, Node, Tie, arrowhead, tie_words
from .svg import fit, num, svg, tag, text, title

ROW = 22.0
RADIUS_X = 120.0


def degrees(nodes: Sequence[Node], ties: Sequence[Tie]) -> dict[str, int]:
    """How many ties each actor has (both directions), counted once per other actor."""
    known = {n.id for n in nodes}
    pairs = {
        frozenset((t.source, t.target)) for t in ties if t.source in known and t.target in known
    }
    count = dict.fromkeys(known, 0)
    for pair in pairs:
        for actor in pair:
            count[actor] += 1
    return count


def most_connected(nodes: Sequence[Node], ties: Sequence[Tie], limit: int) -> list[Node]:
    """The `limit` actors with the most ties (then by name and id); those with none are left out."""
    degree = degrees(nodes, ties)
    ranked = sorted((n for n in nodes if degree[n.id]), key=lambda n: (-degree[n.id], n.name, n.id))
    return ranked[:limit]


def walk_order(nodes: Sequence[Node], ties: Sequence[Tie]) -> list[Node]:
    """The actors in an order that keeps tied ones close: a greedy walk over the ties."""
    by_id = {n.id: n for n in nodes}
    degree = degrees(nodes, ties)
    near: dict[str, set[str]] = {i: set() for i in by_id}
    for t in ties:
        if t.source in by_id and t.target in by_id and t.source != t.target:
            near[t.source].add(t.target)
            near[t.target].add(t.source)
    rank = {i: (-degree[i], by_id[i].name, i) for i in by_id}
    order: list[str] = []
    seen: set[str] = set()
    stack: list[str] = []
    for start in sorted(by_id, key=rank.__getitem__):
        stack.append(start)
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            order.append(current)
            stack += sorted(near[current] - seen, key=rank.__getitem__, reverse=True)
    return [by_id[i] for i in order]


def positions(count: int, top: float) -> list[tuple[float, float, bool]]:
    """(x, y, on the right) for `count` places: down the right of an oval, then up the left."""
    right = math.ceil(count / 2)
    ry = max(right - 1, 1) * ROW / 2
    cx, cy = WIDTH / 2, top + ry
    places = []
    for i in range(count):
        on_right = i < right
        row = i if on_right else count - 1 - i
        rows_here = right if on_right else count - right
        y = cy - ry + row * (2 * ry / max(rows_here - 1, 1)) if rows_here > 1 else cy
        t = (y - cy) / ry if ry else 0.0
        dx = RADIUS_X * math.sqrt(max(1 - t * t, 0.0)) + 20
        places.append((cx + dx if on_right else cx - dx, y, on_right))
    return places


def draw_network(nodes: Sequence[Node], ties: Sequence[Tie], label: str) -> str:
    """The map of the most connected actors ("" when no actor has a tie)."""
    shown = walk_order(most_connected(nodes, ties, NETWORK_LIMIT), ties)
    if not shown:
        return ""
    items = [("solid", "tie stated as fact"), ("dashed", "tie claimed, alleged or disputed")]
    key, bottom = legend(items, WIDTH - 16, 8 + SIZE, SIZE)
    place = dict(zip([n.id for n in shown], positions(len(shown), bottom + 24), strict=True))
    height = max(y for _, y, _ in place.values()) + 24
    names = {n.id: n.name for n in shown}
    edges = _edges(ties, place, (WIDTH / 2, (bottom + 24 + height - 24) / 2), names)
    dots = [_dot(n, *place[n.id]) for n in shown]
    return svg(key + "".join(edges) + "".join(dots), WIDTH, height, label, "drawing map-drawing")


def _edges(
    ties: Sequence[Tie], place: dict, centre: tuple[float, float], names: dict[str, str]
) -> list[str]:
    """One curve per pair of shown actors, with all the pair's ties in its tooltip."""
    pairs: dict[tuple[str, str], list[Tie]] = {}
    for t in ties:
        if t.source in place and t.target in place and t.source != t.target:
            pairs.setdefault((t.source, t.target), []).append(t)
    drawn = []
    for (a, b), group in sorted(pairs.items()):
        (x0, y0, _), (x1, y1, _) = place[a], place[b]
        qx, qy = (x0 + x1) / 4 + centre[0] / 2, (y0 + y1) / 4 + centre[1] / 2
        d = f"M{num(x0)} {num(y0)}Q{num(qx)} {num(qy)} {num(x1)} {num(y1)}"
        unsure = all(t.unsure for t in group)
        edge = tag("path", d=d, class_="edge dashed" if unsure else "edge")
        dx, dy = x1 - qx, y1 - qy
        length = math.hypot(dx, dy) or 1.0
        tip = (x1 - dx / length * 5, y1 - dy / length * 5)
        head = arrowhead(*tip, dx, dy, 6.0) if any(t.arrow for t in group) else ""
        drawn.append(tag("g", title(f"{names[a]} {tie_words(group)} {names[b]}") + edge + head))
    return drawn


def _dot(node: Node, x: float, y: float, on_right: bool) -> str:
    """An actor: a dot and its name outside the oval, a link to its page."""
    room = WIDTH - x - 14 if on_right else x - 14
    name = fit(node.name, room, SIZE)
    shown = text(name, x + 9 if on_right else x - 9, y + 4, class_=None if on_right else "end")
    dot = tag("circle", cx=x, cy=y, r=4.5, class_="dot")
    return tag("a", title(f"{node.name} ({node.kind})") + dot + shown, href=node.href)
