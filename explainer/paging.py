"""Lists split into parts of at most `PAGE_SIZE` entries, so every page stays readable.

A list of up to `PAGE_SIZE` entries is one page, as it always was. A longer one
gets an overview page that links every part, and numbered parts with previous
and next links: the timeline by year (`timeline/2024/`, then `timeline/2024/2/`
...), actors by kind (`actors/kinds/person/`, `actors/kinds/person/2/`), quotes
and sources in numbered pages (`quotes/page/2/`), events by tag (`tags/<tag>/`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .urls import page_path

PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class Part:
    """One part of a paged list: its number (from 1), page path and entries' range."""

    number: int
    path: str
    start: int
    end: int


def part_count(entries: int) -> int:
    return max(1, -(-entries // PAGE_SIZE))


def is_paged(entries: int) -> bool:
    return entries > PAGE_SIZE


def parts(entries: int, first: str, folder: str) -> list[Part]:
    """The parts of a list of `entries` entries: part 1 at `first/`, part N at `folder/N/`."""
    return [
        Part(
            n,
            page_path(first) if n == 1 else page_path(folder, str(n)),
            (n - 1) * PAGE_SIZE,
            min(n * PAGE_SIZE, entries),
        )
        for n in range(1, part_count(entries) + 1)
    ]


@dataclass(frozen=True, slots=True)
class Pager:
    """Links from one part to its neighbours and to the overview, for templates."""

    overview: str
    previous: str | None
    next: str | None
    label: str  # "2 of 5"


def pager(paths: list[str], at: int, overview: str) -> Pager:
    """The pager of `paths[at]` among `paths`, the list's parts in reading order."""
    previous = paths[at - 1] if at > 0 else None
    following = paths[at + 1] if at + 1 < len(paths) else None
    return Pager(overview, previous, following, f"{at + 1} of {len(paths)}")
