"""Whole-explainer checks: unique ids, typed references, and the indexes built from them."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Container, Iterable, Mapping
from dataclasses import dataclass, field

from .aliases import canonical_record, resolve_aliases
from .diagnostics import Diagnostic, Position
from .model import (
    Actor,
    Converted,
    Event,
    Quote,
    Record,
    Reference,
    Relation,
    Section,
    Site,
    Source,
    id_problem,
    is_id,
)
from .places import Placer

ARTICLES = {
    "actor": "an actor",
    "event": "an event",
    "quote": "a quote",
    "source": "a source",
    "section": "a section",
}
# Each kind's table in `Explainer`: the names are constants, so `getattr` finds them by
# their kept hash, where `kind + "s"` made and hashed a new string on every lookup.
TABLES = {kind: kind + "s" for kind in ARTICLES}


@dataclass(slots=True)
class Explainer:
    """A checked explainer: records by id (sorted) and the indexes pages need."""

    site: Site
    actors: dict[str, Actor] = field(default_factory=dict)
    events: dict[str, Event] = field(default_factory=dict)
    quotes: dict[str, Quote] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    sections: dict[str, Section] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)  # id -> kind
    mentioned_by: dict[str, list[str]] = field(default_factory=dict)  # id -> ids naming it
    cited_by: dict[str, list[str]] = field(default_factory=dict)  # source id -> citing ids
    relations_in: dict[str, list[tuple[str, Relation]]] = field(default_factory=dict)

    def record(self, record_id: str) -> Record:
        return getattr(self, TABLES[self.kinds[record_id]])[record_id]


def _suggestion(target: str, candidates: list[str]) -> str:
    match = difflib.get_close_matches(target, candidates, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


class Suggester:
    """Nearest-id suggestions, with candidate lists built once per kind."""

    def __init__(self, kinds: dict[str, str]) -> None:
        self.by_kind: dict[tuple[str, ...], list[str]] = {}
        self.kinds = kinds
        self.made: dict[tuple[str, tuple[str, ...]], str] = {}  # one search per unknown id

    def suggest(self, target: str, accepted: tuple[str, ...]) -> str:
        if accepted not in self.by_kind:
            self.by_kind[accepted] = sorted(
                i for i, k in self.kinds.items() if not accepted or k in accepted
            )
        key = (target, accepted)
        if key not in self.made:
            self.made[key] = _suggestion(target, self.by_kind[accepted])
        return self.made[key]


def check_duplicates(defined: list[tuple[str, str, Position]]) -> list[Diagnostic]:
    first: dict[str, tuple[str, Position]] = {}
    problems = []
    for record_id, kind, pos in sorted(defined, key=lambda d: (d[2].path, d[2].line)):
        if record_id in first:
            other_kind, other = first[record_id]
            problems.append(
                Diagnostic.error(
                    pos,
                    f"duplicate id '{record_id}': {ARTICLES[other_kind]} already has it at "
                    f"{other.path}:{other.line}:{other.column} (ids are unique across all kinds)",
                )
            )
        else:
            first[record_id] = (kind, pos)
    return problems


def check_reference(
    ref: Reference,
    kinds: dict[str, str],
    suggester: Suggester,
    aliases: dict[str, str] | None = None,
) -> str | None:
    """The problem with one reference, or None when it resolves to the right kind."""
    kind = kinds.get(ref.target)  # the usual case first: a known id (so a valid one)
    if kind is not None and (not ref.kinds or kind in ref.kinds) and ref.alone:
        return None
    if ref.syntax == "embed" and not ref.alone:
        return f"{ref.where} must stand alone in its paragraph, with blank lines around it"
    if not is_id(ref.target):
        return f"in {ref.where}: {id_problem(ref.target)}" + suggester.suggest(
            ref.target.lower().replace(" ", "-"), ref.kinds
        )
    kind = kinds.get(ref.target)
    if kind is None and aliases and ref.target in aliases:
        kind = kinds.get(aliases[ref.target])  # an actor's alias, used as its id
    if kind is None:
        wanted = " or ".join(ARTICLES[k].split()[1] for k in ref.kinds) if ref.kinds else ""
        noun = f"{wanted} id" if wanted else "id"
        return f"unknown {noun} '{ref.target}' in {ref.where}" + suggester.suggest(
            ref.target, ref.kinds
        )
    if ref.kinds and kind not in ref.kinds:
        wanted = " or ".join(ARTICLES[k] for k in ref.kinds)
        return f"'{ref.target}' is {ARTICLES[kind]}, but {ref.where} needs {wanted}"
    return None


class References:
    """Checks references against the ids of the whole explainer; one per process, as it
    keeps its nearest-id searches and the files it read again to place problems."""

    def __init__(self, kinds: dict[str, str], aliases: dict[str, str] | None = None) -> None:
        self.kinds = kinds
        self.aliases = aliases
        self.suggester = Suggester(kinds)
        self.place = Placer()  # each file read again once, however many problems it has

    def problems(self, references: list[Reference]) -> list[Diagnostic]:
        """The problems of `references`, in their order."""
        kinds, problems = self.kinds, []
        for ref in references:
            kind = kinds.get(ref.target)  # the usual case, inline: a known id of a right kind
            if kind is not None and (not ref.kinds or kind in ref.kinds) and ref.alone:
                continue
            message = check_reference(ref, kinds, self.suggester, self.aliases)
            if message:
                problems.append(Diagnostic.error(self.place(ref.place), message))
        return problems


def resolve_references(
    converted: Converted, kinds: dict[str, str], aliases: dict[str, str] | None = None
) -> list[Diagnostic]:
    return References(kinds, aliases).problems(converted.references)


def build_indexes(
    explainer: Explainer, references: list[Reference], aliases: dict[str, str] | None = None
) -> None:
    """Who mentions whom, which records cite each source, and relations seen from the target."""
    pairs: dict[str, set[str]] = defaultdict(set)  # target -> owners
    kinds = explainer.kinds
    aliases = aliases or {}
    for ref in references:
        target = ref[1]  # by index: this loop runs once per reference
        if target not in kinds:  # an alias slug is never an id (`resolve_aliases`)
            target = aliases.get(target, target)
            if target not in kinds:
                continue
        owner = ref[0]
        if owner and owner != target:
            pairs[target].add(owner)
    explainer.mentioned_by = {}
    explainer.cited_by = {}
    for target, owners in sorted(pairs.items()):
        index = explainer.cited_by if kinds[target] == "source" else explainer.mentioned_by
        index[target] = sorted(owners)
    explainer.relations_in = relations_into(explainer.actors)


def relations_into(actors: dict[str, Actor]) -> dict[str, list[tuple[str, Relation]]]:
    """Each actor's relations seen from the other end: target -> [(actor id, relation)]."""
    incoming: dict[str, list[tuple[str, Relation]]] = defaultdict(list)
    for actor in actors.values():
        for relation in actor.relations:
            if relation.target in actors:
                incoming[relation.target].append((actor.id, relation))
    return dict(sorted(incoming.items()))


