"""A quick reader for the plain YAML that nearly every record is written in.

Reading a file through PyYAML's parser events (`yamltree.parse_yaml`) is about half
of converting it. Records are mostly written in a small part of YAML: block mappings
with plain keys, block lists, one-line plain and quoted values, `|` and `>` blocks
and one-line lists of words (`[a, b]`). `read_yaml` reads a file written only in
that part straight from its lines, into the very nodes (values, positions, spans)
`parse_yaml` builds; at anything else it is not sure of (comments, tabs, escapes,
values over several lines, anchors, tags, repeated keys, malformed YAML ...) it
stops and the file is read by `parse_yaml`, so every message about the YAML
itself still comes from there. `tests/test_plainyaml.py` reads every file both
ways and compares the nodes.
"""

from __future__ import annotations

import re
from itertools import accumulate

from .diagnostics import Diagnostic, Position
from .yamltree import Mapping, Node, Scalar, Sequence, SourceText, parse_yaml

# Characters read as they are: printable, and no line break but "\n" (YAML 1.1 also
# breaks lines at U+0085, U+2028 and U+2029); no tab, no byte order mark.
_UNSURE_TEXT = re.compile(
    "[^\n\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_ASCII_CONTROLS = bytes([*range(0x0A), *range(0x0B, 0x20), 0x7F])  # all but "\n"
# A plain key (YAML looks no further than 1,024 characters for its colon), then ": " or the end.
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]{0,99}):(?: +|$)")
# A plain value on one line (most of it: see `one_line`).
_PLAIN_LINE = re.compile(r'([^-?:,\[\]{}#&*!|>\'"%@` ][^\n]*?) *$')
_BLOCK_HEADER = re.compile(r"[|>][-+]? *")
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9_./-]*(?: [A-Za-z0-9_./-]+)*")  # a list item in [ ]
_COMMA = re.compile(r" *, *")
_NOT_PLAIN_START = frozenset("-?:,[]{}#&*!|>'\"%@`")  # YAML indicators
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
MAX_DEPTH = 32  # nested blocks; deeper files are read by `parse_yaml`


class _Unsure(Exception):
    """The text is outside the part of YAML read here: `parse_yaml` reads it."""


def read_yaml(source: SourceText) -> tuple[Node | None, list[Diagnostic]]:
    """`parse_yaml(source)`, read quickly when the text is plain enough."""
    text = source.text
    if text.endswith("\n") and _plain_characters(text):
        try:
            return _Reader(source).document(), []
        except _Unsure:
            pass
    return parse_yaml(source)


def _plain_characters(text: str) -> bool:
    """Whether every character of `text` is one read as it is (`_UNSURE_TEXT`)."""
    if text.isascii():  # most texts: a quicker test
        data = text.encode("ascii")
        return len(data.translate(None, _ASCII_CONTROLS)) == len(data)
    return not _UNSURE_TEXT.search(text)


