"""Generate a deterministic synthetic explainer for benchmarks and tests.

Usage: ``python bench/generate.py N OUT_DIR [--seed S]``

At scale N it writes N actors, 2N events, 2N quotes, N/2 sources (at least
one), N/20 sections (at least one) and a ``site.yaml`` into OUT_DIR, laid out
like ``content/``. The same N and seed always give byte-identical files.

Every record is valid under the content contract (../shared/CONTENT.md): ids
are unique slugs, every reference resolves to a record of the right kind,
every source is cited at least once, every ``end`` is not before its ``date``.
The text exercises the Markdown extensions (``[[id]]``, ``[[id|text]]``,
``![[id]]`` alone on a line, ``[@id]``, ``[@a; @b]``), emphasis, lists,
tables and code spans holding ``[[not-an-id]]`` that the engine must ignore.

YAML is written with plain string formatting, not ``yaml.dump``: it is faster
and keeps control of the layout (block scalars, quoted and unquoted dates,
files holding one record and files holding a list of records).
"""

from __future__ import annotations

import argparse
import calendar
import datetime as dt
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from explainer.urls import slugify

# --- word lists ---------------------------------------------------------------
# fmt: off

FIRST_NAMES = [
    "Amira", "Bashir", "Clara", "Dariush", "Elena", "Farid", "Greta", "Hamid",
    "Ines", "Jamal", "Karin", "Layla", "Marek", "Nadia", "Omar", "Petra",
    "Qasim", "Rania", "Samir", "Tomas", "Ulla", "Viktor", "Widad", "Yusuf",
    "Zora", "Anton", "Basma", "Cyrus", "Dalia", "Emil",
]
LAST_NAMES = [
    "al-Rashid", "Brenner", "Castell", "Darwish", "Esfahani", "Falk", "Ghazal",
    "Haddad", "Ivanova", "Jaber", "Kovac", "Lindqvist", "Mansour", "Novak",
    "Okafor", "Petrov", "Qureshi", "Rahimi", "Sorensen", "Tahir", "Ulrich",
    "Vasquez", "Wahid", "Yilmaz", "Zamani", "al-Amin", "Barzani", "Costa",
]
PLACES = [
    "Port Alder", "Karsa", "Bellmouth", "Tarin", "Osk", "Vell Harbour", "Nuran",
    "Seldra", "the Amrit Valley", "Qaron", "Lisk", "Dunmore", "Halvik",
    "the northern corridor", "Ras Mirel", "Corvo", "Esterbay", "Fallow Ridge",
    "the border crossing at Tam", "Jorra", "Kivu Point", "Maren",
]
COUNTRIES = [
    "Veloria", "Kestan", "Marosh", "Ardenia", "Sulvane", "Tarquinia", "Ostrel",
    "Belmark", "Zarand", "Corvania", "Halmyra", "Istrel", "Norvale", "Qadira",
]
ORG_HEADS = [
    "Council", "Coalition", "Committee", "Foundation", "Alliance", "League",
    "Institute", "Union", "Movement", "Network", "Association", "Agency",
]
ORG_TOPICS = [
    "Reconstruction", "Civil Rights", "Border Security", "Humanitarian Relief",
    "Energy Transition", "Press Freedom", "Regional Cooperation", "Water Rights",
    "Displaced Persons", "Trade and Transit", "Public Health", "Electoral Reform",
]
GROUP_WORDS = [
    "Brigades", "Front", "Battalions", "Guard", "Legion", "Companies", "Militia",
    "Vanguard", "Defence Units", "Resistance Committees",
]
GROUP_EPITHETS = [
    "of the Dawn", "of the North", "of the Martyrs", "of the River", "of the Hills",
    "of the Free Coast", "of the Old City", "of the Crescent", "of the Plains",
]
MINISTRIES = [
    "Ministry of Defence", "Foreign Ministry", "Interior Ministry",
    "Ministry of Finance", "Office of the President", "Cabinet Office",
    "Ministry of Justice", "National Security Council",
]
MEDIA_NAMES = [
    "Courier", "Herald", "Observer", "Dispatch", "Tribune", "Monitor", "Gazette",
    "Wire", "Chronicle", "Bulletin", "Sentinel", "Post",
]
OTHER_NAMES = [
    "Tribal Elders of", "Chamber of Commerce of", "Port Workers of",
    "Diaspora Network of", "Clerical Council of", "Veterans of",
]
ROLES = [
    "Secretary-General", "Spokesperson", "Prime Minister", "Foreign Minister",
    "Defence Minister", "Commander", "Press Secretary", "Envoy to the UN",
    "Deputy Leader", "Chief Negotiator", "Editor-in-Chief", "Mayor",
]
ALIAS_LATIN = ["Kateb", "Kataib", "Katib", "Ketaeb"]

