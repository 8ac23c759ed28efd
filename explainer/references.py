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
from functools import lru_cache
from typing import NamedTuple

from .mdblocks import segments as _segments

__all__ = [
    "CITE_RE",
    "EMBED_RE",
    "LINK_RE",
    "TextReference",
    "cite_targets",
    "code_ranges",
    "scan_references",
]


class TextReference(NamedTuple):
    """One reference found in a Markdown text (a named tuple: quick to make)."""

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

# A link or a citation (`LINK_RE`, `CITE_RE`), or else an opener that starts neither.
_OPENER_RE = re.compile(LINK_RE.pattern + "|" + CITE_RE.pattern + r"|\[[\[@]")
_new = tuple.__new__  # a named tuple made from a tuple, without its Python __new__

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
# Without these a text has no code block (no backtick or tilde fence, no four spaces in
# a row, no tab), no footnote label and no embed (whose paragraph matters): the block
# pass would only cut it into runs that the inline pass scans alike.
_BLOCK_SYNTAX = ("`", "~", "    ", "\t", "[^", "![[")
# Without these, only `[[` and `[@` start anything in an inline run.
_INLINE_SYNTAX = ("\\", "`", "<", "![[")
# Line breaks to `str.splitlines` (so to the block pass) besides "\n": in ASCII, and all.
_ASCII_BREAKS = "\r\x0b\x0c\x1c\x1d\x1e"
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def scan_references(text: str) -> list[TextReference]:
    """The references in `text`, in order, outside code."""
    if "[[" not in text and "[@" not in text:
        return []
    found: list[TextReference] = []
    # One line that opens no block (most summaries) is one paragraph. Prose without
    # code or embeds is scanned in one run too: the block pass would only cut it into
    # runs scanned alike (a reference never spans lines, so runs need no bounds).
    if ("\n" not in text and not _BLOCK_START.match(text)) or _plain_prose(text):
        if any(syntax in text for syntax in _INLINE_SYNTAX):
            _scan_inline(text, 0, len(text), True, found)
        else:
            _scan_openers(text, found)
        return found
    for start, end, paragraph in _segments(text)[1]:
        _scan_inline(text, start, end, paragraph, found)
    return found


def _plain_prose(text: str) -> bool:
    """Whether `text` has none of the block syntax that hides or places references.

    Its only line breaks must be newlines (the block pass splits lines as
    `str.splitlines` does, which also breaks at \\r, \\u2028, \\x85 and others).
    """
    if any(syntax in text for syntax in _BLOCK_SYNTAX):
        return False
    if text.isascii():  # most texts: a few searches, several times quicker than a regex
        return all(brk not in text for brk in _ASCII_BREAKS)
    return _OTHER_BREAKS.search(text) is None


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


def _scan_openers(text: str, found: list[TextReference]) -> None:
    """`_scan_inline` over a whole text that has no `_INLINE_SYNTAX`: there only `[[` and
    `[@` start a reference, and one regex finds the next and reads it as `_match_reference`
    would (a whole link or citation, or else its opener alone, to scan on from the next
    character), several times faster than a regex per opener."""
    pos = 0
    while (m := _OPENER_RE.search(text, pos)) is not None:
        at = m.start()
        pos = at + 1
        link, label, cite = m.groups()
        if link is not None:
            if target := link.strip():
                label = None if label is None else label.strip()
                found.append(_new(TextReference, ("link", target, at, label, True)))
                pos = m.end()
        elif cite is not None and (targets := cite_targets(cite)):
            found += [_new(TextReference, ("cite", target, at, None, True)) for target in targets]
            pos = m.end()


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
