"""A visual timeline: each event placed by its date on a scale that compresses empty stretches.

Precision is shown as written: a day is a point; a date known only to the
month or year is a bracketed line over that month or year, with the mark in
its middle; a span (`end`) is a bar; `circa` adds a dotted ring and "c.".
The mark's shape says the status (see `marks`), the legend says it in words,
and each event is a link to its page whose tooltip gives date, title and
status in words. Up to LABELLED events get a row each with their title; more
are packed into lanes, unlabelled, each still a link with its name.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..dates import PartialDate
from ..timeformat import STATUS_WORDS
from . import scale as sc
from .marks import legend, shape, status_items
from .svg import circle, fit, link, path, rect, svg, text, text_width, title

Ticks = list[list[tuple[float, str]]]  # each cluster's labelled ticks (`scale.ticks`)
LABELLED = 40  # above this many events the rows give way to packed lanes


@dataclass(frozen=True, slots=True)
class Mark:
    """One event to draw: where its link goes and what the picture needs to place it."""

    href: str
    title: str
    date: PartialDate
    end: PartialDate | None = None
    circa: bool = False
    status: str = "reported"
    days: tuple[int, int] = field(init=False, repr=False, compare=False)  # `scale.interval`

    def __post_init__(self) -> None:
        """The days the mark covers, found once: the scale and the drawing both need them."""
        object.__setattr__(self, "days", sc.interval(self.date, self.end))

    def words(self) -> str:
        """Date, title and status in words: the tooltip and accessible name."""
        when = self.date.human() + (f" – {self.end.human()}" if self.end else "")
        circa = "circa " if self.circa else ""
        return f"{circa}{when}: {self.title} ({STATUS_WORDS.get(self.status, self.status)})"


@dataclass(frozen=True, slots=True)
class Geometry:
    width: float
    row: float
    size: float  # font size
    pad: float = 8.0


FULL = Geometry(width=720, row=22, size=13)
COMPACT = Geometry(width=720, row=20, size=13)


def draw_timeline(marks: Sequence[Mark], label: str, compact: bool = False) -> str:
    """The timeline of `marks` as an SVG string ("" when there are none)."""
    if not marks:
        return ""
    g = COMPACT if compact else FULL
    marks = sorted(marks, key=lambda m: (m.date, m.end or m.date, m.title, m.href))
    scale = sc.make_scale(
        [d for m in marks for d in (sc.placed(m.date, m.end) if m.end else [m.days])],
        g.pad,
        g.width - g.pad,
    )
    ticks = [sc.ticks(cluster) for cluster in scale.clusters]
    top_legend, y = _legend(marks, g)
    axis, y = _axis(scale, ticks, g, y + 10)
    if len(marks) <= LABELLED:
        rows = [_row(m, scale, g, y + g.row * (i + 0.5), True) for i, m in enumerate(marks)]
        bottom = y + g.row * len(marks)
    else:
        rows, bottom = _lanes(marks, scale, g, y)
    guides = _guides(scale, ticks, y, bottom)
    body = top_legend + guides + axis + "".join(rows)
    return svg(body, g.width, bottom + g.pad, label, "drawing timeline-drawing")


def _legend(marks: Sequence[Mark], g: Geometry) -> tuple[str, float]:
    items = status_items({m.status for m in marks})
    if any(m.end for m in marks):
        items.append(("span", "from – to"))
    if any(m.date.precision != "day" and not m.end for m in marks):
        items.append(("range", "some time in this month or year"))
    if any(m.circa for m in marks):
        items.append(("circa", "c.: circa, approximate"))
    return legend(items, g.width - 2 * g.pad, g.pad + g.size, g.size)


def _axis(scale: sc.Scale, ticks: Ticks, g: Geometry, y: float) -> tuple[str, float]:
    """Year labels, tick labels and the axis line with its breaks; returns the y below.

    The axis's pieces and the `//` of its breaks are one path.
    """
    parts, lines, small = [], [], g.size - 1
    line = g.size + small + 14
    for cluster, found in zip(scale.clusters, ticks, strict=True):
        if not found or any(not lab[0].isdigit() or " " in lab for _, lab in found):
            parts.append(text(sc.years_label(cluster), cluster.x0, y + g.size, class_="year"))
        for x, lab in found:
            parts.append(_tick(lab, x, y + line - 6, g))
        lines.append(f"M{round(cluster.x0)} {round(y + line)}H{round(cluster.x1)}")
    for x0, x1, days in scale.breaks():
        mid = (x0 + x1) / 2
        lines.append(f"M{round(mid - 6)} {round(y + line + 5)}l4-10m4 10l4-10")
        parts.append(text(sc.gap_words(days), mid, y + line + 16, class_="gap"))
    parts.append(path("".join(lines), "axis"))
    return "".join(parts), y + line + 20


def _tick(label: str, x: float, y: float, g: Geometry) -> str:
    """A tick's label centred on it, or aligned to the picture's edge it would cross."""
    half = text_width(label, g.size - 1) / 2
    if x - half < 0:
        return text(label, max(x - 4, 0), y, class_="tick start")
    if x + half > g.width:
        return text(label, min(x + 4, g.width), y, class_="tick end")
    return text(label, x, y, class_="tick")


def _guides(scale: sc.Scale, ticks: Ticks, top: float, bottom: float) -> str:
    """Faint lines down from each tick, and dashed ones at each break, in one path each."""
    down, higher = f" {round(top)}V{round(bottom)}", f" {round(top - 16)}V{round(bottom)}"
    lines = "".join(f"M{round(x)}{down}" for found in ticks for x, _ in found)
    breaks = "".join(f"M{round(x)}{higher}" for b in scale.breaks() for x in b[:2])
    return path(lines, "grid") * bool(lines) + path(breaks, "break") * bool(breaks)


def _extent(mark: Mark, scale: sc.Scale) -> tuple[float, float, float]:
    """(left, right, x of the status mark) of a mark's drawing."""
    start, end = mark.days
    left, right = scale.x(start), scale.x(end)
    if mark.end is None and mark.date.precision == "day":
        mid = scale.x(start + 0.5)
        return mid, mid, mid
    right = max(right, left + 2)
    return left, right, left if mark.end else (left + right) / 2


