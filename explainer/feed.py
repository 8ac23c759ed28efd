"""The Atom feed's data: one entry per event, newest first."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from .urls import absolute_url, page_path

if TYPE_CHECKING:
    from .dates import PartialDate
    from .deps import Reader
    from .model import Event

EPOCH = "1970-01-01T00:00:00Z"


def atom_time(date: PartialDate) -> str:
    year, month, day = date.first_day()
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def tag_id(title: str, *parts: str) -> str:
    """A stable `urn:uuid:` id for when no base URL is known (Atom ids must be absolute)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "explainer:" + "/".join((title, *parts))).urn


_newest_memo: list[Any] = [None, EPOCH]  # [the events' order, their newest time]


def _newest(order: tuple[str, ...], events: list[Event]) -> str:
    """The newest event's time. Dates stand while the order is the same object (the
    preview server keeps its indexes only when no event's date changed)."""
    if _newest_memo[0] is not order:
        _newest_memo[:] = [order, max((atom_time(e.date) for e in events), default=EPOCH)]
    return _newest_memo[1]


def feed_context(r: Reader) -> dict[str, Any]:
    from .render import plain_text

    site = r.site()
    base = r.base_url

    def entry(event: Event) -> dict[str, Any]:
        site = r.site()
        base = r.base_url
        path = page_path("events", event.id)
        return {
            "id": absolute_url(base, path) if base else tag_id(site.title, "event", event.id),
            "title": event.title,
            "updated": atom_time(event.date),
            "link": absolute_url(base, path) if base else path,
            "summary": plain_text(r, event.summary, None),
            "tags": event.tags,
        }

    events = r.events(r.ordered("events"))[::-1]
    newest = _newest(r.ordered("events"), events)
    return {
        "feed_id": absolute_url(base, page_path()) if base else tag_id(site.title),
        "self_link": absolute_url(base, "feed.xml") if base else None,
        "home_link": absolute_url(base, page_path()) if base else "index.html",
        "updated": max(r.updated or EPOCH, newest),
        "authors": list(site.authors) or [site.title],
        "events": events,  # each shown by partials/feed_entry.xml, given `entry(event)`
        "entry": entry,
    }
