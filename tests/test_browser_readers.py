"""The readers' pages in a real browser, served over http as a host would serve them.

Debian's Chromium through playwright (see chromium.py). The shipped explainer
is built once, with its search index, and served on 127.0.0.1. Checked: every
page kind loads with no console message and no failed request; search finds
an actor by an alias and a quote by a word; the timeline filter is kept in
the address; the maps' links lead to the right pages; axe-core finds no
violation on any page kind in the light and dark themes and at 375 px; and
screenshots for the README are written to docs/screenshots/.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import CHROMIUM, launch
from explainer.build import build_command
from served import serve_folder

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
AXE_PREFIX = ROOT / ".cache" / "axe"
AXE = AXE_PREFIX / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 812}
PAGE_KINDS = {
    "home": "index.html",
    "section": "sections/what-happened-at-tower-22/index.html",
    "actors": "actors/index.html",
    "actor": "actors/kataib-hezbollah/index.html",
    "alias": "actors/kateb-hezbollah/index.html",
    "timeline": "timeline/index.html",
    "event": "events/tower-22-drone-attack/index.html",
    "quotes": "quotes/index.html",
    "quote": "quotes/ryder-actions-speak-louder/index.html",
    "sources": "sources/index.html",
    "not found": "404.html",
}


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("readers") / "site"
    assert build_command(CONTENT, "content", out, None) == 0
    assert (out / "search" / "index.json").is_file()
    return out


@pytest.fixture(scope="module")
def site(folder: Path) -> Iterator[str]:
    with serve_folder(folder) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium for the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


class Tab:
    """A page in a fresh context, with every console message, failed request and error status."""

    def __init__(self, browser: object, url: str, **context: object) -> None:
        self.context = browser.new_context(**{"viewport": DESKTOP, **context})  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.problems: list[str] = []
        page = self.page
        page.on("console", lambda m: self.problems.append(f"console {m.type}: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))
        page.on(
            "response",
            lambda r: self.problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None,
        )
        page.goto(url, wait_until="load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_tab(browser: object, site: str) -> Iterator:
    tabs: list[Tab] = []

    def open_(path: str, **context: object) -> Tab:
        tabs.append(Tab(browser, site + path, **context))
        return tabs[-1]

    yield open_
    for tab in tabs:
        tab.close()


@pytest.mark.parametrize("kind", list(PAGE_KINDS))
def test_page_kind_loads_cleanly(open_tab, kind: str) -> None:
    tab = open_tab(PAGE_KINDS[kind])
    tab.page.wait_for_load_state("networkidle")
    if kind == "alias":  # it leaves at once: what it was still loading is cut off, not missing
        tab.page.wait_for_url("**/actors/kataib-hezbollah/index.html")
        tab.problems = [p for p in tab.problems if not p.endswith("net::ERR_ABORTED")]
    assert tab.problems == []


def search(tab: Tab, words: str) -> list[str]:
    """Type into the search box; the result links' targets, once results are shown."""
    page = tab.page
    page.fill("#search-input", words)
    page.wait_for_function(
        "w => document.getElementById('search-status').textContent.includes(w)", arg=words
    )
    return [a.get_attribute("href") or "" for a in page.query_selector_all("#search-results a")]


@pytest.mark.parametrize("alias", ["Kateb Hezbollah", "KH"])
def test_search_finds_an_actor_by_alias(open_tab, alias: str) -> None:
    tab = open_tab("events/tower-22-drone-attack/index.html")
    found = search(tab, alias)
    assert "../../actors/kataib-hezbollah/index.html" in found
    actors = tab.page.locator("#search-results section", has_text="Actors")
    assert actors.locator("a", has_text="Kataib Hezbollah").count() == 1
    assert tab.problems == []


def test_search_finds_a_quote_by_a_word_and_is_keyboard_operable(open_tab) -> None:
    tab = open_tab("index.html")
    page = tab.page
    assert page.locator("#site-search").is_visible()
    assert "quotes/ryder-actions-speak-louder/index.html" in search(tab, "louder")
    headings = page.locator("#search-results h2").all_inner_texts()
    assert any(h.startswith("Quotes") for h in headings)  # grouped by kind
    page.focus("#search-input")
    page.keyboard.press("ArrowDown")
    first = page.evaluate("document.activeElement.getAttribute('href')")
    assert first and first.endswith("index.html")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(first.removeprefix("../").removeprefix("./"))
    assert tab.problems == []


