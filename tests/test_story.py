"""The home page's time span in words and its choice of events."""

from __future__ import annotations

from explainer.dates import parse_date
from explainer.model import Event
from explainer.story import CENTRAL, LATEST, home_events, linked_in, span_words, time_span


def event(i: int, date: str, end: str | None = None) -> Event:
    return Event(
        f"e{i}", parse_date(date), f"E{i}", "S.", ("s",), end=parse_date(end) if end else None
    )


def test_time_span_in_words() -> None:
    events = [event(1, "2003"), event(2, "2023-10-07", "2024-02"), event(3, "2024-01-28")]
    assert span_words(time_span(events)) == "from 2003 to February 2024"
    assert span_words(time_span([event(1, "2024-01")])) == "in January 2024"
    assert span_words(time_span([])) == ""


def test_latest_events_keep_the_central_ones_in_view() -> None:
    events = [event(i, f"2024-01-{i + 1:02d}") for i in range(20)]
    mentions = {"e2": 5, "e3": 4, "e19": 9}
    chosen = home_events(events, lambda i: mentions.get(i, 0))
    ids = [e.id for e, _ in chosen]
    assert ids[:LATEST] == [f"e{i}" for i in range(19, 19 - LATEST, -1)]  # newest first
    assert ids[LATEST:] == ["e3", "e2"]  # the most mentioned, though older, still shown
    assert {e.id for e, central in chosen if central} == {"e19", "e3", "e2"}
    assert len(chosen) <= LATEST + CENTRAL


def test_events_the_home_page_links_to_are_central() -> None:
    events = [event(i, f"2024-01-{i + 1:02d}") for i in range(20)]
    featured = linked_in(["A [[e1|drone strike]] and [[e19]]; cited [@e5]."])
    assert featured == {"e1", "e19"}
    chosen = home_events(events, lambda i: 0, featured)
    assert [e.id for e, central in chosen if central] == ["e19", "e1"]