def uncited_warning(source_id: str, pos: Position) -> Diagnostic:
    return Diagnostic.warning(
        pos, f"source '{source_id}' is not cited by any record or section; cite it or remove it"
    )


def kinds_of(defined: list[tuple[str, str, Position]]) -> dict[str, str]:
    """Id -> kind; for a duplicate id, the first definition's kind."""
    kinds: dict[str, str] = {}
    for record_id, kind, _ in defined:
        kinds.setdefault(record_id, kind)
    return kinds


def uncited_sources(
    sources: Iterable[str],
    places: Mapping[str, Position],
    cited: Container[str],
    references: list[Reference],
) -> list[Diagnostic]:
    """A warning for each of `sources` that no record (`cited`) and no site field cites."""
    cited_by_site = {ref.target for ref in references if not ref.owner}
    return [
        uncited_warning(source_id, places[source_id])
        for source_id in sources
        if source_id not in cited and source_id not in cited_by_site
    ]


def validate(converted: Converted) -> tuple[Explainer | None, list[Diagnostic]]:
    """Check the converted records as a whole and index them."""
    problems, kinds, aliases = _problems(converted)
    if converted.site is None:
        return None, problems
    explainer, _, warnings = assemble(converted, kinds, aliases)
    return explainer, problems + warnings


