"""Random edits of a small explainer, generated from the field definitions (explainer.fields).

`Explainer` holds every record as plain data and writes each to its own file.
`Editor` makes random edits of every field of every record kind (indexed fields
included: tags, actors, dates, statuses, relations, aliases, order), adds,
deletes and renames records, and changes templates and static files. Tests use
it to compare the preview server's site with a full build after each burst.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from explainer.fields import FIELDS, Field

FOLDERS = {"actor": "actors", "event": "events", "quote": "quotes", "source": "sources"}
START = {"source": 4, "actor": 6, "event": 8, "quote": 6, "section": 2}
WORDS = ("strike", "drone", "base", "claim", "talks", "border", "envoy", "militia", "vote")
TAGS = ("drones", "diplomacy", "iraq", "syria", "us-forces")
TEMPLATES = ("base.html", "event.html", "partials/timeline_event.html", "actors.html")


@dataclass
class Explainer:
    """An explainer as data: kind -> id -> fields (a section's body under `body`)."""

    root: Path
    records: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def ids(self, kind: str) -> list[str]:
        return sorted(self.records.get(kind, {}))

    def path(self, kind: str, record_id: str) -> Path:
        if kind == "site":
            return self.root / "site.yaml"
        if kind == "section":
            return self.root / "sections" / f"{record_id}.md"
        return self.root / FOLDERS[kind] / f"{record_id}.yaml"

    def write(self, kind: str, record_id: str) -> Path:
        path = self.path(kind, record_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        values = dict(self.records[kind][record_id])
        if kind == "section":
            body = values.pop("body", "")
            front = yaml.safe_dump(values, allow_unicode=True, sort_keys=False)
            path.write_text(f"---\n{front}---\n\n{body}\n", encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(values, allow_unicode=True, sort_keys=False))
        return path

    def remove(self, kind: str, record_id: str) -> Path:
        path = self.path(kind, record_id)
        path.unlink()
        del self.records[kind][record_id]
        return path


class Values:
    """Random values of a field's type, valid under the content format."""

    def __init__(self, rng: random.Random, site: Explainer) -> None:
        self.rng, self.site = rng, site

    def words(self, low: int = 1, high: int = 5) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(self.rng.randint(low, high)))

    def markdown(self, owner: str) -> str:
        parts = [self.words().capitalize()]
        for kind in ("actor", "event", "quote", "section"):
            ids = [i for i in self.site.ids(kind) if i != owner]
            if ids and self.rng.random() < 0.3:
                label = f"|{self.words(1, 2)}" if self.rng.random() < 0.3 else ""
                parts.append(f"[[{self.rng.choice(ids)}{label}]]")
        if self.site.ids("source") and self.rng.random() < 0.5:
            parts.append(f"[@{self.rng.choice(self.site.ids('source'))}]")
        return " ".join(parts) + "."

    def date(self) -> str:
        year = self.rng.randint(2019, 2025)
        return self.rng.choice(
            [f"{year}", f"{year}-0{self.rng.randint(1, 9)}", f"{year}-03-1{self.rng.randint(0, 9)}"]
        )

    def value(self, f: Field, owner: str) -> Any:
        rng = self.rng
        if f.type == "text":
            return self.words() + ("\nsecond line" if f.multiline and rng.random() < 0.3 else "")
        if f.type in ("inline", "markdown"):
            return self.markdown(owner)
        if f.type == "date":
            return self.date()
        if f.type == "bool":
            return rng.random() < 0.5
        if f.type == "int":
            return rng.randint(1, 9)
        if f.type == "url":
            return f"https://example.org/{rng.choice(WORDS)}/{rng.randint(1, 99)}"
        if f.type == "language":
            return rng.choice(["en", "fr", "ar", "en-GB"])
        if f.type == "slug":
            return rng.choice(TAGS)
        if f.type == "choice":
            return rng.choice(f.choices)
        if f.type == "ref":
            ids = [i for i in self.site.ids(f.refs[0]) if i != owner]
            return rng.choice(ids) if ids else None
        if f.type == "list":
            assert f.item is not None
            items = [self.value(f.item, owner) for _ in range(rng.randint(f.required, 3))]
            return [i for i in items if i is not None]
        assert f.type == "record", f.type
        return self.mapping(f.fields, owner)

    def mapping(self, fields: tuple[Field, ...], owner: str) -> dict[str, Any] | None:
        """Values for the required fields and some optional ones (None when a required
        field can have none); never both ends of a span, which could be out of order."""
        out = {}
        for f in fields:
            if f.name != "id" and (f.required or self.rng.random() < 0.4):
                value = self.value(f, owner)
                if value is None and f.required:
                    return None
                if value is not None:
                    out[f.name] = value
        for start, end in (("date", "end"), ("since", "until")):
            if start in out and end in out:
                del out[end]
        return out


def rename_in(value: Any, old: str, new: str) -> Any:
    """`value` with every reference to `old` (ids, `[[old`, `[@old`) naming `new`."""
    if isinstance(value, dict):
        return {k: rename_in(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [rename_in(v, old, new) for v in value]
    if isinstance(value, str):
        if value == old:
            return new
        return re.sub(rf"(?<=\[\[|\[@){re.escape(old)}(?![a-z0-9-])", new, value)
    return value


class Editor:
    """Random edits of `site` (content), `templates` and `static`, in folders on disk."""

    def __init__(self, seed: int, site: Explainer, templates: Path, static: Path) -> None:
        self.rng = random.Random(seed)
        self.site, self.templates, self.static = site, templates, static
        self.values = Values(self.rng, site)
        self.count = 0

    def start(self) -> None:
        """Write a fresh small explainer."""
        self.site.records = {"site": {"": {}}}
        self.site.records["site"][""] = self.values.mapping(FIELDS["site"], "") or {}
        for kind, n in START.items():
            for _ in range(n):
                self.add(kind)
        self.site.write("site", "")

    def new_id(self, kind: str) -> str:
        self.count += 1
        return f"{kind}-{self.count}"

    def add(self, kind: str) -> set[Path]:
        record_id = self.new_id(kind)
        fields = self.values.mapping(FIELDS[kind], record_id)
        assert fields is not None
        if kind == "section":
            fields["body"] = self.values.markdown(record_id)
        self.site.records.setdefault(kind, {})[record_id] = fields
        return {self.site.write(kind, record_id)}

    def edit_field(self, kind: str, record_id: str) -> set[Path]:
        spec = [f for f in FIELDS[kind] if f.name != "id"]
        f = self.rng.choice(spec)
        record = self.site.records[kind][record_id]
        if not f.required and f.name in record and self.rng.random() < 0.25:
            del record[f.name]
        else:
            value = self.values.value(f, record_id)
            if value is not None:
                record[f.name] = value
        if kind == "section" and self.rng.random() < 0.3:
            record["body"] = self.values.markdown(record_id)
        return {self.site.write(kind, record_id)}

    def rename(self, kind: str, record_id: str) -> set[Path]:
        new = self.new_id(kind)
        records = self.site.records
        records[kind][new] = records[kind][record_id]
        touched = {self.site.remove(kind, record_id)}
        for other_kind, table in records.items():
            for other_id, fields in table.items():
                renamed = rename_in(fields, record_id, new)
                if renamed != fields or other_id == new:
                    table[other_id] = renamed
                    touched.add(self.site.write(other_kind, other_id))
        return touched

    def content_edit(self) -> set[Path]:
        """One random edit of the content: a field, an addition, a deletion or a rename."""
        kind = self.rng.choice(["site", *START, "event", "actor"])
        ids = self.site.ids(kind)
        what = self.rng.choices(["edit", "add", "delete", "rename"], [10, 2, 1, 1])[0]
        if kind == "site":
            return self.edit_field("site", "")
        if what == "add" or not ids:
            return self.add(kind)
        record_id = self.rng.choice(ids)
        if what == "delete":
            return {self.site.remove(kind, record_id)}
        if what == "rename":
            return self.rename(kind, record_id)
        return self.edit_field(kind, record_id)

    def template_edit(self) -> set[Path]:
        path = self.templates / self.rng.choice(TEMPLATES)
        text, mark = path.read_text(encoding="utf-8"), f"<!-- mark {self.count} -->"
        self.count += 1
        if "{% block content %}" in text:
            text = text.replace("{% block content %}", "{% block content %}" + mark, 1)
        elif "</body>" in text:
            text = text.replace("</body>", mark + "</body>", 1)
        else:
            text += mark + "\n"
        path.write_text(text, encoding="utf-8")
        return {path}

    def static_edit(self) -> set[Path]:
        extra = sorted(self.static.glob("extra-*.txt"))
        self.count += 1
        if extra and self.rng.random() < 0.4:
            extra[0].unlink()
            return {extra[0]}
        if self.rng.random() < 0.5:
            path = self.static / f"extra-{self.count}.txt"
        else:
            path = self.static / "style.css"
        with path.open("a", encoding="utf-8") as out:
            out.write(f"/* {self.count} */\n")
        return {path}
