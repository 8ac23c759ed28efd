"""The page plan: every page a site has, as cheap specs, and the check that no two share a path.

A `PageSpec` names a page kind (a function in `page_kinds.PAGE_KINDS`) and its
key (a record id, an alias, ...). `plan_pages` reads the explainer through the
view only, like a page does, so what the plan depends on can be recorded too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .paging import is_paged, parts
from .record_lists import RECORD_LISTS, record_list_pages
from .urls import page_path

if TYPE_CHECKING:
    from .view import View

FEED = "feed.xml"
SITEMAP = "sitemap.xml"
NOT_FOUND = "404.html"
ROBOTS = "robots.txt"
STATIC = "static"
# Page kinds that are not listed in the sitemap.
UNLISTED = frozenset(
    {"alias", "not-found", "feed", "sitemap", "sitemap-index", "robots", "corrections-feed"}
)
SITEMAP_SIZE = 50_000  # URLs in one sitemap file, the protocol's limit
# The kinds of records with lists of their own (`record_lists.RECORD_LISTS`), and their order.
RECORD_ORDERS = (
    ("actor", "actors"),
    ("event", "events"),
    ("quote", "quotes"),
    ("section", "sections"),
)


@dataclass(frozen=True, slots=True, order=True)
class PageSpec:
    """One page to render: its output path, its kind and what it shows (a record id ...)."""

    path: str
    kind: str
    key: str = ""
    part: int = 0  # the part's number (from 1) of a paged list; 0 otherwise


def _fixed_pages() -> list[PageSpec]:
    return [
        PageSpec(page_path(), "home"),
        PageSpec(NOT_FOUND, "not-found"),
        PageSpec(FEED, "feed"),
        PageSpec(ROBOTS, "robots"),
    ]


def _paged(kind: str, key: str, entries: int, first: str, folder: str) -> list[PageSpec]:
    return [PageSpec(p.path, kind, key, p.number) for p in parts(entries, first, folder)]


def _one_or_parts(view: View, name: str, order: str) -> list[PageSpec]:
    """`name/` as one page, or an overview and parts `name/page/N/`."""
    entries = len(view.ordered(order))
    if not is_paged(entries):
        return [PageSpec(page_path(name), name)]
    overview = PageSpec(page_path(name), f"{name}-overview")
    return [overview, *_paged(f"{name}-part", "", entries, f"{name}/page/1", f"{name}/page")]


def timeline_pages(view: View) -> list[PageSpec]:
    """The timeline: one page, or an overview and each year's parts."""
    if not is_paged(len(view.ordered("events"))):
        return [PageSpec(page_path("timeline"), "timeline")]
    specs = [PageSpec(page_path("timeline"), "timeline-overview")]
    for year in view.ordered("years"):
        entries = len(view.lookup("events_in_year", year))
        specs += _paged("timeline-year", year, entries, f"timeline/{year}", f"timeline/{year}")
    return specs


def actors_pages(view: View) -> list[PageSpec]:
    """The list of actors: one page, or an overview and each kind's parts."""
    if not is_paged(len(view.ordered("actors"))):
        return [PageSpec(page_path("actors"), "actors")]
    specs = [PageSpec(page_path("actors"), "actors-overview")]
    for kind in view.ordered("actor_kinds"):
        entries, folder = len(view.lookup("actors_of_kind", kind)), f"actors/kinds/{kind}"
        specs += _paged("actors-kind", kind, entries, folder, folder)
    return specs


def tag_pages(view: View) -> list[PageSpec]:
    """A page (or parts) per event tag, and a list of tags."""
    tags = view.ordered("tags")
    specs = [PageSpec(page_path("tags"), "tags")] if tags else []
    for tag in tags:
        specs += tag_parts(view, tag)
    return specs


def tag_parts(view: View, tag: str) -> list[PageSpec]:
    """The page of one tag, or its parts."""
    entries = len(view.lookup("events_tagged", tag))
    return _paged("tag", tag, entries, f"tags/{tag}", f"tags/{tag}")


def list_pages(view: View) -> list[PageSpec]:
    """Every list page: timeline, actors, quotes, sources, tags."""
    specs = timeline_pages(view) + actors_pages(view)
    specs += _one_or_parts(view, "quotes", "quotes_by_speaker")
    specs += _one_or_parts(view, "sources", "sources")
    return specs + tag_pages(view)


def sitemap_pages(listed: int) -> list[PageSpec]:
    """`sitemap.xml`, or a sitemap index and files of at most SITEMAP_SIZE URLs."""
    if listed <= SITEMAP_SIZE:
        return [PageSpec(SITEMAP, "sitemap")]
    count = -(-listed // SITEMAP_SIZE)
    files = [PageSpec(f"sitemap-{n}.xml", "sitemap", "", n) for n in range(1, count + 1)]
    return [PageSpec(SITEMAP, "sitemap-index", "", count), *files]


def _record_pages(view: View, order: str, folder: str, kind: str) -> list[PageSpec]:
    return [PageSpec(page_path(folder, i), kind, i) for i in sorted(view.ordered(order))]


def with_long_lists(view: View, kind: str, ids: tuple[str, ...]) -> list[str]:
    """The records of `ids` (in their order) with a list longer than the bound: few, so
    the plan looks at each list of every record in a plain loop and at these again."""
    lookup, long = view.lookup, set()
    for _, name, _ in RECORD_LISTS[kind]:
        long.update([i for i in ids if is_paged(len(lookup(name, i)))])
    return [i for i in ids if i in long] if long else []


def plan_pages(view: View) -> list[PageSpec]:
    """Every page of the site, in a stable order. Cheap: no rendering happens here."""
    specs = _fixed_pages() + list_pages(view)
    specs += _record_pages(view, "sections", "sections", "section")
    specs += _record_pages(view, "actors", "actors", "actor")
    specs += _record_pages(view, "events", "events", "event")
    specs += _record_pages(view, "quotes", "quotes", "quote")
    specs += [PageSpec(page_path("actors", a), "alias", a) for a in view.ordered("aliases")]
    for kind, order in RECORD_ORDERS:
        for record_id in with_long_lists(view, kind, view.ordered(order)):
            specs += record_list_pages(view, kind, record_id)
    from .corrections import correction_pages  # it builds on PageSpec

    specs += correction_pages(view)
    return specs + sitemap_pages(len(listed_paths(specs)))


def listed_paths(specs: list[PageSpec]) -> list[str]:
    """The paths the sitemap lists, sorted."""
    return sorted(s.path for s in specs if s.kind not in UNLISTED)


def find_collisions(specs: list[PageSpec], static_files: list[str]) -> list[str]:
    """One message per output path claimed twice (by pages or static files)."""
    counts = Counter([s.path for s in specs] + [f"{STATIC}/{f}" for f in static_files])
    return [
        f"two pages would be written to '{path}'; rename one of the records or files"
        for path, n in sorted(counts.items())
        if n > 1
    ]
