"""What each page read, the values those reads had, and which pages a change makes stale.

A key is a primitive read of the view (`("record", "iran")`, `("lookup",
"events_of", "iran")`). After a change, a key changed exactly when
`view.read(View(new_data), key)` differs from the value it had at the last good
build; the pages to render again are the pages that read a changed key or used a
changed template. Nothing here knows any index or page kind by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ..view import Key, View, read
from .recording import ANY_TEMPLATE

PLAN = ""  # the page plan's own reads are kept under this name (no page has an empty path)


@dataclass(frozen=True, slots=True)
class Reads:
    """What one page read: view keys and template names."""

    keys: tuple[Key, ...]  # each key once
    templates: tuple[str, ...]


@dataclass(slots=True)
class Dependencies:
    """Pages' reads, the reverse index (key -> pages), and each key's last value."""

    pages: dict[str, Reads] = field(default_factory=dict)
    readers: dict[Key, set[str]] = field(default_factory=dict)
    users: dict[str, set[str]] = field(default_factory=dict)  # template -> pages
    values: dict[Key, Any] = field(default_factory=dict)
    same: dict[Key, Key] = field(default_factory=dict)  # one tuple per key, shared by pages

    def revalue(self, view: View) -> tuple[dict[Key, Any], set[Key]]:
        """Every known key read again on `view`: the new values, and the keys that changed."""
        values, changed = {}, set()
        for key, old in self.values.items():
            new = values[key] = read(view, key)
            if new is not old and new != old:
                changed.add(key)
        return values, changed

    def stale(self, keys: Iterable[Key], templates: Iterable[str]) -> set[str]:
        """The pages (and PLAN) that read one of `keys` or used one of `templates`."""
        found: set[str] = set()
        for key in keys:
            found |= self.readers.get(key, set())
        for name in templates:
            found |= self.users.get(name, set())
        if templates:
            found |= self.users.get(ANY_TEMPLATE, set())
        return found

    def forget(self, path: str) -> None:
        reads = self.pages.pop(path, None)
        if reads is None:
            return
        for key in reads.keys:
            readers = self.readers[key]
            readers.discard(path)
            if not readers:
                del self.readers[key], self.values[key], self.same[key]
        for name in reads.templates:
            self.users[name].discard(path)

    def note(self, path: str, reads: Reads, view: View) -> None:
        """Record what the page at `path` read (on `view`, the current data)."""
        self.forget(path)
        keys = tuple(self.same.setdefault(key, key) for key in reads.keys)
        self.pages[path] = Reads(keys, reads.templates)
        for key in keys:
            readers = self.readers.get(key)
            if readers is None:
                readers = self.readers[key] = set()
                self.values[key] = read(view, key)
            readers.add(path)
        for name in reads.templates:
            self.users.setdefault(name, set()).add(path)
