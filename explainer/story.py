"""What the home page says up front: the story's time span and which events to list first."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING

from .references import scan_references

if TYPE_CHECKING:
    from .dates import PartialDate
    from .model import Event

LATEST = 8  # the most recent events by date
CENTRAL = 3  # and the most mentioned ones, wherever they fall


def time_span(events: Sequence[Event]) -> tuple[PartialDate, PartialDate] | None:
    """The first date and the last date (or end) of the events; None when there are none."""
    if not events:
        return None
    first = min(e.date for e in events)
    last = max(e.end or e.date for e in events)
    return first, last


def span_words(span: tuple[PartialDate, PartialDate] | None) -> str:
    """`from 2003 to February 2024`, or `in January 2024` when both ends are the same."""
    if span is None:
        return ""
    first, last = span
    if first == last:
        return f"in {first.human()}"
    return f"from {first.human()} to {last.human()}"


def linked_in(texts: Iterable[str]) -> set[str]:
    """The ids that these Markdown texts link to with `[[id]]` or embed with `![[id]]`."""
    return {r.target for text in texts for r in scan_references(text) if r.kind != "cite"}


def home_events(
    events: Sequence[Event], mentions: Callable[[str], int], featured: set[str] = frozenset()
) -> list[tuple[Event, bool]]:
    """The latest events by date, newest first, with the central ones always among them.

    `events` are in date order; `mentions(id)` counts the records that mention
    an event; `featured` are the events the home page's own text links to (its
    summary, key facts and open questions). Central: the featured events and
    the CENTRAL most mentioned. Returns (event, central) pairs.
    """
    counted = [(mentions(e.id), i) for i, e in enumerate(events)]
    central = {i for n, i in sorted(counted, key=lambda c: (-c[0], -c[1]))[:CENTRAL] if n > 0}
    central |= {i for i, e in enumerate(events) if e.id in featured}
    shown = set(range(max(len(events) - LATEST, 0), len(events))) | central
    return [(events[i], i in central) for i in sorted(shown, reverse=True)]