class _Reader:
    """Reads one document line by line; `self.at` is the line being read (-1: none left),
    `self.column` where its content starts."""

    def __init__(self, source: SourceText) -> None:
        self.source = source
        self.lines = source.text.split("\n")[:-1]  # the text ends with "\n"
        # Where each line starts in the text, less its number (each line's "\n").
        self.starts = list(accumulate(map(len, self.lines), initial=0))
        self.at = -1
        self.column = 0
        self.depth = 0

    def document(self) -> Node:
        self.next_line()
        if self.at < 0 or self.column != 0:
            raise _Unsure
        root = self.block(0)
        if self.at >= 0:  # something after the root node, less indented than it
            raise _Unsure
        return root

    def next_line(self) -> None:
        """Move to the next line that is not blank; a comment line is not read here."""
        lines, number = self.lines, self.at + 1
        while number < len(lines):
            line = lines[number]
            content = line.lstrip(" ")
            if content:
                if content[0] == "#":
                    raise _Unsure
                self.at, self.column = number, len(line) - len(content)
                return
            number += 1
        self.at = -1

    def position(self, line: int, column: int) -> Position:
        return Position(self.source.path, line + 1 + self.source.line_offset, column + 1)

    def scalar(self, value: str | None, column: int, length: int, plain: bool) -> Scalar:
        """A scalar written on the current line from `column`, `length` characters long."""
        start = self.starts[self.at] + self.at + column
        line = self.at + 1 + self.source.line_offset
        return Scalar(value, line, column + 1, plain, self.source, start, start + length)

    def block(self, indent: int) -> Node:
        """The list or mapping whose first line is the current one, at `indent`."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _Unsure
        line = self.lines[self.at]
        if line.startswith("-", indent):
            node: Node = self.sequence(indent, nested=False)
        elif _KEY.match(line, indent):
            node = self.mapping(indent)
        else:
            raise _Unsure
        self.depth -= 1
        return node

    def mapping(self, indent: int) -> Mapping:
        node = Mapping(self.position(self.at, indent))
        items, lines, source, starts = node.items, self.lines, self.source, self.starts
        while True:
            at = self.at
            key = _KEY.match(lines[at], self.column)
            if key is None:
                raise _Unsure
            name = key[1]
            if name in items or name in _NULLS:
                raise _Unsure  # a repeated key is reported by `parse_yaml`
            start = starts[at] + at + indent
            line = at + 1 + source.line_offset
            name_node = Scalar(name, line, indent + 1, True, source, start, start + len(name))
            one = self.one_line(lines[at], key.end())  # most values
            items[name] = (name_node, self.value(indent, key) if one is None else one)
            if self.at < 0 or self.column < indent:
                return node
            if self.column > indent:
                raise _Unsure

    def value(self, indent: int, key: re.Match[str]) -> Node:
        """A key's value: on its line, or the block below it, or empty."""
        line, colon = self.lines[self.at], key.start() + len(key[1]) + 1
        if key.end() < len(line):
            return self.inline(line, key.end(), indent)
        empty = self.scalar(None, colon, 0, True)
        self.next_line()
        if self.at < 0 or self.column < indent:
            return empty
        starts_list = self.lines[self.at].startswith("-", self.column)
        if self.column == indent:  # the next key, or a list not indented under its key
            return self.sequence(indent, nested=True) if starts_list else empty
        return self.block(self.column)

    def sequence(self, indent: int, nested: bool) -> Sequence:
        """A block list at `indent`; `nested`: a mapping's value written at the key's indent."""
        node = Sequence(self.position(self.at, indent))
        append = node.items.append
        while True:
            line = self.lines[self.at]
            if not line.startswith("- ", indent):
                if nested and not line.startswith("-", indent):
                    return node  # the next key of the mapping holding the list
                raise _Unsure
            content = indent + 2
            while content < len(line) and line[content] == " ":
                content += 1
            if content == len(line) or line.startswith("-", content):
                raise _Unsure  # a block below the dash, or a list in a list
            if _KEY.match(line, content):
                self.column = content
                append(self.block(content))
            elif (one := self.one_line(line, content)) is not None:
                append(one)
            else:
                append(self.inline(line, content, indent))
            if self.at < 0 or self.column < indent:
                return node
            if self.column > indent:
                raise _Unsure

    def one_line(self, line: str, column: int) -> Scalar | None:
        """A value on one line from `column`, double-quoted without escapes or plain (most
        values), then on to the next line; None for any other value."""
        if line.startswith('"', column):  # found with `str.find`: quicker than a regex
            close = line.find('"', column + 1)
            value = line[column + 1 : close]
            if close < 0 or "\\" in value or line[close + 1 :].strip(" "):
                return None  # on several lines, with escapes, or followed by more
            node = self.scalar(value, column, close + 1 - column, False)
        elif plain := _PLAIN_LINE.match(line, column):
            text = plain[1]
            if ": " in text or " #" in text or text[-1] == ":":
                raise _Unsure
            node = self.scalar(None if text in _NULLS else text, column, len(text), True)
        else:
            return None
        self.next_line()
        return node

    def inline(self, line: str, column: int, indent: int) -> Node:
        """A value that starts on its line at `column`; then on to the next line."""
        first = line[column]
        if first == "|" or first == ">":
            return self.block_scalar(line, column, indent)
        if first == "[":
            node: Node = self.flow_list(line, column)
        elif first == '"':  # `one_line` read every double-quoted value read here
            raise _Unsure
        elif first == "'":
            node = self.single_quoted(line, column)
        elif first in _NOT_PLAIN_START:
            raise _Unsure
        else:
            value = line[column:].rstrip(" ")
            if ": " in value or " #" in value or value.endswith(":"):
                raise _Unsure
            node = self.scalar(None if value in _NULLS else value, column, len(value), True)
        self.next_line()
        return node

    def single_quoted(self, line: str, column: int) -> Scalar:
        close = column
        while True:
            close = line.find("'", close + 1)
            if close < 0:
                raise _Unsure  # on several lines
            if not line.startswith("''", close):
                break
            close += 1
        if line[close + 1 :].strip(" "):
            raise _Unsure
        value = line[column + 1 : close].replace("''", "'")
        return self.scalar(value, column, close + 1 - column, False)

    def flow_list(self, line: str, column: int) -> Sequence:
        """A one-line list of words: `[a, b-c, 2024]`."""
        node = Sequence(self.position(self.at, column))
        at = column + 1
        while at < len(line) and line[at] == " ":
            at += 1
        while not line.startswith("]", at):
            word = _WORD.match(line, at)
            if word is None:
                raise _Unsure
            value = word[0]
            node.items.append(self.scalar(None if value in _NULLS else value, at, len(value), True))
            at = word.end()
            if line.startswith(",", at) or line.startswith(" ", at):
                comma = _COMMA.match(line, at)
                if comma is None or line.startswith("]", comma.end()):
                    raise _Unsure  # a trailing comma
                at = comma.end()
        if line[at + 1 :].strip(" "):
            raise _Unsure
        return node

    def block_scalar(self, line: str, column: int, indent: int) -> Scalar:
        """A `|` or `>` block: its lines, more indented than `indent`, up to a less indented
        line; its span runs to that line (blank lines included)."""
        header = _BLOCK_HEADER.match(line, column)
        if header is None or header.end() != len(line):
            raise _Unsure  # an indentation indicator or a comment
        start = self.at
        lines, stop = self.block_lines(indent, line[column] == ">")
        value = _folded(lines) if line[column] == ">" else "\n".join(lines)
        chomp = line[column + 1 : column + 2]
        if chomp != "-":
            value += "\n" * (1 + (stop - start - 1 - len(lines) if chomp == "+" else 0))
        self.at = start
        end = self.starts[stop] + stop if stop < len(self.lines) else len(self.source.text)
        node = self.scalar(value, column, end - self.starts[start] - start - column, False)
        self.at = stop - 1
        self.next_line()
        return node

    def block_lines(self, indent: int, folded: bool) -> tuple[list[str], int]:
        """The content lines of the block starting below the current line (trailing blank
        lines left out), and the number of the first line after it."""
        lines, number = self.lines, self.at + 1
        first = lines[number] if number < len(lines) else ""
        body = len(first) - len(first.lstrip(" "))  # the block's indent
        if body <= indent or body == len(first):
            raise _Unsure  # empty, or it starts with a blank line
        found: list[str] = []
        kept = 0  # lines in `found` up to its last that is not blank
        indentation = " " * body
        while number < len(lines):
            line = lines[number]
            if not line.strip(" "):  # blank
                if len(line) > body:
                    raise _Unsure  # spaces past the block's indent
                found.append("")
            elif line.startswith(indentation):
                content = line[body:]
                if folded and content.startswith(" "):
                    raise _Unsure  # a more indented line in a folded block
                found.append(content)
                kept = len(found)
            else:
                break
            number += 1
        return found[:kept], number


def _folded(lines: list[str]) -> str:
    """A folded block's lines joined: a line break between two lines becomes a space,
    and each blank line between them a line break."""
    parts: list[str] = []
    for line in lines:
        if not line:
            parts.append("\n")
        elif parts and parts[-1] != "\n":
            parts.append(" " + line)
        else:
            parts.append(line)
    return "".join(parts)
