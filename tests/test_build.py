"""The build: every page of the contract, cross-links, citations, escaping, atomic output."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import shutil
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from jinja2 import BytecodeCache

from explainer.build import SHOWN_WARNINGS, build_command, build_log, build_site, site_data
from explainer.compiled import MarkdownCache
from explainer.diagnostics import Diagnostic, Position, format_text
from explainer.indexes import build_indexes
from explainer.page import Page
from explainer.pages import PageSpec, find_collisions, plan_pages
from explainer.pipeline import read_explainer
from explainer.render import TEMPLATES, Tools, make_environment, render_page, template_cache
from explainer.view import READS, SiteData, View, read
from htmltree import Element, parse_file
from sites import write_site

BENCH = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
HOSTILE = "<script>alert(1)</script><img src=x onerror=alert(2)>"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"

SITE = {
    "site.yaml": (
        f"title: 'Test {HOSTILE} explainer'\n"
        "summary: Who is [[kataib-hezbollah]]? A *small* explainer.\n"
        "authors: [Desk]\nupdated: 2024-02-08\n"
    ),
    "actors/kataib-hezbollah.yaml": (
        "name: Kataib Hezbollah\n"
        "kind: armed-group\n"
        f"summary: 'An Iraqi armed group {HOSTILE} [@article].'\n"
        "aliases: [Kateb Hezbollah, KH]\n"
        f"role: '{HOSTILE}'\n"
        "description: |\n"
        "  ## Origins\n\n"
        "  Formed after 2003 [@article]. [click](javascript:alert(3)) <b onmouseover=x>b</b>\n"
        "relations:\n"
        "  - type: backed-by\n"
        "    target: iran\n"
        "    status: alleged\n"
        f"    note: '{HOSTILE}'\n"
        "    sources: [article]\n"
        "links:\n"
        f"  - label: '{HOSTILE}'\n"
        '    url: https://example.org/kh?a=1&b="2"\n'
    ),
    "actors/iran.yaml": "name: Iran\nkind: state\nsummary: A state.\n",
    "actors/joe-biden.yaml": (
        "name: Joe Biden\nkind: person\nrole: President\nsummary: US president.\n"
    ),
    "sources/article.yaml": (
        f"title: 'An article {HOSTILE}'\npublisher: Unnamed publisher\nkind: article\n"
        "date: 2024-02-08\nurl: https://example.org/article\n"
    ),
    "sources/telegram.yaml": (
        "title: Statement on Telegram\npublisher: Kataib Hezbollah\nkind: statement\n"
        "date: 2024-01-30\n"
    ),
    "events/founded.yaml": (
        "date: 2007\ntitle: Kataib Hezbollah founded\nsummary: Founded [@article].\n"
        "actors: [kataib-hezbollah]\nstatus: confirmed\nsources: [article]\n"
    ),
    "events/designation.yaml": (
        "date: 2009-07\ntitle: US designation\nsummary: Designated.\n"
        "actors: [kataib-hezbollah, joe-biden]\nsources: [article]\n"
    ),
    "events/tower-22.yaml": (
        "date: 2024-01-27\nend: 2024-01-28\ncirca: true\n"
        f"title: 'Drone strike {HOSTILE}'\n"
        "summary: Three US soldiers were killed [@article; @telegram].\n"
        "actors: [kataib-hezbollah, iran]\nstatus: alleged\nsources: [article]\n"
    ),
    "events/suspension.yaml": (
        "date: 2024-01-30\ntitle: Suspension\nsummary: Operations suspended.\n"
        "actors: [kataib-hezbollah]\nstatus: disputed\nsources: [telegram]\n"
    ),
    "quotes/suspension-quote.yaml": (
        "speaker: kataib-hezbollah\n"
        "text: |-\n  We announce the suspension.\n  Second line.\n"
        "date: 2024-01-30\nsource: telegram\nvia: statement on Telegram\n"
        "context: About [[tower-22]].\nevent: suspension\nabout: [iran]\n"
        "language: en\ntranslated: true\noriginal: نعلن تعليق العمليات\noriginal_language: ar\n"
    ),
    "sections/what-happened.md": (
        "---\ntitle: What happened\norder: 1\nsummary: The short version.\n---\n\n"
        "## The strike\n\n"
        "The strike on [[tower-22]] was blamed on [[kataib-hezbollah|the group]] [@article].\n"
        "Later [@telegram; @article] and again [@article].\n\n"
        "![[suspension-quote]]\n\n"
        "![[tower-22]]\n\n"
        f"Raw {HOSTILE} and [bad](javascript:alert(4)) and `[[not-an-id]]`.\n\n"
        "## Mentioned in\n\nA heading that looks like one of the page's own.\n"
    ),
    "sections/aftermath.md": (
        "---\ntitle: Aftermath\norder: 2\n---\n\nSee [[what-happened]] and [[article]].\n"
    ),
}


def build(tmp_path: Path, files: dict[str, str] = SITE, name: str = "site", **kw: object) -> Path:
    content = write_site(tmp_path / "content", files, base=False)
    out = tmp_path / name
    code = build_command(content, str(content), out, kw.get("base_url"))  # type: ignore[arg-type]
    assert code == 0
    return out


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("build"))


def page(site: Path, path: str) -> Element:
    return parse_file(site / path)


def html_pages(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.html"))


def tree_hashes(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


# --- pages of the contract ---------------------------------------------------


def test_every_page_of_the_contract_exists(site: Path) -> None:
    expected = [
        "index.html",
        "sections/what-happened/index.html",
        "actors/index.html",
        "actors/kataib-hezbollah/index.html",
        "timeline/index.html",
        "events/tower-22/index.html",
        "quotes/index.html",
        "quotes/suspension-quote/index.html",
        "sources/index.html",
        "sitemap.xml",
        "feed.xml",
        "404.html",
        "robots.txt",
        "static/style.css",
        "static/timeline.js",
    ]
    for path in expected:
        assert (site / path).is_file(), path


def test_every_page_has_lang_title_description_og_and_json_ld(site: Path) -> None:
    titles = set()
    for path in html_pages(site):
        doc = parse_file(path)
        html = doc.find("html")
        assert html.attrs["lang"] == "en" and html.attrs["dir"] == "ltr", path
        title = doc.find("title").text()
        assert title and title not in titles, path
        titles.add(title)
        assert doc.find("meta", name="description").attrs["content"], path
        assert doc.find("meta", property="og:title")
        for script in doc.find_all("script", type="application/ld+json"):
            data = json.loads(script.text())
            assert data["@context"] == "https://schema.org"
            assert "<" not in script.text()
        if doc.find_all("meta", **{"http-equiv": "refresh"}):
            continue  # an alias's redirect page
        assert len(doc.find_all("h1")) == 1, path
        for landmark in ("header", "nav", "main", "footer"):
            assert doc.find_all(landmark), (path, landmark)
        assert doc.find("a", class_="skip-link").attrs["href"] == "#main_content"


def test_json_ld_types(site: Path) -> None:
    def ld(path: str) -> dict[str, object]:
        return json.loads(page(site, path).find("script", type="application/ld+json").text())

    assert ld("actors/kataib-hezbollah/index.html")["@type"] == "Organization"
    assert ld("actors/joe-biden/index.html")["@type"] == "Person"
    assert ld("events/tower-22/index.html")["@type"] == "Event"
    assert ld("quotes/suspension-quote/index.html")["@type"] == "Quotation"
    assert ld("sections/what-happened/index.html")["@type"] == "Article"
    assert ld("index.html")["@type"] == "Article"
    assert "\\u003cscript" in page_text(site, "events/tower-22/index.html")


def page_text(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_home_lists_sections_key_actors_and_latest_events(site: Path) -> None:
    main = page(site, "index.html").find("main")
    hrefs = [a.attrs["href"] for a in main.find_all("a")]
    first = hrefs.index("sections/what-happened/index.html")
    assert first < hrefs.index("sections/aftermath/index.html")
    assert "actors/kataib-hezbollah/index.html" in hrefs
    assert "events/suspension/index.html" in hrefs


# --- cross-links -------------------------------------------------------------


def test_relations_shown_both_ways_with_inverse_wording(site: Path) -> None:
    kh = page(site, "actors/kataib-hezbollah/index.html").find("ul", class_="relations")
    iran = page(site, "actors/iran/index.html").find("ul", class_="relations")
    assert kh.text().strip().startswith("Backed by Iran")
    assert "Alleged" in kh.text()
    assert iran.text().strip().startswith("Backs Kataib Hezbollah")
    assert iran.find("a").attrs["href"] == "../../actors/kataib-hezbollah/index.html"


def test_actor_page_lists_events_in_date_order_quotes_and_mentions(site: Path) -> None:
    doc = page(site, "actors/kataib-hezbollah/index.html")
    section = doc.find("section", **{"aria-labelledby": "events_all"})
    events = [h.find("a").attrs["href"].split("/")[-2] for h in section.find_all("h3")]
    assert events == ["founded", "designation", "tower-22", "suspension"]
    assert doc.find("section", **{"aria-labelledby": "quotes_by"})
    mentions = doc.find("section", **{"aria-labelledby": "mentioned_in"}).text()
    assert "What happened" in mentions
    facts = doc.find("dl", class_="facts").text()
    assert "Kateb Hezbollah" in facts and "KH" in facts
    iran = page(site, "actors/iran/index.html")
    assert iran.find("section", **{"aria-labelledby": "quotes_about"})


def test_alias_redirects(site: Path) -> None:
    doc = page(site, "actors/kateb-hezbollah/index.html")
    refresh = doc.find("meta", **{"http-equiv": "refresh"}).attrs["content"]
    assert refresh == "0; url=../../actors/kataib-hezbollah/index.html"
    assert doc.find("a").attrs["href"] == "../../actors/kataib-hezbollah/index.html"
    assert (site / "actors/kh/index.html").is_file()
    # An alias whose slug is another record's id is an error (tests/test_aliases.py).


def test_citations_numbered_in_order_and_linked_both_ways(site: Path) -> None:
    doc = page(site, "sections/what-happened/index.html")
    markers = [a for a in doc.find_all("a") if a.attrs.get("href", "").startswith("#s_")]
    # "[@telegram; @article]" gives "[1, 2]": markers in a group ascend, whatever the order written
    assert [a.text() for a in markers][:4] == ["1", "1", "2", "1"]
    assert markers[0].attrs == {
        "href": "#s_1",
        "id": "c_1_1",
        "aria-label": "source 1",
    }
    assert markers[0].parent.tag == "sup"
    entry = doc.by_id("s_1")
    assert "An article" in entry.text()
    backs = entry.find("span", class_="backlinks").find_all("a")
    assert [a.attrs["href"] for a in backs][:3] == ["#c_1_1", "#c_1_2", "#c_1_3"]
    assert [a.text() for a in backs][:3] == ["↩1", "↩2", "↩3"]  # named by number after "Cited:"
    assert "Statement on Telegram" in doc.by_id("s_2").text()
    once = page(site, "quotes/suspension-quote/index.html").by_id("s_1")
    back = once.find("span", class_="backlinks").find("a")  # one use: named in words
    assert back.text() == "↩" and back.attrs["aria-label"] == "back to the citation"


def test_embeds_quote_and_event(site: Path) -> None:
    doc = page(site, "sections/what-happened/index.html")
    figure = doc.find("figure", class_="quote embed")
    assert "We announce the suspension." in figure.find("blockquote").text()
    caption = figure.find("figcaption").text()
    assert "Kataib Hezbollah" in caption and "30 January 2024" in caption
    assert "statement on Telegram" in caption and figure.find("cite")
    card = doc.find("aside", class_="event-card status-alleged")
    assert "Alleged" in card.text() and "about 27 January 2024" in card.text()


def test_heading_anchors_do_not_clash_with_page_anchors(site: Path) -> None:
    doc = page(site, "sections/what-happened/index.html")
    assert doc.find("h2", id="the-strike")
    ids = [e.attrs["id"] for e in doc.iter() if "id" in e.attrs]
    assert len(ids) == len(set(ids))


# --- dates, statuses, quotes, sources ----------------------------------------


def test_timeline_dates_at_precision_and_status_in_words(site: Path) -> None:
    doc = page(site, "timeline/index.html")
    years = [h.text() for h in doc.find_all("h2") if h.attrs.get("id", "").startswith("year_")]
    assert years == ["2007", "2009", "2024"]
    times = {t.attrs["datetime"]: t.text() for t in doc.find_all("time")}
    assert times["2007"] == "2007"
    assert times["2009-07"] == "July 2009"
    assert times["2024-01-27"] == "27 January 2024"
    events = [li for li in doc.find_all("li") if li.has_class("event")]
    items = {c[7:]: li for li in events for c in li.attrs["class"].split() if c[:7] == "status-"}
    assert "Alleged" in items["alleged"].text() and "about" in items["alleged"].text()
    assert "28 January 2024" in items["alleged"].text()
    assert "Disputed" in items["disputed"].text()
    assert "Confirmed" in items["confirmed"].text()
    actors = items["alleged"].find("p", class_="event-actors").find_all("a")  # the filter's
    assert [a.attrs["href"].split("/")[-2] for a in actors] == ["kataib-hezbollah", "iran"]
    # Hidden until a script marks the page (`.js`, set by partials/search_box.html): no shift
    assert doc.find("form", id="timeline-filter").has_class("timeline-filter")
    assert ".timeline-filter{display:none}" in (site / "static/style.css").read_text()


def test_quote_page_has_original_with_lang_and_dir(site: Path) -> None:
    doc = page(site, "quotes/suspension-quote/index.html")
    quotes = doc.find_all("blockquote")
    assert quotes[0].attrs["lang"] == "en" and quotes[0].attrs["dir"] == "ltr"
    original = doc.find("figure", class_="quote original").find("blockquote")
    assert original.attrs["lang"] == "ar" and original.attrs["dir"] == "rtl"
    assert "نعلن" in original.text()
    facts = doc.find("dl", class_="facts").text()
    assert "statement on Telegram" in facts and "Suspension" in facts
    assert doc.by_id("s_1")


def test_sources_page_lists_citing_pages_and_missing_links(site: Path) -> None:
    doc = page(site, "sources/index.html")
    telegram = doc.by_id("telegram").parent  # the entry holding the heading the link targets
    assert "No link: known as reported." in telegram.text()
    article = doc.by_id("article").parent
    assert article.find("a").attrs["href"] == "https://example.org/article"
    citing = [a.attrs["href"] for a in article.find("details").find_all("a")]
    assert "../actors/kataib-hezbollah/index.html" in citing
    assert "../sections/what-happened/index.html" in citing


# --- escaping ----------------------------------------------------------------


def test_hostile_content_is_escaped_everywhere(site: Path) -> None:
    for path in html_pages(site):
        doc = parse_file(path)
        for element in doc.iter():
            assert element.tag not in ("img", "b"), (path, element)
            for name, value in element.attrs.items():
                assert not name.startswith("on"), (path, element)
                assert not value.strip().lower().startswith("javascript:"), (path, element)
            if element.tag == "script":
                assert (
                    element.attrs.get("type") == "application/ld+json"
                    or element.attrs.get("src", "").endswith("static/timeline.js")
                    or element.attrs.get("id") == "search-loader"  # partials/search_box.html
                ), path
    assert "&lt;script&gt;alert(1)" in page_text(site, "index.html")


# --- feed, sitemap, base URL -------------------------------------------------


def test_feed_is_atom_newest_first(site: Path) -> None:
    root = ET.parse(site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    titles = [e.find(f"{ATOM}title").text for e in entries]
    assert titles == ["Suspension", f"Drone strike {HOSTILE}", "US designation", titles[3]]
    assert all(e.find(f"{ATOM}id").text.startswith("urn:uuid:") for e in entries)
    assert root.find(f"{ATOM}updated").text == "2024-02-08T00:00:00Z"
    ET.parse(site / "sitemap.xml")


def test_base_url_gives_canonical_links_sitemap_and_feed(tmp_path: Path) -> None:
    out = build(tmp_path, base_url="https://user.github.io/repo")
    doc = page(out, "actors/iran/index.html")
    assert doc.find("link", rel="canonical").attrs["href"] == (
        "https://user.github.io/repo/actors/iran/"
    )
    locs = [u.text for u in ET.parse(out / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")]
    assert "https://user.github.io/repo/" in locs
    assert "https://user.github.io/repo/actors/kateb-hezbollah/" not in locs
    feed = ET.parse(out / "feed.xml").getroot()
    assert feed.find(f"{ATOM}entry/{ATOM}id").text == (
        "https://user.github.io/repo/events/suspension/"
    )
    assert "Sitemap: https://user.github.io/repo/sitemap.xml" in (out / "robots.txt").read_text()
    not_found = page(out, "404.html")
    assert not_found.find("link", rel="stylesheet").attrs["href"] == (
        "https://user.github.io/repo/static/style.css"
    )


# --- crawler -----------------------------------------------------------------


def broken_links(root: Path) -> list[str]:
    """Every internal link, anchor or asset of every page that does not resolve."""
    problems = []
    ids: dict[Path, set[str]] = {}
    docs = {path.resolve(): parse_file(path) for path in html_pages(root)}
    for path, doc in docs.items():
        ids[path] = {e.attrs["id"] for e in doc.iter() if "id" in e.attrs}
    for path, doc in docs.items():
        for element in doc.iter():
            url = element.attrs.get("href") or element.attrs.get("src")
            if element.tag == "meta" and "url=" in element.attrs.get("content", ""):
                url = element.attrs["content"].split("url=", 1)[1]
            if not url or url.startswith(("http://", "https://", "mailto:")):
                continue
            target, _, fragment = url.partition("#")
            resolved = (path.parent / target).resolve() if target else path
            if not resolved.is_file() or root.resolve() not in resolved.parents:
                problems.append(f"{path.relative_to(root)}: {url}")
            elif fragment and fragment not in ids[resolved]:
                problems.append(f"{path.relative_to(root)}: {url} (no such anchor)")
    return problems


def test_crawler_finds_no_broken_links(site: Path) -> None:
    assert broken_links(site) == []


def test_crawler_on_the_shipped_content(tmp_path: Path) -> None:
    content = Path(__file__).resolve().parent.parent / "content"
    explainer, problems = read_explainer(content, "content")
    if explainer is None or any(p.severity == "error" for p in problems):
        pytest.skip("the shipped content does not check clean yet")
    out = tmp_path / "shipped"
    assert build_command(content, "content", out, None) == 0
    assert broken_links(out) == []


def test_crawler_on_a_synthetic_explainer(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("bench_generate_build", BENCH)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    bench.generate(20, tmp_path / "content")
    out = tmp_path / "site"
    assert build_command(tmp_path / "content", "content", out, None) == 0
    assert broken_links(out) == []


# --- determinism, atomicity, errors ------------------------------------------


def test_build_is_deterministic(tmp_path: Path) -> None:
    first = build(tmp_path, name="one")
    second = build(tmp_path, name="two")
    assert tree_hashes(first) == tree_hashes(second)


def test_failed_build_leaves_previous_output_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = build(tmp_path)
    before = tree_hashes(out)
    broken = write_site(tmp_path / "broken", {**SITE, "events/bad.yaml": "date: 2024-02-30\n"})
    capsys.readouterr()
    assert build_command(broken, "broken", out, None) == 1
    err = capsys.readouterr().err
    _, problems = read_explainer(broken, "broken")
    assert err.startswith(format_text(problems))
    assert tree_hashes(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken", "content", "site"]


def test_successful_build_removes_stale_files(tmp_path: Path) -> None:
    out = build(tmp_path)
    (out / "stale.html").write_text("old")
    (out / "actors" / "gone").mkdir()
    content = tmp_path / "content"
    (content / "actors" / "joe-biden.yaml").unlink()
    (content / "events" / "designation.yaml").write_text(
        "date: 2009-07\ntitle: US designation\nsummary: Designated.\nsources: [article]\n"
    )
    assert build_command(content, "content", out, None) == 0
    assert not (out / "stale.html").exists()
    assert not (out / "actors" / "gone").exists()
    assert not (out / "actors" / "joe-biden").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_output_that_would_replace_the_content_is_refused(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content", SITE, base=False)
    assert build_command(content, "content", tmp_path, None) == 2
    assert build_command(content, "content", content, None) == 2


def test_collisions_are_refused() -> None:
    specs = [
        PageSpec("actors/x/index.html", "actor", "x"),
        PageSpec("actors/x/index.html", "alias"),
    ]
    assert find_collisions(specs, []) == [
        "two pages would be written to 'actors/x/index.html'; rename one of the records or files"
    ]


# --- reads through the view ---------------------------------------------------


class RecordingView(View):
    """Notes every primitive read, as a preview server would."""

    def __init__(self, data: SiteData) -> None:
        super().__init__(data)
        self.keys: set[tuple[object, ...]] = set()

    def __getattribute__(self, name: str) -> object:
        found = super().__getattribute__(name)
        if name in READS:
            keys = super().__getattribute__("keys")

            def recorded(*args: object) -> object:
                keys.add((name, *args))
                return found(*args)

            return recorded
        return found


def test_pages_read_the_explainer_only_through_the_view(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content", SITE, base=False)
    explainer, _ = read_explainer(content, "content")
    assert explainer is not None
    data = site_data(explainer, None)
    tools = Tools(make_environment())

    def keys(spec: PageSpec) -> set[tuple[object, ...]]:
        view = RecordingView(data)
        render_page(tools, view, spec)
        assert all(read(view, key) == read(View(data), key) for key in view.keys)
        return view.keys

    actor = keys(PageSpec("actors/kataib-hezbollah/index.html", "actor", "kataib-hezbollah"))
    assert {
        ("site",),
        ("record", "kataib-hezbollah"),
        ("record", "iran"),
        ("lookup", "events_of", "kataib-hezbollah"),
        ("lookup", "relations_in", "kataib-hezbollah"),
        ("lookup", "mentioned_by", "kataib-hezbollah"),
    } <= actor
    assert not any(key[0] == "ordered" for key in actor)
    assert ("ordered", "years") in keys(PageSpec("timeline/index.html", "timeline"))
    section = keys(PageSpec("sections/what-happened/index.html", "section", "what-happened"))
    assert ("record", "suspension-quote") in section


def test_build_site_returns_pages(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content", SITE, base=False)
    built = build_site(content, "content")
    assert built.ok and "index.html" in built.pages


def test_compiled_templates_cached_on_disk_render_the_same_pages(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content", SITE, base=False)
    explainer, _ = read_explainer(content, "content")
    assert explainer is not None
    view = View(site_data(explainer, None))
    specs = plan_pages(view)
    templates, cached = tmp_path / "templates", tmp_path / "jinja"
    shutil.copytree(TEMPLATES, templates)
    cached.mkdir()

    def pages(cache: BytecodeCache | None) -> list[bytes]:
        tools = Tools(make_environment(templates, cache))
        return [render_page(tools, view, spec) for spec in specs]

    plain = pages(None)
    assert pages(template_cache(cached)) == plain  # compiled, and written to the cache
    assert any(cached.iterdir())
    assert pages(template_cache(cached)) == plain  # read back from the cache
    actor = templates / "actor.html"  # an edited template is compiled again
    actor.write_text(actor.read_text().replace("</h1>", "</h1>EDITED", 1))
    assert b"EDITED" in b"".join(pages(template_cache(cached)))


# --- templates ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("broken", "message"),
    [("{{ no_such_name }}", "'no_such_name' is undefined"), ("{% if %}", "")],
)
def test_template_errors_are_reported_at_their_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], broken: str, message: str
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    actor = templates / "actor.html"
    lines = actor.read_text().splitlines()
    lines.insert(4, broken)
    actor.write_text("\n".join(lines) + "\n")
    content = write_site(tmp_path / "content", SITE, base=False)
    out = tmp_path / "site"
    assert build_command(content, "content", out, None, templates) == 1
    err = capsys.readouterr().err
    assert f"{actor}:5:1: error: " in err and message in err
    assert not out.exists()


def test_a_user_can_override_a_template(tmp_path: Path) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "404.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Lost</h1>{% endblock %}'
    )
    content = write_site(tmp_path / "content", SITE, base=False)
    assert build_command(content, "content", tmp_path / "site", None, templates) == 0
    assert page(tmp_path / "site", "404.html").find("h1").text() == "Lost"


def test_leftovers_of_an_interrupted_build_are_removed(tmp_path: Path) -> None:
    (tmp_path / ".site-site-new-abc123").mkdir()
    (tmp_path / ".site-site-new-abc123" / "index.html").write_text("half")
    build(tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"]


def test_references_the_checker_never_saw_render_as_text() -> None:
    """A table edge case can hide a reference from the checker; the page still renders."""
    from explainer.model import Site
    from explainer.validate import Explainer

    explainer = Explainer(Site("T", "S"))
    data = SiteData(explainer, build_indexes(explainer))
    page = Page(View(data), "index.html", MarkdownCache(), lambda name, context: "")
    assert page.link("ghost", "<b>") == "[[ghost|&lt;b&gt;]]"
    assert page.embed("ghost") == "![[ghost]]"
    assert page.cite(["ghost", "x"]) == "[@ghost; @x]"


def test_a_build_log_shows_every_error_and_the_first_warnings() -> None:
    warnings = [Diagnostic.warning(Position("a.yaml", i, 1), f"w{i}") for i in range(1, 61)]
    errors = [Diagnostic.error(Position("b.yaml", i, 1), f"e{i}") for i in range(1, 61)]
    log = build_log([*warnings, *errors], "content").splitlines()
    assert sum(": error: " in line for line in log) == 60
    shown = [line for line in log if ": warning: " in line]
    assert shown == [f"a.yaml:{i}:1: warning: w{i}" for i in range(1, SHOWN_WARNINGS + 1)]
    assert log[-1] == "... and 10 more warnings: `check --content content` lists them all"
    assert build_log(warnings[:SHOWN_WARNINGS], "content") == format_text(warnings[:50])