VERBS_PAST = [
    "announced", "rejected", "confirmed", "denied", "criticised", "welcomed",
    "condemned", "postponed", "suspended", "negotiated", "questioned",
    "claimed responsibility for", "called for an inquiry into", "backed",
    "warned against", "pledged support for", "played down",
]
OBJECTS = [
    "a ceasefire proposal", "the new sanctions package", "a prisoner exchange",
    "the drone strike", "talks on the border crossing", "the reconstruction budget",
    "a report on civilian casualties", "the withdrawal timetable",
    "an aid convoy", "the security agreement", "a week of protests",
    "the designation order", "the arms shipment", "a curfew", "the election result",
]
TIME_PHRASES = [
    "on Tuesday", "late on Friday", "earlier this month", "after weeks of talks",
    "within hours", "on Sunday evening", "at the weekend", "last year",
    "in a televised address", "before dawn", "during a press briefing",
]
ATTRIBUTIONS = [
    "officials said", "according to local reporters", "two diplomats told reporters",
    "a spokesperson said", "residents said", "according to a statement",
    "the ministry said", "analysts said",
]
ADJECTIVES = [
    "fragile", "unexpected", "long-awaited", "contested", "limited", "sweeping",
    "temporary", "unprecedented", "partial", "disputed", "symbolic", "decisive",
]
NOUNS = [
    "truce", "agreement", "offensive", "investigation", "deployment", "blockade",
    "mission", "negotiation", "evacuation", "crackdown", "escalation", "mediation",
]
HEADLINE_SUBJECTS = [
    "Talks", "Strike", "Ministry", "Militia", "Convoy", "Parliament", "Envoy",
    "Coalition", "Court", "Protesters", "Army", "Council",
]
HEADLINE_VERBS = [
    "resume", "reported", "suspends", "claims", "halts", "approves", "warns of",
    "rejects", "announces", "condemns", "delays", "targets",
]
HEADLINE_OBJECTS = [
    "ceasefire", "aid deliveries", "sanctions", "withdrawal plan", "drone attack",
    "border closure", "prisoner release", "new offensive", "security pact",
    "inquiry", "election date", "troop presence",
]
VIA = [
    "statement on Telegram", "press briefing", "televised address",
    "interview with a local broadcaster", "post on X", "written statement",
    "speech to parliament", "news conference", "radio interview",
]
QUOTE_OPENERS = [
    "We will not accept", "There will be consequences for", "We remain committed to",
    "Nobody should mistake", "Our position on", "We call on all parties to respect",
    "Actions speak louder than words on", "History will judge",
    "We are a sovereign country, and",
]
QUOTE_CLOSERS = [
    "and we will defend our people.", "whatever the cost.",
    "and we expect the same from our partners.", "in the coming days.",
    "as we have said from the start.", "and that is our final word.",
]
ARABIC_QUOTES = [
    "نعلن تعليق العمليات العسكرية والأمنية ضد قوات الاحتلال.",
    "سنواصل الدفاع عن شعبنا بطرق أخرى.",
    "هذا طلب من الشعب، وهذا بلد ديمقراطي.",
    "لن نقبل بأي تدخل في شؤوننا الداخلية.",
]
ARABIC_TRANSLATIONS = [
    "We announce the suspension of military and security operations against the"
    " occupation forces.",
    "We will continue to defend our people in other ways.",
    "This is a request from the people, and this is a democratic country.",
    "We will not accept any interference in our internal affairs.",
]
FRENCH_QUOTES = [
    "Nous ne céderons pas à la pression.",
    "Le dialogue reste la seule voie possible.",
    "Nous demandons une enquête indépendante.",
]
HEADINGS = [
    "Background", "What happened", "Who is involved", "The response",
    "What comes next", "Competing claims", "The wider picture", "Timeline",
    "Why it matters", "Open questions",
]
PUBLISHERS = [
    "Regional Wire Service", "The Port Alder Courier", "Karsa Daily", "Open Monitor",
    "Ministry Press Office", "Global Affairs Review", "The Coastal Herald",
    "Civil Watch", "Parliamentary Record", "Northern Broadcasting",
]
SOURCE_TITLE_HEADS = [
    "Statement on", "Report:", "Briefing transcript:", "Interview:",
    "Inside", "What we know about", "Document:", "Analysis:",
]
TAGS = [
    "ceasefire", "sanctions", "drone-strike", "diplomacy", "protest", "elections",
    "humanitarian", "border", "designation", "negotiations", "withdrawal",
    "detention", "media", "casualties",
]
SYLLABLES = ["kar", "vesh", "ol", "tan", "mir", "ba", "zu", "rel", "don", "ish", "ka",
             "nor", "sa", "lem", "qu", "ar", "vin", "ta"]