def validate_problems(converted: Converted) -> list[Diagnostic]:
    """`validate`'s problems, without making the explainer (what `check` reports): its
    uncited sources are found from the references, not from the explainer's indexes."""
    problems, kinds, _ = _problems(converted)
    if converted.site is None:
        return problems
    return problems + uncited(converted.records, kinds, cited_ids(converted.references))


def cited_ids(references: list[Reference]) -> set[str]:
    """The ids named by a record other than their own, or by the site: a source among
    them is cited (a source is never named by an actor's alias, so by its id)."""
    return {r.target for r in references if not r.owner or r.owner != r.target}


def uncited(
    records: list[tuple[Record, str, Position]], kinds: dict[str, str], cited: Container[str]
) -> list[Diagnostic]:
    """A warning for each source `assemble` keeps (the first record of a source id) that
    is not `cited`."""
    sources = ((record.id, pos) for record, kind, pos in records if kind == "source")
    return uncited_of(sources, kinds, cited)


def uncited_of(
    sources: Iterable[tuple[str, Position]], kinds: dict[str, str], cited: Container[str]
) -> list[Diagnostic]:
    """`uncited`, given each source record's id and place, in order."""
    kept: dict[str, Position] = {}
    for source_id, pos in sources:
        if kinds.get(source_id) == "source":
            kept.setdefault(source_id, pos)
    return [uncited_warning(i, pos) for i, pos in kept.items() if i not in cited]


def _problems(
    converted: Converted,
) -> tuple[list[Diagnostic], dict[str, str], dict[str, str]]:
    """The problems of the converted records as a whole, their ids' kinds and aliases."""
    problems, kinds, aliases = id_problems(converted)
    return problems + References(kinds, aliases).problems(converted.references), kinds, aliases


def id_problems(
    converted: Converted,
) -> tuple[list[Diagnostic], dict[str, str], dict[str, str]]:
    """Each file's own problems, then those of the ids as a whole (duplicates, aliases),
    the ids' kinds and the aliases usable as ids: what references are checked against."""
    problems = list(converted.diagnostics)
    problems += check_duplicates(converted.defined)
    kinds = kinds_of(converted.defined)
    aliases, alias_problems = resolve_aliases(
        converted.aliases, kinds, {i: pos for i, _, pos in reversed(converted.defined)}
    )
    return problems + alias_problems, kinds, aliases


def assemble(
    converted: Converted, kinds: dict[str, str], aliases: dict[str, str] | None = None
) -> tuple[Explainer, dict[str, Position], list[Diagnostic]]:
    """The explainer of the converted records, where each was defined, and its warnings."""
    assert converted.site is not None
    aliases = aliases or {}
    explainer = Explainer(converted.site)
    places: dict[str, Position] = {}
    # Fields that name an actor by an alias name it by its id: the records to rewrite
    # are those whose field references name an alias.
    aliased = {r.owner for r in converted.references if not r.syntax and r.target in aliases}
    for record, kind, pos in sorted(converted.records, key=lambda r: r[0].id):
        if record.id in aliased:
            record = canonical_record(record, kind, aliases)
        table = getattr(explainer, kind + "s")
        if record.id not in table and kinds.get(record.id) == kind:
            table[record.id] = record
            explainer.kinds[record.id] = kind
            places[record.id] = pos
    explainer.kinds = dict(sorted(explainer.kinds.items()))
    build_indexes(explainer, converted.references, aliases)
    uncited = uncited_sources(explainer.sources, places, explainer.cited_by, converted.references)
    return explainer, places, uncited


__all__ = ["Event", "Explainer", "Quote", "Section", "Source", "validate", "validate_problems"]
