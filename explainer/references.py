"""Find `[[id]]`, `[[id|text]]`, `![[id]]` and `[@a; @b]` references in Markdown, fast.

`check` runs this on every Markdown string, so it avoids a full parser: a line pass
finds code blocks, paragraphs and headings (CommonMark's container rules, simplified),
then one regex walks each paragraph left to right, stepping over code spans, escapes
and autolinks. `explainer.markdown` renders with markdown-it-py and must call its
resolver with the same references in the same order; its tests check that.

Known gaps, where the scanner and markdown-it may differ (none arise in ordinary prose):

- table cells are not split: a code span that crosses a `|` cell boundary is still
  a code span here (the renderer protects the `|` of `[[id|text]]` itself, so that
  one form works in tables);
- link reference definitions (`[x]: /url "title"`) and inline link destinations and
  titles are scanned as text, so a reference written inside a URL or link title is
  reported but not rendered;
- `![[id|text]](url)` is an image to markdown-it, a `!` and a link here;
- tabs inside container indentation are approximated to 4-column stops.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "CITE_RE",
    "EMBED_RE",
    "LINK_RE",
    "TextReference",
    "cite_targets",
    "code_ranges",
    "scan_references",
]


@dataclass(frozen=True, slots=True)
class TextReference:
    """One reference found in a Markdown text."""

    kind: str  # "link", "embed" or "cite"
    target: str  # the id as written, stripped
    offset: int  # offset of the "[[", "![[" or "[@" in the text
    label: str | None = None  # the text of [[id|text]]
    alone: bool = True  # embeds: the only thing in its paragraph


# The reference syntax, shared with the renderer so both read the same forms.
# `\|` also separates target and text, which is how a table cell writes a pipe.
LINK_RE = re.compile(r"\[\[([^\[\]|\n]*?)(?:\\?\|([^\[\]\n]*))?\]\]")
EMBED_RE = re.compile(r"!\[\[([^\[\]|\n]*)\]\]")
CITE_RE = re.compile(r"\[@([^\[\]\n]*)\]")

# Everything markdown-it treats atomically, leftmost first: an escape, a backtick
# run, an autolink (only with a scheme the renderer accepts; others are text), or
# the start of a reference. The leading lookahead lets `re` skip plain text quickly.
_INLINE_RE = re.compile(
    r"(?=[\\`<!\[])"
    r"(?:\\[!-/:-@\[-`{-~]"
    r"|(?P<ticks>`+)"
    r"|<(?:[Hh][Tt][Tt][Pp][Ss]?|[Mm][Aa][Ii][Ll][Tt][Oo]):[^<>\x00-\x20]*>"
    r"|<[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
    r"(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*>"
    r"|(?P<ref>!?\[\[|\[@))"
)

# A line starting with any of these may open a block other than a paragraph.
_BLOCK_START = re.compile(r"[\s#>*+\-_=~`|:\d]|\[\^")
_QUOTE_RE = re.compile(r" {0,3}> ?")
_ITEM_RE = re.compile(r" {0,3}([-+*]|(\d{1,9})[.)])(?=[ \t]|$)")
_FOOTNOTE_RE = re.compile(r" {0,3}\[\^[^\]\s]+\]:")
_FENCE_RE = re.compile(r" {0,3}(`{3,}|~{3,})(.*)")
_ATX_RE = re.compile(r" {0,3}#{1,6}(?:[ \t]|$)")
_BREAK_RE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT_RE = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")


def scan_references(text: str) -> list[TextReference]:
    """The references in `text`, in order, outside code."""
    if "[[" not in text and "[@" not in text:
        return []
    found: list[TextReference] = []
    if "\n" not in text and not _BLOCK_START.match(text):
        # One line that opens no block (most summaries): it is one paragraph.
        _scan_inline(text, 0, len(text), True, found)
        return found
    for start, end, paragraph in _segments(text)[1]:
        _scan_inline(text, start, end, paragraph, found)
    return found


def code_ranges(text: str) -> list[tuple[int, int]]:
    """[start, end) offsets of code blocks and code spans, in order."""
    blocks, segments = _segments(text)
    spans = [span for start, end, _ in segments for span in _code_spans(text, start, end)]
    return sorted(blocks + spans)


def cite_targets(inner: str) -> list[str]:
    """The ids of a citation, given what follows its "[@": "a; @b" gives ["a", "b"]."""
    parts = ("@" + inner).split(";")
    return [t for t in (p.strip().removeprefix("@").strip() for p in parts) if t]


# -- inline pass ---------------------------------------------------------------


def _scan_inline(
    text: str, start: int, end: int, paragraph: bool, found: list[TextReference]
) -> None:
    """Append the references between `start` and `end` (one inline run) to `found`."""
    pos = start
    unclosed: set[int] = set()
    while (m := _INLINE_RE.search(text, pos, end)) is not None:
        pos = m.end()
        if m.lastgroup == "ticks":
            pos = _skip_code_span(text, m, end, unclosed)
        elif m.lastgroup == "ref":
            ref, ref_end = _match_reference(text, m.start(), end, paragraph, start)
            if ref:
                found.extend(ref)
                pos = ref_end
            else:
                pos = m.start() + 1


def _match_reference(
    text: str, at: int, end: int, paragraph: bool, start: int
) -> tuple[list[TextReference], int]:
    """The reference(s) starting at `at`, and where they end; ([], at) if none."""
    char = text[at]
    if char == "!" and (m := EMBED_RE.match(text, at, end)) and m[1].strip():
        alone = paragraph and not text[start:at].strip() and not text[m.end() : end].strip()
        return [TextReference("embed", m[1].strip(), at, alone=alone)], m.end()
    if char == "!":
        at += 1  # "![[" that is no embed: the "[[" may still be a link
    if text.startswith("[[", at):
        if (m := LINK_RE.match(text, at, end)) and m[1].strip():
            label = None if m[2] is None else m[2].strip()
            return [TextReference("link", m[1].strip(), at, label)], m.end()
        return [], at
    if (m := CITE_RE.match(text, at, end)) and (targets := cite_targets(m[1])):
        return [TextReference("cite", t, at) for t in targets], m.end()
    return [], at


def _skip_code_span(text: str, m: re.Match[str], end: int, unclosed: set[int]) -> int:
    """Where scanning resumes after the backtick run `m`: past its code span, if closed."""
    close = _closing_span(text, m, end, unclosed)
    return m.end() if close is None else close[1]


def _closing_span(
    text: str, m: re.Match[str], end: int, unclosed: set[int]
) -> tuple[int, int] | None:
    """The run closing the code span opened by `m`, or None.

    `unclosed` remembers run lengths with no closer left, so a line of many
    unmatched runs stays linear (markdown-it keeps the same cache).
    """
    width = m.end() - m.start()
    if width in unclosed:
        return None
    closing = _closing_run(width).search(text, m.end(), end)
    if closing is None:
        unclosed.add(width)
        return None
    return closing.span()


@lru_cache(maxsize=64)
def _closing_run(width: int) -> re.Pattern[str]:
    return re.compile(rf"(?<!`)`{{{width}}}(?!`)")


def _code_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """[start, end) of the code spans in one inline run."""
    spans: list[tuple[int, int]] = []
    pos = start
    unclosed: set[int] = set()
    while (m := _INLINE_RE.search(text, pos, end)) is not None:
        pos = m.end()
        if m.lastgroup == "ticks" and (close := _closing_span(text, m, end, unclosed)):
            spans.append((m.start(), close[1]))
            pos = close[1]
    return spans


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


def _segments(text: str) -> tuple[list[tuple[int, int]], list[tuple[int, int, bool]]]:
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