LOCATION_SUFFIXES = ["", "", ", near the border", " outskirts", " port", " airbase"]

ACTOR_KINDS = (
    ["person"] * 8 + ["organization"] * 3 + ["armed-group"] * 2 + ["government"] * 2
    + ["state"] * 2 + ["media"] * 2 + ["other"]
)
STATUSES = ["confirmed", "reported", "claimed", "alleged", "disputed"]
SOURCE_KINDS = ["article", "statement", "social-post", "briefing", "document",
                "interview", "report"]
RELATION_TYPES_BY_KIND = {
    "person": ["member-of", "leads", "spokesperson-for", "represents", "opposes"],
    "organization": ["part-of", "allied-with", "opposes", "backed-by", "designated-by"],
    "armed-group": ["backed-by", "part-of", "allied-with", "opposes", "designated-by",
                    "subordinate-to"],
    "government": ["represents", "allied-with", "opposes", "part-of"],
    "state": ["allied-with", "opposes", "backed-by"],
    "media": ["backed-by", "part-of", "opposes"],
    "other": ["allied-with", "represents", "opposes", "member-of"],
}

# fmt: on

LAST_DAY = dt.date(2025, 12, 31)  # no generated date is later

KINDS = ("actors", "events", "quotes", "sources", "sections")


# --- YAML writing ---------------------------------------------------------------


