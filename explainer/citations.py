"""Per-page citation numbers, and the names `[[id]]` links show.

Citations are numbered per page in order of first use. Each marker links to
the page's list of sources (`#s_N`), and each entry of that list links back
to every place it was cited (`#c_N_K`, the K-th use of source N). The ids are
short because a list page holds hundreds of them; the `_` keeps them apart
from record ids, which are slugs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from .view import View


def display_name(view: View, record_id: str) -> str:
    """The text a `[[id]]` link shows: name, title, or a quote's speaker and date."""
    kind = view.kind(record_id)
    record = view.record(record_id)
    if kind == "actor":
        return record.name  # type: ignore[union-attr]
    if kind == "quote":
        speaker = view.actor(record.speaker).name  # type: ignore[union-attr]
        return f"{speaker}, {record.date.human()}"  # type: ignore[union-attr]
    return record.title  # type: ignore[union-attr]


class Citation(NamedTuple):
    """One numbered source on a page and how many markers cite it (a named tuple: every
    page makes one for each source it cites, and a frozen dataclass is slower to make)."""

    number: int
    source_id: str
    count: int = 0
    # The ids of the markers that cite it, in page order: made once, because a
    # template may read `c.uses | length` once per use (30,000 uses: 900 million ids).
    uses: tuple[str, ...] = ()

    @classmethod
    def of(cls, number: int, source_id: str, count: int) -> Citation:
        if count == 1:  # nearly every citation: made without a loop
            return cls(number, source_id, 1, (f"c_{number}_1",))
        uses = tuple([f"c_{number}_{k}" for k in range(1, count + 1)])
        return cls(number, source_id, count, uses)

    def numbered_uses(self) -> list[tuple[int, str]]:
        """(K, marker id) of each use, for back-links numbered without Jinja's `loop`: a
        `loop` in the inner loop gives the list's loop Jinja's slower loop object too."""
        return list(enumerate(self.uses, 1))


class Citations:
    """The citation numbering of one page, as its markers are made in page order."""

    __slots__ = ("_counts", "_numbers")

    def __init__(self) -> None:
        self._numbers: dict[str, int] = {}
        self._counts: dict[str, int] = {}

    def markers(self, source_ids: Sequence[str]) -> str:
        """Numbered markers `[1, 2]` for these sources, numbering new ones."""
        if len(source_ids) == 1:  # most citations: without the group's sorting
            return f"<sup>[{self._marker(source_ids[0])[1]}]</sup>"
        links = sorted(map(self._marker, dict.fromkeys(source_ids)))  # ascending numbers
        return f"<sup>[{', '.join(link for _, link in links)}]</sup>"

    def _marker(self, source_id: str) -> tuple[int, str]:
        """This use of `source_id`: its number on the page (numbered on its first use), and
        the marker's link, `#s_N` with id `c_N_K` (the K-th use)."""
        numbers, counts = self._numbers, self._counts
        n = numbers.get(source_id)
        if n is None:
            n = numbers[source_id] = len(numbers) + 1
        k = counts[source_id] = counts.get(source_id, 0) + 1
        return n, f'<a href="#s_{n}" id="c_{n}_{k}" aria-label="source {n}">{n}</a>'

    def listed(self) -> list[Citation]:
        """The sources cited so far, in number order."""
        counts = self._counts
        return [
            Citation.of(n, source_id, counts[source_id]) for source_id, n in self._numbers.items()
        ]
