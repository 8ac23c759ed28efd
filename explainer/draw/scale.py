"""A time scale that compresses long empty stretches, and the ticks that label it.

Days are proleptic Gregorian ordinals. The dated intervals are gathered into
clusters; a stretch with no event longer than the gap threshold becomes a
break of fixed width, drawn as such, so a story with one event in 2003 and
twenty in January 2024 keeps its recent weeks readable. Each cluster gets a
width that grows with the number of events in it.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from ..dates import MONTHS, PartialDate

GAP_DAYS = 60  # an empty stretch longer than this is compressed
MAX_CLUSTERS = 12  # above this the threshold doubles until they fit
BREAK_WIDTH = 30.0
MIN_CLUSTER_WIDTH = 28.0
TICK_SPACING = 58.0  # at least this far apart, so their labels never touch
PERIOD_DAYS = {"day": 1.0, "week": 7.6, "month": 30.44, "year": 365.25}


@dataclass(frozen=True, slots=True)
class Cluster:
    """Days [start, end) drawn from x0 to x1."""

    start: int
    end: int
    x0: float
    x1: float
    count: int

    def x(self, day: float) -> float:
        return self.x0 + (day - self.start) / (self.end - self.start) * (self.x1 - self.x0)


@dataclass(frozen=True, slots=True)
class Scale:
    clusters: tuple[Cluster, ...]

    def x(self, day: float) -> float:
        """The position of a day (clamped into the cluster that holds it or the nearest one)."""
        for cluster in self.clusters:
            if day <= cluster.end:
                return cluster.x(max(day, cluster.start))
        return self.clusters[-1].x1

    def breaks(self) -> list[tuple[float, float, int]]:
        """(x where the break starts, x where it ends, days left out) between clusters."""
        pairs = itertools.pairwise(self.clusters)
        return [(a.x1, b.x0, b.start - a.end) for a, b in pairs]


def day(date: tuple[int, int, int]) -> int:
    return dt.date(*date).toordinal()


def interval(date: PartialDate, end: PartialDate | None = None) -> tuple[int, int]:
    """The days [first, last + 1) a date (or a span) may cover, at its precision."""
    first = day(date.first_day())
    return first, max(day((end or date).last_day()), first) + 1


def placed(date: PartialDate, end: PartialDate | None = None) -> list[tuple[int, int]]:
    """The days that must be on the scale: a date's whole interval, a span's two ends.

    A span's middle may fall in a compressed stretch: its bar is drawn across the break.
    """
    start, stop = interval(date, end)
    if end is None:
        return [(start, stop)]
    return [interval(date), interval(end)]


def _cluster(intervals: list[tuple[int, int]], gap: int) -> list[list[int]]:
    groups: list[list[int]] = []  # [start, end, count]
    for start, end in sorted(intervals):
        if groups and start - groups[-1][1] <= gap:
            groups[-1][1] = max(groups[-1][1], end)
            groups[-1][2] += 1
        else:
            groups.append([start, end, 1])
    return groups


def make_scale(intervals: list[tuple[int, int]], x0: float, x1: float) -> Scale:
    """A compressed scale for `intervals` (non-empty) between x0 and x1."""
    gap = GAP_DAYS
    groups = _cluster(intervals, gap)
    while len(groups) > MAX_CLUSTERS:
        gap *= 2
        groups = _cluster(intervals, gap)
    room = x1 - x0 - BREAK_WIDTH * (len(groups) - 1) - MIN_CLUSTER_WIDTH * len(groups)
    weight = sum(count for _, _, count in groups)
    clusters, x = [], x0
    for start, end, count in groups:
        width = MIN_CLUSTER_WIDTH + room * count / weight
        clusters.append(Cluster(start, max(end, start + 1), x, x + width, count))
        x += width + BREAK_WIDTH
    return Scale(tuple(clusters))


def gap_words(days: int) -> str:
    """A left-out stretch in words: `20 years`, `3 months`, `45 days`."""
    if days >= 730:
        return f"{round(days / 365.25)} years"
    if days >= 61:
        return f"{round(days / 30.44)} months"
    return f"{days} days"


def _months(first: dt.date, last: dt.date) -> list[tuple[int, int]]:
    """(year, month) of every month from `first`'s to `last`'s."""
    start, stop = first.year * 12 + first.month - 1, last.year * 12 + last.month
    return [divmod(n, 12) for n in range(start, stop)]


def _candidates(cluster: Cluster, level: str, step: int) -> list[tuple[int, str]]:
    if level == "day":  # every day of the cluster, made straight from the ordinals
        days = map(dt.date.fromordinal, range(cluster.start, cluster.end))
        return [(t.toordinal(), f"{t.day} {MONTHS[t.month - 1][:3]}") for t in days]
    first, last = dt.date.fromordinal(cluster.start), dt.date.fromordinal(cluster.end - 1)
    found = []
    if level == "year":
        years = range(first.year, last.year + 1)
        found = [(dt.date(y, 1, 1), str(y)) for y in years if y % step == 0 or step == 1]
    for year, month0 in _months(first, last) if level != "year" else ():
        name = MONTHS[month0][:3]
        if level == "month":
            found.append((dt.date(year, month0 + 1, 1), name))
            continue
        for d in (1, 8, 15, 22) if level == "week" else range(1, 32):
            try:
                found.append((dt.date(year, month0 + 1, d), f"{d} {name}"))
            except ValueError:
                break
    return [(t.toordinal(), label) for t, label in found if first <= t <= last]


def ticks(cluster: Cluster) -> list[tuple[float, str]]:
    """Labelled ticks inside a cluster: the finest of day, week, month, year that has room."""
    levels = [("day", 1), ("week", 1), ("month", 1)] + [("year", s) for s in (1, 2, 5, 10, 25, 50)]
    width, days = cluster.x1 - cluster.x0, cluster.end - cluster.start
    for level, step in levels:
        if days / (PERIOD_DAYS[level] * step) * TICK_SPACING > width * 1.5:
            continue  # clearly too many: skip without listing them
        found = _candidates(cluster, level, step)
        xs = [cluster.x(d) for d, _ in found]
        if len(found) >= 1 and all(b - a >= TICK_SPACING for a, b in itertools.pairwise(xs)):
            return [(x, label) for x, (_, label) in zip(xs, found, strict=True)]
    return []


def years_label(cluster: Cluster) -> str:
    """The year or years a cluster covers: `2024`, `2023–2024`."""
    first = dt.date.fromordinal(cluster.start).year
    last = dt.date.fromordinal(cluster.end - 1).year
    return str(first) if first == last else f"{first}–{last}"
