"""The validate step, fed incrementally: a save that changes no cross-record fact is
checked by checking the saved file alone.

`LiveCheck.check(files)` returns what `pipeline.check_converted` returns for
`merge(parts)` (the plain path: the one `validate`), but when every
changed file keeps its ids, kinds and their places, alias claims, the (owner, target) pairs of
its references and its actors' relations, the whole-explainer facts (kinds,
aliases, duplicates, who mentions and cites whom, relations seen from their
target) are those of the last check. Then only the changed files are checked,
with the functions `validate` uses (`resolve_references`, `canonical_record`,
`uncited_sources`), against those facts, and the explainer is the last one with
the changed files' records in place. Anything else takes the plain path.
tests/test_serve_caches.py compares the two after random edits.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..aliases import canonical_record, resolve_aliases
from ..diagnostics import Diagnostic, sort_diagnostics
from ..model import Converted
from ..pipeline import merge
from ..validate import Explainer, kinds_of, resolve_references, uncited_sources, validate


@dataclass(frozen=True, slots=True)
class Files:
    """The converted content files, in the order `find_files` lists them."""

    parts: dict[Path, Converted]  # in listing order; changed by the next read
    shown: dict[Path, str]  # how each path is shown in problems
    found: list[Diagnostic]  # the problems of listing them
    changed: frozenset[Path] | None  # converted again since the last read; None: listed again


@dataclass(slots=True)
class Facts:
    """What the last plain check found about the explainer as a whole."""

    kinds: dict[str, str]
    aliases: dict[str, str]
    alias_problems: list[Diagnostic]
    duplicated: set[str]  # ids defined more than once
    site_references: list[Any]  # site.yaml's references (a source it cites is cited)


@dataclass(slots=True)
class LiveCheck:
    """The last check's input and output, and how to check the next input."""

    parts: dict[Path, Converted] = field(default_factory=dict)
    explainer: Explainer | None = None
    problems: list[Diagnostic] = field(default_factory=list)  # validate's, unsorted
    facts: Facts | None = None
    local: int = 0  # checks that took the local path (for tests and benchmarks)
    # Ids whose records may differ from those of the explainer when `touched` was last
    # set to an empty set (None: any record may); the plain path sets it to None.
    touched: set[str] | None = None

    def check(self, files: Files) -> tuple[Explainer | None, list[Diagnostic]]:
        """The checked explainer and the sorted problems, as `check_converted` gives them."""
        explainer = self._local(files)
        if explainer is None:
            return self._plain(files)
        self.local += 1
        return explainer, sort_diagnostics(files.found + self.problems)

    def _plain(self, files: Files) -> tuple[Explainer | None, list[Diagnostic]]:
        converted = merge(list(files.parts.values()))
        explainer, problems = validate(converted)  # as `pipeline.check_converted` does
        self.parts, self.explainer, self.problems = dict(files.parts), explainer, problems
        self.touched = None
        self.facts = None if explainer is None else facts_of(converted)
        return explainer, sort_diagnostics(files.found + problems)

    def _local(self, files: Files) -> Explainer | None:
        """The explainer after changes that keep every cross-record fact, or None."""
        old, facts = self.explainer, self.facts
        if old is None or facts is None or files.changed is None:
            return None  # nothing checked yet, or the folder listed again
        if not files.changed <= self.parts.keys():
            return None
        changed = [p for p in files.changed if files.parts[p] is not self.parts[p]]
        if not all(self._keeps_facts(self.parts[p], files.parts[p], facts) for p in changed):
            return None
        explainer = _with_records(old, [files.parts[p] for p in changed], facts.aliases)
        if not all(_same_relations(old, explainer, files.parts[p]) for p in changed):
            return None
        shown = {files.shown[p] for p in changed}
        kept = [d for d in self.problems if d.path not in shown]
        kept += [d for d in facts.alias_problems if d.path in shown]
        for path in changed:
            kept += local_problems(files.parts[path], explainer, facts)
        self.explainer, self.problems = explainer, kept
        self.parts.update({path: files.parts[path] for path in changed})
        if self.touched is not None:
            self.touched |= {r[0].id for path in changed for r in files.parts[path].records}
        return explainer

    @staticmethod
    def _keeps_facts(old: Converted, new: Converted, facts: Facts) -> bool:
        return (
            old.site is None
            and new.site is None
            and old.defined == new.defined
            and not any(d[0] in facts.duplicated for d in new.defined)
            and [r[0].id for r in old.records] == [r[0].id for r in new.records]
            and old.aliases == new.aliases
            and _pairs(old, facts) == _pairs(new, facts)
        )


def facts_of(converted: Converted) -> Facts:
    """The whole-explainer facts of a plain check, by the functions `validate` uses."""
    kinds = kinds_of(converted.defined)
    places = {i: pos for i, _, pos in reversed(converted.defined)}
    aliases, alias_problems = resolve_aliases(converted.aliases, kinds, places)
    counts = Counter(d[0] for d in converted.defined)
    duplicated = {i for i, n in counts.items() if n > 1}
    site = [r for r in converted.references if not r.owner]
    return Facts(kinds, aliases, alias_problems, duplicated, site)


def local_problems(part: Converted, explainer: Explainer, facts: Facts) -> list[Diagnostic]:
    """One file's own problems: its conversion's, its references', its uncited sources."""
    problems = list(part.diagnostics)
    problems += resolve_references(part, facts.kinds, facts.aliases)
    sources = {r.id: pos for r, kind, pos in part.records if kind == "source"}
    if sources:
        problems += uncited_sources(sources, sources, explainer.cited_by, facts.site_references)
    return problems


def _pairs(part: Converted, facts: Facts) -> set[tuple[str, str]]:
    """Who names whom: what `mentioned_by` and `cited_by` are made of."""
    return {(r.owner, facts.aliases.get(r.target, r.target)) for r in part.references}


def _with_records(old: Explainer, parts: list[Converted], aliases: dict[str, str]) -> Explainer:
    """The explainer with these files' records (made canonical) in place of their old ones."""
    tables: dict[str, dict[str, Any]] = {}
    for part in parts:
        for record, kind, _ in part.records:
            table = tables.get(kind)
            if table is None:
                table = tables[kind] = dict(getattr(old, kind + "s"))
            if record.id in table:  # the first definition's kind: as `assemble` keeps it
                table[record.id] = canonical_record(record, kind, aliases) if aliases else record
    return dataclasses.replace(old, **{kind + "s": table for kind, table in tables.items()})


def _same_relations(old: Explainer, new: Explainer, part: Converted) -> bool:
    """Whether the file's actors still have the relations `relations_in` was made of."""
    return all(
        new.actors[r.id].relations == old.actors[r.id].relations
        for r, kind, _ in part.records
        if kind == "actor" and r.id in old.actors
    )
