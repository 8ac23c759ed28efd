"""The read-only view through which pages read the checked explainer.

Every read a page (its function, its template, its Markdown) makes goes through
one of six primitive methods, named in `READS`: `site()`, `settings()`,
`kind(id)`, `record(id)`, `lookup(name, key)` and `ordered(name)`. The other
methods are conveniences built on them. A read is therefore described by a key,
`(method name, *arguments)`, and `read(view, key)` repeats it: comparing
`read(old, key)` with `read(new, key)` tells whether a page that made the read
may have changed. A preview server can record a page's keys by overriding the
primitives in a subclass; a new index or page kind needs no registration.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .indexes import Indexes
    from .model import Actor, Event, Quote, Record, Section, Site, Source
    from .validate import Explainer

READS = ("site", "settings", "kind", "record", "lookup", "ordered")
Key = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Settings:
    """Build settings pages show: the base URL (ends with "/"), the `updated` time, and
    whether the site has search (site.yaml's `search`, unless `build --no-search`)."""

    base_url: str | None = None
    updated: str | None = None  # RFC 3339 timestamp, from SOURCE_DATE_EPOCH or site.yaml
    search: bool = True


@dataclass(frozen=True, slots=True)
class SiteData:
    """Everything a page may read: the checked explainer, its indexes and the settings."""

    explainer: Explainer
    indexes: Indexes
    settings: Settings = Settings()


class View:
    """Read-only access to `SiteData`; subclasses may watch the primitive reads."""

    __slots__ = ("_data", "_x")

    def __init__(self, data: SiteData) -> None:
        self._data = data
        self._x = data.explainer

    # --- the primitives (see READS) ---

    def site(self) -> Site:
        return self._x.site

    def settings(self) -> Settings:
        return self._data.settings

    def kind(self, record_id: str) -> str | None:
        """The kind of the record with this id, or None when there is none."""
        return self._x.kinds.get(record_id)

    def record(self, record_id: str) -> Record:
        return self._x.record(record_id)

    def lookup(self, name: str, key: str) -> tuple[Any, ...]:
        """An entry of a lookup of `indexes` (`events_of`, `cited_by`, ...); () if none."""
        return self._data.indexes.lookup(name, key)

    def ordered(self, name: str) -> tuple[Any, ...]:
        """An order of `indexes`: ids (or years, tags) in display order."""
        return self._data.indexes.orders[name]

    # --- conveniences ---

    @property
    def base_url(self) -> str | None:
        return self.settings().base_url

    @property
    def updated(self) -> str | None:
        return self.settings().updated

    def actor(self, record_id: str) -> Actor:
        return self.record(record_id)  # type: ignore[return-value]

    def event(self, record_id: str) -> Event:
        return self.record(record_id)  # type: ignore[return-value]

    def quote(self, record_id: str) -> Quote:
        return self.record(record_id)  # type: ignore[return-value]

    def source(self, record_id: str) -> Source:
        return self.record(record_id)  # type: ignore[return-value]

    def section(self, record_id: str) -> Section:
        return self.record(record_id)  # type: ignore[return-value]

    def records(self, ids: tuple[str, ...] | list[str]) -> list[Any]:
        return [self.record(i) for i in ids]

    def mentioned_by(self, record_id: str) -> tuple[str, ...]:
        return self.lookup("mentioned_by", record_id)

    def cited_by(self, record_id: str) -> tuple[str, ...]:
        return self.lookup("cited_by", record_id)


def read(view: View, key: Key) -> Any:
    """Repeat the read `key` (`("record", "iran")`) on `view`: its value there (None when
    the record or order no longer exists)."""
    try:
        return getattr(view, key[0])(*key[1:])
    except LookupError:
        return None
