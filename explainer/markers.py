"""A record's own list of sources, minus those its text already cites: one marker, not two.

An event's summary may cite `[@article]` and the event also list `article` in
its `sources`; the page shows the summary's marker and, after it, markers only
for the sources the text did not cite.
"""

from __future__ import annotations

from collections.abc import Iterable

from .references import scan_references


def cited_in(text: str | None) -> set[str]:
    """The source ids that `text` cites with `[@id]`."""
    if not text:
        return set()
    return {ref.target for ref in scan_references(text) if ref.kind == "cite"}


def still_uncited(text: str | None, source_ids: Iterable[str]) -> list[str]:
    """`source_ids` in order, without those `text` already cites."""
    done = cited_in(text)
    return [s for s in source_ids if s not in done]
