"""Which part of the main navigation a page belongs to, so the menu can mark it."""

from __future__ import annotations

# The first folder of a page's path -> the navigation entry it sits under.
NAV_SECTIONS = {
    "sections": "index.html",
    "timeline": "timeline/index.html",
    "events": "timeline/index.html",
    "tags": "timeline/index.html",
    "actors": "actors/index.html",
    "quotes": "quotes/index.html",
    "sources": "sources/index.html",
}


def nav_section(path: str) -> str:
    """The navigation target a page belongs to (`actors/x/index.html` -> `actors/index.html`)."""
    folder = path.split("/", 1)[0] if "/" in path else ""
    return NAV_SECTIONS.get(folder, "")
