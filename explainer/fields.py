"""The content format as data: every record kind's fields and their types.

The validator (`model`) and the JSON Schemas (`schema`) are both generated
from these definitions, so the two can never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
ID_MAX = 80
DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
LANGUAGE_PATTERN = r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$"

ACTOR_KINDS = ("person", "organization", "armed-group", "government", "state", "media", "other")
STATUSES = ("confirmed", "reported", "claimed", "alleged", "disputed")
SOURCE_KINDS = (
    "article",
    "statement",
    "social-post",
    "briefing",
    "document",
    "interview",
    "report",
)
# type: (wording on the actor's own page, inverse wording on the target's page)
RELATION_TYPES: dict[str, tuple[str, str]] = {
    "member-of": ("member of", "has member"),
    "leads": ("leads", "led by"),
    "part-of": ("part of", "includes"),
    "backed-by": ("backed by", "backs"),
    "allied-with": ("allied with", "allied with"),
    "opposes": ("opposes", "opposes"),
    "designated-by": ("designated by", "designated"),
    "spokesperson-for": ("spokesperson for", "spokesperson"),
    "subordinate-to": ("subordinate to", "has subordinate"),
    "represents": ("represents", "represented by"),
}


@dataclass(frozen=True, slots=True)
class Field:
    """One field of a record kind.

    `type` is one of: text (plain text), inline (inline Markdown), markdown
    (block Markdown), date, bool, int, url, language, slug, choice (one of
    `choices`), ref (an id of one of `refs`), list (of `item`), record (a
    mapping with `fields`).
    """

    name: str
    type: str
    description: str
    required: bool = False
    choices: tuple[str, ...] = ()
    refs: tuple[str, ...] = ()
    item: Field | None = None
    fields: tuple[Field, ...] = ()
    default: object = None
    multiline: bool = False  # text whose line breaks are kept


def _text(name: str, description: str, required: bool = False, **kw: object) -> Field:
    return Field(name, "text", description, required, **kw)  # type: ignore[arg-type]


def _ref(name: str, kind: str, description: str, required: bool = False) -> Field:
    return Field(name, "ref", description, required, refs=(kind,))


def _refs(name: str, kind: str, description: str, required: bool = False) -> Field:
    return Field(
        name, "list", description, required, item=Field(name, "ref", description, refs=(kind,))
    )


def _date(name: str, description: str, required: bool = False) -> Field:
    return Field(name, "date", description, required)


ID = Field("id", "slug", "the record's id; in a one-record file it must equal the file's stem")
CIRCA = Field("circa", "bool", "true if the date is approximate", default=False)
STATUS = Field("status", "choice", "how firmly the fact is established", choices=STATUSES)

RELATION = (
    Field("type", "choice", "what the tie is", True, choices=tuple(RELATION_TYPES)),
    _ref("target", "actor", "the actor at the other end", True),
    _date("since", "when the tie began"),
    _date("until", "when the tie ended"),
    STATUS,
    _text("note", "plain-text note"),
    _refs("sources", "source", "sources for the tie"),
)
LINK = (
    _text("label", "the link's text", True),
    Field("url", "url", "http(s) URL", True),
)

CORRECTION = (
    _date("date", "the day the correction was made", True),
    _text("note", "what was corrected, in plain text", True),
)
CORRECTIONS = Field(
    "corrections",
    "list",
    "corrections made after publication (an addition to v1)",
    item=Field("corrections", "record", "a correction", fields=CORRECTION),
)

SITE = (
    _text("title", "the explainer's title", True),
    Field("summary", "inline", "one or two sentences, inline Markdown", True),
    Field("language", "language", "BCP 47 language tag", default="en"),
    Field("base_url", "url", "absolute http(s) URL where the site is published"),
    _date("updated", "date of the last editorial update"),
    Field("authors", "list", "names of the authors", item=_text("authors", "a name")),
    _text("license", "licence text, e.g. CC BY 4.0"),
    Field(
        "key_facts",
        "list",
        "what we know: the story's key facts, each inline Markdown citing its sources with [@id]"
        " (an addition to v1)",
        item=Field("key_facts", "inline", "a key fact, inline Markdown"),
    ),
    Field(
        "open_questions",
        "list",
        "what we don't know yet: open questions, each inline Markdown citing its sources"
        " (an addition to v1)",
        item=Field("open_questions", "inline", "an open question, inline Markdown"),
    ),
    Field(
        "search",
        "bool",
        "whether the site has a search box and index (default true; false saves the index's"
        " build time on a large site; an addition to v1)",
        default=True,
    ),
)

ACTOR = (
    ID,
    _text("name", "display name", True),
    Field("kind", "choice", "what sort of actor", True, choices=ACTOR_KINDS),
    Field("summary", "inline", "one or two sentences, inline Markdown", True),
    Field("aliases", "list", "other names and spellings", item=_text("aliases", "a name")),
    _text("role", "for a person: position held"),
    Field("description", "markdown", "longer Markdown"),
    _date("founded", "date founded"),
    _text("country", "country"),
    Field(
        "relations",
        "list",
        "ties to other actors",
        item=Field("relations", "record", "a relation", fields=RELATION),
    ),
    Field("links", "list", "links", item=Field("links", "record", "a link", fields=LINK)),
    _refs("sources", "source", "sources about the actor"),
    CORRECTIONS,
)

EVENT = (
    ID,
    _date("date", "when it happened", True),
    _date("end", "the last date, for a span"),
    CIRCA,
    _text("title", "short plain-text title", True),
    Field("summary", "inline", "inline Markdown", True),
    Field("body", "markdown", "longer Markdown"),
    _refs("actors", "actor", "actors involved"),
    _text("location", "where it happened"),
    Field(
        "status",
        "choice",
        "how firmly the event is established",
        choices=STATUSES,
        default="reported",
    ),
    Field(
        "sources",
        "list",
        "at least one source",
        True,
        item=Field("sources", "ref", "a source id", refs=("source",)),
    ),
    Field("tags", "list", "tags", item=Field("tags", "slug", "a tag")),
    CORRECTIONS,
)

QUOTE = (
    ID,
    _ref("speaker", "actor", "who said it", True),
    _text("text", "the words, plain text (line breaks kept)", True, multiline=True),
    _date("date", "when it was said", True),
    CIRCA,
    _ref("source", "source", "where it is reported", True),
    _text("via", "the channel, e.g. statement on Telegram"),
    Field("context", "inline", "inline Markdown: what it was said about"),
    _ref("event", "event", "the event it belongs to"),
    _refs("about", "actor", "actors it is about"),
    Field("language", "language", "BCP 47 tag of the text"),
    Field("translated", "bool", "true if the text is a translation", default=False),
    _text("original", "the words in the original language", multiline=True),
    Field("original_language", "language", "BCP 47 tag of `original` (an addition to v1)"),
    CORRECTIONS,
)

SOURCE = (
    ID,
    _text("title", "title", True),
    _text("publisher", "publisher", True),
    Field("kind", "choice", "what sort of source", True, choices=SOURCE_KINDS),
    Field("url", "url", "http(s) URL"),
    _date("date", "date published"),
    CIRCA,
    _date("accessed", "date accessed"),
    _text("author", "author"),
    Field("archive_url", "url", "http(s) URL of an archived copy"),
    _text("note", "plain-text note"),
    CORRECTIONS,
)

SECTION = (
    ID,
    _text("title", "the section's title", True),
    Field("order", "int", "position among sections, then by id; sections without one come last"),
    Field("summary", "inline", "inline Markdown"),
    CORRECTIONS,
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "site": SITE,
    "actor": ACTOR,
    "event": EVENT,
    "quote": QUOTE,
    "source": SOURCE,
    "section": SECTION,
}
KIND_NAMES = {
    "site": "site.yaml",
    "actor": "actor",
    "event": "event",
    "quote": "quote",
    "source": "source",
    "section": "section",
}