def _figure(mark: Mark, scale: sc.Scale, y: float) -> tuple[str, float, float]:
    """The mark's bar or range, its circa ring and its status shape; with its left and right."""
    left, right, at = _extent(mark, scale)
    parts = []
    if mark.end is not None:
        parts.append(rect(left, y - 3, right - left, 6.0, "span"))
    elif right > left:
        d = f"M{round(left)} {round(y - 5)}v10m0-5H{round(right)}m0-5v10"
        parts.append(path(d, "range"))
    if mark.circa:
        parts.append(circle(at, y, 8.0, "circa"))
    parts.append(shape(mark.status, at, y))
    return "".join(parts), min(left, at - 8), max(right, at + 8)


def _reach(mark: Mark, scale: sc.Scale) -> tuple[float, float]:
    """The left and right of a mark's figure (as `_figure` gives them), without drawing it."""
    left, right, at = _extent(mark, scale)
    return min(left, at - 8), max(right, at + 8)


def _row(mark: Mark, scale: sc.Scale, g: Geometry, y: float, labelled: bool) -> str:
    """One event as a link: its figure, and its title beside it when `labelled`."""
    figure, left, right = _figure(mark, scale, y)
    words = ("c. " if mark.circa else "") + mark.title
    label = ""
    if labelled:
        after, before = g.width - g.pad - right - 6, left - g.pad - 6
        if text_width(words, g.size) <= after or after >= before:
            label = text(fit(words, after, g.size), right + 6, y + g.size * 0.35)
        else:
            label = text(fit(words, before, g.size), left - 6, y + g.size * 0.35, class_="end")
    if labelled:  # the title is the link's text; the axis gives the date, the shape the status
        return link(figure + label, mark.href)
    words = mark.words()
    return link(title(words) + figure, mark.href, words)


def _lanes(
    marks: Sequence[Mark], scale: sc.Scale, g: Geometry, top: float
) -> tuple[list[str], float]:
    """Many events: each in the lane that came free first, if free by then, else a new lane."""
    free: list[tuple[float, int]] = []  # (right end of its last mark, lane), a heap
    placed = []
    for mark in marks:
        left, right = _reach(mark, scale)
        if free and free[0][0] + 2 <= left:
            _, lane = heapq.heappop(free)
        else:
            lane = len(free)  # every lane is in the heap: this is a new one
        heapq.heappush(free, (right, lane))
        placed.append((mark, lane))
    lane_height = 16.0
    lanes = 1 + max(lane for _, lane in placed)
    rows = [_row(m, scale, g, top + lane_height * (lane + 0.5), False) for m, lane in placed]
    return rows, top + lane_height * lanes
