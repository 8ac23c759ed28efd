"""The built pages in a real browser: a phone's width, the timeline filter, console, contrast.

Debian's Chromium (`/usr/bin/chromium`) driven by Playwright, one browser for
every check, pages opened from disk (file:// URLs) as a reader of a
downloaded site would. Skipped, saying why, when Chromium or Playwright is
missing; `playwright install` is never needed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from chromium import CHROMIUM, launch
from explainer.build import build_command

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
PHONE = {"width": 375, "height": 812}
HOME, ACTOR, TIMELINE = "index.html", "actors/kataib-hezbollah/index.html", "timeline/index.html"
PAGES = [
    HOME,
    ACTOR,
    TIMELINE,
    "actors/index.html",
    "quotes/index.html",
    "sources/index.html",
    "sections/what-happened-at-tower-22/index.html",
    "events/tower-22-drone-attack/index.html",
    "404.html",
]
AA_TEXT = 4.5


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser") / "site"
    assert build_command(CONTENT, "content", out, None) == 0
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not CHROMIUM.is_file():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium for the browser tests")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    with sync_api.sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()


class Opened:
    """A page opened from disk, with what it said on the console and what failed to load."""

    def __init__(self, browser: object, site: Path, path: str, **context: object) -> None:
        self.context = browser.new_context(viewport=PHONE, **context)  # type: ignore[attr-defined]
        self.page = self.context.new_page()
        self.problems: list[str] = []
        self.page.on(
            "console",
            lambda m: (
                self.problems.append(f"console {m.type}: {m.text}")
                if m.type in ("error", "warning")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.problems.append(f"uncaught: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed to load: {r.url}"))
        target = site / path
        assert target.is_file(), path
        self.page.goto(target.as_uri(), wait_until="load")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_page(browser: object, site: Path) -> Iterator:
    opened: list[Opened] = []

    def open_(path: str, **context: object) -> Opened:
        opened.append(Opened(browser, site, path, **context))
        return opened[-1]

    yield open_
    for page in opened:
        page.close()


@pytest.mark.parametrize("path", PAGES)
def test_fits_a_phone_without_console_errors(open_page, path: str) -> None:
    opened = open_page(path)
    width, inner = opened.page.evaluate("[document.scrollingElement.scrollWidth, innerWidth]")
    assert width <= inner, f"{path} scrolls sideways at {inner}px: {width}px wide"
    assert opened.problems == []


# --- the timeline filter ---------------------------------------------------------------

# An event as the page says it: its actors are the ids in its "Actors:" links, its status
# is in its class (`status-alleged`).
EVENT_FACTS = """li => ({
  actors: Array.from(li.querySelectorAll('.event-actors a'),
    a => a.getAttribute('href').split('/').slice(-2)[0]),
  status: li.className.match(/status-(\\S+)/)[1]})"""
VISIBLE_EVENTS = f"""() => Array.from(document.querySelectorAll('ol.events > li'))
  .filter(li => li.offsetParent !== null).map({EVENT_FACTS})"""
ALL_EVENTS = "() => document.querySelectorAll('ol.events > li').length"
ACTORS_OF_EVENTS = f"""() => Array.from(document.querySelectorAll('ol.events > li'))
  .map({EVENT_FACTS}).flatMap(e => e.actors)"""
KH_LINK = '.event-actors a[href*="/kataib-hezbollah/"]'


def test_timeline_without_javascript_shows_every_event(open_page) -> None:
    opened = open_page(TIMELINE, java_script_enabled=False)
    page = opened.page
    total = page.evaluate(ALL_EVENTS)
    assert total > 10
    assert len(page.evaluate(VISIBLE_EVENTS)) == total
    assert not page.locator("#timeline-filter").is_visible()  # no controls that cannot work


def test_timeline_filter_by_actor_and_status(open_page) -> None:
    opened = open_page(TIMELINE)
    page = opened.page
    total = page.evaluate(ALL_EVENTS)
    assert page.locator("#timeline-filter").is_visible()
    assert len(page.evaluate(VISIBLE_EVENTS)) == total
    assert page.locator("#filter-count").inner_text() == f"{total} of {total} events shown"
    # The actor list is every actor of the events, once, by name, read from the page.
    options = page.eval_on_selector_all(
        "#filter-actor option", "options => options.map(o => [o.value, o.textContent])"
    )
    assert options[0] == ["", "All actors"]
    assert sorted(v for v, _ in options[1:]) == sorted(set(page.evaluate(ACTORS_OF_EVENTS)))
    names = [n for _, n in options[1:]]
    assert names == sorted(names, key=str.casefold) and "Kataib Hezbollah" in names

    page.select_option("#filter-actor", "kataib-hezbollah")
    shown = page.evaluate(VISIBLE_EVENTS)
    assert 0 < len(shown) < total
    assert all("kataib-hezbollah" in e["actors"] for e in shown)
    expected = page.locator("ol.events > li").filter(has=page.locator(KH_LINK)).count()
    assert len(shown) == expected
    assert page.locator("#filter-count").inner_text() == f"{expected} of {total} events shown"
    # A year with no matching event is hidden with its events.
    for year in page.locator("section.year").all():
        has_match = year.locator(KH_LINK).count() > 0
        assert year.is_visible() == has_match

    statuses = page.eval_on_selector_all(
        "#filter-status option", "options => options.map(o => o.value).filter(Boolean)"
    )
    assert len(statuses) >= 2
    for status in statuses:
        page.select_option("#filter-status", status)
        shown = page.evaluate(VISIBLE_EVENTS)
        assert all(e["status"] == status and "kataib-hezbollah" in e["actors"] for e in shown)
        page.select_option("#filter-actor", "")
        only_status = page.evaluate(VISIBLE_EVENTS)
        assert only_status and all(e["status"] == status for e in only_status)
        assert len(only_status) == page.locator(f"ol.events > li.status-{status}").count()
        page.select_option("#filter-actor", "kataib-hezbollah")

    page.select_option("#filter-actor", "")
    page.select_option("#filter-status", "")
    assert len(page.evaluate(VISIBLE_EVENTS)) == total
    assert opened.problems == []


# --- colour contrast -------------------------------------------------------------------

# Every element with text of its own, its text colour and the colour behind it: the
# first opaque background among it and its ancestors (the canvas is the page's).
TEXT_COLOURS = """() => {
  const opaque = c => c && c !== 'transparent' && !/^rgba\\(.*,\\s*0\\)$/.test(c);
  const behind = el => {
    for (let e = el; e; e = e.parentElement) {
      const bg = getComputedStyle(e).backgroundColor;
      if (opaque(bg)) return bg;
    }
    return getComputedStyle(document.documentElement).getPropertyValue('--bg');
  };
  const found = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = Array.from(el.childNodes).some(n => n.nodeType === 3 && n.textContent.trim());
    if (!own || !el.getClientRects().length) continue;
    const style = getComputedStyle(el);
    if (style.visibility === 'hidden') continue;
    found.push({
      tag: el.tagName.toLowerCase(), cls: el.className, link: !!el.closest('a'),
      text: el.textContent.trim().slice(0, 40), fg: style.color, bg: behind(el),
    });
  }
  const root = getComputedStyle(document.documentElement);
  const vars = {};
  for (const name of ['--bg', '--fg', '--muted', '--link', '--link-visited', '--panel'])
    vars[name] = root.getPropertyValue(name).trim();
  return {found, vars};
}"""


def parse_colour(text: str) -> tuple[float, float, float, float]:
    """`rgb(…)`, `rgba(…)` or `#rrggbb` as (r, g, b, alpha), channels 0–255."""
    text = text.strip()
    if text.startswith("#"):
        digits = text[1:]
        if len(digits) == 3:
            digits = "".join(c * 2 for c in digits)
        return (*(int(digits[i : i + 2], 16) for i in (0, 2, 4)), 1.0)  # type: ignore[return-value]
    numbers = [float(n) for n in re.findall(r"[\d.]+", text)]
    assert text.startswith("rgb") and len(numbers) in (3, 4), f"unexpected colour {text!r}"
    return (numbers[0], numbers[1], numbers[2], numbers[3] if len(numbers) == 4 else 1.0)


def luminance(rgb: tuple[float, float, float]) -> float:
    """WCAG 2 relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio of text over a background (text alpha blended over it)."""
    *fg, alpha = parse_colour(foreground)
    bg = parse_colour(background)[:3]
    blended = tuple(alpha * f + (1 - alpha) * b for f, b in zip(fg, bg, strict=True))
    lighter, darker = sorted((luminance(blended), luminance(bg)), reverse=True)  # type: ignore[arg-type]
    return (lighter + 0.05) / (darker + 0.05)


def test_contrast_function() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)
    assert contrast("rgb(118, 118, 118)", "rgb(255, 255, 255)") == pytest.approx(4.54, abs=0.01)
    assert contrast("rgba(0, 0, 0, 0)", "#ffffff") == pytest.approx(1.0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("path", [HOME, ACTOR, TIMELINE, "sources/index.html"])
def test_text_and_link_contrast(open_page, scheme: str, path: str) -> None:
    opened = open_page(path, color_scheme=scheme)
    result = opened.page.evaluate(TEXT_COLOURS)
    found, colours = result["found"], result["vars"]
    assert any(item["link"] for item in found) and any(not item["link"] for item in found)
    body = opened.page.evaluate(
        "() => [getComputedStyle(document.body).color, getComputedStyle(document.body)"
        ".backgroundColor]"
    )
    assert contrast(*body) >= AA_TEXT, (scheme, body)
    if scheme == "dark":
        assert parse_colour(body[1])[:3] == parse_colour(colours["--bg"])[:3]
        assert luminance(parse_colour(body[1])[:3]) < 0.05  # the dark theme is applied
    low = [
        f"{item['tag']}.{item['cls']} {item['text']!r}: {item['fg']} on {item['bg']}"
        f" = {contrast(item['fg'], item['bg']):.2f}"
        for item in found
        if contrast(item["fg"], item["bg"]) < AA_TEXT
    ]
    assert low == [], f"below {AA_TEXT}:1 in the {scheme} theme of {path}:\n" + "\n".join(low)
    # Browsers hide :visited styles from scripts, so check the visited colour as declared.
    for name in ("--link", "--link-visited", "--muted"):
        for background in ("--bg", "--panel"):
            ratio = contrast(colours[name], colours[background])
            assert ratio >= AA_TEXT, (scheme, name, background, ratio)
