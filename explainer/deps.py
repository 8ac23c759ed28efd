"""Read access to the explainer that records what each page used.

A page is rendered through a `Reader`, and every read leaves a dependency key
behind. The preview server can then rebuild exactly the pages whose keys
changed. Keys are strings:

- `site` — site.yaml and the build settings
- `record:<id>` — one record (its fields, its kind)
- `collection:<kind>` — the whole collection: which records, in which order, and their fields
- `ids:<kind>` — only which records a collection holds, in its (id) order
- `order:<name>` — a display order from the indexes (`events`, `quotes`, `sections`): the ids
- `index:<name>:<id>` — one entry of an index (`mentioned_by`, `cited_by`, `relations_in`,
  `events_of`, `quotes_by`, `quotes_about`, `quotes_of_event`)
- `template:<name>` — a template file the page was rendered with

`dependency_value(data, key)` gives the current value behind a key, so a
changed key is one whose value differs between two builds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import KeysView

    from .indexes import Indexes
    from .model import Actor, Event, Quote, Record, Relation, Section, Site, Source
    from .validate import Explainer

EXPLAINER_INDEXES = ("mentioned_by", "cited_by", "relations_in")
COLLECTIONS = {
    "actor": "actors",
    "event": "events",
    "quote": "quotes",
    "source": "sources",
    "section": "sections",
}


@dataclass(frozen=True, slots=True)
class SiteData:
    """Everything a page may read: the checked explainer, its indexes and the build settings."""

    explainer: Explainer
    indexes: Indexes
    base_url: str | None = None
    updated: str | None = None  # RFC 3339 timestamp, from SOURCE_DATE_EPOCH or site.yaml


# [an order of events, its `record:` keys]: see `Reader.events`. It holds the order, so
# the identity compared is never a freed object's.
_order_keys: list[Any] = [None, frozenset()]


class Reader:
    """The only way a page reads `SiteData`; collects dependency keys as it goes."""

    def __init__(self, data: SiteData) -> None:
        self._data = data
        self._x = data.explainer
        self.keys: set[str] = set()
        # Key sets read as a whole (an order's keys, a `fragments` call's), kept apart from
        # `keys`: a page that read the same ones as last time gets the same set (`used`).
        self.sets: list[frozenset[str]] = []

    def used(self) -> frozenset[str]:
        """Every key read: `keys` and the `sets`."""
        return frozenset(self.keys).union(*self.sets) if self.sets else frozenset(self.keys)

    @property
    def base_url(self) -> str | None:
        self.keys.add("site")
        return self._data.base_url

    @property
    def updated(self) -> str | None:
        self.keys.add("site")
        return self._data.updated

    def site(self) -> Site:
        self.keys.add("site")
        return self._x.site

    def kind(self, record_id: str) -> str | None:
        self.keys.add(f"record:{record_id}")
        return self._x.kinds.get(record_id)

    def record(self, record_id: str) -> Record:
        self.keys.add(f"record:{record_id}")
        return self._x.record(record_id)

    def actor(self, record_id: str) -> Actor:
        self.keys.add(f"record:{record_id}")
        return self._x.actors[record_id]

    def event(self, record_id: str) -> Event:
        self.keys.add(f"record:{record_id}")
        return self._x.events[record_id]

    def events(self, ids: tuple[str, ...]) -> list[Event]:
        """`[self.event(i) for i in ids]`, the same keys read, without formatting a key per
        event each time: `ids` (an order, such as `ordered("events")`) is kept as an object
        between builds while it stands, and so are its keys."""
        found = _order_keys
        if found[0] is not ids:
            found[:] = [ids, frozenset([f"record:{i}" for i in ids])]
        self.sets.append(found[1])
        events = self._x.events
        return [events[i] for i in ids]

    def quote(self, record_id: str) -> Quote:
        self.keys.add(f"record:{record_id}")
        return self._x.quotes[record_id]

    def source(self, record_id: str) -> Source:
        self.keys.add(f"record:{record_id}")
        return self._x.sources[record_id]

    def section(self, record_id: str) -> Section:
        self.keys.add(f"record:{record_id}")
        return self._x.sections[record_id]

    def collection(self, kind: str) -> dict[str, Record]:
        """All records of a kind, by id (sorted by id)."""
        self.keys.add(f"collection:{kind}")
        return getattr(self._x, COLLECTIONS[kind])

    def ids(self, kind: str) -> KeysView[str]:
        """The ids of all records of a kind, sorted (iterate only: no fields are read)."""
        self.keys.add(f"ids:{kind}")
        return getattr(self._x, COLLECTIONS[kind]).keys()

    def ordered(self, name: str) -> tuple[str, ...]:
        """Ids in display order: `events`, `quotes`, `sections` (read each record for more)."""
        self.keys.add(f"order:{name}")
        return getattr(self._data.indexes, name)

    def actors_by_kind(self) -> dict[str, tuple[str, ...]]:
        self.keys.add("collection:actor")
        return self._data.indexes.actors_by_kind

    def aliases(self) -> dict[str, str]:
        self.keys.add("collection:actor")
        return self._data.indexes.aliases

    def mentioned_by(self, record_id: str) -> list[str]:
        self.keys.add(f"index:mentioned_by:{record_id}")
        return self._x.mentioned_by.get(record_id, [])

    def cited_by(self, record_id: str) -> list[str]:
        self.keys.add(f"index:cited_by:{record_id}")
        return self._x.cited_by.get(record_id, [])

    def relations_in(self, record_id: str) -> list[tuple[str, Relation]]:
        self.keys.add(f"index:relations_in:{record_id}")
        return self._x.relations_in.get(record_id, [])

    def lookup(self, name: str, record_id: str) -> tuple[str, ...]:
        """`events_of`, `quotes_by`, `quotes_about` or `quotes_of_event` of a record."""
        self.keys.add(f"index:{name}:{record_id}")
        return self._data.indexes.lookup(name, record_id)

    def template(self, name: str) -> None:
        self.keys.add(f"template:{name}")


def dependency_value(data: SiteData, key: str) -> object:
    """The value behind a dependency key now; compare across builds to find changed pages."""
    kind, _, rest = key.partition(":")
    x = data.explainer
    if kind == "site":
        return (x.site, data.base_url, data.updated)
    if kind == "record":
        return (x.kinds.get(rest), x.record(rest) if rest in x.kinds else None)
    if kind == "collection":
        return tuple(getattr(x, COLLECTIONS[rest]).values())
    if kind == "ids":
        return tuple(getattr(x, COLLECTIONS[rest]))
    if kind == "order":
        return tuple(getattr(data.indexes, rest))
    if kind == "index":
        name, _, record_id = rest.partition(":")
        if name in EXPLAINER_INDEXES:
            return tuple(getattr(x, name).get(record_id, ()))
        return data.indexes.lookup(name, record_id)
    return None  # templates: the caller compares files
