"""Plain YAML to a tree of nodes that remember where they were written.

We build our own tree from PyYAML's event stream (the C parser when present)
instead of using its constructor, because the contract wants things the
constructor cannot give: positions on every key and value, duplicate keys
reported rather than overwritten, scalars kept as the text written (YAML 1.1's
`no` and `2007` stay strings until a field says what they are), and anchors,
aliases, merge keys and tags refused rather than expanded or constructed.
Refusing aliases is also what makes "billion laughs" harmless.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import yaml

from .controls import control_problem
from .diagnostics import Diagnostic, Position
from .yamlhelp import explain_parse_error

try:  # the C parser is several times faster; fall back to pure Python
    from yaml.cyaml import CParser as _Loader  # events only: no constructor, no resolver
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

MAX_DEPTH = 64
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_OPENER = re.compile(r"!?\[\[|\[@")


@dataclass(slots=True)
class SourceText:
    """A file's text and where its lines start, to turn offsets into positions."""

    path: str  # as shown
    text: str
    line_offset: int = 0  # added to every line
    file: str = ""  # the file on disk, to read it again when a problem must be placed
    front_matter: bool = False  # text is a section's front matter (a blank line, then YAML)
    _starts: list[int] = field(default_factory=list)

    def position(self, index: int) -> Position:
        if not self._starts:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        line = bisect.bisect_right(self._starts, index) - 1
        return Position(self.path, line + 1 + self.line_offset, index - self._starts[line] + 1)


@dataclass(slots=True)
class Scalar:
    value: str | None  # None for YAML null (empty, ~, null)
    line: int
    column: int
    plain: bool  # unquoted, not a block scalar
    source: SourceText
    start: int  # character span of the scalar in source.text
    end: int

    @property
    def pos(self) -> Position:
        # Made on demand: most scalars never need one, and there are a million of them.
        return Position(self.source.path, self.line, self.column)


def opener_starts(value: str) -> list[int]:
    """Where each reference opener (`[[`, `![[`, `[@`) in `value` starts, in order."""
    return [m.start() for m in _OPENER.finditer(value)]


def opener_ordinals(value: str, offsets: list[int]) -> list[int]:
    """For each offset, how many reference openers come before it.

    Folding, indentation and quoting move text around, but openers are kept
    in order, so the n-th opener in the value is the n-th in the source.
    One pass over the value, however many offsets.
    """
    starts = opener_starts(value) if offsets else []
    return [bisect.bisect_left(starts, offset) for offset in offsets]


def opener_positions(source: SourceText, start: int, end: int) -> list[Position]:
    """Positions of every reference opener in `source.text[start:end]`, in order."""
    return [source.position(m.start()) for m in _OPENER.finditer(source.text, start, end)]


def locate_opener(source: SourceText, start: int, end: int, ordinal: int) -> Position | None:
    """Position of the `ordinal`-th reference opener in `source.text[start:end]`."""
    for index, match in enumerate(_OPENER.finditer(source.text, start, end)):
        if index == ordinal:
            return source.position(match.start())
    return None


@dataclass(slots=True)
class Mapping:
    pos: Position
    items: dict[str, tuple[Scalar, Node]] = field(default_factory=dict)


@dataclass(slots=True)
class Sequence:
    pos: Position
    items: list[Node] = field(default_factory=list)


Node = Scalar | Mapping | Sequence


def _position(source: SourceText, mark: yaml.Mark) -> Position:
    return Position(source.path, mark.line + 1 + source.line_offset, mark.column + 1)


def kind_name(node: Node) -> str:
    """How a node's shape is named in messages."""
    if isinstance(node, Mapping):
        return "a mapping"
    if isinstance(node, Sequence):
        return "a list"
    return "empty" if node.value is None else f"'{node.value}'"


