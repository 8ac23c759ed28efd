"""schema.org JSON-LD for each page, built from the records."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from .dates import PartialDate
    from .model import Actor, Event, Quote, Section, Site, Source

CONTEXT = "https://schema.org"
# One encoder for every page: `json.dumps` with options makes a new one on each call.
_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def script_json(data: object) -> Markup:
    """JSON safe inside a <script> element: `<`, `>` and `&` become \\u escapes."""
    text = _ENCODER.encode(data)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def _clean(data: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in data.items() if v not in (None, "", [], ())}


def _date(date: PartialDate | None) -> str | None:
    return date.iso() if date else None


def site_article(site: Site, description: str, url: str | None) -> dict[str, object]:
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Article",
            "headline": site.title,
            "description": description,
            "inLanguage": site.language,
            "dateModified": _date(site.updated),
            "author": [{"@type": "Person", "name": name} for name in site.authors],
            "license": site.license,
            "url": url,
        }
    )


def section_article(
    section: Section, site: Site, description: str, url: str | None
) -> dict[str, object]:
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Article",
            "headline": section.title,
            "description": description,
            "inLanguage": site.language,
            "isPartOf": {"@type": "CreativeWork", "name": site.title},
            "author": [{"@type": "Person", "name": name} for name in site.authors],
            "url": url,
        }
    )


def actor_type(actor: Actor) -> str:
    return "Person" if actor.kind == "person" else "Organization"


def actor_thing(actor: Actor, description: str, url: str | None) -> dict[str, object]:
    person = actor.kind == "person"
    return _clean(
        {
            "@context": CONTEXT,
            "@type": actor_type(actor),
            "name": actor.name,
            "alternateName": list(actor.aliases),
            "description": description,
            "jobTitle": actor.role if person else None,
            "foundingDate": None if person else _date(actor.founded),
            "sameAs": [link.url for link in actor.links],
            "url": url,
        }
    )


def event_thing(
    event: Event, description: str, actors: list[Actor], url: str | None
) -> dict[str, object]:
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "name": event.title,
            "startDate": event.date.iso(),
            "endDate": _date(event.end),
            "description": description,
            "location": {"@type": "Place", "name": event.location} if event.location else None,
            "performer": [{"@type": actor_type(a), "name": a.name} for a in actors],
            "keywords": list(event.tags),
            "url": url,
        }
    )


def quote_thing(
    quote: Quote, speaker: Actor, source: Source, language: str | None, url: str | None
) -> dict[str, object]:
    return _clean(
        {
            "@context": CONTEXT,
            "@type": "Quotation",
            "text": quote.text,
            "creator": {"@type": actor_type(speaker), "name": speaker.name},
            "dateCreated": quote.date.iso(),
            "inLanguage": language,
            "isBasedOn": _clean(
                {
                    "@type": "CreativeWork",
                    "name": source.title,
                    "publisher": {"@type": "Organization", "name": source.publisher},
                    "url": source.url,
                }
            ),
            "url": url,
        }
    )


def web_page(kind: str, name: str, description: str, url: str | None) -> dict[str, object]:
    return _clean(
        {"@context": CONTEXT, "@type": kind, "name": name, "description": description, "url": url}
    )
