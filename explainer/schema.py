"""JSON Schemas for editors' tools, generated from the same field definitions as the checker."""

from __future__ import annotations

import json
from pathlib import Path

from .fields import DATE_PATTERN, FIELDS, ID_MAX, ID_PATTERN, LANGUAGE_PATTERN, Field

SCHEMA_URL = "http://json-schema.org/draft-07/schema#"  # what the VS Code YAML extension supports
DATE = {
    # YAML editors may read an unquoted 2024-01-28 or 2007 as a date or a number.
    "anyOf": [{"type": "string", "pattern": DATE_PATTERN}, {"type": "integer"}],
    "description": "a date: YYYY, YYYY-MM or YYYY-MM-DD",
}


def field_schema(f: Field) -> dict[str, object]:
    """The JSON Schema of one field's value."""
    simple: dict[str, dict[str, object]] = {
        "text": {"type": "string", "minLength": 1},
        "inline": {"type": "string", "minLength": 1},
        "markdown": {"type": "string"},
        "date": dict(DATE),
        "bool": {"type": "boolean"},
        "int": {"type": "integer"},
        "url": {"type": "string", "format": "uri", "pattern": "^https?://"},
        "language": {"type": "string", "pattern": LANGUAGE_PATTERN},
        "slug": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX},
        "ref": {"type": "string", "pattern": ID_PATTERN, "maxLength": ID_MAX},
    }
    if f.type == "choice":
        schema: dict[str, object] = {"enum": list(f.choices)}
    elif f.type == "list":
        assert f.item is not None
        schema = {"type": "array", "items": field_schema(f.item)}
        if f.required:
            schema["minItems"] = 1
    elif f.type == "record":
        schema = object_schema(f.fields)
    else:
        schema = dict(simple[f.type])
    schema.setdefault("description", f.description)
    return schema


def object_schema(fields: tuple[Field, ...]) -> dict[str, object]:
    return {
        "type": "object",
        "properties": {f.name: field_schema(f) for f in fields},
        "required": [f.name for f in fields if f.required],
        "additionalProperties": False,
    }


def kind_schema(kind: str) -> dict[str, object]:
    """A record kind's schema: one record, or (for YAML kinds) a list of records with ids."""
    record = object_schema(FIELDS[kind])
    schema: dict[str, object] = {"$schema": SCHEMA_URL, "title": f"explainer {kind}"}
    if kind in ("site", "section"):
        return schema | record
    in_list = dict(record)
    in_list["required"] = ["id", *record["required"]]  # type: ignore[misc]
    return schema | {"oneOf": [record, {"type": "array", "minItems": 1, "items": in_list}]}


def generate_schemas() -> dict[str, str]:
    """File name -> JSON text, deterministic."""
    names = {
        "site": "site",
        "actor": "actor",
        "event": "event",
        "quote": "quote",
        "source": "source",
        "section": "section-front-matter",
    }
    return {
        f"{names[kind]}.schema.json": json.dumps(kind_schema(kind), indent=2) + "\n"
        for kind in FIELDS
    }


def write_schemas(out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in generate_schemas().items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
