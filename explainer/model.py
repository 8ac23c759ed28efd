"""The typed model, and the conversion of raw YAML nodes into it.

Scalars are typed by the field, not by YAML: every value arrives as the text
written and is converted here by its field's type, so `name: 007` is "007"
and `kind: no` is the string "no" (then rejected as a kind).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import NamedTuple

from .aliases import AliasClaim, alias_claims
from .dates import PartialDate, span_is_ordered
from .diagnostics import PER_FILE, Diagnostic, Position
from .fields import FIELDS, KIND_NAMES, Field
from .load import RawRecord
from .mdbounds import too_long
from .places import OpenerPlace
from .records import (
    RECORD_TYPES,
    Actor,
    Correction,
    Event,
    Link,
    Quote,
    Record,
    Relation,
    Section,
    Site,
    Source,
)
from .references import TextReference, scan_references
from .scalars import PARSERS, id_problem, is_id
from .yamltree import Mapping, Node, Scalar, Sequence, kind_name

# The records are defined in `records`; importing them from here still works.
__all__ = [
    "RECORD_TYPES",
    "Actor",
    "Converted",
    "Correction",
    "Event",
    "Link",
    "OpenerPlace",
    "Quote",
    "Record",
    "Reference",
    "Relation",
    "Section",
    "Site",
    "Source",
    "convert_record",
    "id_problem",
    "is_id",
]


class Reference(NamedTuple):
    """One place where a record names another by id."""

    owner: str  # id of the record that names it ("" for site.yaml)
    target: str
    kinds: tuple[str, ...]  # kinds accepted; () for any
    place: Position | OpenerPlace  # a Markdown reference's place is found only when needed
    where: str  # how the place is named in messages: "field 'speaker'", "[[…]]"
    syntax: str = ""  # "link", "embed", "cite" for Markdown references; "" for fields
    alone: bool = True

    @property
    def pos(self) -> Position:
        return self.place() if isinstance(self.place, OpenerPlace) else self.place


@dataclass(slots=True)
class Converted:
    """The records of one explainer with the places they were defined and the references."""

    site: Site | None = None
    records: list[tuple[Record, str, Position]] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    defined: list[tuple[str, str, Position]] = field(default_factory=list)  # id, kind, place
    diagnostics: list[Diagnostic] = field(default_factory=list)
    aliases: list[AliasClaim] = field(default_factory=list)  # actors' alias slugs


def _closest(word: str, options: list[str] | tuple[str, ...]) -> str:
    match = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"; did you mean '{match[0]}'?" if match else ""


class _Converter:
    """Converts one record's fields, collecting problems and references."""

    def __init__(self, owner: str, out: Converted) -> None:
        self.owner = owner
        self.out = out

    def error(self, pos: Position, message: str) -> None:
        self.out.diagnostics.append(Diagnostic.error(pos, message))

    def fields(self, node: Mapping, spec: _Spec, what: str) -> dict[str, object]:
        """Convert a mapping's fields; returns only the fields that converted cleanly."""
        known = spec.known
        values: dict[str, object] = {}
        unknown: list[Scalar] = []
        for name, (key, value) in node.items.items():
            definition = known.get(name)
            if definition is None:
                unknown.append(key)
                if len(unknown) <= PER_FILE:  # past that, counted: a suggestion costs time
                    expected = ", ".join(known)
                    hint = _closest(name, list(known)) or f"; expected one of: {expected}"
                    self.error(key.pos, f"unknown field '{name}' in {what}{hint}")
                continue
            if isinstance(value, Scalar) and value.value is None:
                continue  # an empty value is as good as absent; required fields say so below
            converted = self.value(value, definition)
            if converted is not _INVALID:
                values[name] = converted
        if len(unknown) > PER_FILE:
            more = len(unknown) - PER_FILE
            self.error(unknown[PER_FILE].pos, f"and {more:,} more unknown fields in {what}")
        for name in spec.required:
            if name not in node.items:
                self.error(node.pos, f"{what} is missing required field '{name}'")
            elif name not in values and _is_empty(node, name):
                self.error(node.items[name][1].pos, f"field '{name}' is empty; it is required")
        return values

    def value(self, node: Node, f: Field) -> object:
        if f.type == "list":
            return self.list_value(node, f)
        if f.type == "record":
            if not isinstance(node, Mapping):
                self.error(node.pos, f"each item of '{f.name}' must be a mapping of fields")
                return _INVALID
            spec = _ITEM_SPECS[f.name]
            values = self.fields(node, spec, f"this item of '{f.name}'")
            _check_span(node, values, "since", "until", self.out)
            if any(name not in values for name in spec.required):
                return _INVALID
            return _ITEM_TYPES[f.name](**{k: v for k, v in values.items()})
        if not isinstance(node, Scalar):
            self.error(node.pos, f"field '{f.name}' must be {_expected(f)}, not {kind_name(node)}")
            return _INVALID
        return self.scalar(node, f)

    def list_value(self, node: Node, f: Field) -> object:
        assert f.item is not None
        if not isinstance(node, Sequence):
            shown = node.value if isinstance(node, Scalar) else "…"
            self.error(
                node.pos,
                f"field '{f.name}' must be a list, not {kind_name(node)}; "
                f"write '{f.name}: [{shown}]'",
            )
            return _INVALID
        items = []
        for item in node.items:
            if isinstance(item, Scalar) and item.value is None:
                self.error(item.pos, f"empty item in the list '{f.name}'")
                continue
            value = self.value(item, f.item)
            if value is not _INVALID:
                items.append(value)
        if f.required and not node.items:
            self.error(node.pos, f"field '{f.name}' needs at least one item")
        return tuple(items)

    def scalar(self, node: Scalar, f: Field) -> object:
        text = node.value
        assert text is not None
        kind = f.type
        if kind in ("text", "inline", "markdown"):
            if kind != "markdown" and not text.strip():
                self.error(node.pos, f"field '{f.name}' is empty")
                return _INVALID
            if kind in ("inline", "markdown"):
                if problem := too_long(text):
                    self.error(node.pos, problem)
                    return _INVALID
                self.markdown_references(node, text)
            return text
        parse = PARSERS.get(kind)
        if parse is not None:
            parsed = parse(node, text, f)
            if parsed.problem:
                self.error(node.pos, parsed.problem)
                return _INVALID
            return parsed.value
        if kind == "ref":
            self.out.references.append(
                Reference(self.owner, text, f.refs, node.pos, f"field '{f.name}'")
            )
            return text
        raise AssertionError(f"unknown field type {kind}")  # a bug in fields.py

    def markdown_references(self, node: Scalar, text: str) -> None:
        refs = scan_references(text)
        if not refs:
            return
        # What every reference of one scalar shares is looked up once (as OpenerPlace.of
        # and _markdown_reference would make each; tuple.__new__ skips their Python calls).
        source, owner, append = node.source, self.owner, self.out.references.append
        head = (source.file, source.path, source.front_matter, node.start, node.end, text)
        for ref in refs:
            place = _new(OpenerPlace, (*head, ref.offset, node.line, node.column))
            shape, kinds = _MARKDOWN_FORMS[ref.kind]
            where = shape.format(ref.target)
            append(_new(Reference, (owner, ref.target, kinds, place, where, ref.kind, ref.alone)))


