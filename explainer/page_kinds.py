"""One function per page kind: (view, spec, page) -> (template name, context).

A page function reads the explainer only through `view` (and `page`, whose links
read it through the same view), and returns the template to render with plain
data: records, ids, strings. The page's `<head>` data goes in `context["meta"]`.
`PAGE_KINDS` maps each kind of `pages.PageSpec` to its function.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import jsonld, pictures, story
from .corrections import CORRECTION_KINDS, RECORD_KINDS, with_corrections
from .feed import feed_context
from .page import Meta, canonical_url
from .pages import SITEMAP, UNLISTED, plan_pages
from .timeformat import STATUS_WORDS
from .urls import absolute_url, record_url_path, slugify

if TYPE_CHECKING:
    from .page import Page
    from .pages import PageSpec
    from .view import View

Context = dict[str, Any]
Rendered = tuple[str, Context]


def make_meta(view: View, title: str, description: str, data: dict[str, object], **kw: Any) -> Meta:
    """A page's metadata; its title ends with the site's title (unless it is that)."""
    site_title = view.site().title
    full = title if title == site_title else f"{title} — {site_title}"
    return Meta(full, description, jsonld.script_json(data), **kw)


def collection_meta(view: View, spec: PageSpec, title: str, description: str) -> Meta:
    url = canonical_url(view, spec.path)
    return make_meta(
        view, title, description, jsonld.web_page("CollectionPage", title, description, url)
    )


def render_home_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    site = view.site()
    description = page.plain(site.summary)
    data = jsonld.site_article(site, description, page.canonical)
    events = view.records(view.ordered("events"))
    own_text = (site.summary, *site.key_facts, *site.open_questions)
    shown = story.home_events(
        events, lambda i: len(view.mentioned_by(i)), story.linked_in(own_text)
    )
    return "home.html", {
        "meta": make_meta(view, site.title, description, data, og_type="article"),
        "sections": view.records(view.ordered("sections")),
        "key_actors": view.records(view.ordered("key_actors")),
        "latest_events": [event for event, _ in shown],
        "central_events": {event.id for event, central in shown if central},
        "time_span": story.span_words(story.time_span(events)),
    }


def _section_description(view: View, page: Page, section: Any) -> str:
    description = page.plain(section.summary) if section.summary else ""
    return description or f"{section.title}: part of {view.site().title}."


def render_section_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    section = view.section(spec.key)
    order = view.ordered("sections")
    at = order.index(spec.key)
    description = _section_description(view, page, section)
    data = jsonld.section_article(section, view.site(), description, page.canonical)
    return "section.html", {
        "meta": make_meta(view, section.title, description, data, og_type="article"),
        "section": section,
        "previous": view.section(order[at - 1]) if at > 0 else None,
        "next": view.section(order[at + 1]) if at + 1 < len(order) else None,
        "mentioned_by": view.mentioned_by(spec.key),
    }


def render_actors_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    description = f"Every actor in {view.site().title}, grouped by kind."
    groups = [
        (kind, view.records(view.lookup("actors_of_kind", kind)))
        for kind in view.ordered("actor_kinds")
    ]
    return "actors.html", {
        "meta": collection_meta(view, spec, "Actors", description),
        "groups": groups,
        "map": pictures.actors_map_svg(view, page),
    }


def render_actor_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    actor = view.actor(spec.key)
    description = page.plain(actor.summary)
    data = jsonld.actor_thing(actor, description, page.canonical)
    og_type = "profile" if actor.kind == "person" else "website"
    events = view.records(view.lookup("events_of", spec.key))
    return "actor.html", {
        "meta": make_meta(view, actor.name, description, data, og_type=og_type),
        "actor": actor,
        "relations_in": view.lookup("relations_in", spec.key),
        "events": events,
        **pictures.actor_svgs(view, page, actor, events),
        "quotes_by": view.records(view.lookup("quotes_by", spec.key)),
        "quotes_about": view.records(view.lookup("quotes_about", spec.key)),
        "mentioned_by": view.mentioned_by(spec.key),
    }


def render_alias_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    """A redirect from an alias's slug (`actors/kateb-hezbollah/`) to the actor's page."""
    actor = view.actor(view.lookup("alias_target", spec.key)[0])
    name = next((a for a in actor.aliases if slugify(a) == spec.key), spec.key)
    description = f"{name} is listed as {actor.name}."
    title = f"{name}: see {actor.name}"
    data = jsonld.web_page("WebPage", title, description, None)
    target = record_url_path("actor", actor.id)
    return "redirect.html", {
        "meta": make_meta(view, title, description, data, noindex=True),
        "actor": actor,
        "name": name,
        "target": page.href(target),
        "target_canonical": canonical_url(view, target),
    }


def render_timeline_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    description = f"Every event in {view.site().title}, in date order."
    years = [(y, view.records(view.lookup("events_in_year", y))) for y in view.ordered("years")]
    return "timeline.html", {
        "meta": collection_meta(view, spec, "Timeline", description),
        "years": years,
        "picture": pictures.timeline_svg(page, [e for _, events in years for e in events]),
        "filter_actors": view.records(view.ordered("event_actors")),
        # Only the statuses some event has: an option that shows nothing is a dead end.
        "statuses": [s for s in STATUS_WORDS if s in view.ordered("statuses")],
    }


def render_event_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    event = view.event(spec.key)
    actors = view.records(event.actors)
    description = page.plain(event.summary)
    data = jsonld.event_thing(event, description, actors, page.canonical)
    return "event.html", {
        "meta": make_meta(view, event.title, description, data, og_type="article"),
        "event": event,
        "actors": actors,
        "quotes": view.records(view.lookup("quotes_of_event", spec.key)),
        "mentioned_by": view.mentioned_by(spec.key),
    }


def render_quotes_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    description = f"Every quote in {view.site().title}, by speaker and date."
    groups = [
        (view.actor(s), view.records(view.lookup("quotes_by", s))) for s in view.ordered("speakers")
    ]
    return "quotes.html", {
        "meta": collection_meta(view, spec, "Quotes", description),
        "groups": groups,
    }


def quote_languages(quote: Any, site_language: str) -> tuple[str, str | None]:
    """(language of `text`, language of `original`).

    As the contract says, `language` is the language of `text` (the site's when
    absent); `original_language` is that of `original`, unknown when absent.
    """
    return quote.language or site_language, quote.original_language


def render_quote_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    quote = view.quote(spec.key)
    speaker, source = view.actor(quote.speaker), view.source(quote.source)
    text_lang, original_lang = quote_languages(quote, view.site().language)
    title = f"{speaker.name}, {quote.date.human()}"
    description = page.plain(quote.text.replace("\n", " "))
    data = jsonld.quote_thing(quote, speaker, source, text_lang, page.canonical)
    return "quote.html", {
        "meta": make_meta(view, f"Quote: {title}", description, data, og_type="article"),
        "quote": quote,
        "speaker": speaker,
        "source": source,
        "heading": title,
        "text_lang": text_lang,
        "original_lang": original_lang,
        "event": view.event(quote.event) if quote.event else None,
        "mentioned_by": view.mentioned_by(spec.key),
    }


def render_sources_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    description = f"Every source used in {view.site().title}, with the pages that cite it."
    return "sources.html", {
        "meta": collection_meta(view, spec, "Sources", description),
        "sources": view.records(view.ordered("sources")),
    }


def render_not_found_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    data = jsonld.web_page("WebPage", "Page not found", "", None)
    meta = make_meta(
        view,
        "Page not found",
        "This page does not exist.",
        data,
        noindex=True,
        link_base=view.base_url,
    )
    return "404.html", {"meta": meta}


def render_feed(view: View, spec: PageSpec, page: Page) -> Rendered:
    return "feed.xml", feed_context(view, page)


def render_sitemap(view: View, spec: PageSpec, page: Page) -> Rendered:
    base = view.base_url
    if not base:
        return "sitemap.xml", {"urls": []}
    paths = sorted(s.path for s in plan_pages(view) if s.kind not in UNLISTED)
    return "sitemap.xml", {"urls": [absolute_url(base, p) for p in paths]}


def render_robots(view: View, spec: PageSpec, page: Page) -> Rendered:
    return "robots.txt", {"sitemap": canonical_url(view, SITEMAP)}


PAGE_KINDS: dict[str, Callable[[View, PageSpec, Page], Rendered]] = {
    "home": render_home_page,
    "section": render_section_page,
    "actors": render_actors_page,
    "actor": render_actor_page,
    "alias": render_alias_page,
    "timeline": render_timeline_page,
    "event": render_event_page,
    "quotes": render_quotes_page,
    "quote": render_quote_page,
    "sources": render_sources_page,
    "not-found": render_not_found_page,
    "feed": render_feed,
    "sitemap": render_sitemap,
    "robots": render_robots,
}
PAGE_KINDS.update(CORRECTION_KINDS)
for _kind in RECORD_KINDS:  # a record's page also shows its corrections
    PAGE_KINDS[_kind] = with_corrections(PAGE_KINDS[_kind])
