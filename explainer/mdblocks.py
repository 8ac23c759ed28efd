"""Where a Markdown text's code blocks and paragraphs are: a line pass over its blocks.

CommonMark's container rules, simplified (see `references` for the known gaps):
block quotes, list items and footnotes open containers; fenced and indented code
blocks are code; everything else is paragraphs and headings, which
`references` scans for `[[id]]`, `![[id]]` and `[@id]`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_QUOTE_RE = re.compile(r" {0,3}> ?")
_ITEM_RE = re.compile(r" {0,3}([-+*]|(\d{1,9})[.)])(?=[ \t]|$)")
_FOOTNOTE_RE = re.compile(r" {0,3}\[\^[^\]\s]+\]:")
_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_ATX_RE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_BREAK_RE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT_RE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")


# -- block pass ----------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """One line being matched against the open containers."""

    text: str
    start: int  # offset of the line in the whole text
    pos: int  # offset in `text` of what is not yet consumed
    col: int  # column of `pos`, tabs expanded

    def rest(self) -> str:
        return self.text[self.pos :]

    def indent(self) -> tuple[int, int]:
        """(columns, characters) of white space at `pos`."""
        col, pos = self.col, self.pos
        while pos < len(self.text) and self.text[pos] in " \t":
            col = col + 4 - col % 4 if self.text[pos] == "\t" else col + 1
            pos += 1
        return col - self.col, pos - self.pos

    def skip(self, columns: int) -> None:
        """Consume up to `columns` columns of indentation."""
        target = self.col + columns
        while self.col < target and self.pos < len(self.text) and self.text[self.pos] in " \t":
            self.col = self.col + 4 - self.col % 4 if self.text[self.pos] == "\t" else self.col + 1
            self.pos += 1

    def take(self, chars: int) -> None:
        """Consume `chars` characters that hold no tabs."""
        self.pos += chars
        self.col += chars


@dataclass(slots=True)
class _Blocks:
    """The state of the line pass."""

    containers: list[int]  # -1 for a block quote, else a list item's content indent
    code: list[tuple[int, int]]
    segments: list[tuple[int, int, bool]]  # inline runs: start, end, is a paragraph
    fence: tuple[str, int, int] | None = None  # char, length, indent of an open fence
    fence_start: int = 0
    indented_start: int | None = None  # offset where an open indented code block began
    indented_end: int = 0
    para_start: int | None = None
    para_end: int = 0
    empty_item: bool = False  # the innermost container is a list item with no content yet


def segments(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, bool]]]:
    """Code blocks, and the inline runs (paragraphs and headings), of `text`."""
    state = _Blocks([], [], [])
    offset = 0
    for raw in text.splitlines(keepends=True):
        line = raw.rstrip("\r\n")
        _feed(state, _Line(line, offset, 0, 0))
        offset += len(raw)
    _close_fence(state, offset)
    _close_indented(state)
    _close_paragraph(state)
    return state.code, state.segments


def _feed(state: _Blocks, line: _Line) -> None:
    """Advance the line pass by one line."""
    matched = _match_containers(state.containers, line)
    if state.fence is not None:
        if matched == len(state.containers):
            _fence_line(state, line)
            return
        _close_fence(state, line.start)
    if matched < len(state.containers):
        quote = state.containers[matched] < 0
        if state.para_start is not None and not _starts_block(line.rest(), quote):
            state.para_end = line.start + len(line.text)  # a lazy continuation line
            return
        del state.containers[matched:]
        state.empty_item = False
        _close_paragraph(state)
        _close_indented(state)
    opened = _open_containers(state, line)
    if opened:
        _close_paragraph(state)
        _close_indented(state)
    _leaf(state, line, opened)


def _match_containers(containers: list[int], line: _Line) -> int:
    """How many of the open containers `line` continues."""
    for count, indent in enumerate(containers):
        if indent < 0:
            m = _QUOTE_RE.match(line.text, line.pos)
            if m is None:
                return count
            line.take(m.end() - line.pos)
        elif line.rest().strip():
            if line.indent()[0] < indent:
                return count
            line.skip(indent)
    return len(containers)


def _open_containers(state: _Blocks, line: _Line) -> bool:
    """Open the block quotes, list items and footnotes that `line` starts."""
    opened = False
    while True:
        rest = line.rest()
        if _BREAK_RE.match(rest) or (state.para_start is not None and _SETEXT_RE.match(rest)):
            return opened
        if m := _QUOTE_RE.match(rest):
            state.containers.append(-1)
            line.take(m.end())
        elif (width := _item_width(line, state.para_start is not None and not opened)) is not None:
            state.containers.append(width)
            # a footnote, unlike a list item, may start with several blank lines
            state.empty_item = not line.rest().strip() and not _FOOTNOTE_RE.match(rest)
        else:
            return opened
        opened = True


def _item_width(line: _Line, in_paragraph: bool) -> int | None:
    """Consume a list item or footnote marker; its content indent, or None if none."""
    rest = line.rest()
    if m := _FOOTNOTE_RE.match(rest):
        line.take(m.end())
        line.skip(4)  # the content is indented by 4 more columns than the marker
        return 4
    m = _ITEM_RE.match(rest)
    if m is None:
        return None
    empty = not rest[m.end() :].strip()
    if in_paragraph and (empty or m[2] not in (None, "1")):
        return None  # this item may not interrupt a paragraph
    lead, _ = line.indent()
    start_col = line.col
    line.skip(lead)
    line.take(len(m[1]))
    spaces, _ = line.indent()
    if empty or spaces >= 5:
        line.skip(1)
    else:
        line.skip(spaces)
    return line.col - start_col


def _starts_block(rest: str, quote: bool) -> bool:
    """Whether `rest` ends a paragraph rather than continue it lazily.

    markdown-it ends a block quote on any list item, but a list item's paragraph
    only on one that may interrupt a paragraph, or on a footnote.
    """
    if not rest.strip():
        return True
    if _QUOTE_RE.match(rest) or _fence(rest) or _ATX_RE.match(rest):
        return True
    if _BREAK_RE.match(rest):
        return True
    if m := _ITEM_RE.match(rest):
        return quote or (bool(rest[m.end() :].strip()) and m[2] in (None, "1"))
    return not quote and _FOOTNOTE_RE.match(rest) is not None


def _leaf(state: _Blocks, line: _Line, opened: bool) -> None:
    """Handle what is left of a line once its containers are consumed."""
    rest = line.rest()
    end = line.start + len(line.text)
    if not rest.strip():
        _close_paragraph(state)
        if state.empty_item and not opened and state.containers:
            state.containers.pop()  # a list item may begin with one blank line only
        state.empty_item = opened and state.empty_item
        return
    state.empty_item = False
    columns, chars = line.indent()
    if columns >= 4 and state.para_start is None:
        if state.indented_start is None:
            state.indented_start = line.start + line.pos
        state.indented_end = end
        return
    _close_indented(state)
    content = line.start + line.pos + chars
    if m := _fence(rest):
        _close_paragraph(state)
        state.fence = (m[1][0], len(m[1]), columns)
        state.fence_start = line.start + line.pos
    elif _ATX_RE.match(rest):
        _close_paragraph(state)
        state.segments.append((content, end, False))
    elif state.para_start is not None and _SETEXT_RE.match(rest):
        state.segments.append((state.para_start, state.para_end, False))
        state.para_start = None
    elif _BREAK_RE.match(rest):
        _close_paragraph(state)
    elif state.para_start is None:
        state.para_start, state.para_end = content, end
    else:
        state.para_end = end


def _fence(rest: str) -> re.Match[str] | None:
    """The opening fence at the start of `rest`, if any."""
    m = _FENCE_RE.match(rest)
    return None if m is None or (m[1][0] == "`" and "`" in m[2]) else m


def _fence_line(state: _Blocks, line: _Line) -> None:
    """A line inside an open fence: code, or the closing fence."""
    assert state.fence is not None
    char, length, indent = state.fence
    line.skip(indent)
    m = _FENCE_RE.match(line.rest())
    if m and m[1][0] == char and len(m[1]) >= length and not m[2].strip():
        _close_fence(state, line.start + len(line.text))


def _close_fence(state: _Blocks, end: int) -> None:
    if state.fence is not None:
        state.code.append((state.fence_start, end))
        state.fence = None


def _close_indented(state: _Blocks) -> None:
    if state.indented_start is not None:
        state.code.append((state.indented_start, state.indented_end))
        state.indented_start = None


def _close_paragraph(state: _Blocks) -> None:
    if state.para_start is not None:
        state.segments.append((state.para_start, state.para_end, True))
        state.para_start = None
