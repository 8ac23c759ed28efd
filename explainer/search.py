"""The site's search index: built from the checked explainer, written before the swap.

Every actor, event, quote, section and source is one document (a source's
result links to its entry on the sources page part that holds it); list pages
are not indexed. Its text is read from the model, not from the written pages:
an actor's name and aliases weigh most, then titles, then summaries, then
bodies. Markdown is read as plain text: `[[id]]` links as the
names they show, citations and embeds left out. `search_index` turns the
documents into small static files under `search/` that `static/search.js`
fetches, only when a reader starts typing. They are files like any other: the
index works from any folder a host serves (not from disk: browsers refuse to
fetch files there).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from .citations import display_name
from .page_lists import tag_words
from .references import CITE_RE, EMBED_RE, LINK_RE
from .search_index import Document, build_index, index_files
from .urls import record_url_path

if TYPE_CHECKING:
    from .view import SiteData, View

FOLDER = "search"  # the index's folder inside the site
# Field weights: an actor's name and aliases; titles; summaries (and a quote's words); the rest.
NAME, TITLE, SUMMARY, BODY = 20, 10, 3, 1
EXCERPT = 160  # characters, at most
_DESTINATION = re.compile(r"\]\([^()\s]*(?:\s+\"[^\"]*\")?\)")  # a link's `(url "title")`
_UNDERSCORES = re.compile(r"\b_+|_+\b")  # emphasis, not the `_` inside `snake_case`
_ESCAPE = re.compile(r"\\(?=[^\w\s])")
_BLOCK_MARK = re.compile(r"^[ \t]*(?:#+|>|[*+-]|\d+[.)])[ \t]+", re.MULTILINE)


class SearchIndexError(Exception):
    """The search index could not be written."""


class Words:
    """Markdown read as the words a reader sees, for one build (names looked up once)."""

    def __init__(self, view: View) -> None:
        self.view = view
        self.names: dict[str, str] = {}

    def name(self, target: str) -> str:
        """The name a `[[target]]` link shows (an alias is its actor's), or the id written."""
        found = self.names.get(target)
        if found is None:
            found = self.names[target] = _name(self.view, target)
        return found

    def of_markdown(self, text: str) -> str:
        """The words of `text`: links as their names or labels (at the end: words, not
        prose, so the order does not matter), no embeds, citations or link destinations.

        Plain string splits, not a regex: this reads every text of the explainer. As the
        regexes of `references` do, it reads a reference inside a code span as one."""
        if "[" not in text:
            return text
        text = _without_citations(text) if "[@" in text else text
        if "[[" not in text:
            return _DESTINATION.sub("]", text) if "](" in text else text
        parts = text.split("[[")
        kept, names = [parts[0]], []
        for part in parts[1:]:
            inner, closed, rest = part.partition("]]")
            if not closed or "[" in inner or "]" in inner or "\n" in inner:
                kept.append(part)
                continue
            target, _, label = inner.partition("|")
            if not kept[-1].endswith("!"):  # an embed shows a card: its words are its own
                names.append(label or self.name(target.rstrip("\\").strip()))
            kept.append(rest)
        text = " ".join(kept)
        return " ".join([_DESTINATION.sub("]", text) if "](" in text else text, *names])

    def plain(self, text: str) -> str:
        """A Markdown text as prose: links as their names or labels, in place."""
        if "[" not in text:
            return text
        text = CITE_RE.sub("", EMBED_RE.sub(" ", text))
        text = LINK_RE.sub(lambda m: m[2] if m[2] is not None else self.name(m[1].strip()), text)
        return _DESTINATION.sub("]", text)

    def excerpt(self, text: str) -> str:
        """The start of a Markdown text as one line of plain text, cut at a word."""
        text = _BLOCK_MARK.sub("", self.plain(text[: EXCERPT * 3]))
        text = text.replace("*", "").replace("`", "")
        text = _UNDERSCORES.sub("", text) if "_" in text else text
        text = _ESCAPE.sub("", text) if "\\" in text else text
        return shorten(text)


def _without_citations(text: str) -> str:
    """`text` without its `[@a; @b]` citations."""
    parts = text.split("[@")
    kept = [parts[0]]
    for part in parts[1:]:
        inner, closed, rest = part.partition("]")
        bad = not closed or "[" in inner or "\n" in inner
        kept.append("[@" + part if bad else " " + rest)
    return "".join(kept)


def shorten(text: str) -> str:
    """`text` on one line, cut at a word before `EXCERPT` characters."""
    text = " ".join(text.split())
    if len(text) <= EXCERPT:
        return text
    return text[:EXCERPT].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _name(view: View, target: str) -> str:
    if view.kind(target) is None:
        found = view.lookup("alias_target", target)
        if not found:
            return target
        target = found[0]
    return display_name(view, target)


def _texts(weight: int, *texts: str | None) -> list[tuple[int, str]]:
    return [(weight, t) for t in texts if t]


def actor_documents(view: View, w: Words) -> Iterator[Document]:
    for actor_id in view.ordered("actors"):
        a = view.actor(actor_id)
        fields = _texts(NAME, a.name, *a.aliases) + _texts(SUMMARY, a.role, a.country)
        fields += _texts(SUMMARY, w.of_markdown(a.summary))
        fields += _texts(BODY, a.description and w.of_markdown(a.description), tag_words(a.kind))
        url = record_url_path("actor", actor_id)
        yield Document("actor", a.name, url, w.excerpt(a.summary), tuple(fields))


def event_documents(view: View, w: Words) -> Iterator[Document]:
    for event_id in view.ordered("events"):
        e = view.event(event_id)
        fields = _texts(TITLE, e.title) + _texts(SUMMARY, w.of_markdown(e.summary))
        fields += _texts(BODY, e.body and w.of_markdown(e.body), e.location)
        fields += _texts(BODY, *map(tag_words, e.tags))
        url = record_url_path("event", event_id)
        yield Document("event", e.title, url, w.excerpt(e.summary), tuple(fields))


def quote_documents(view: View, w: Words) -> Iterator[Document]:
    for quote_id in view.ordered("quotes"):
        q = view.quote(quote_id)
        fields = _texts(SUMMARY, q.text, view.actor(q.speaker).name)
        fields += _texts(BODY, q.via, q.original, q.context and w.of_markdown(q.context))
        title, url = w.name(quote_id), record_url_path("quote", quote_id)
        yield Document("quote", title, url, shorten(q.text), tuple(fields))


def section_documents(view: View, w: Words) -> Iterator[Document]:
    for section_id in view.ordered("sections"):
        s = view.section(section_id)
        fields = _texts(TITLE, s.title) + _texts(SUMMARY, s.summary and w.of_markdown(s.summary))
        fields += _texts(BODY, w.of_markdown(s.body))
        url = record_url_path("section", section_id)
        yield Document("section", s.title, url, w.excerpt(s.summary or s.body), tuple(fields))


def source_documents(view: View) -> Iterator[Document]:
    for source_id in view.ordered("sources"):
        s = view.source(source_id)
        fields = _texts(TITLE, s.title) + _texts(SUMMARY, s.publisher, s.author)
        fields += _texts(BODY, s.note, tag_words(s.kind))
        url = f"{view.lookup('source_page', source_id)[0]}#{source_id}"
        when = s.date.human() if s.date else None
        about = ", ".join(t for t in (s.publisher, s.author, when) if t)
        yield Document("source", s.title, url, about, tuple(fields))


def documents(view: View) -> Iterator[Document]:
    """Every document, in the site's order: actors, events, quotes, sections, sources."""
    w = Words(view)
    yield from actor_documents(view, w)
    yield from event_documents(view, w)
    yield from quote_documents(view, w)
    yield from section_documents(view, w)
    yield from source_documents(view)


def search_files(data: SiteData) -> Iterator[tuple[str, bytes]]:
    """The index's files, by path inside the site, made one at a time."""
    from .view import View

    files = index_files(build_index(documents(View(data))))
    return ((f"{FOLDER}/{path}", content) for path, content in files)


def write_index(site: Path, data: SiteData) -> None:
    """Write the search index into `site` (a freshly written, not yet published folder),
    each file as it is made."""
    try:
        for path, content in search_files(data):
            target = site / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
    except OSError as exc:
        raise SearchIndexError(f"the search index could not be written: {exc}") from exc