def test_search_finds_a_source_as_its_entry_among_all_sources(open_tab) -> None:
    tab = open_tab("quotes/index.html")
    found = search(tab, "joint statement")
    assert "../sources/index.html#us-iraq-joint-statement" in found
    assert tab.problems == []


@pytest.mark.parametrize(
    ("words", "kind", "target"),
    [
        ("kataib", "Actors", "actors/kataib-hezbollah/index.html"),  # part of its name
        ("KATAÍB hez", "Actors", "actors/kataib-hezbollah/index.html"),  # any case and accent
        ("installations", "Events", "events/attacks-on-us-installations/index.html"),  # summary
        ("Pentagon news briefing", "Sources", "sources/index.html#dod-briefing-2024-01-30"),
        ("al-Sudani Davos", "Events", "events/al-sudani-davos-remarks/index.html"),
    ],
)
def test_search_shows_the_right_results_grouped_by_kind(
    open_tab, words: str, kind: str, target: str
) -> None:
    tab = open_tab("actors/index.html")
    found = search(tab, words)
    assert "../" + target in found
    group = tab.page.locator("#search-results section", has_text=kind)
    assert group.locator(f'a[href="../{target}"]').count() == 1
    headings = tab.page.locator("#search-results h2").all_inner_texts()
    order = ["Actors", "Events", "Quotes", "Sections", "Sources"]
    shown = [h.split(" (")[0] for h in headings]
    assert shown == sorted(shown, key=order.index) and len(found) <= 20
    status = tab.page.inner_text("#search-status")
    assert status.startswith(f"{len(found)} result") and f"\u201c{words}\u201d" in status
    assert tab.problems == []


def test_search_says_when_nothing_matches(open_tab) -> None:
    tab = open_tab("index.html")
    assert search(tab, "kataib zzqxjv") == []
    assert tab.page.inner_text("#search-status") == "No results for \u201ckataib zzqxjv\u201d"
    tab.page.keyboard.press("Escape")
    assert tab.page.input_value("#search-input") == "" and search(tab, "") == []
    assert tab.problems == []


def test_search_from_disk_says_it_is_not_available(browser: object, folder: Path) -> None:
    tab = Tab(browser, (folder / "index.html").as_uri())
    try:
        tab.page.fill("#search-input", "kataib")
        tab.page.wait_for_function(
            "() => document.getElementById('search-status').textContent.includes('not available')"
        )
        assert tab.page.query_selector_all("#search-results a") == []
    finally:
        tab.close()


def test_search_box_is_hidden_without_javascript(open_tab) -> None:
    tab = open_tab("index.html", java_script_enabled=False)
    assert not tab.page.locator("#site-search").is_visible()
    assert tab.page.locator("nav a", has_text="Actors").is_visible()


VISIBLE = "() => Array.from(document.querySelectorAll('ol.events > li')).filter(li => !li.hidden)"


def test_timeline_filter_is_kept_in_the_address(open_tab) -> None:
    tab = open_tab("timeline/index.html?actor=kataib-hezbollah&status=alleged")
    page = tab.page
    assert page.input_value("#filter-actor") == "kataib-hezbollah"
    assert page.input_value("#filter-status") == "alleged"
    shown = page.evaluate(
        VISIBLE + ".map(li => [li.querySelector('.event-actors').innerHTML, li.className])"
    )
    assert shown and all("/kataib-hezbollah/" in a and "status-alleged" in c for a, c in shown)
    dimmed = page.locator("svg.timeline-drawing a.dimmed").count()
    assert dimmed == page.locator("svg.timeline-drawing a").count() - len(shown)
    page.select_option("#filter-status", "")
    assert page.url.endswith("timeline/index.html?actor=kataib-hezbollah")
    page.select_option("#filter-actor", "united-states")
    assert page.url.endswith("?actor=united-states")
    page.select_option("#filter-actor", "")
    assert page.url.endswith("timeline/index.html")
    assert tab.problems == []


