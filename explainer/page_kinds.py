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
from .page import canonical_url
from .page_lists import LIST_KINDS
from .page_meta import collection_meta, make_meta
from .pages import SITEMAP, SITEMAP_SIZE, listed_paths, plan_pages
from .record_lists import bounded, more_links, render_record_list
from .urls import absolute_url, record_url_path, slugify

if TYPE_CHECKING:
    from .page import Page
    from .pages import PageSpec
    from .view import View

__all__ = ["PAGE_KINDS", "collection_meta", "make_meta"]  # where page functions find them
Context = dict[str, Any]
Rendered = tuple[str, Context]


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
        "mentioned_by": bounded(view, "section", spec.key, "mentioned_by"),
        "more": more_links(view, "section", spec.key),
    }


def render_actor_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    actor = view.actor(spec.key)
    description = page.plain(actor.summary)
    data = jsonld.actor_thing(actor, description, page.canonical)
    og_type = "profile" if actor.kind == "person" else "website"
    events = view.records(bounded(view, "actor", spec.key, "events_of"))
    return "actor.html", {
        "meta": make_meta(view, actor.name, description, data, og_type=og_type),
        "actor": actor,
        "relations_in": view.lookup("relations_in", spec.key),
        "events": events,
        **pictures.actor_svgs(view, page, actor, events),
        "quotes_by": view.records(bounded(view, "actor", spec.key, "quotes_by")),
        "quotes_about": view.records(bounded(view, "actor", spec.key, "quotes_about")),
        "mentioned_by": bounded(view, "actor", spec.key, "mentioned_by"),
        "more": more_links(view, "actor", spec.key),
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


def render_event_page(view: View, spec: PageSpec, page: Page) -> Rendered:
    event = view.event(spec.key)
    actors = view.records(event.actors)
    description = page.plain(event.summary)
    data = jsonld.event_thing(event, description, actors, page.canonical)
    return "event.html", {
        "meta": make_meta(view, event.title, description, data, og_type="article"),
        "event": event,
        "actors": actors,
        "timeline_path": view.lookup("timeline_page", spec.key)[0],
        "quotes": view.records(bounded(view, "event", spec.key, "quotes_of_event")),
        "mentioned_by": bounded(view, "event", spec.key, "mentioned_by"),
        "more": more_links(view, "event", spec.key),
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
        "mentioned_by": bounded(view, "quote", spec.key, "mentioned_by"),
        "more": more_links(view, "quote", spec.key),
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
    """The sitemap, or (`spec.part`) one file of a split one."""
    base = view.base_url
    if not base:
        return "sitemap.xml", {"urls": []}
    paths = listed_paths(plan_pages(view))
    if spec.part:
        paths = paths[(spec.part - 1) * SITEMAP_SIZE : spec.part * SITEMAP_SIZE]
    return "sitemap.xml", {"urls": [absolute_url(base, p) for p in paths]}


def render_sitemap_index(view: View, spec: PageSpec, page: Page) -> Rendered:
    """A sitemap index naming the sitemap files of a large site."""
    base = view.base_url
    names = [f"sitemap-{n}.xml" for n in range(1, spec.part + 1)]
    return "sitemap_index.xml", {"urls": [absolute_url(base, n) for n in names] if base else []}


def render_robots(view: View, spec: PageSpec, page: Page) -> Rendered:
    return "robots.txt", {"sitemap": canonical_url(view, SITEMAP)}


PAGE_KINDS: dict[str, Callable[[View, PageSpec, Page], Rendered]] = {
    "home": render_home_page,
    "section": render_section_page,
    "actor": render_actor_page,
    "alias": render_alias_page,
    "event": render_event_page,
    "quote": render_quote_page,
    "not-found": render_not_found_page,
    "feed": render_feed,
    "sitemap": render_sitemap,
    "sitemap-index": render_sitemap_index,
    "robots": render_robots,
    "record-list": render_record_list,
    **LIST_KINDS,
}
PAGE_KINDS.update(CORRECTION_KINDS)
for _kind in RECORD_KINDS:  # a record's page also shows its corrections
    PAGE_KINDS[_kind] = with_corrections(PAGE_KINDS[_kind])
