"""What `check` reads of each content file, as plain tuples: ids, alias claims, sources and
references, without the records.

`validate.validate_problems` (what `check` reports) reads of the converted files their
problems, the ids they define (with kind and place), the actors' alias claims, whether
site.yaml was read, where each source is defined, and of each reference its owner,
target, the kinds it accepts and whether it stands alone; only of a reference that does
not resolve, where it is and how it is named. A file's facts (`facts_of`) are all of
that but the last, as tuples of strings and numbers: `marshal` loads 50,000 files'
facts in a fraction of the time pickle takes for their records (`readcache`'s packs).
`problems(shown, facts, diagnostics, full)` gives `validate_problems`' problems from the
facts of every file, taking the full form of the few references that may not resolve
from `full` (which converts their files again).

A pack of facts (`dump`, `load`) is a CRC-32 checksum, then a `marshal` of the version
key, each file's key and its facts (nothing that runs code when loaded).
"""

from __future__ import annotations

import marshal
from collections.abc import Callable
from typing import TYPE_CHECKING

from . import cache
from .aliases import AliasClaim
from .diagnostics import Diagnostic, Position
from .model import Converted, Reference
from .scalars import is_id
from .validate import References, id_problems, uncited_of

if TYPE_CHECKING:
    from .readcache import Part

# Whether it is site.yaml's; the ids defined (id, kind, line, column); the alias claims
# (slug, actor, alias, line, column); the sources (id, line, column); the references
# (owner, target, kinds accepted, alone). Every place is in the file itself.
Facts = tuple[bool, list, list, list, list]  # type: ignore[type-arg]
# Which references of which files to take in full: (file number, [reference numbers]).
Wanted = list[tuple[int, list[int]]]
_new = tuple.__new__  # a named tuple made from a tuple, without its Python __new__ (50,000)


def facts_of(part: Part) -> Facts:
    """A file's facts, from its part of a Converted (`readcache.split`)."""
    site, records, flat_refs, defined, claims, _ = part
    return (
        site is not None,
        [(i, kind, pos[1], pos[2]) for i, kind, pos in defined],
        [(c[0], c[1], c[2], c[3][1], c[3][2]) for c in claims],
        [(record.id, pos[1], pos[2]) for record, kind, pos in records if kind == "source"],
        [(r[0], r[1], r[2], r[-1]) for r in flat_refs],
    )


def problems(
    shown: list[str],
    facts: list[Facts],
    diagnostics: list[Diagnostic],
    full: Callable[[Wanted], list[Reference]],
) -> list[Diagnostic]:
    """`validate_problems` of the files with these paths (`shown`) and facts, in order,
    whose conversion found `diagnostics`."""
    defined = [
        (i, kind, _new(Position, (path, line, column)))
        for path, file in zip(shown, facts, strict=True)
        for i, kind, line, column in file[1]
    ]
    claims = [
        AliasClaim(slug, actor, alias, _new(Position, (path, line, column)))
        for path, file in zip(shown, facts, strict=True)
        for slug, actor, alias, line, column in file[2]
    ]
    whole = Converted(defined=defined, aliases=claims, diagnostics=diagnostics)
    found, kinds, aliases = id_problems(whole)
    found += References(kinds, aliases).problems(full(maybe_unresolved(facts, kinds, aliases)))
    if not any(file[0] for file in facts):
        return found  # no site: as `validate_problems`
    # As `validate.cited_ids`: the targets of references whose owner is not the target.
    cited = {t for file in facts for owner, t, _, _ in file[4] if not owner or owner != t}
    return found + uncited_of(sources(shown, facts), kinds, cited)


def maybe_unresolved(facts: list[Facts], kinds: dict[str, str], aliases: dict[str, str]) -> Wanted:
    """The references that `resolve_references` may find a problem with: all but those
    that stand alone and name an id (or an actor's alias) of a kind they accept."""
    wanted: Wanted = []
    for number, file in enumerate(facts):
        some = []
        for index, (_, target, accepted, alone) in enumerate(file[4]):
            kind = kinds.get(target)
            if kind is None and target in aliases and is_id(target):
                kind = kinds.get(aliases[target])
            if kind is None or (accepted and kind not in accepted) or not alone:
                some.append(index)
        if some:
            wanted.append((number, some))
    return wanted


def sources(shown: list[str], facts: list[Facts]) -> list[tuple[str, Position]]:
    return [
        (source_id, _new(Position, (path, line, column)))
        for path, file in zip(shown, facts, strict=True)
        for source_id, line, column in file[3]
    ]


def dump(entries: dict[str, tuple[bytes, Facts]], version: bytes) -> bytes:
    """A pack: its checksum, then the version, each file's key and its facts."""
    keys = {shown: key for shown, (key, _) in entries.items()}
    kept = {shown: facts for shown, (_, facts) in entries.items()}
    body = marshal.dumps((version, keys, kept))
    return cache.checksum(body) + body


def load(data: bytes | None, version: bytes) -> tuple[dict[str, bytes], dict[str, Facts]]:
    """The keys and facts of a pack; nothing for a pack that is not whole and current."""
    nothing: tuple[dict[str, bytes], dict[str, Facts]] = ({}, {})
    body = cache.body_of(data)
    if body is None:
        return nothing
    try:
        kept, keys, facts = marshal.loads(body)
    except Exception:  # whatever is wrong with a pack, it is a miss
        return nothing
    if kept != version or not isinstance(keys, dict) or not isinstance(facts, dict):
        return nothing
    shaped = all(type(f) is tuple and len(f) == 5 and type(f[0]) is bool for f in facts.values())
    return (keys, facts) if shaped else nothing