@pytest.mark.parametrize(
    ("path", "name"),
    [("actors/index.html", "Iran"), ("actors/kataib-hezbollah/index.html", "Quds Force")],
)
def test_map_links_lead_to_the_actors_pages(open_tab, path: str, name: str) -> None:
    tab = open_tab(path)
    page = tab.page
    node = page.locator("svg.map-drawing a", has_text=name).first
    with page.expect_navigation():
        node.click()
    assert page.locator("h1").inner_text() == name
    assert tab.problems == []


LAYOUT_SHIFT = """() => new Promise(done => new PerformanceObserver((list, observer) => {
  observer.disconnect();
  done(list.getEntries().reduce((sum, e) => sum + e.value, 0));
}).observe({type: "layout-shift", buffered: true}) || setTimeout(() => done(0), 500))"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE])
@pytest.mark.parametrize("path", ["timeline/index.html", "timeline/index.html?actor=iran"])
def test_the_timeline_does_not_move_as_its_script_fills_the_filter(
    open_tab, path: str, viewport: dict[str, int]
) -> None:
    """The actor list is filled after the first paint (static/timeline.js): nothing may shift."""
    tab = open_tab(path, viewport=viewport)
    assert tab.page.locator("#filter-actor option").count() > 10
    assert tab.page.evaluate(LAYOUT_SHIFT) == 0
    assert tab.problems == []


def test_timeline_marks_lead_to_their_events(open_tab) -> None:
    tab = open_tab("timeline/index.html")
    page = tab.page
    mark = page.locator("svg.timeline-drawing a", has_text="Drone attack on Tower 22").first
    with page.expect_navigation():
        mark.click()
    assert page.locator("h1").inner_text().startswith("Drone attack on Tower 22")


# --- axe-core ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def axe() -> str:
    """axe-core's script, installed with npm into .cache/axe/ on first use."""
    if not AXE.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not on PATH: it installs axe-core for the accessibility checks")
        AXE_PREFIX.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", AXE_PREFIX,
             "axe-core"],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        if done.returncode != 0 or not AXE.is_file():
            pytest.fail(f"npm install axe-core failed ({done.returncode}):\n{done.stderr}")
    return AXE.read_text(encoding="utf-8")


def violations(tab: Tab, axe: str) -> list[str]:
    tab.page.add_script_tag(content=axe)
    found = tab.page.evaluate(
        "() => axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v =>"
        " ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))"
    )
    return [f"{v['impact']} {v['id']}: {json.dumps(v['nodes'])}" for v in found]


@pytest.mark.parametrize(
    "setting",
    ["light", "dark", "phone"],
)
def test_axe_finds_no_violation(open_tab, axe: str, setting: str) -> None:
    context: dict[str, object] = {"color_scheme": "dark" if setting == "dark" else "light"}
    if setting == "phone":
        context["viewport"] = PHONE
    report = {}
    for kind, path in PAGE_KINDS.items():
        if kind == "alias":
            continue  # a redirect: it leaves at once
        tab = open_tab(path, **context)
        found = violations(tab, axe)
        if found:
            report[kind] = found
        tab.close()
    assert report == {}, f"axe-core, {setting}:\n" + json.dumps(report, indent=1)


# --- screenshots for the README ------------------------------------------------------------

SHOTS = {
    "home": "index.html",
    "actor": "actors/kataib-hezbollah/index.html",
    "timeline": "timeline/index.html",
    "quote": "quotes/ryder-actions-speak-louder/index.html",
}


def test_screenshots_for_the_readme(open_tab) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name, path in SHOTS.items():
        for width, viewport in (("desktop", DESKTOP), ("phone", {"width": 390, "height": 844})):
            tab = open_tab(path, viewport=viewport)
            target = SCREENSHOTS / f"{name}-{width}.png"
            tab.page.screenshot(path=str(target), full_page=False)
            assert target.stat().st_size > 5000
            tab.close()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"docs/screenshots/([a-z-]+\.png)", readme))
    assert shown == {p.name for p in SCREENSHOTS.glob("*.png")}
