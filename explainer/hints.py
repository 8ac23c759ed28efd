"""Suggestions for values an editor almost got right: dates, URLs and choices.

Each function takes what was written and returns the end of an error
message ("; did you mean '2024-01-28'?") or "" when there is nothing to
suggest that is surely right. A suggestion is offered only when it is
unambiguous and itself valid; a date that could be read two ways names both.
"""

from __future__ import annotations

import difflib
import re
from urllib.parse import urlsplit

from .dates import MONTHS, DateError, parse_date
from .fields import RELATION_TYPES

_NUMERIC = re.compile(r"(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})")  # 28/01/2024, 01.28.2024
_YEAR_FIRST = re.compile(r"(\d{4})[/.\-](\d{1,2})(?:[/.\-](\d{1,2}))?")  # 2024/01/28, 2024-1
_MONTH_YEAR = re.compile(r"(\d{1,2})[/.\-](\d{4})")  # 01/2024
_WORD = r"([A-Za-z]{3,9})\.?"
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH_FIRST = re.compile(rf"{_WORD}\s+{_DAY},?\s+(\d{{4}})")  # January 28, 2024
_DAY_FIRST = re.compile(rf"{_DAY}\s+{_WORD},?\s+(\d{{4}})")  # 28 January 2024
_MONTH_ONLY = re.compile(rf"{_WORD},?\s+(\d{{4}})")  # January 2024
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]\d{1,2}:\d{2}\S*")  # 2024-01-28T10:00Z
_HOST = re.compile(r"(?i)[a-z0-9][a-z0-9-]*(\.[a-z0-9-]+)*\.[a-z]{2,}(:\d+)?([/?#]\S*)?")
_NEGATIONS = ("un", "non-", "not-", "non", "in")
_INVERSES = {
    inverse.replace(" ", "-"): name
    for name, (_, inverse) in RELATION_TYPES.items()
    if inverse.replace(" ", "-") not in RELATION_TYPES and not name.startswith(inverse)
}


def _iso(year: int, month: int, day: int = 0) -> str | None:
    """The ISO form of a date, or None when it does not exist."""
    text = f"{year:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
    try:
        parse_date(text)
    except DateError:
        return None
    return text


def _month(word: str) -> int:
    """1–12 for a month's English name or its first three letters; 0 otherwise."""
    word = word.lower()
    for number, name in enumerate(MONTHS, 1):
        if len(word) >= 3 and name.lower().startswith(word):
            return number
    return 0


def _numeric(first: int, second: int, year: int) -> str:
    """28/01/2024 or 01/28/2024: a suggestion when only one reading exists, else both."""
    day_first = _iso(year, second, first)
    month_first = _iso(year, first, second)
    if day_first and month_first and day_first != month_first:
        return (
            f"; write it as YYYY-MM-DD: '{day_first}' if it is day/month/year, "
            f"'{month_first}' if it is month/day/year"
        )
    found = day_first or month_first
    return f"; did you mean '{found}'?" if found else ""


def date_hint(text: str) -> str:
    """The ISO form of a date written in another common form, as the end of a message."""
    text = text.strip()
    if match := _NUMERIC.fullmatch(text):
        return _numeric(int(match[1]), int(match[2]), int(match[3]))
    found = None
    if match := _DATETIME.fullmatch(text):
        found = match[1] if _iso(*map(int, match[1].split("-"))) else None
    elif match := _YEAR_FIRST.fullmatch(text):
        found = _iso(int(match[1]), int(match[2]), int(match[3] or 0))
    elif match := _MONTH_YEAR.fullmatch(text):
        found = _iso(int(match[2]), int(match[1]))
    elif (match := _MONTH_FIRST.fullmatch(text)) and _month(match[1]):
        found = _iso(int(match[3]), _month(match[1]), int(match[2]))
    elif (match := _DAY_FIRST.fullmatch(text)) and _month(match[2]):
        found = _iso(int(match[3]), _month(match[2]), int(match[1]))
    elif (match := _MONTH_ONLY.fullmatch(text)) and _month(match[1]):
        found = _iso(int(match[2]), _month(match[1]))
    return f"; did you mean '{found}'?" if found and found != text else ""


def url_hint(text: str) -> str:
    """`https://` in front of an address written without it, as the end of a message."""
    text = text.strip()
    for typo in ("https//", "http//", "https:/", "http:/"):
        if text.startswith(typo) and not text.startswith(typo + "/"):
            text = text[len(typo) :]
            break
    text = text.removeprefix("//")
    if "://" in text or not _HOST.fullmatch(text):
        return ""
    suggestion = f"https://{text}"
    return f"; did you mean '{suggestion}'?" if urlsplit(suggestion).netloc else ""


def choice_hint(text: str, choices: tuple[str, ...]) -> str:
    """The allowed value the text is close to, as the end of a message; "" when none is."""
    written = text.strip().lower().replace("_", "-").replace(" ", "-")
    if written in choices:
        return f"; did you mean '{written}'?"
    if written in _INVERSES and _INVERSES[written] in choices:
        name = _INVERSES[written]
        return (
            f"; '{written}' is how '{name}' reads from the other side: declare the relation "
            f"on the other actor, with type '{name}'"
        )
    match = difflib.get_close_matches(written, choices, n=1, cutoff=0.6)
    if not match:
        return ""
    for prefix in _NEGATIONS:  # 'unconfirmed' is not a misspelling of 'confirmed'
        if written.startswith(prefix) and match[0].startswith(written[len(prefix) :][:4]):
            return ""
    return f"; did you mean '{match[0]}'?"
