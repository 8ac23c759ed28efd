"""Aliases as ids: `[[kh]]` and `[[kateb-hezbollah]]` name the actor with that alias.

An actor's alias is usable as an id through its slug (`Kateb Hezbollah` →
`kateb-hezbollah`, the same slug its redirect page has), wherever an id is:
in Markdown and in fields. A slug works as an id only when it names one record:
two actors may share a name, and an alias may read like another record's id,
but such a slug is then no actor's id and gets no redirect page (a warning naming
both places), and a reference that uses it is an unknown id.
Fields that name an actor by an alias are rewritten to the actor's id, so pages
and indexes only ever see ids.
"""

from __future__ import annotations

import dataclasses
from typing import NamedTuple

from .diagnostics import Diagnostic, Position
from .fields import FIELDS, Field
from .load import RawRecord
from .urls import slugify
from .yamltree import Scalar, Sequence

ARTICLES = {"actor": "an actor", "event": "an event", "quote": "a quote", "source": "a source",
            "section": "a section"}  # fmt: skip


class AliasClaim(NamedTuple):
    """An actor's alias, its slug, and where it is written."""

    slug: str
    actor: str
    alias: str
    pos: Position


def alias_claims(raw: RawRecord, actor_id: str) -> list[AliasClaim]:
    """The slugs an actor's `aliases:` claim (not its own id), read from its YAML."""
    entry = raw.node.items.get("aliases")
    if entry is None or not isinstance(entry[1], Sequence):
        return []
    claims = []
    for item in entry[1].items:
        if isinstance(item, Scalar) and item.value:
            slug = slugify(item.value)
            if slug and slug != actor_id:
                claims.append(AliasClaim(slug, actor_id, item.value, item.pos))
    return claims


def _where(pos: Position) -> str:
    return f"{pos.path}:{pos.line}:{pos.column}"


def resolve_aliases(
    claims: list[AliasClaim], kinds: dict[str, str], places: dict[str, Position]
) -> tuple[dict[str, str], list[Diagnostic]]:
    """Alias slug -> actor id for the slugs that name one record only; a problem for the rest."""
    first: dict[str, AliasClaim] = {}
    problems = []
    for claim in sorted(claims, key=lambda c: (c.pos.path, c.pos.line, c.pos.column)):
        other = first.get(claim.slug)
        if claim.slug in kinds:
            kind = ARTICLES[kinds[claim.slug]]
            where = places.get(claim.slug)
            at = f" at {_where(where)}" if where else ""
            problems.append(Diagnostic.warning(claim.pos, (
                f"the alias '{claim.alias}' of actor '{claim.actor}' has the slug "
                f"'{claim.slug}', which is the id of {kind}{at}; [[{claim.slug}]] names that "
                "record, so the alias gets no redirect page"
            )))  # fmt: skip
        elif other is not None and other.actor != claim.actor:
            problems.append(Diagnostic.warning(claim.pos, (
                f"the alias '{claim.alias}' of actor '{claim.actor}' has the slug "
                f"'{claim.slug}', as has the alias '{other.alias}' of actor '{other.actor}' at "
                f"{_where(other.pos)}; '{claim.slug}' is then neither actor's id and gets no "
                "redirect page: link to each actor by its id"
            )))  # fmt: skip
        else:
            first.setdefault(claim.slug, claim)
    shared = {c.slug for c in claims if c.slug in kinds or first[c.slug].actor != c.actor}
    return {s: c.actor for s, c in sorted(first.items()) if s not in shared}, problems


def _canonical_value(value: object, f: Field, aliases: dict[str, str]) -> object:
    if f.type == "ref" and isinstance(value, str):
        return aliases.get(value, value)
    if f.type == "list" and f.item is not None and isinstance(value, tuple):
        return tuple(_canonical_value(v, f.item, aliases) for v in value)
    if f.type == "record" and dataclasses.is_dataclass(value):
        return canonical(value, f.fields, aliases)
    return value


def canonical(record: object, spec: tuple[Field, ...], aliases: dict[str, str]) -> object:
    """The record with every id field that names an alias rewritten to the actor's id."""
    changes = {}
    for f in spec:
        if f.type in ("ref", "list", "record") and hasattr(record, f.name):
            before = getattr(record, f.name)
            after = _canonical_value(before, f, aliases)
            if after != before:
                changes[f.name] = after
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[type-var]


def canonical_record(record: object, kind: str, aliases: dict[str, str]) -> object:
    return canonical(record, FIELDS[kind], aliases)
