"""The list of pages a site has, as cheap specs, and the check that no two share a path."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .urls import page_path

if TYPE_CHECKING:
    from .deps import Reader, SiteData

FEED = "feed.xml"
SITEMAP = "sitemap.xml"
NOT_FOUND = "404.html"
ROBOTS = "robots.txt"
STATIC = "static"
# Page kinds that are not listed in the sitemap.
UNLISTED = frozenset({"alias", "not-found", "feed", "sitemap", "robots"})


@dataclass(frozen=True, slots=True, order=True)
class PageSpec:
    """One page to render: its output path, its kind and the record it shows (if any)."""

    path: str
    kind: str
    record_id: str = ""


def plan_pages(data: SiteData) -> list[PageSpec]:
    """Every page of the site, in a stable order. Cheap: no rendering happens here."""
    x = data.explainer
    specs = [
        PageSpec(page_path(), "home"),
        PageSpec(page_path("actors"), "actors"),
        PageSpec(page_path("timeline"), "timeline"),
        PageSpec(page_path("quotes"), "quotes"),
        PageSpec(page_path("sources"), "sources"),
        PageSpec(NOT_FOUND, "not-found"),
        PageSpec(FEED, "feed"),
        PageSpec(SITEMAP, "sitemap"),
        PageSpec(ROBOTS, "robots"),
    ]
    specs += [PageSpec(page_path("sections", i), "section", i) for i in x.sections]
    specs += [PageSpec(page_path("actors", i), "actor", i) for i in x.actors]
    specs += [PageSpec(page_path("events", i), "event", i) for i in x.events]
    specs += [PageSpec(page_path("quotes", i), "quote", i) for i in x.quotes]
    specs += [PageSpec(page_path("actors", slug), "alias", slug) for slug in data.indexes.aliases]
    return specs


def find_collisions(specs: list[PageSpec], static_files: list[str]) -> list[str]:
    """One message per output path claimed twice (by pages or static files)."""
    counts = Counter([s.path for s in specs] + [f"{STATIC}/{f}" for f in static_files])
    return [
        f"two pages would be written to '{path}'; rename one of the records or files"
        for path, n in sorted(counts.items())
        if n > 1
    ]


def sitemap_paths(r: Reader) -> list[str]:
    """The listed pages, sorted, read through the tracking reader."""
    paths = [page_path(), page_path("actors"), page_path("timeline")]
    paths += [page_path("quotes"), page_path("sources")]
    for kind, folder in (
        ("section", "sections"),
        ("actor", "actors"),
        ("event", "events"),
        ("quote", "quotes"),
    ):
        paths += [page_path(folder, i) for i in r.ids(kind)]
    return sorted(paths)
