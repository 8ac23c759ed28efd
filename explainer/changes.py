"""What a change does to an explainer: records added, removed and changed, in words.

Two checked explainers are compared record by record and field by field:
"event tower-22-attack: status alleged → confirmed; sources + dod-briefing-2024-01-30".
Lists say what was added (+) and removed (−); relations and links are
compared as items; short values are shown, long texts are said to have changed.
The pages that change are found by comparing two builds (`pages_changed`).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .dates import PartialDate
from .model import Correction, Link, Relation
from .validate import Explainer

KINDS = ("actor", "event", "quote", "source", "section")
SHORT = 60  # a value longer than this (or on several lines) is not shown, only said to change
_SKIP = {"id", "path"}


@dataclass(frozen=True, slots=True)
class RecordChange:
    """One record added (+), removed (−) or changed (~), with its changes in words."""

    sign: str  # "+", "-" or "~"
    kind: str  # actor, event, … or "site"
    id: str  # "" for site.yaml
    label: str  # its name or title
    details: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return "site.yaml" if self.kind == "site" else f"{self.kind} {self.id}"


def _shown(value: object) -> str:
    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Relation):
        return f"{value.type} {value.target}"
    if isinstance(value, Link):
        return value.url
    if isinstance(value, Correction):
        return f"{value.date.iso()} '{value.note}'" if _is_short(value.note) else value.date.iso()
    text = str(value)
    return text if " " not in text else f"'{text}'"


def _is_short(value: object) -> bool:
    return not isinstance(value, str) or (len(value) <= SHORT and "\n" not in value)


def _item_key(item: object) -> object:
    if isinstance(item, Relation):
        return (item.type, item.target)
    if isinstance(item, Link):
        return item.url
    return item


def _list_changes(name: str, old: tuple, new: tuple) -> list[str]:
    """`sources + a, b`, `sources − c`, and an item of the same key changed inside."""
    old_keys = {_item_key(i): i for i in old}
    new_keys = {_item_key(i): i for i in new}
    added = [_shown(i) for k, i in new_keys.items() if k not in old_keys]
    removed = [_shown(i) for k, i in old_keys.items() if k not in new_keys]
    words = [f"{name} + {', '.join(added)}"] if added else []
    words += [f"{name} − {', '.join(removed)}"] if removed else []
    for key, item in new_keys.items():
        before = old_keys.get(key)
        if before is not None and before != item and dataclasses.is_dataclass(item):
            inner = field_changes(before, item)
            words.append(f"{name} {_shown(item)}: {', '.join(inner)}")
    if not words and old != new:
        words.append(f"{name}: order changed")
    return words


def _value_change(name: str, old: object, new: object) -> str:
    if old is None:
        return f"{name} {_shown(new)} (new)" if _is_short(new) else f"{name} added"
    if new is None:
        return f"{name} removed (was {_shown(old)})" if _is_short(old) else f"{name} removed"
    if _is_short(old) and _is_short(new):
        return f"{name} {_shown(old)} → {_shown(new)}"
    return f"{name} changed"


def field_changes(old: object, new: object) -> list[str]:
    """The differences between two versions of a record, field by field, in words."""
    words: list[str] = []
    for f in dataclasses.fields(old):  # type: ignore[arg-type]
        if f.name in _SKIP:
            continue
        before, after = getattr(old, f.name), getattr(new, f.name)
        if before == after:
            continue
        if isinstance(before, tuple) and isinstance(after, tuple):
            words += _list_changes(f.name, before, after)
        else:
            words.append(_value_change(f.name, before, after))
    return words


def _label(record: object) -> str:
    for name in ("name", "title", "text"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return value if len(value) <= SHORT else value[: SHORT - 1].rstrip() + "…"
    return ""


def record_changes(old: Explainer, new: Explainer) -> list[RecordChange]:
    """Every record added, removed or changed between two explainers, site.yaml first."""
    changes = []
    if old.site != new.site:
        changes.append(
            RecordChange("~", "site", "", new.site.title, tuple(field_changes(old.site, new.site)))
        )
    for kind in KINDS:
        before, after = getattr(old, kind + "s"), getattr(new, kind + "s")
        for record_id in sorted(before.keys() | after.keys()):
            a, b = before.get(record_id), after.get(record_id)
            if a is None:
                changes.append(RecordChange("+", kind, record_id, _label(b)))
            elif b is None:
                changes.append(RecordChange("-", kind, record_id, _label(a)))
            elif a != b:
                details = tuple(field_changes(a, b))
                if details:
                    changes.append(RecordChange("~", kind, record_id, _label(b), details))
    return changes


@dataclass(frozen=True, slots=True)
class PageChanges:
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


def page_address(path: str) -> str:
    """`actors/iran/index.html` as the address a reader sees, `actors/iran/`."""
    return path.removesuffix("index.html") or "/"


def pages_changed(old: dict[str, bytes], new: dict[str, bytes]) -> PageChanges:
    """The pages of two builds that are new, gone, or different."""
    return PageChanges(
        tuple(sorted(page_address(p) for p in new.keys() - old.keys())),
        tuple(sorted(page_address(p) for p in old.keys() - new.keys())),
        tuple(sorted(page_address(p) for p in old.keys() & new.keys() if old[p] != new[p])),
    )
