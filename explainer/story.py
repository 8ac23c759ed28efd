"""What the home page says up front: the story's time span and which events to list first."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

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


def home_events(
    events: Sequence[Event], mentions: Callable[[str], int]
) -> list[tuple[Event, bool]]:
    """The latest events by date, newest first, with the most mentioned ones always among them.

    `events` are in date order; `mentions(id)` counts the pages that mention an
    event. Returns (event, central) pairs, central marking the most mentioned.
    """
    counted = [(mentions(e.id), i) for i, e in enumerate(events)]
    central = {i for n, i in sorted(counted, key=lambda c: (-c[0], -c[1]))[:CENTRAL] if n > 0}
    shown = set(range(max(len(events) - LATEST, 0), len(events))) | central
    return [(events[i], i in central) for i in sorted(shown, reverse=True)]
