"""The Atom feed's data: one entry per event, newest first, the newest `FEED_EVENTS`."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from .urls import absolute_url, page_path

if TYPE_CHECKING:
    from .dates import PartialDate
    from .model import Event
    from .page import Page
    from .view import View

EPOCH = "1970-01-01T00:00:00Z"
FEED_EVENTS = 50


def atom_time(date: PartialDate) -> str:
    year, month, day = date.first_day()
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def tag_id(title: str, *parts: str) -> str:
    """A stable `urn:uuid:` id for when no base URL is known (Atom ids must be absolute)."""
    return uuid.uuid5(uuid.NAMESPACE_URL, "explainer:" + "/".join((title, *parts))).urn


def feed_entry(view: View, page: Page, event: Event) -> dict[str, Any]:
    """One event as an Atom entry's fields."""
    base = view.base_url
    path = page_path("events", event.id)
    return {
        "id": absolute_url(base, path) if base else tag_id(view.site().title, "event", event.id),
        "title": event.title,
        "updated": atom_time(event.date),
        "link": absolute_url(base, path) if base else path,
        "summary": page.plain_full(event.summary),
        "tags": event.tags,
    }


def feed_context(view: View, page: Page) -> dict[str, Any]:
    """The feed's fields and entries: the newest events first."""
    site, base = view.site(), view.base_url
    events = view.records(view.ordered("events")[::-1][:FEED_EVENTS])
    newest = max((atom_time(e.date) for e in events), default=EPOCH)
    return {
        "feed_id": absolute_url(base, page_path()) if base else tag_id(site.title),
        "self_link": absolute_url(base, "feed.xml") if base else None,
        "home_link": absolute_url(base, page_path()) if base else "index.html",
        "updated": max(view.updated or EPOCH, newest),
        "authors": list(site.authors) or [site.title],
        "entries": [feed_entry(view, page, e) for e in events],
    }
