"""Places of reported references, found in bulk: each file read again once, each scalar once.

A Markdown reference inside a YAML scalar keeps only which opener of its scalar
it is (`model.OpenerPlace`); its line and column are found when a problem is
reported, by reading the file again. Calling an `OpenerPlace` does that for one
reference; a `Placer` does it for many, so that 20,000 bad references in one
field cost one read of the file and one scan of the field, not 20,000.
"""

from __future__ import annotations

import bisect

from .diagnostics import Position
from .load import reread_source
from .model import OpenerPlace
from .yamltree import SourceText, opener_positions, opener_starts


class Placer:
    """Turns reference places into positions, remembering what it read for one report."""

    def __init__(self) -> None:
        self._sources: dict[tuple[str, bool], SourceText | None] = {}
        # a scalar's openers: where each starts in its value, and its place in the file
        self._openers: dict[tuple[str, bool, int, int], tuple[list[int], list[Position]]] = {}

    def __call__(self, place: Position | OpenerPlace) -> Position:
        if not isinstance(place, OpenerPlace):
            return place
        key = (place.file, place.front_matter, place.start, place.end)
        known = self._openers.get(key)
        if known is None:
            source = self._source(place)
            found = [] if source is None else opener_positions(source, place.start, place.end)
            known = self._openers[key] = (opener_starts(place.value), found)
        starts, openers = known
        ordinal = bisect.bisect_left(starts, place.offset)
        return openers[ordinal] if ordinal < len(openers) else place.fallback()

    def _source(self, place: OpenerPlace) -> SourceText | None:
        key = (place.file, place.front_matter)
        if key not in self._sources:
            read = (
                reread_source(place.file, place.shown, place.front_matter) if place.file else None
            )
            self._sources[key] = read
        return self._sources[key]
