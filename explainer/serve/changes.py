"""What changed between two builds' data, as the view's keys whose values changed.

`changed_keys(old, new)` is the set of keys (`("record", "iran")`, `("lookup",
"events_of", "iran")`, `("ordered", "events")`, ...) for which
`view.read(View(new), key) != view.read(View(old), key)` may hold, found by
comparing the two builds' tables, lookups and orders entry by entry (tables a
save did not touch are the same objects, and are skipped at once; when the
check knows which records it replaced, only those are compared). A page that
read none of them renders the same bytes. Nothing here knows an index or a
page kind by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..fields import FIELDS
from ..view import Key, SiteData

TABLES = tuple(f"{kind}s" for kind in FIELDS if kind != "site")  # the explainer's records
_MISSING = object()


def changed_entries(old: Mapping[Any, Any], new: Mapping[Any, Any]) -> list[Any]:
    """The keys whose value differs between two mappings (present in one only included)."""
    if old is new or old == new:
        return []
    found = [k for k, v in new.items() if old.get(k, _MISSING) is not v]
    changed = [k for k in found if old.get(k, _MISSING) != new[k]]
    return changed + [k for k in old.keys() - new.keys()]


def changed_records(
    old: Mapping[str, Any], new: Mapping[str, Any], touched: set[str] | None
) -> list[str]:
    """The ids of a table whose records differ; only those in `touched` can (None: any)."""
    if touched is None:
        return changed_entries(old, new)
    missing = _MISSING
    return [i for i in touched if old is not new and old.get(i, missing) != new.get(i, missing)]


def changed_keys(old: SiteData, new: SiteData, touched: set[str] | None) -> set[Key] | None:
    """The view's keys whose values may differ between `old` and `new` (None: any may);
    `touched`: the ids of the only records that may differ (None: any may)."""
    before, after = old.explainer, new.explainer
    keys: set[Key] = set()
    if before.site != after.site:
        keys.add(("site",))
    if old.settings != new.settings:
        keys.add(("settings",))
    keys |= {("kind", i) for i in changed_entries(before.kinds, after.kinds)}
    for table in TABLES:
        found = changed_records(getattr(before, table), getattr(after, table), touched)
        keys |= {("record", i) for i in found}
    if old.indexes is new.indexes:
        return keys
    was, now = old.indexes, new.indexes
    if was.lookups.keys() != now.lookups.keys() or was.orders.keys() != now.orders.keys():
        return None  # a lookup or order that no longer exists: a read of it fails
    for name, entries in now.lookups.items():
        keys |= {("lookup", name, k) for k in changed_entries(was.lookups[name], entries)}
    keys |= {("ordered", n) for n, order in now.orders.items() if was.orders[n] != order}
    return keys
