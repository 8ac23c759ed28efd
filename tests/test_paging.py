"""Long lists in parts of at most PAGE_SIZE entries; tag pages; feed and sitemap bounds.

The parts are tested with a small PAGE_SIZE (5) on a small generated explainer,
so every kind of list is split; the real bound is 500.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest

from explainer import page_kinds, pages, paging
from explainer.build import build

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate
from test_build import broken_links

from htmltree import parse_file

SMALL = 5
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paging")
    generate(12, root / "content")  # 12 actors, 24 events, 24 quotes, 6 sources
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(paging, "PAGE_SIZE", SMALL)
        patch.setattr(pages, "SITEMAP_SIZE", 40)
        patch.setattr(page_kinds, "SITEMAP_SIZE", 40)
        written, problems = build(
            root / "content", "content", root / "site", "https://example.org/x/", workers=1
        )
    assert written and not [d for d in problems if d.severity == "error"]
    return root / "site"


def entries(path: Path) -> list[str]:
    """The ids of the entries a list page shows (events, actors, quotes, sources)."""
    doc = parse_file(path)
    found = []
    for element in doc.iter():
        if element.tag == "li" and element.has_class("event"):  # a timeline event
            found.append("event")
        elif element.tag == "ul" and element.attrs.get("class") in ("actor-list", "quotes"):
            found += ["entry" for child in element.children if getattr(child, "tag", "") == "li"]
        elif element.tag == "h2" and element.attrs.get("id", "").startswith("source-"):
            found.append(element.attrs["id"])  # a source's entry, named by its heading
    return found


def part_pages(site: Path, folder: str) -> list[Path]:
    return sorted(p for p in (site / folder).rglob("index.html") if p.parent != site / folder)


def test_no_list_page_holds_more_than_page_size_entries(site: Path) -> None:
    for folder in ("timeline", "actors/kinds", "quotes/page", "sources/page", "tags"):
        parts = part_pages(site, folder)
        assert parts, folder
        for part in parts:
            assert 0 < len(entries(part)) <= SMALL or folder == "tags", part


def test_timeline_overview_links_every_year_part_and_parts_chain(site: Path) -> None:
    overview = (site / "timeline" / "index.html").read_text()
    years = part_pages(site, "timeline")
    for part in years:
        assert part.relative_to(site / "timeline").as_posix() in overview
    events = sum(len(entries(p)) for p in years)
    assert events == len(list((site / "events").iterdir()))
    first = (
        site / "timeline" / sorted(p.name for p in (site / "timeline").iterdir() if p.is_dir())[0]
    )
    seen, page = 0, first / "index.html"
    while True:  # follow the next links from the first part to the last
        seen += 1
        nxt = re.search(r'<a href="([^"]+)" rel="next">', page.read_text())
        if not nxt:
            break
        page = (page.parent / nxt[1]).resolve()
    assert seen == len(years)


def test_sources_in_parts_are_linked_where_they_are(site: Path) -> None:
    assert part_pages(site, "sources/page")
    assert broken_links(site) == []


def test_every_tag_has_a_page_linked_from_its_events_as_words(site: Path) -> None:
    tags = {
        t
        for p in (site / "events").glob("*/index.html")
        for t in re.findall(r"tags/([a-z0-9-]+)/index.html", p.read_text())
    }
    assert tags
    for tag in tags:
        page = (site / "tags" / tag / "index.html").read_text()
        assert f"Tag: {tag.replace('-', ' ')}" in page
    overview = (site / "tags" / "index.html").read_text()
    assert all(f"tags/{t}/index.html" in overview or f"{t}/index.html" in overview for t in tags)


def test_large_sitemap_becomes_an_index_of_files(site: Path) -> None:
    index = ElementTree.parse(site / "sitemap.xml").getroot()
    assert index.tag == f"{SITEMAP}sitemapindex"
    files = [e.text for e in index.iter(f"{SITEMAP}loc")]
    assert files[0] == "https://example.org/x/sitemap-1.xml" and len(files) > 1
    urls = []
    for n in range(1, len(files) + 1):
        root = ElementTree.parse(site / f"sitemap-{n}.xml").getroot()
        urls += [e.text for e in root.iter(f"{SITEMAP}loc")]
        assert len(list(root.iter(f"{SITEMAP}loc"))) <= 40
    assert len(urls) == len(set(urls)) and "https://example.org/x/tags/" in urls


def test_feed_carries_the_newest_50_events(tmp_path: Path) -> None:
    generate(30, tmp_path / "content")  # 60 events
    build(tmp_path / "content", "content", tmp_path / "site", None, workers=1)
    feed = ElementTree.parse(tmp_path / "site" / "feed.xml").getroot()
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == 50


def test_below_the_bound_nothing_is_split(tmp_path: Path) -> None:
    generate(12, tmp_path / "content")
    build(tmp_path / "content", "content", tmp_path / "site", None, workers=1)
    site = tmp_path / "site"
    assert len(entries(site / "timeline" / "index.html")) == 24
    assert not (site / "quotes" / "page").exists() and not (site / "actors" / "kinds").exists()


def test_record_pages_show_the_most_recent_and_link_to_their_whole_lists(site: Path) -> None:
    cut = 0
    for actor in (site / "actors").glob("*/index.html"):
        text = actor.read_text()
        if 'id="events_all"' not in text:
            continue
        shown = text.split('id="events_all"')[1].split("</ol>")[0].count('<li class="event ')
        assert shown <= SMALL
        link = re.search(r'<a href="([^"]+)">All (\d+) events</a>', text)
        if link:
            cut += 1
            total, part = 0, (actor.parent / link[1]).resolve()
            while True:
                total += part.read_text().count('<li class="event ')
                nxt = re.search(r'<a href="([^"]+)" rel="next">', part.read_text())
                if not nxt:
                    break
                part = (part.parent / nxt[1]).resolve()
            assert total == int(link[2])
    assert cut