_INVALID = object()
_ITEM_TYPES: dict[str, type] = {"relations": Relation, "links": Link, "corrections": Correction}


class _Spec(NamedTuple):
    """A mapping's fields by name and the names of the required ones, made once."""

    known: dict[str, Field]
    required: tuple[str, ...]


def _spec(fields: tuple[Field, ...]) -> _Spec:
    return _Spec({f.name: f for f in fields}, tuple(f.name for f in fields if f.required))


_SPECS = {kind: _spec(fields) for kind, fields in FIELDS.items()}
# The items of a list of records (relations, links, corrections), by the list's name.
_ITEM_SPECS = {
    f.item.name: _spec(f.item.fields)
    for fields in FIELDS.values()
    for f in fields
    if f.item is not None and f.item.type == "record"
}


def _is_empty(node: Mapping, name: str) -> bool:
    value = node.items[name][1]
    return isinstance(value, Scalar) and (value.value is None or not value.value.strip())


def _expected(f: Field) -> str:
    return {
        "text": "text",
        "inline": "text (inline Markdown)",
        "markdown": "text (Markdown)",
        "date": "a date (YYYY, YYYY-MM or YYYY-MM-DD)",
        "bool": "true or false",
        "int": "a whole number",
        "url": "an http or https URL",
        "language": "a language tag",
        "choice": "one of " + ", ".join(f.choices),
        "slug": "an id",
        "ref": "an id",
    }.get(f.type, f.type)


