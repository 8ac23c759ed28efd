"""The indexes step, kept when a save cannot change it.

`LiveIndexes.of(explainer)` returns what `indexes.build_indexes(explainer)`
returns (the plain path). Each time it builds them, it notes which fields of
each record kind `build_indexes` read (its records are wrapped in `_Watched`,
which notes each attribute read): a new index is watched with no
registration. The next explainer gets the same indexes when it differs from
the last one only in records whose watched fields are all equal (an edited
title, summary or body): `build_indexes` is a pure function of what it reads,
so it would read the same fields and build the same indexes.
tests/test_serve_caches.py compares the two after random edits.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any

from ..indexes import Indexes, build_indexes
from ..validate import Explainer
from .changes import TABLES, changed_records


class _Watched:
    """A record that adds the name of each field read to `fields`."""

    __slots__ = ("_fields", "_record")

    def __init__(self, record: Any, fields: set[str]) -> None:
        self._record, self._fields = record, fields

    def __getattr__(self, name: str) -> Any:
        self._fields.add(name)
        return getattr(self._record, name)


def watched_indexes(explainer: Explainer) -> tuple[Indexes, dict[str, frozenset[str]]]:
    """`build_indexes(explainer)`, and the fields it read of each table's records."""
    read: dict[str, set[str]] = {table: set() for table in TABLES}
    tables = {
        table: {i: _Watched(r, read[table]) for i, r in getattr(explainer, table).items()}
        for table in TABLES
    }
    indexes = build_indexes(dataclasses.replace(explainer, **tables))
    return indexes, {table: frozenset(fields) for table, fields in read.items()}


@dataclass(slots=True)
class LiveIndexes:
    """The last explainer's indexes and the record fields they were built from."""

    explainer: Explainer | None = None
    indexes: Indexes | None = None
    fields: dict[str, frozenset[str]] = field(default_factory=dict)
    kept: int = 0  # times the last indexes were kept (for tests and benchmarks)

    def of(self, explainer: Explainer, touched: set[str] | None = None) -> Indexes:
        """The indexes of `explainer`; `touched`: the ids of the only records that may
        differ from the last explainer's (None: any may)."""
        if self.indexes is None or not self._same_inputs(explainer, touched):
            self.indexes, self.fields = watched_indexes(explainer)
        else:
            self.kept += 1
        self.explainer = explainer
        return self.indexes

    def _same_inputs(self, new: Explainer, touched: set[str] | None) -> bool:
        """Whether `build_indexes` would read the same values from `new` as it did."""
        old = self.explainer
        if old is None:
            return False
        for f in dataclasses.fields(Explainer):
            before, after = getattr(old, f.name), getattr(new, f.name)
            if f.name in TABLES:
                if not self._same_records(before, after, self.fields[f.name], touched):
                    return False
            elif before is not after and before != after:
                return False
        return True

    @staticmethod
    def _same_records(
        old: dict[str, Any], new: dict[str, Any], fields: frozenset[str], touched: set[str] | None
    ) -> bool:
        for record_id in changed_records(old, new, touched):
            if record_id not in old or record_id not in new:
                return False
            a, b = old[record_id], new[record_id]
            if any(getattr(a, name) != getattr(b, name) for name in fields):
                return False
        return True