class _Builder:
    """Turns one document's events into nodes, collecting problems as it goes.

    A recursive descent: a mapping or list reads its own events up to its end,
    nested no deeper than MAX_DEPTH.
    """

    def __init__(self, source: SourceText, next_event: Callable[[], yaml.Event]) -> None:
        self.source = source
        self.next_event = next_event
        self.problems: list[Diagnostic] = []
        self.root: Node | None = None
        self.depth = 0
        # Only an escape in a double-quoted scalar can write a control character (the
        # reader refuses raw ones), and a file without a backslash has no escape.
        self.escapes = "\\" in source.text

    def error(self, mark: yaml.Mark, message: str) -> None:
        self.problems.append(Diagnostic.error(_position(self.source, mark), message))

    def check_node_event(self, event: yaml.NodeEvent) -> None:
        if event.anchor is not None:
            self.error(
                event.start_mark,
                f"YAML anchors (&{event.anchor}) are not allowed; write the value out in full",
            )
        tag = getattr(event, "tag", None)
        if tag is not None and tag != "!":
            shown = tag.replace("tag:yaml.org,2002:", "!!")
            self.error(event.start_mark, f"YAML tags ({shown}) are not allowed; remove the tag")

    def stream(self) -> None:
        """Read the whole stream; a second document is reported (and read, as the root)."""
        documents = 0
        while (event := self.next_event()) is not None:
            kind = type(event)  # exact types: this runs once per event, so it is kept cheap
            if kind is yaml.StreamEndEvent:
                return
            if kind is yaml.DocumentStartEvent:
                documents += 1
                if documents == 2:
                    message = "a file holds one YAML document; remove this '---'"
                    self.error(event.start_mark, message)
            elif kind is not yaml.StreamStartEvent and kind is not yaml.DocumentEndEvent:
                self.root = self.node(event)

    def node(self, event: yaml.Event) -> Node:
        kind = type(event)
        if kind is yaml.ScalarEvent:
            return self.scalar(event)
        if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
            self.check_node_event(event)
            if self.depth >= MAX_DEPTH:
                raise _TooDeep(event.start_mark)
            self.depth += 1
            pos = _position(self.source, event.start_mark)
            node = self.mapping(pos) if kind is yaml.MappingStartEvent else self.sequence(pos)
            self.depth -= 1
            return node
        # An alias: the only other node event.
        self.error(
            event.start_mark,
            f"YAML aliases (*{event.anchor}) are not allowed; write the value out in full",
        )
        pos = _position(self.source, event.start_mark)
        return Scalar(None, pos.line, pos.column, True, self.source, 0, 0)

    def scalar(self, event: yaml.ScalarEvent) -> Scalar:
        if event.anchor is not None or event.tag is not None:
            self.check_node_event(event)
        plain = not event.style
        start = event.start_mark
        if self.escapes and event.style == '"' and (bad := control_problem(event.value)):
            self.error(start, bad[1])  # only escapes can write one; the reader refuses raw
        return Scalar(
            None if plain and event.value in _NULLS else event.value,
            start.line + 1 + self.source.line_offset,
            start.column + 1,
            plain and event.tag is None,
            self.source,
            start.index,
            event.end_mark.index,
        )

    # The two loops below run once per event of a file: scalars, most events, are made
    # here without going through `node`, and a key is added without `put` when it is
    # new plain text that is no merge key.

    def sequence(self, pos: Position) -> Sequence:
        node = Sequence(pos)
        append, next_event, scalar = node.items.append, self.next_event, self.scalar
        while (kind := type(event := next_event())) is not yaml.SequenceEndEvent:
            append(scalar(event) if kind is yaml.ScalarEvent else self.node(event))
        return node

    def mapping(self, pos: Position) -> Mapping:
        node = Mapping(pos)
        items, next_event, scalar = node.items, self.next_event, self.scalar
        while (kind := type(event := next_event())) is not yaml.MappingEndEvent:
            key = scalar(event) if kind is yaml.ScalarEvent else self.node(event)
            event = next_event()
            value = scalar(event) if type(event) is yaml.ScalarEvent else self.node(event)
            name = key.value if type(key) is Scalar else None
            if name is not None and name != "<<" and name not in items:
                items[name] = (key, value)
            else:
                self.put(node, key, value)
        return node

    def put(self, parent: Mapping, key: Node, value: Node) -> None:
        """Add a key and its value, unless the key is not text, a merge key or a repeat."""
        if not isinstance(key, Scalar):
            message = "a key must be plain text, not a list or mapping"
            self.problems.append(Diagnostic.error(key.pos, message))
            return
        name = key.value if key.value is not None else ""
        if key.plain and name == "<<":
            message = "YAML merge keys (<<) are not allowed; write the keys out"
            self.problems.append(Diagnostic.error(key.pos, message))
            return
        if name in parent.items:
            first = parent.items[name][0].pos
            message = f"duplicate key '{name}' (first given at line {first.line})"
            self.problems.append(Diagnostic.error(key.pos, message))
            return
        parent.items[name] = (key, value)


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


def parse_yaml(source: SourceText) -> tuple[Node | None, list[Diagnostic]]:
    """Parse one YAML document into nodes; on malformed YAML, report where it stopped."""
    loader = _Loader(source.text)  # events are read straight from the parser
    builder = _Builder(source, loader.get_event)
    try:
        builder.stream()
    except _TooDeep as exc:
        builder.error(exc.mark, f"the YAML is nested more than {MAX_DEPTH} levels deep")
        return None, builder.problems
    except yaml.MarkedYAMLError as exc:
        place, message = explain_parse_error(source.text, exc)
        where = Position(source.path)
        if place is not None:
            where = Position(source.path, place[0] + 1 + source.line_offset, place[1] + 1)
        builder.problems.append(Diagnostic.error(where, message))
        return None, builder.problems
    except yaml.YAMLError as exc:  # e.g. a reader error: a control character
        builder.problems.append(
            Diagnostic.error(Position(source.path), f"malformed YAML: {exc}".strip())
        )
        return None, builder.problems
    finally:
        loader.dispose()
    return builder.root, builder.problems
