"""The shapes that say an event's or a tie's status without colour, and the picture's legend."""

from __future__ import annotations

from ..timeformat import STATUS_WORDS
from .svg import circle, fit, num, path, rect, text, text_width

# Filled shapes for what is established, hollow ones for what one side says.
SHAPES = {
    "confirmed": "circle",
    "reported": "diamond",
    "claimed": "ring",
    "alleged": "triangle",
    "disputed": "crossed",
}


def shape(status: str, x: float, y: float, r: float = 5.0) -> str:
    """The mark of a status, centred on (x, y)."""
    cls = f"s-{status}"
    kind = SHAPES.get(status, "diamond")
    if kind in ("circle", "ring"):
        return circle(x, y, r, cls)
    if kind == "diamond":
        e = num(r + 1)
        return path(f"M{round(x)} {round(y - r - 1)}l{e} {e}-{e} {e}-{e}-{e}z", cls)
    if kind == "triangle":
        d = f"M{round(x)} {round(y - r)}L{round(x + r)} {round(y + r)}H{round(x - r)}z"
        return path(d, cls)
    box = f"M{round(x - r)} {round(y - r)}h{round(2 * r)}v{round(2 * r)}h-{round(2 * r)}z"
    two = num(2 * r)
    cross = f"M{round(x - r)} {round(y - r)}l{two} {two}m0-{two}l-{two} {two}"
    return path(box + cross, cls)


def status_items(statuses: set[str]) -> list[tuple[str, str]]:
    """Legend entries (status, words) for the statuses shown, in the content format's order."""
    return [(s, STATUS_WORDS[s]) for s in STATUS_WORDS if s in statuses]


def legend(items: list[tuple[str, str]], width: float, y: float, size: float) -> tuple[str, float]:
    """A legend row that wraps: each item a glyph drawn by `draw(x, y)` or a status, then words.

    Items are (key, words); a key that names a status draws its shape, `span`
    a bar, `range` a bracketed line, `circa` a dotted ring. Returns the SVG
    and the y below the legend.
    """
    parts, x = [], 0.0
    for key, words in items:
        room = 20 + text_width(words, size)
        if x and x + room > width:
            x, y = 0.0, y + size + 8
        parts.append(glyph(key, x + 8, y - size * 0.35))
        shown = fit(words, width - x - 20, size)
        parts.append(text(shown, x + 20, y))
        x += room + 14
    return "".join(parts), y + size


def glyph(key: str, x: float, y: float) -> str:
    """The legend's small picture for a key."""
    if key == "span":
        return rect(x - 8, y - 3, 16.0, 6.0, "span")
    if key == "range":
        d = f"M{round(x - 8)} {round(y - 4)}v8m0-4h16m0-4v8"
        return path(d, "range")
    if key == "circa":
        return circle(x, y, 7.0, "circa")
    if key in ("dashed", "solid"):
        return path(f"M{round(x - 8)} {round(y)}h16", f"edge {key} key")
    return shape(key, x, y, 4.5)
