"""Markdown rendering kept linear and bounded, whatever the text: heading ids and tables.

- Heading ids: a section of 20,000 headings with the same text must not try
  `same`, `same-2`, ... `same-20000` for the last one. `Anchors` remembers each
  base id's next suffix, so each heading costs a step or two.
- Tables: markdown-it makes several token objects per cell, about 0.7 KB each,
  so a 2 MB table of 5,000 columns took 1.5 GB. A table of more than
  `MAX_TABLE_CELLS` cells is not made a table: it is shown as its text.
- Length: every block costs tokens too (1 MB of short paragraphs took 0.6 GB to
  render), so a Markdown text longer than `MAX_MARKDOWN_CHARS` is a content
  error found by `check`, and the memory a page takes stays bounded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it.rules_block import StateBlock

MAX_TABLE_CELLS = 20_000  # far beyond any table a reader can use; about 15 MB of tokens
MAX_MARKDOWN_CHARS = 1_000_000  # a book's length; an explainer's section is a few thousand


def too_long(text: str) -> str | None:
    """The problem with a Markdown text too long to render, or None."""
    if len(text) <= MAX_MARKDOWN_CHARS:
        return None
    return (
        f"this Markdown is {len(text):,} characters long; at most {MAX_MARKDOWN_CHARS:,} "
        "are rendered in one text: split it (into several sections, for a section)"
    )


class Anchors:
    """Unique heading ids within one render."""

    def __init__(self) -> None:
        self.used: set[str] = set()
        self.next: dict[str, int] = {}  # base id -> the suffix to try next
        self.steps = 0  # ids tried, for the tests' counting hook

    def make(self, base: str) -> str:
        """`base`, or `base-2`, `base-3` ...: the first not used yet."""
        n = self.next.get(base, 1)
        anchor = base if n == 1 else f"{base}-{n}"
        self.steps += 1
        while anchor in self.used:
            n += 1
            anchor = f"{base}-{n}"
            self.steps += 1
        self.next[base] = n  # all below are taken, and ids are never freed
        self.used.add(anchor)
        return anchor


def bounded_table(state: StateBlock, start: int, end: int, silent: bool) -> bool:
    """markdown-it's table rule, refusing a table of more than `MAX_TABLE_CELLS` cells."""
    from markdown_it.rules_block import table as _table  # here: `load` imports this module

    if not _table(state, start, end, True):
        return False
    if silent:
        return True
    if _cells_at_least(state, start, end, MAX_TABLE_CELLS + 1):
        return False  # the lines stay a paragraph of text
    return _table(state, start, end, False)


def _cells_at_least(state: StateBlock, start: int, end: int, limit: int) -> bool:
    """Whether the table starting at `start` has at least `limit` cells (roughly counted)."""
    header = state.src[state.bMarks[start] + state.tShift[start] : state.eMarks[start]]
    columns = max(1, header.strip().strip("|").count("|") + 1)
    cells, line = 0, start
    while line < end and cells < limit:
        if state.isEmpty(line):
            break
        cells += columns
        line += 1
    return cells >= limit