_MARKDOWN_KINDS = {"link": (), "embed": ("quote", "event"), "cite": ("source",)}
_MARKDOWN_SHAPES = {"link": "[[{}]]", "embed": "![[{}]]", "cite": "[@{}]"}
_MARKDOWN_FORMS = {k: (_MARKDOWN_SHAPES[k], _MARKDOWN_KINDS[k]) for k in _MARKDOWN_KINDS}
_new = tuple.__new__  # a named tuple made from a tuple, without its Python __new__


def _markdown_reference(owner: str, ref: TextReference, pos: Position | OpenerPlace) -> Reference:
    where = _MARKDOWN_SHAPES[ref.kind].format(ref.target)
    kinds = _MARKDOWN_KINDS[ref.kind]
    return Reference(owner, ref.target, kinds, pos, where, ref.kind, ref.alone)


def body_positions(record: RawRecord, offsets: list[int]) -> list[Position]:
    """Positions in a section file of offsets into its Markdown body, in order.

    One pass: each offset counts only the lines since the one before it.
    """
    body, line, line_start, last = record.body, record.body_line, 0, 0
    found = []
    for offset in offsets:
        line += body.count("\n", last, offset)
        newline = body.rfind("\n", last, offset)
        line_start = newline + 1 if newline >= 0 else line_start
        last = offset
        found.append(Position(record.path, line, offset - line_start + 1))
    return found


def record_id(raw: RawRecord, out: Converted) -> tuple[str | None, Position]:
    """A record's id: the file stem, or its `id:` in a list; checked against the id rules."""
    where = Position(raw.path)
    entry = raw.node.items.get("id")
    written = entry[1] if entry else None
    if written is not None and not isinstance(written, Scalar):
        out.diagnostics.append(Diagnostic.error(written.pos, "field 'id' must be text"))
        return None, where
    if raw.in_list:
        if written is None or written.value is None:
            out.diagnostics.append(
                Diagnostic.error(raw.node.pos, "a record in a list of records needs an 'id:'")
            )
            return None, raw.node.pos
        if not is_id(written.value):
            out.diagnostics.append(Diagnostic.error(written.pos, id_problem(written.value)))
            return None, written.pos
        return written.value, raw.node.pos
    if not is_id(raw.stem):
        out.diagnostics.append(
            Diagnostic.error(where, f"the file name gives the id, and {id_problem(raw.stem)}")
        )
        return None, where
    if written is not None and written.value not in (None, raw.stem):
        out.diagnostics.append(
            Diagnostic.error(
                written.pos,
                f"id '{written.value}' does not match the file name '{raw.stem}'; "
                f"a one-record file's id is its file name (remove 'id:' or rename the file)",
            )
        )
    return raw.stem, where


def convert_record(raw: RawRecord, out: Converted) -> None:
    """Convert one raw record and add it, its references and its problems to `out`."""
    spec = _SPECS[raw.kind]
    if raw.kind == "site":
        values = _Converter("", out).fields(raw.node, spec, "site.yaml")
        if all(name in values for name in spec.required):
            out.site = Site(**values)  # type: ignore[arg-type]
        return
    record_id_, pos = record_id(raw, out)
    owner = record_id_ or ""
    if record_id_ is not None:
        # Defined even when its fields are broken, so references to it do not cascade.
        out.defined.append((record_id_, raw.kind, pos))
        if raw.kind == "actor":
            out.aliases += alias_claims(raw, record_id_)
    converter = _Converter(owner, out)
    what = KIND_NAMES[raw.kind]
    values = converter.fields(raw.node, spec, f"{what} '{owner}'" if owner else what)
    if raw.kind == "section":
        refs = scan_references(raw.body)
        places = body_positions(raw, [ref.offset for ref in refs])
        for ref, place in zip(refs, places, strict=True):
            out.references.append(_markdown_reference(owner, ref, place))
        values["body"] = raw.body
    _check_span(raw.node, values, "date", "end", out)
    if record_id_ is None or any(name not in values for name in spec.required if name != "id"):
        return
    values["id"] = record_id_
    values["path"] = raw.path
    record = RECORD_TYPES[raw.kind](**values)
    out.records.append((record, raw.kind, pos))


def _check_span(
    node: Mapping, values: dict[str, object], first: str, last: str, out: Converted
) -> None:
    """A span's last date (an event's `end`, a relation's `until`) may not come before its first."""
    start, end = values.get(first), values.get(last)
    if not isinstance(start, PartialDate) or not isinstance(end, PartialDate):
        return
    if not span_is_ordered(start, end):
        message = f"field '{last}': {end} is before {first} {start}"
        out.diagnostics.append(Diagnostic.error(node.items[last][1].pos, message))
        del values[last]
