"""The typed records of an explainer: what the model step makes and pages read.

Frozen dataclasses, pickled as their class and field values (`Plain`): a worker
process sends tens of thousands of them back, and dataclasses' own pickling of
slotted classes runs Python code per field.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dates import PartialDate


class Plain:
    """A slotted dataclass pickled as `(class, field values)`: about 5 times faster."""

    __slots__ = ()

    def __reduce__(self) -> tuple[type, tuple[object, ...]]:
        return type(self), tuple([getattr(self, name) for name in self.__slots__])


@dataclass(frozen=True, slots=True)
class Link(Plain):
    label: str
    url: str


@dataclass(frozen=True, slots=True)
class Correction(Plain):
    date: PartialDate
    note: str


@dataclass(frozen=True, slots=True)
class Relation(Plain):
    type: str
    target: str
    since: PartialDate | None = None
    until: PartialDate | None = None
    status: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Site(Plain):
    title: str
    summary: str
    language: str = "en"
    base_url: str | None = None
    updated: PartialDate | None = None
    authors: tuple[str, ...] = ()
    license: str | None = None
    key_facts: tuple[str, ...] = ()
    open_questions: tuple[str, ...] = ()
    search: bool = True


@dataclass(frozen=True, slots=True)
class Actor(Plain):
    id: str
    name: str
    kind: str
    summary: str
    aliases: tuple[str, ...] = ()
    role: str | None = None
    description: str | None = None
    founded: PartialDate | None = None
    country: str | None = None
    relations: tuple[Relation, ...] = ()
    links: tuple[Link, ...] = ()
    sources: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    path: str = ""


@dataclass(frozen=True, slots=True)
class Event(Plain):
    id: str
    date: PartialDate
    title: str
    summary: str
    sources: tuple[str, ...]
    end: PartialDate | None = None
    circa: bool = False
    body: str | None = None
    actors: tuple[str, ...] = ()
    location: str | None = None
    status: str = "reported"
    tags: tuple[str, ...] = ()
    corrections: tuple[Correction, ...] = ()
    path: str = ""


@dataclass(frozen=True, slots=True)
class Quote(Plain):
    id: str
    speaker: str
    text: str
    date: PartialDate
    source: str
    circa: bool = False
    via: str | None = None
    context: str | None = None
    event: str | None = None
    about: tuple[str, ...] = ()
    language: str | None = None
    translated: bool = False
    original: str | None = None
    original_language: str | None = None
    corrections: tuple[Correction, ...] = ()
    path: str = ""


@dataclass(frozen=True, slots=True)
class Source(Plain):
    id: str
    title: str
    publisher: str
    kind: str
    url: str | None = None
    date: PartialDate | None = None
    circa: bool = False
    accessed: PartialDate | None = None
    author: str | None = None
    archive_url: str | None = None
    note: str | None = None
    corrections: tuple[Correction, ...] = ()
    path: str = ""


@dataclass(frozen=True, slots=True)
class Section(Plain):
    id: str
    title: str
    body: str
    order: int | None = None
    summary: str | None = None
    corrections: tuple[Correction, ...] = ()
    path: str = ""


Record = Actor | Event | Quote | Source | Section
RECORD_TYPES: dict[str, type] = {
    "site": Site,
    "actor": Actor,
    "event": Event,
    "quote": Quote,
    "source": Source,
    "section": Section,
}
