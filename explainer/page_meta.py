"""A page's `<head>` data (`page.Meta`): its title, description and JSON-LD."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import jsonld
from .page import Meta, canonical_url

if TYPE_CHECKING:
    from .pages import PageSpec
    from .view import View


def make_meta(view: View, title: str, description: str, data: dict[str, object], **kw: Any) -> Meta:
    """A page's metadata; its title ends with the site's title (unless it is that)."""
    site_title = view.site().title
    full = title if title == site_title else f"{title} — {site_title}"
    return Meta(full, description, jsonld.script_json(data), **kw)


def collection_meta(view: View, spec: PageSpec, title: str, description: str) -> Meta:
    """The metadata of a list page (a schema.org CollectionPage)."""
    url = canonical_url(view, spec.path)
    data = jsonld.web_page("CollectionPage", title, description, url)
    return make_meta(view, title, description, data)
