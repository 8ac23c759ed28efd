"""The page plan: every page a site has, as cheap specs, and the check that no two share a path.

A `PageSpec` names a page kind (a function in `page_kinds.PAGE_KINDS`) and its
key (a record id, an alias, ...). `plan_pages` reads the explainer through the
view only, like a page does, so what the plan depends on can be recorded too.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .urls import page_path

if TYPE_CHECKING:
    from .view import View

FEED = "feed.xml"
SITEMAP = "sitemap.xml"
NOT_FOUND = "404.html"
ROBOTS = "robots.txt"
STATIC = "static"
# Page kinds that are not listed in the sitemap.
UNLISTED = frozenset({"alias", "not-found", "feed", "sitemap", "robots", "corrections-feed"})


@dataclass(frozen=True, slots=True, order=True)
class PageSpec:
    """One page to render: its output path, its kind and what it shows (a record id ...)."""

    path: str
    kind: str
    key: str = ""


def _fixed_pages() -> list[PageSpec]:
    return [
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


def _record_pages(view: View, order: str, folder: str, kind: str) -> list[PageSpec]:
    return [PageSpec(page_path(folder, i), kind, i) for i in sorted(view.ordered(order))]


def plan_pages(view: View) -> list[PageSpec]:
    """Every page of the site, in a stable order. Cheap: no rendering happens here."""
    specs = _fixed_pages()
    specs += _record_pages(view, "sections", "sections", "section")
    specs += _record_pages(view, "actors", "actors", "actor")
    specs += _record_pages(view, "events", "events", "event")
    specs += _record_pages(view, "quotes", "quotes", "quote")
    specs += [PageSpec(page_path("actors", a), "alias", a) for a in view.ordered("aliases")]
    from .corrections import correction_pages  # it builds on PageSpec

    return specs + correction_pages(view)


def find_collisions(specs: list[PageSpec], static_files: list[str]) -> list[str]:
    """One message per output path claimed twice (by pages or static files)."""
    counts = Counter([s.path for s in specs] + [f"{STATIC}/{f}" for f in static_files])
    return [
        f"two pages would be written to '{path}'; rename one of the records or files"
        for path, n in sorted(counts.items())
        if n > 1
    ]
