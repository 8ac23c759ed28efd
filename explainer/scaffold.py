"""`explainer new KIND ID`: a new record file with every field named and explained.

The file is made from the field definitions in `fields`, so it always matches
the content format: every required field is written with an empty value (the
checker reports each one still empty, so nothing half-filled is published),
and every optional field is a commented line an editor can uncomment. Ids are
checked against the contract's rule and against every id already defined.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from .fields import FIELDS, ID_MAX, ID_PATTERN, Field
from .load import RECORD_FOLDERS, SECTION_FOLDER, display_path, find_files
from .pipeline import convert_files
from .scalars import is_id

KINDS = ("actor", "event", "quote", "source", "section")
FOLDERS = {kind: folder for folder, kind in RECORD_FOLDERS.items()} | {"section": SECTION_FOLDER}
TITLE_FIELD = {"actor": "name", "event": "title", "source": "title", "section": "title"}
ID_RULE = (
    f"an id is lowercase letters a-z and digits 0-9 in words joined by single hyphens "
    f"({ID_PATTERN}), at most {ID_MAX} characters, e.g. 'kataib-hezbollah'"
)
_PLAIN = re.compile(r"[A-Za-z0-9][^:#\"'\[\]{}&*!|>%@`]*")
_COMMENT_AT = 28  # column where the explanation of a field starts


class ScaffoldError(Exception):
    """The record cannot be made: a malformed or existing id, or no title for a quote."""


def yaml_text(text: str) -> str:
    """Text as a YAML value: plain when that reads back the same, otherwise quoted."""
    if _PLAIN.fullmatch(text) and not text.endswith(" ") and text.lower() not in _YAML_WORDS:
        return text
    return json.dumps(text, ensure_ascii=False)


_YAML_WORDS = {"true", "false", "yes", "no", "on", "off", "null", "~"}


def _what(f: Field) -> str:
    """What a field takes, said in the words of the content format."""
    if f.type == "choice":
        return f"one of {', '.join(f.choices)}"
    if f.type == "ref":
        return f"{f.description} (the id of {'an' if f.refs[0][0] in 'aeiou' else 'a'} {f.refs[0]})"
    if f.type == "date":
        return f"{f.description}: YYYY, YYYY-MM or YYYY-MM-DD"
    if f.type == "list" and f.item is not None and f.item.type == "ref":
        return f"{f.description}: a list of {f.item.refs[0]} ids, [a, b]"
    if f.type == "list":
        return f"{f.description}: a list, [a, b]"
    if f.type == "bool":
        return f"{f.description}: true or false"
    if f.type == "url":
        return f"{f.description}, starting with https://"
    return f.description


def _line(head: str, comment: str) -> str:
    return f"{head.ljust(_COMMENT_AT - 1)} # {comment}"


def _record_list_lines(f: Field) -> list[str]:
    """A list of small records (relations, links), commented, its first item spelt out."""
    assert f.item is not None
    lines = [_line(f"# {f.name}:", f"{f.description}; each item:")]
    for index, sub in enumerate(f.item.fields):
        marker = "- " if index == 0 else "  "
        required = " (required)" if sub.required else ""
        lines.append(_line(f"#   {marker}{sub.name}:", _what(sub) + required))
    return lines


def field_lines(spec: tuple[Field, ...], values: dict[str, str]) -> list[str]:
    """One line per field: required ones written (empty unless given), optional ones commented."""
    lines = []
    for f in spec:
        if f.name == "id":
            continue
        if f.type == "list" and f.item is not None and f.item.type == "record":
            lines += _record_list_lines(f)
        elif f.required:
            value = values.get(f.name, "")
            lines.append(
                _line(f"{f.name}:{' ' + value if value else ''}", _what(f) + " (required)")
            )
        else:
            lines.append(_line(f"# {f.name}:", _what(f)))
    return lines


def record_text(kind: str, record_id: str, title: str | None) -> str:
    """The text of a new record file (a section: front matter and an empty body)."""
    values = {TITLE_FIELD[kind]: yaml_text(title)} if title else {}
    header = [
        f"# The {kind} '{record_id}'. Give every field that has no value yet its value;",
        "# `explainer check` lists those still empty. To use an optional field, remove",
        "# the '# ' in front of it. The content format: docs/content-format.md",
    ]
    lines = header + field_lines(FIELDS[kind], values)
    if kind == "section":
        body = "After the line '---' below, write the section in Markdown"
        lines.append(f"# {body}: [[id]] links a record, [@source-id] cites a source.")
        return "---\n" + "\n".join(lines) + "\n---\n\n"
    return "\n".join(lines) + "\n"


def existing_ids(content: Path, content_arg: str) -> dict[str, tuple[str, str]]:
    """Every id the content folder defines (even in files with errors): id -> (kind, place)."""
    jobs, _ = find_files(content, content_arg)
    found: dict[str, tuple[str, str]] = {}
    converted = convert_files(jobs)
    for record_id, kind, pos in converted.defined:
        found.setdefault(record_id, (kind, f"{pos.path}:{pos.line}"))
    for claim in converted.aliases:  # an alias works as an id, so its slug is taken too
        what = f"alias '{claim.alias}' of actor '{claim.actor}'"
        found.setdefault(claim.slug, (what, f"{claim.pos.path}:{claim.pos.line}"))
    return found


def new_record(
    content: Path, content_arg: str, kind: str, record_id: str, title: str | None
) -> str:
    """Write a new record file; return its path as shown. Raises ScaffoldError."""
    if not is_id(record_id):
        raise ScaffoldError(f"'{record_id}' is not a valid id: {ID_RULE}")
    if title is not None and kind not in TITLE_FIELD:
        raise ScaffoldError("a quote has no title or name; write its words in 'text:'")
    taken = existing_ids(content, content_arg).get(record_id)
    if taken:
        raise ScaffoldError(
            f"the id '{record_id}' is already taken: the {taken[0]} at {taken[1]} "
            "(ids are unique across all kinds)"
        )
    suffix = ".md" if kind == "section" else ".yaml"
    relative = f"{FOLDERS[kind]}/{record_id}{suffix}"
    path = content / relative
    if path.exists() or path.is_symlink():
        raise ScaffoldError(f"{display_path(content_arg, relative)} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:  # "x": never overwrite, even in a race
        out.write(record_text(kind, record_id, title))
    return display_path(content_arg, relative)
