"""Corrections: any record may carry `corrections: [{date, note}]`."""

from __future__ import annotations

import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

from test_html_validity import vnu  # noqa: F401  (the fixture that installs the checker)

from explainer.build import build_site
from explainer.dates import PartialDate
from explainer.diagnostics import format_text
from explainer.model import Correction
from explainer.pipeline import read_explainer
from htmltree import parse as html
from sites import VALID, write_site

ATOM = "{http://www.w3.org/2005/Atom}"

CORRECTED_EVENT = VALID["events/tower-22.yaml"] + (
    "corrections:\n"
    "  - date: 2024-02-09\n"
    "    note: The number of wounded was corrected.\n"
    "  - date: 2024-02-12\n"
    "    note: The date of the strike was corrected.\n"
)
CORRECTED_SECTION = VALID["sections/what-happened.md"].replace(
    "order: 1\n", "order: 1\ncorrections: [{date: 2024-02-10, note: A quote was misattributed.}]\n"
)
CORRECTED = {
    "events/tower-22.yaml": CORRECTED_EVENT,
    "sections/what-happened.md": CORRECTED_SECTION,
}


def test_corrections_are_read(tmp_path: Path) -> None:
    explainer, problems = read_explainer(write_site(tmp_path / "content", CORRECTED), "content")
    assert problems == [] and explainer is not None
    assert explainer.events["tower-22"].corrections == (
        Correction(PartialDate(2024, 2, 9), "The number of wounded was corrected."),
        Correction(PartialDate(2024, 2, 12), "The date of the strike was corrected."),
    )
    assert explainer.sections["what-happened"].corrections == (
        Correction(PartialDate(2024, 2, 10), "A quote was misattributed."),
    )


def test_a_correction_needs_a_date_and_a_note(tmp_path: Path) -> None:
    event = VALID["events/tower-22.yaml"] + "corrections:\n  - date: 09/02/2024\n"
    _, found = read_explainer(write_site(tmp_path / "content", {"events/tower-22.yaml": event}),
                              "content")  # fmt: skip
    assert format_text(found).splitlines() == [
        "content/events/tower-22.yaml:8:5: error: this item of 'corrections' is missing "
        "required field 'note'",
        "content/events/tower-22.yaml:8:11: error: field 'date': '09/02/2024' is not a date; "
        "expected YYYY, YYYY-MM or YYYY-MM-DD; write it as YYYY-MM-DD: '2024-02-09' if it is "
        "day/month/year, '2024-09-02' if it is month/day/year",
    ]


def _built(tmp_path: Path, files: dict[str, str], base_url: str | None = None) -> dict[str, str]:
    built = build_site(write_site(tmp_path / "content", files), "content", base_url)
    assert built.ok, format_text(built.diagnostics)
    return {path: data.decode("utf-8") for path, data in built.pages.items()}


WITH_SOURCE = {
    **CORRECTED,
    "sources/article.yaml": VALID["sources/article.yaml"]
    + "corrections: [{date: 2024-02-11, note: The publisher's name was corrected.}]\n",
}


def test_record_page_says_corrected_on(tmp_path: Path) -> None:
    pages = _built(tmp_path, WITH_SOURCE)
    event = html(pages["events/tower-22/index.html"])
    items = [li.text() for li in event.find("section", class_="corrections").find_all("li")]
    assert items == [
        "Corrected on 9 February 2024: The number of wounded was corrected.",
        "Corrected on 12 February 2024: The date of the strike was corrected.",
    ]
    # The page's "updated" is its latest correction (the site has no `updated`).
    assert "updated 12 February 2024" in event.find("footer").text()
    section = html(pages["sections/what-happened/index.html"])
    assert "updated 10 February 2024" in section.find("footer").text()
    assert (
        "Corrected on 11 February 2024: The publisher's name was corrected."
        in html(pages["sources/index.html"]).by_id("article").parent.text()  # the entry
    )


def test_site_updated_wins_when_later(tmp_path: Path) -> None:
    site = VALID["site.yaml"] + "updated: 2024-03-01\n"
    pages = _built(tmp_path, {**CORRECTED, "site.yaml": site})
    assert "updated 1 March 2024" in html(pages["events/tower-22/index.html"]).find("footer").text()


def test_corrections_page_and_feed(tmp_path: Path) -> None:
    pages = _built(tmp_path, WITH_SOURCE, "https://example.org/story/")
    listing = html(pages["corrections/index.html"])
    items = [li.text() for li in listing.find("ul", class_="correction-list").find_all("li")]
    assert items == [
        "12 February 2024: event Drone strike on Tower 22. The date of the strike was corrected.",
        "11 February 2024: source An article. The publisher's name was corrected.",
        "10 February 2024: section What happened. A quote was misattributed.",
        "9 February 2024: event Drone strike on Tower 22. The number of wounded was corrected.",
    ]
    assert "Corrections" in html(pages["index.html"]).find("footer").text()
    feed = ET.fromstring(pages["corrections.xml"])
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "https://example.org/story/corrections/#tower-22-2024-02-12",
        "https://example.org/story/corrections/#article-2024-02-11",
        "https://example.org/story/corrections/#what-happened-2024-02-10",
        "https://example.org/story/corrections/#tower-22-2024-02-09",
    ]
    assert entries[0].findtext(f"{ATOM}title") == "Correction: Drone strike on Tower 22"
    assert entries[0].find(f"{ATOM}link").attrib["href"] == (
        "https://example.org/story/events/tower-22/"
    )
    assert feed.findtext(f"{ATOM}updated") == "2024-02-12T00:00:00Z"
    assert "<loc>https://example.org/story/corrections/</loc>" in pages["sitemap.xml"]
    assert "corrections.xml" not in pages["sitemap.xml"]


def test_no_corrections_no_pages(tmp_path: Path) -> None:
    pages = _built(tmp_path, {})
    assert "corrections/index.html" not in pages and "corrections.xml" not in pages
    assert "orrection" not in pages["events/tower-22/index.html"]


def test_corrections_pages_are_valid_html(tmp_path: Path, vnu: list[str]) -> None:  # noqa: F811
    pages = _built(tmp_path, WITH_SOURCE)
    paths = ["corrections/index.html", "events/tower-22/index.html", "sources/index.html"]
    for path in paths:
        (tmp_path / "site" / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "site" / path).write_text(pages[path], encoding="utf-8")
    done = subprocess.run(
        [*vnu, "--errors-only", *(str(tmp_path / "site" / p) for p in paths)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
