"""What each kept page read, and which pages a change makes stale.

A key is a primitive read of the view (`("record", "iran")`, `("lookup",
"events_of", "iran")`). A page is stale when a key it read changed
(`changes.changed_keys`) or a template it used changed. Nothing here knows
any index or page kind by name.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..view import Key
from .recording import ANY_TEMPLATE


@dataclass(frozen=True, slots=True)
class Reads:
    """What one page read: view keys and template names."""

    keys: tuple[Key, ...]  # each key once
    templates: tuple[str, ...]


@dataclass(slots=True)
class Dependencies:
    """Pages' reads and the reverse index: key -> pages, template -> pages."""

    pages: dict[str, Reads] = field(default_factory=dict)
    readers: dict[Key, set[str]] = field(default_factory=dict)
    users: dict[str, set[str]] = field(default_factory=dict)  # template -> pages
    same: dict[Key, Key] = field(default_factory=dict)  # one tuple per key, shared by pages

    def stale(self, keys: Iterable[Key], templates: Iterable[str]) -> set[str]:
        """The pages that read one of `keys` or used one of `templates`."""
        found: set[str] = set()
        for key in keys:
            found |= self.readers.get(key, set())
        templates = set(templates)
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
                del self.readers[key], self.same[key]
        for name in reads.templates:
            self.users[name].discard(path)

    def note(self, path: str, reads: Reads) -> None:
        """Record what the page at `path` read."""
        self.forget(path)
        keys = tuple(self.same.setdefault(key, key) for key in reads.keys)
        self.pages[path] = Reads(keys, reads.templates)
        for key in keys:
            self.readers.setdefault(key, set()).add(path)
        for name in reads.templates:
            self.users.setdefault(name, set()).add(path)
