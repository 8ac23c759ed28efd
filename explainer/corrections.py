"""Corrections on the site: "Corrected on …" on a record's page, a corrections page, a feed.

Any record may carry `corrections: [{date, note}]`. Its page lists them and
its "updated" date is the latest of them (or the site's, if later). When the
explainer has any correction, the site also has `corrections/index.html`
(every correction, newest first, linked to its record) and `corrections.xml`,
an Atom feed of the same. An explainer without corrections gets neither, so
its pages do not change.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .feed import EPOCH, atom_time, tag_id
from .pages import PageSpec
from .urls import absolute_url, page_path, record_url_path

if TYPE_CHECKING:
    from .dates import PartialDate
    from .page import Page
    from .validate import Explainer
    from .view import View

PAGE = page_path("corrections")
FEED = "corrections.xml"
Rendered = tuple[str, dict[str, Any]]
Render = Callable[["View", PageSpec, "Page"], Rendered]


def correction_order(explainer: Explainer) -> tuple[tuple[str, int], ...]:
    """Every correction as (record id, its index in the record's list), newest first."""
    found = [
        (correction.date, record_id, index)
        for kind in ("actors", "events", "quotes", "sources", "sections")
        for record_id, record in getattr(explainer, kind).items()
        for index, correction in enumerate(record.corrections)
    ]
    found.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
    return tuple((record_id, index) for _, record_id, index in found)


def correction_pages(view: View) -> list[PageSpec]:
    """The corrections page and feed, when there is anything to correct."""
    if not view.ordered("corrections"):
        return []
    return [PageSpec(PAGE, "corrections"), PageSpec(FEED, "corrections-feed")]


def page_updated(view: View, record: Any) -> PartialDate | None:
    """A record page's "updated" date: its latest correction, or the site's, whichever is later."""
    dates = [c.date for c in record.corrections]
    site = view.site().updated
    dates += [site] if site is not None else []
    return max(dates, default=None)


def with_corrections(render: Render) -> Render:
    """A record page function whose context also holds its corrections and "updated" date."""

    def render_with_corrections(view: View, spec: PageSpec, page: Page) -> Rendered:
        template, context = render(view, spec, page)
        record = view.record(spec.key)
        context["corrections"] = sorted(record.corrections, key=lambda c: c.date)
        context["page_updated"] = page_updated(view, record)
        return template, context

    return render_with_corrections


def _entries(view: View) -> list[dict[str, Any]]:
    entries = []
    for record_id, index in view.ordered("corrections"):
        record = view.record(record_id)
        kind = view.kind(record_id)
        assert kind is not None
        correction = record.corrections[index]
        path = record_url_path(kind, record_id)
        # A feed id stable while corrections are added: the record, the day, and which of its
        # corrections of that day (the first has no number).
        nth = sum(1 for c in record.corrections[:index] if c.date == correction.date)
        key = correction.date.iso() + (f"-{nth + 1}" if nth else "")
        entries.append({"id": record_id, "kind": kind, "date": correction.date,
                        "note": correction.note, "path": path, "key": key})  # fmt: skip
    return entries


def render_corrections_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    from .page_meta import collection_meta

    title = "Corrections"
    description = f"Every correction made to {view.site().title} after publication, newest first."
    return "corrections.html", {
        "meta": collection_meta(view, spec, title, description),
        "entries": _entries(view),
    }


def render_corrections_feed(view: View, spec: PageSpec, page: Page) -> Rendered:
    """An Atom feed of the corrections, newest first; entry ids stable per correction."""
    site, base = view.site(), view.base_url
    entries = []
    for entry in _entries(view):
        link = absolute_url(base, entry["path"]) if base else entry["path"]
        key = ("correction", entry["id"], entry["key"])
        entries.append({
            "id": (f"{absolute_url(base, PAGE)}#{'-'.join(key[1:])}" if base
                   else tag_id(site.title, *key)),
            "title": f"Correction: {view_name(page, entry['id'])}",
            "updated": atom_time(entry["date"]),
            "link": link,
            "summary": entry["note"],
            "tags": (),
        })  # fmt: skip
    newest = max((e["updated"] for e in entries), default=EPOCH)
    return "corrections.xml", {
        "feed_id": absolute_url(base, FEED) if base else tag_id(site.title, "corrections"),
        "self_link": absolute_url(base, FEED) if base else None,
        "home_link": absolute_url(base, PAGE) if base else PAGE,
        "updated": newest,
        "authors": list(site.authors) or [site.title],
        "entries": entries,
    }


def view_name(page: Page, record_id: str) -> str:
    """A record's display name, as its links show it."""
    from .citations import display_name

    return display_name(page.view, record_id)


CORRECTION_KINDS: dict[str, Render] = {
    "corrections": render_corrections_page,
    "corrections-feed": render_corrections_feed,
}
RECORD_KINDS = ("actor", "event", "quote", "section")
