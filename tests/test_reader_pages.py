"""The readers' fixes as they appear in the built pages of the shipped explainer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explainer.build import build_command
from htmltree import Element, parse_file

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("reader") / "site"
    assert build_command(ROOT / "content", "content", out, None) == 0
    return out


def page(site: Path, path: str) -> Element:
    return parse_file(site / path)


def words(element: Element) -> str:
    return re.sub(r"\s+", " ", element.text()).strip()


def test_home_says_what_we_know_up_front(site: Path) -> None:
    doc = page(site, "index.html")
    main = doc.find("main")
    headings = [words(h) for h in main.find_all("h2")]
    assert headings[:3] == ["What we know", "What we don’t know yet", "The story"]
    span = words(main.find("p", class_="story-span"))
    assert span == "The story runs from 2003 to February 2024. Last updated 8 February 2024."
    facts = main.find("ul", class_="key-facts").find_all("li")
    assert len(facts) == 5 and all(citations(f) for f in facts)
    assert len(doc.find_all("h1")) == 1 and not doc.find_all("p", class_="site-title")
    kinds = {words(k) for k in doc.by_id("key_actors").parent.find_all("span", class_="kind")}
    assert kinds <= {
        "person",
        "organization",
        "armed group",
        "government",
        "state",
        "media",
        "other",
    }


def test_home_keeps_the_central_event_among_the_latest(site: Path) -> None:
    section = page(site, "index.html").by_id("latest_events").parent
    linked = [
        a.attrs["href"] for a in section.find_all("a") if a.attrs["href"].startswith("events/")
    ]
    assert "events/tower-22-drone-attack/index.html" in linked


def test_menu_marks_the_list_a_page_belongs_to(site: Path) -> None:
    nav = page(site, "actors/kataib-hezbollah/index.html").find("nav")
    assert words(nav.find("a", **{"aria-current": "true"})) == "Actors"
    nav = page(site, "timeline/index.html").find("nav")
    assert words(nav.find("a", **{"aria-current": "page"})) == "Timeline"
    icon = page(site, "quotes/index.html").find("link", rel="icon")
    assert icon.attrs["href"] == "../static/favicon.svg" and (site / "static/favicon.svg").is_file()


def test_event_page_links_back_to_its_own_entry(site: Path) -> None:
    doc = page(site, "events/tower-22-drone-attack/index.html")
    back = [a for a in doc.find_all("a") if "timeline" in a.attrs.get("href", "")][-1]
    assert back.attrs["href"] == "../../timeline/index.html#ev_tower-22-drone-attack"
    assert page(site, "timeline/index.html").by_id("ev_tower-22-drone-attack")


def citations(element: Element) -> list[Element]:
    """The citation groups `[1, 2]` in `element`: a `<sup>` of links to the page's sources."""
    return [s for s in element.find_all("sup") if s.find("a").attrs["href"].startswith("#s_")]


def markers(sup: Element) -> list[int]:
    return [int(words(a)) for a in sup.find_all("a")]


def test_citation_markers_once_and_ascending(site: Path) -> None:
    for path in ("timeline/index.html", "actors/kataib-hezbollah/index.html", "index.html"):
        doc = page(site, path)
        for paragraph in doc.find_all("p"):
            groups = [markers(s) for s in citations(paragraph)]
            numbers = [n for g in groups for n in g]
            assert len(numbers) == len(set(numbers)), (path, words(paragraph))  # once a sentence
            assert all(g == sorted(g) for g in groups), (path, groups)


def test_text_around_citations_and_notes_keeps_its_spaces(site: Path) -> None:
    for path in (
        "sources/index.html",
        "timeline/index.html",
        "events/tower-22-drone-attack/index.html",
    ):
        text = words(page(site, path).find("main"))
        assert not re.search(r"[a-z]\.(Known|In all sources|Archived|Accessed)", text), path
        assert "reported. " in text or path != "sources/index.html"


def test_pictures_are_on_their_pages(site: Path) -> None:
    timeline = page(site, "timeline/index.html").find("svg")
    assert timeline.has_class("timeline-drawing") and len(timeline.find_all("a")) == 24
    actor = page(site, "actors/kataib-hezbollah/index.html")
    assert {s.attrs["class"] for s in actor.find_all("svg")} == {
        "drawing map-drawing",
        "drawing timeline-drawing",
    }
    assert page(site, "actors/index.html").find("svg").has_class("map-drawing")
