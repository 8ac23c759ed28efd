"""Places of reported references, found in bulk: each file read again once, each scalar once.

A Markdown reference inside a YAML scalar keeps only which opener of its scalar
it is (`OpenerPlace`); its line and column are found when a problem is
reported, by reading the file again. Calling an `OpenerPlace` does that for one
reference; a `Placer` does it for many, so that 20,000 bad references in one
field cost one read of the file and one scan of the field, not 20,000.
"""

from __future__ import annotations

import bisect
from typing import NamedTuple

from .diagnostics import Position
from .load import reread_source
from .yamltree import (
    Scalar,
    SourceText,
    locate_opener,
    opener_ordinals,
    opener_positions,
    opener_starts,
)


class OpenerPlace(NamedTuple):
    """Where a reference inside a YAML scalar starts, found only when a problem is reported.

    A small named tuple, cheap to make: when needed, the file is read again, and
    the reference's opener is found in the scalar's span by its number among the
    openers in the value (`yamltree.opener_ordinals`). Calling it finds one place;
    `Placer` finds many, reading each file once.
    """

    file: str
    shown: str
    front_matter: bool
    start: int
    end: int
    value: str  # the scalar's value (the record's own string, not a copy)
    offset: int  # of the reference in `value`
    line: int  # the scalar's own place, if the file changed since
    column: int

    @classmethod
    def of(cls, node: Scalar, value: str, offset: int) -> OpenerPlace:
        source = node.source
        return cls(
            source.file,
            source.path,
            source.front_matter,
            node.start,
            node.end,
            value,
            offset,
            node.line,
            node.column,
        )

    def __call__(self) -> Position:
        source = reread_source(self.file, self.shown, self.front_matter) if self.file else None
        ordinal = opener_ordinals(self.value, [self.offset])[0]
        found = source and locate_opener(source, self.start, self.end, ordinal)
        return found or self.fallback()

    def fallback(self) -> Position:
        return Position(self.shown, self.line, self.column)


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
