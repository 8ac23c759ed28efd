"""The lists inside a record's page, bounded: the most recent `PAGE_SIZE`, then paged lists.

An actor with more than `PAGE_SIZE` events (quotes by it, quotes about it,
mentions) shows the most recent ones on its page and links to the whole list
in parts: `actors/<id>/events/`, `actors/<id>/events/2/`, ... Events and
other records do the same with their quotes and mentions.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import paging
from .page_meta import collection_meta
from .paging import is_paged, pager, parts
from .urls import RECORD_FOLDERS, page_path

if TYPE_CHECKING:
    from .page import Page
    from .pages import PageSpec
    from .view import View

# Record kind -> its lists: (folder name, lookup, heading). Events and quotes are in
# date order, so the most recent are the last; mentions are by id.
RECORD_LISTS = {
    "actor": [
        ("events", "events_of", "Events of"),
        ("quotes-by", "quotes_by", "Quotes by"),
        ("quotes-about", "quotes_about", "Quotes about"),
        ("mentions", "mentioned_by", "Mentions of"),
    ],
    "event": [
        ("quotes", "quotes_of_event", "Quotes on"),
        ("mentions", "mentioned_by", "Mentions of"),
    ],
    "quote": [("mentions", "mentioned_by", "Mentions of")],
    "section": [("mentions", "mentioned_by", "Mentions of")],
}


def _folder(kind: str, record_id: str, name: str) -> str:
    return f"{RECORD_FOLDERS[kind]}/{record_id}/{name}"


def record_list_pages(view: View, kind: str, record_id: str) -> list[PageSpec]:
    """The paged lists of one record whose lists are longer than the bound."""
    from .pages import PageSpec

    specs = []
    for name, lookup, _ in RECORD_LISTS.get(kind, []):
        entries = len(view.lookup(lookup, record_id))
        if is_paged(entries):
            folder = _folder(kind, record_id, name)
            specs += [
                PageSpec(p.path, "record-list", f"{kind}/{record_id}/{name}", p.number)
                for p in parts(entries, folder, folder)
            ]
    return specs


def bounded(view: View, kind: str, record_id: str, lookup: str) -> tuple[Any, ...]:
    """A record's list as its page shows it: the most recent PAGE_SIZE entries."""
    ids = view.lookup(lookup, record_id)
    if not is_paged(len(ids)):
        return ids
    return ids[: paging.PAGE_SIZE] if lookup == "mentioned_by" else ids[-paging.PAGE_SIZE :]


def more_links(view: View, kind: str, record_id: str) -> dict[str, tuple[str, int]]:
    """Lookup name -> (the first part's path, the list's length), for lists cut short."""
    found = {}
    for name, lookup, _ in RECORD_LISTS.get(kind, []):
        entries = len(view.lookup(lookup, record_id))
        if is_paged(entries):
            found[lookup] = (page_path(_folder(kind, record_id, name)), entries)
    return found


def render_record_list(view: View, spec: PageSpec, page: Page) -> tuple[str, dict[str, Any]]:
    """One part of a record's long list (its events, quotes or mentions)."""
    kind, record_id, name = spec.key.split("/")
    _, lookup, heading = next(entry for entry in RECORD_LISTS[kind] if entry[0] == name)
    size = paging.PAGE_SIZE
    ids = view.lookup(lookup, record_id)[(spec.part - 1) * size : spec.part * size]
    siblings = [s.path for s in record_list_pages(view, kind, record_id) if s.key == spec.key]
    title = f"{heading} {_name(view, kind, record_id)} ({spec.part} of {len(siblings)})"
    record_page = page_path(RECORD_FOLDERS[kind], record_id)
    return "record_list.html", {
        "meta": collection_meta(view, spec, title, f"{title}, in order."),
        "heading": title,
        "list_kind": "mentions" if lookup == "mentioned_by" else lookup.split("_")[0],
        "ids": ids,
        "records": [] if lookup == "mentioned_by" else view.records(ids),
        "pager": pager(siblings, spec.part - 1, record_page),
    }


def _name(view: View, kind: str, record_id: str) -> str:
    record = view.record(record_id)
    if kind == "actor":
        return record.name  # type: ignore[union-attr]
    if kind == "quote":
        return f"the quote of {view.actor(record.speaker).name}"  # type: ignore[union-attr]
    return f"“{record.title}”"  # type: ignore[union-attr]