def q(text: str) -> str:
    """A YAML double-quoted scalar (JSON string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def flow(ids: list[str]) -> str:
    """A YAML flow list of slugs, which need no quoting."""
    return "[" + ", ".join(ids) + "]"


def block(key: str, text: str, pad: str) -> list[str]:
    """A literal block scalar: `key: |` then the text indented two more spaces."""
    inner = pad + "  "
    return [f"{pad}{key}: |"] + [inner + line if line else "" for line in text.split("\n")]


def as_list_file(records: list[list[str]]) -> str:
    """Lines of several records as a YAML list: `- ` on the first line of each."""
    out: list[str] = []
    for lines in records:
        out.append("- " + lines[0])
        out.extend("  " + line if line else "" for line in lines[1:])
    return "\n".join(out) + "\n"


# --- dates ----------------------------------------------------------------------


@dataclass(frozen=True)
class PartialDate:
    """A day with the precision it is written at: 1 year, 2 month, 3 day."""

    day: dt.date
    precision: int

    def text(self) -> str:
        return self.day.isoformat()[: (4, 7, 10)[self.precision - 1]]


# --- the generator ----------------------------------------------------------------


@dataclass
class Generator:
    """Holds the random source and the ids of every kind while writing."""

    rng: random.Random
    actors: list[str] = field(default_factory=list)
    actor_names: list[str] = field(default_factory=list)
    alias_slugs: set[str] = field(default_factory=set)  # an alias slug may name one actor only
    actor_kinds: list[str] = field(default_factory=list)
    events: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    sections: list[str] = field(default_factory=list)

    # -- dates --

    def full_date(self, first: int = 2003, last: int = 2025) -> dt.date:
        r = self.rng
        year = r.randint(first, last)
        month = r.randint(1, 12)
        return dt.date(year, month, r.randint(1, calendar.monthrange(year, month)[1]))

    def partial(self, day: dt.date | None = None) -> PartialDate:
        roll = self.rng.random()
        precision = 3 if roll < 0.6 else 2 if roll < 0.85 else 1
        return PartialDate(day or self.full_date(), precision)

    def later(self, start: PartialDate, max_days: int = 500) -> PartialDate:
        """A date whose last day is not before the first day of `start`.

        The new day is on or after start's day, which is on or after the first
        day of start, so any precision of the new day is a valid end.
        """
        day = start.day + dt.timedelta(days=self.rng.randint(0, max_days))
        return self.partial(min(day, LAST_DAY))

    def date_value(self, d: PartialDate) -> str:
        """Dates both quoted and unquoted (YAML's `2007` and `2024-01-28`)."""
        return q(d.text()) if self.rng.random() < 0.4 else d.text()

    # -- references inside Markdown --

    def pick(self, ids: list[str]) -> str:
        return ids[self.rng.randrange(len(ids))]

    def actor_ref(self) -> str:
        r = self.rng
        i = r.randrange(len(self.actors))
        roll = r.random()
        if roll < 0.5:
            return f"[[{self.actors[i]}]]"
        if roll < 0.75:
            label = (
                self.actor_names[i].split(" ")[-1]
                if self.actor_kinds[i] == "person"
                else r.choice(["the group", "officials", "the movement", "its leaders"])
            )
            return f"[[{self.actors[i]}|{label}]]"
        return self.actor_names[i]

    def any_ref(self) -> str:
        """A `[[id]]` link to a record of any kind."""
        r = self.rng
        pools = [self.actors, self.events, self.quotes, self.sources, self.sections]
        pool = pools[r.choice((0, 0, 1, 1, 2, 3, 4))]
        target = self.pick(pool)
        if r.random() < 0.3:
            return f"[[{target}|{r.choice(['this', 'earlier', 'see here', 'that account'])}]]"
        return f"[[{target}]]"

    def cite(self) -> str:
        r = self.rng
        first = self.pick(self.sources)
        if len(self.sources) > 1 and r.random() < 0.3:
            second = self.pick(self.sources)
            if second != first:
                return f" [@{first}; @{second}]"
        return f" [@{first}]"

    # -- text --

    def sentence(self) -> str:
        r = self.rng
        roll = r.random()
        cite = self.cite() if r.random() < 0.5 else ""
        if roll < 0.3:
            text = (
                f"{self.actor_ref()} {r.choice(VERBS_PAST)} {r.choice(OBJECTS)} "
                f"in {r.choice(PLACES)} {r.choice(TIME_PHRASES)}{cite}."
            )
        elif roll < 0.45:
            text = (
                f"According to {self.any_ref()}, {self.actor_ref()} "
                f"{r.choice(VERBS_PAST)} {r.choice(OBJECTS)}{cite}."
            )
        elif roll < 0.6:
            text = (
                f"The {r.choice(NOUNS)} was *{r.choice(ADJECTIVES)}* and "
                f"{r.choice(ADJECTIVES)}, {r.choice(ATTRIBUTIONS)}{cite}."
            )
        elif roll < 0.72:
            text = (
                f"**{r.choice(HEADLINE_SUBJECTS)} {r.choice(HEADLINE_VERBS)} "
                f"{r.choice(HEADLINE_OBJECTS)}**, {r.choice(ATTRIBUTIONS)}, after "
                f"{self.actor_ref()} {r.choice(VERBS_PAST)} {r.choice(OBJECTS)}{cite}."
            )
        elif roll < 0.84:
            text = (
                f"{self.actor_ref()} and {self.actor_ref()} have disagreed over "
                f"{r.choice(OBJECTS)} since {r.randint(2003, 2024)}{cite}."
            )
        elif roll < 0.985:
            text = (
                f"The {r.choice(ADJECTIVES)} {r.choice(NOUNS)} followed "
                f"{self.any_ref()}, {r.choice(ATTRIBUTIONS)}{cite}."
            )
        else:
            text = (
                f"Drafts still mark unnamed parties as `[[not-an-id]]` and "
                f"unverified claims as `[@not-a-source]`, {r.choice(ATTRIBUTIONS)}."
            )
        return text

    def sentences(self, low: int, high: int) -> str:
        return " ".join(self.sentence() for _ in range(self.rng.randint(low, high)))

    def paragraphs(self, count: int) -> str:
        return "\n\n".join(self.sentences(2, 4) for _ in range(count))

    def quote_text(self) -> str:
        r = self.rng
        first = f"{r.choice(QUOTE_OPENERS)} {r.choice(OBJECTS)} {r.choice(QUOTE_CLOSERS)}"
        if r.random() < 0.25:
            return (
                first
                + "\n"
                + (f"{r.choice(QUOTE_OPENERS)} {r.choice(OBJECTS)} {r.choice(QUOTE_CLOSERS)}")
            )
        return first

    # -- records --

    def free_alias(self, alias: str) -> bool:
        """True, and the alias's slug taken, unless another actor's alias has that slug."""
        slug = slugify(alias)
        if slug in self.alias_slugs:
            return False
        self.alias_slugs.add(slug)
        return True

    def actor(self, i: int) -> list[str]:
        r = self.rng
        aid, kind, name = self.actors[i], self.actor_kinds[i], self.actor_names[i]
        lines = [f"name: {q(name)}", f"kind: {kind}", f"summary: {q(self.sentences(1, 2))}"]
        if r.random() < 0.35:
            aliases = []
            if kind in ("person", "armed-group"):
                aliases.append(r.choice(ALIAS_LATIN) + " " + name.split(" ")[-1])
            initials = "".join(w[0] for w in name.split(" ") if w[0].isupper())
            if len(initials) > 1:
                aliases.append(initials)
            aliases = [a for a in aliases if self.free_alias(a)]
            if aliases:
                lines += ["aliases:"] + [f"  - {q(a)}" for a in aliases]
        if kind == "person":
            lines.append(f"role: {q(r.choice(ROLES))}")
        elif r.random() < 0.7:
            lines.append(f"founded: {self.date_value(self.partial(self.full_date(1950, 2020)))}")
        if r.random() < 0.6:
            lines += block("description", self.paragraphs(r.randint(1, 2)), "")
        if r.random() < 0.7:
            lines.append(f"country: {q(r.choice(COUNTRIES))}")
        lines += self.relations(i)
        if r.random() < 0.4:
            lines += [
                "links:",
                f"  - label: {q('Official website')}",
                f"    url: {q(f'https://example.org/actors/{aid}')}",
            ]
            if r.random() < 0.5:
                lines += [
                    f"  - label: {q('Profile')}",
                    f"    url: {q(f'https://example.org/profiles/{aid}.html')}",
                ]
        if r.random() < 0.5:
            lines.append(f"sources: {flow(self.distinct(self.sources, 2))}")
        return lines

    def relations(self, i: int) -> list[str]:
        """Ties to earlier actors only, so no pair is stated from both sides."""
        r = self.rng
        if i == 0:
            return []
        types = RELATION_TYPES_BY_KIND[self.actor_kinds[i]]
        lines = ["relations:"]
        for target in sorted({r.randrange(i) for _ in range(r.randint(0, 3))}):
            lines.append(f"  - type: {r.choice(types)}")
            lines.append(f"    target: {self.actors[target]}")
            if r.random() < 0.4:
                since = self.partial(self.full_date(1990, 2020))
                lines.append(f"    since: {self.date_value(since)}")
                if r.random() < 0.4:
                    lines.append(f"    until: {self.date_value(self.later(since, 3000))}")
            if r.random() < 0.3:
                lines.append(f"    status: {r.choice(STATUSES)}")
            if r.random() < 0.3:
                lines.append(f"    note: {q(r.choice(ATTRIBUTIONS).capitalize() + '.')}")
            if r.random() < 0.3:
                lines.append(f"    sources: {flow(self.distinct(self.sources, 2))}")
        return lines if len(lines) > 1 else []

    def event(self, i: int) -> list[str]:
        r = self.rng
        start = self.partial()
        title = (
            f"{r.choice(HEADLINE_SUBJECTS)} {r.choice(HEADLINE_VERBS)} "
            f"{r.choice(HEADLINE_OBJECTS)} in {r.choice(PLACES)}"
        )
        lines = [f"date: {self.date_value(start)}"]
        if r.random() < 0.2:
            lines.append(f"end: {self.date_value(self.later(start))}")
        if r.random() < 0.1:
            lines.append("circa: true")
        lines += [f"title: {q(title)}", f"summary: {q(self.sentences(1, 2))}"]
        if r.random() < 0.5:
            body = self.paragraphs(r.randint(1, 3))
            if r.random() < 0.3:
                body += f"\n\n![[{self.pick(self.quotes)}]]\n\n{self.sentences(1, 2)}"
            lines += block("body", body, "")
        if r.random() < 0.8:
            lines.append(f"actors: {flow(self.distinct(self.actors, 3))}")
        if r.random() < 0.7:
            lines.append(f"location: {q(r.choice(PLACES) + r.choice(LOCATION_SUFFIXES))}")
        if r.random() < 0.7:
            lines.append(f"status: {r.choice(STATUSES)}")
        # Event i always cites source i mod S: with 2N events and N/2 sources,
        # every source is cited at least once.
        own = self.sources[i % len(self.sources)]
        extra = [s for s in self.distinct(self.sources, 2) if s != own]
        lines.append(f"sources: {flow([own, *extra])}")
        if r.random() < 0.6:
            lines.append(f"tags: {flow(self.distinct(TAGS, 3))}")
        return lines

    def quote(self, i: int) -> list[str]:
        r = self.rng
        lines = [f"speaker: {self.pick(self.actors)}"]
        roll = r.random()
        # `language` is the language of `text`: a translated quote's text is
        # English, its `original` Arabic.
        if roll < 0.06:
            k = r.randrange(len(ARABIC_QUOTES))
            text, extra = (
                ARABIC_TRANSLATIONS[k],
                [
                    "language: en",
                    "translated: true",
                    f"original: {q(ARABIC_QUOTES[k])}",
                    "original_language: ar",
                ],
            )
        elif roll < 0.09:
            text, extra = r.choice(ARABIC_QUOTES), ["language: ar"]
        elif roll < 0.11:
            text, extra = r.choice(FRENCH_QUOTES), ["language: fr"]
        else:
            text, extra = self.quote_text(), []
        lines += block("text", text, "") if "\n" in text else [f"text: {q(text)}"]
        lines.append(f"date: {self.date_value(self.partial())}")
        if r.random() < 0.05:
            lines.append("circa: true")
        lines.append(f"source: {self.pick(self.sources)}")
        if r.random() < 0.8:
            lines.append(f"via: {q(r.choice(VIA))}")
        if r.random() < 0.7:
            lines.append(f"context: {q(self.sentences(1, 2))}")
        if r.random() < 0.5:
            lines.append(f"event: {self.pick(self.events)}")
        if r.random() < 0.5:
            lines.append(f"about: {flow(self.distinct(self.actors, 2))}")
        return lines + extra

    def source(self, i: int) -> list[str]:
        r = self.rng
        sid = self.sources[i]
        kind = SOURCE_KINDS[i % len(SOURCE_KINDS)]
        title = f"{r.choice(SOURCE_TITLE_HEADS)} {r.choice(OBJECTS)} in {r.choice(PLACES)}"
        lines = [f"title: {q(title)}", f"publisher: {q(r.choice(PUBLISHERS))}", f"kind: {kind}"]
        published = self.partial(self.full_date(2005, 2024))
        if i % 4 != 3:
            lines.append(f"url: {q(f'https://example.org/news/{published.day.year}/{sid}')}")
            if r.random() < 0.3:
                lines.append(f"archive_url: {q(f'https://example.org/archive/{sid}')}")
        else:
            lines.append(f"note: {q('Known only as reported by ' + r.choice(PUBLISHERS) + '.')}")
        if r.random() < 0.85:
            lines.append(f"date: {self.date_value(published)}")
            if r.random() < 0.05:
                lines.append("circa: true")
        if r.random() < 0.5:
            lines.append(f"accessed: {self.date_value(self.later(published, 365))}")
        if r.random() < 0.6:
            lines.append(f"author: {q(r.choice(FIRST_NAMES) + ' ' + r.choice(LAST_NAMES))}")
        return lines

    def section(self, i: int) -> str:
        r = self.rng
        title = f"{r.choice(HEADINGS)}: the {r.choice(ADJECTIVES)} {r.choice(NOUNS)}"
        parts = [self.paragraphs(2)]
        for h, heading in enumerate(r.sample(HEADINGS, r.randint(2, 4))):
            parts.append(f"## {heading}")
            parts.append(self.paragraphs(r.randint(1, 2)))
            parts.append(f"![[{self.pick(self.quotes if h % 2 == 0 else self.events)}]]")
            parts.append(self.sentences(2, 3))
            if h == 0:
                parts.append("\n".join(f"- {self.any_ref()}: {self.sentence()}" for _ in range(3)))
            if h == 1:
                rows = ["| Date | Event | Status |", "|---|---|---|"]
                rows += [
                    f"| {self.partial().text()} | [[{self.pick(self.events)}]] | "
                    f"{r.choice(STATUSES)}{self.cite()} |"
                    for _ in range(3)
                ]
                parts.append("\n".join(rows))
        if r.random() < 0.3:
            parts.append("Editors use this syntax, which stays literal in code:")
            parts.append("```\nSee [[not-an-id]] and ![[not-an-id]] [@not-a-source]\n```")
        if i > 0:
            parts.append(f"Read on from [[{self.sections[i - 1]}]].")
        front = [
            "---",
            f"title: {q(title)}",
            f"order: {(i + 1) * 10}",
            f"summary: {q(self.sentences(1, 1))}",
            "---",
        ]
        return "\n".join(front) + "\n\n" + "\n\n".join(parts) + "\n"

    def distinct(self, pool: list[str], most: int) -> list[str]:
        """One to `most` different items of pool, in pool order."""
        k = min(len(pool), self.rng.randint(1, most))
        picks = sorted({self.rng.randrange(len(pool)) for _ in range(k)})
        return [pool[p] for p in picks]


def coined(rng: random.Random) -> str:
    """A made-up place name such as `Karvesh`, so most names differ."""
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def actor_name(rng: random.Random, kind: str) -> str:
    """A display name for an actor of the kind."""
    c = rng.choice
    if kind == "person":
        return f"{c(FIRST_NAMES)} {c(LAST_NAMES)}"
    if kind == "organization":
        return f"{c(ORG_HEADS)} for {c(ORG_TOPICS)} in {coined(rng)}"
    if kind == "armed-group":
        return f"{coined(rng)} {c(GROUP_WORDS)} {c(GROUP_EPITHETS)}"
    if kind == "government":
        return f"{c(MINISTRIES)} of {c(COUNTRIES)}"
    if kind == "state":
        return f"{c(['Republic of ', 'Kingdom of ', 'State of ', ''])}{coined(rng)}"
    if kind == "media":
        return f"The {c(PLACES).removeprefix('the ').title()} {c(MEDIA_NAMES)}"
    return f"{c(OTHER_NAMES)} {c(PLACES)}"


def ids(prefix: str, count: int, width: int) -> list[str]:
    return [f"{prefix}-{k:0{width}d}" for k in range(1, count + 1)]


def clear_previous(out: Path) -> None:
    """Remove files an earlier run left in the kind folders, so N can shrink."""
    for kind in KINDS:
        folder = out / kind
        if folder.is_dir():
            for path in folder.iterdir():
                if path.is_file() and path.suffix in (".yaml", ".md"):
                    path.unlink()


def write_records(
    folder: Path,
    ids_: list[str],
    make: Callable[[int], list[str]],
    group_every: int,
    prefix: str,
) -> int:
    """Write one record per file, but every `group_every`-th file holds a list of 2 or 3.

    Returns the number of files written.
    """
    folder.mkdir(parents=True, exist_ok=True)
    files = 0
    i = 0
    while i < len(ids_):
        files += 1
        if group_every and files % group_every == 0 and i + 1 < len(ids_):
            chunk = range(i, min(i + 3, len(ids_)))
            records = [[f"id: {ids_[k]}", *make(k)] for k in chunk]
            (folder / f"{prefix}-{files:05d}.yaml").write_text(
                as_list_file(records), encoding="utf-8"
            )
            i = chunk.stop
        else:
            lines = make(i)
            if files % 7 == 0:
                lines = [f"id: {ids_[i]}", *lines]
            (folder / f"{ids_[i]}.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
            i += 1
    return files


def site_yaml(n: int) -> str:
    return (
        "\n".join(
            [
                f"title: {q(f'Synthetic explainer ({n} actors)')}",
                f"summary: {q('A generated explainer for benchmarks: *every* record is made up.')}",
                "language: en",
                f"base_url: {q('https://example.org/explainer/')}",
                f"updated: {LAST_DAY.isoformat()}",
                "authors:",
                f"  - {q('Bench Generator')}",
                f"  - {q('Test Desk')}",
                f"license: {q('CC BY 4.0')}",
            ]
        )
        + "\n"
    )


def generate(n: int, out: Path, seed: int = 1) -> dict[str, int]:
    """Write an explainer at scale n into out; return the count of each kind."""
    if n < 1:
        raise ValueError("n must be at least 1")
    out = Path(out)
    rng = random.Random(seed)
    g = Generator(rng=rng)
    g.actors = ids("actor", n, 5)
    g.actor_kinds = [rng.choice(ACTOR_KINDS) for _ in range(n)]
    g.actor_names = [actor_name(rng, kind) for kind in g.actor_kinds]
    g.events = ids("event", 2 * n, 5)
    g.quotes = ids("quote", 2 * n, 5)
    g.sources = ids("source", max(1, n // 2), 5)
    g.sections = ids("section", max(1, n // 20), 3)

    out.mkdir(parents=True, exist_ok=True)
    clear_previous(out)
    (out / "site.yaml").write_text(site_yaml(n), encoding="utf-8")
    files = 1
    files += write_records(out / "actors", g.actors, g.actor, 15, "group-actors")
    files += write_records(out / "events", g.events, g.event, 10, "group-events")
    files += write_records(out / "quotes", g.quotes, g.quote, 12, "group-quotes")
    files += write_records(out / "sources", g.sources, g.source, 5, "group-sources")
    (out / "sections").mkdir(parents=True, exist_ok=True)
    for k, sid in enumerate(g.sections):
        (out / "sections" / f"{sid}.md").write_text(g.section(k), encoding="utf-8")
    files += len(g.sections)
    return {
        "actors": len(g.actors),
        "events": len(g.events),
        "quotes": len(g.quotes),
        "sources": len(g.sources),
        "sections": len(g.sections),
        "files": files,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="scale: number of actors")
    parser.add_argument("out", type=Path, help="folder to write the content into")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.n < 1:
        parser.error("N must be at least 1")
    started = time.perf_counter()
    counts = generate(args.n, args.out, args.seed)
    elapsed = time.perf_counter() - started
    total = sum(v for k, v in counts.items() if k != "files")
    print(
        ", ".join(f"{v} {k}" for k, v in counts.items()) + f" ({total} records) in {elapsed:.2f}s",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
