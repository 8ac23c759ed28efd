"""Typed values from single YAML scalars: dates, booleans, numbers, URLs, language tags,
choices and ids. Each parser gives the value, or the problem in words (with a hint)."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple
from urllib.parse import urlsplit

from .dates import DateError, parse_date
from .fields import ID_MAX, LANGUAGE_PATTERN, Field
from .hints import choice_hint, date_hint, url_hint
from .yamltree import Scalar

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LANGUAGE = re.compile(LANGUAGE_PATTERN)
_INTEGER = re.compile(r"[-+]?[0-9]+")


class Parsed(NamedTuple):
    """A scalar's typed value, or `problem` (then `value` is None)."""

    value: object = None
    problem: str = ""


def is_id(text: str) -> bool:
    return len(text) <= ID_MAX and _ID.fullmatch(text) is not None


def id_problem(text: str) -> str:
    return (
        f"'{text}' is not a valid id: use lowercase letters, digits and single hyphens "
        f"(e.g. 'kataib-hezbollah'), at most {ID_MAX} characters"
    )


def is_http_url(text: str) -> bool:
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc) and " " not in text


def parse_date_field(node: Scalar, text: str, f: Field) -> Parsed:
    try:
        return Parsed(parse_date(text.strip()))
    except DateError as exc:
        return Parsed(problem=f"field '{f.name}': {exc}{date_hint(text)}")


def parse_bool(node: Scalar, text: str, f: Field) -> Parsed:
    if node.plain and text in ("true", "false"):
        return Parsed(text == "true")
    return Parsed(problem=f"field '{f.name}' must be true or false, not '{text}'")


def parse_int(node: Scalar, text: str, f: Field) -> Parsed:
    if node.plain and _INTEGER.fullmatch(text):
        return Parsed(int(text))
    return Parsed(problem=f"field '{f.name}' must be a whole number, not '{text}'")


def parse_url(node: Scalar, text: str, f: Field) -> Parsed:
    if is_http_url(text):
        return Parsed(text)
    hint = url_hint(text)
    return Parsed(problem=f"field '{f.name}' must be an http or https URL, not '{text}'{hint}")


def parse_language(node: Scalar, text: str, f: Field) -> Parsed:
    if _LANGUAGE.fullmatch(text):
        return Parsed(text)
    return Parsed(
        problem=f"field '{f.name}' must be a BCP 47 language tag such as 'en' or 'ar', not '{text}'"
    )


def parse_choice(node: Scalar, text: str, f: Field) -> Parsed:
    if text in f.choices:
        return Parsed(text)
    hint = choice_hint(text, f.choices)
    return Parsed(
        problem=f"field '{f.name}' must be one of {', '.join(f.choices)}; got '{text}'{hint}"
    )


def parse_slug(node: Scalar, text: str, f: Field) -> Parsed:
    if is_id(text):
        return Parsed(text)
    return Parsed(problem=f"field '{f.name}': {id_problem(text)}")


# Field type -> parser. Text, Markdown and references are not here: the converter
# also collects the references they hold.
PARSERS: dict[str, Callable[[Scalar, str, Field], Parsed]] = {
    "date": parse_date_field,
    "bool": parse_bool,
    "int": parse_int,
    "url": parse_url,
    "language": parse_language,
    "choice": parse_choice,
    "slug": parse_slug,
}
