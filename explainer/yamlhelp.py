"""YAML mistakes explained: the parser's words turned into the fix an editor can make.

PyYAML says where it stopped and what it did not find ("mapping values are
not allowed in this context"). Editors make a handful of mistakes again and
again: a colon in unquoted text, a tab for indentation, a field without its
colon, a line indented one space too far, a quote never closed. Each is
recognised here from the parser's problem, its marks and the text of the line,
and named with its fix, at the line where the mistake is (which is not always
where the parser stopped). Anything else keeps the parser's own words.

`ids_in_unreadable` reads the ids a list file would have held from its text,
so that a file that cannot be parsed does not bury its one error under
"unknown id" errors for every record in it.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

_QUOTE_AFTER = 60  # a value longer than this is shown shortened in the suggested fix
_KEY_VALUE = re.compile(r"^(\s*(?:-\s+)?)([^\s\"'#][^:#]*?):\s+(.*)$")
_LIST_ID = re.compile(r"^(?:-[ \t]+|[ \t]+(?:-[ \t]+)?)id:[ \t]*[\"']?([^\"'\s#]+)", re.MULTILINE)

_QUOTE_NAMES = {'"': 'double quote (")', "'": "single quote (')"}
_MISALIGNED = ("did not find expected '-' indicator", "expected <block end>")
_UNCLOSED = ("while scanning a quoted", "while parsing a flow")
Place = tuple[int, int]  # 0-based line and column in the parsed text, as PyYAML's marks


def _line(text: str, line: int) -> str:
    lines = text.split("\n")
    return lines[line] if 0 <= line < len(lines) else ""


def _quoted(value: str) -> str:
    """The value in the quotes that need no escaping inside it."""
    value = value.rstrip()
    if len(value) > _QUOTE_AFTER:
        value = value[: _QUOTE_AFTER - 10].rstrip() + " … " + value[-6:].lstrip()
    if '"' not in value:
        return f'"{value}"'
    if "'" not in value:
        return f"'{value}'"
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


class _Mark(NamedTuple):
    line: int
    column: int


def _previous_line(text: str, line: int) -> int | None:
    """The number of the nearest line above `line` that is not blank."""
    for number in range(line - 1, -1, -1):
        if _line(text, number).strip():
            return number
    return None


def _parses_past(text: str, line: int, column: int, stopped: int) -> bool:
    """True when a colon after the word at (`line`, `column`) lets the parser get past `stopped`."""
    lines = text.split("\n")
    head, rest = lines[line][:column], lines[line][column:]
    word, tail = rest.split(None, 1)
    lines[line] = f"{head}{word}: {tail}"
    try:
        for _ in yaml.parse("\n".join(lines), Loader=yaml.SafeLoader):
            pass
    except yaml.MarkedYAMLError as exc:
        return exc.problem_mark is not None and exc.problem_mark.line > stopped
    return True


def _field_above_without_colon(text: str, line: int) -> _Mark | None:
    """The line above `line`, when it is a field written without its colon ('type leads')."""
    above = _previous_line(text, line)
    if above is None:
        return None
    written = _line(text, above)
    start = len(written) - len(written.lstrip())
    if written[start:].startswith("- "):
        start += 2 + len(written[start + 2 :]) - len(written[start + 2 :].lstrip())
    words = written[start:].split(None, 1)
    if ":" in written or len(words) != 2 or not _parses_past(text, above, start, line):
        return None
    return _Mark(above, start)


def _colon_in_text(text: str, mark: yaml.Mark) -> tuple[Place, str]:
    """'mapping values are not allowed': a colon in unquoted text, or a field out of line."""
    line = _line(text, mark.line)
    head = _KEY_VALUE.match(line)
    if head and len(head.group(1)) + len(head.group(2)) < mark.column:
        key, value = head.group(2), head.group(3)
        return (mark.line, mark.column), (
            f"the text of '{key}' holds a colon followed by a space, which YAML reads as "
            f"the start of a new field; put the text in quotes: {key}: {_quoted(value)}"
        )
    above = _field_above_without_colon(text, mark.line)
    if above is not None:
        return _missing_colon(text, above)
    indent = len(line) - len(line.lstrip())
    key = line.strip().split(":", 1)[0]
    return (mark.line, indent), (
        f"YAML reads '{key}:' as a new field inside the text above it: if it is a field, "
        f"line it up with the other fields; if the colon belongs to the text, put the whole "
        f"text in quotes"
    )


def _missing_colon(text: str, mark: yaml.Mark | _Mark) -> tuple[Place, str]:
    """'could not find expected ':'': a field written without its colon, or '-item'."""
    written = _line(text, mark.line)[mark.column :].rstrip()
    if written.startswith("-") and len(written) > 1 and not written[1].isspace():
        return (mark.line, mark.column), (
            f"'{written}' needs a space after '-' to be a list item; write '- {written[1:]}'"
        )
    words = written.split(None, 1)
    fix = f"{words[0]}: {words[1]}" if len(words) == 2 else f"{written}: …"
    return (mark.line, mark.column), (
        f"'{written}' has no colon; a field is written 'name: value', so write '{fix}'"
    )


def _unclosed(mark: yaml.Mark, opened: str) -> tuple[Place, str]:
    """A quote, '[' or '{' that is never closed; reported where it was opened."""
    if opened in ("'", '"'):
        message = f"this quoted text has no closing {_QUOTE_NAMES[opened]}; add one at its end"
    else:
        what, closing = ("list", "]") if opened == "[" else ("mapping", "}")
        message = (
            f"this {what} opened with {opened} is not closed; add the closing {closing} "
            f"(or, if the {opened} belongs to the text, put the whole text in quotes)"
        )
    return (mark.line, mark.column), message


def _after_quote(text: str, mark: yaml.Mark) -> tuple[Place, str] | None:
    """Text after a closing quote: a quote inside quoted text."""
    before = _line(text, mark.line)[: mark.column].rstrip()
    if not before.endswith(('"', "'")):
        return None
    quote = before[-1]
    other = "'" if quote == '"' else '"'
    return (mark.line, mark.column), (
        f"text follows the closing {_QUOTE_NAMES[quote]}; to use {quote} inside the text, put "
        f"the whole text in {_QUOTE_NAMES[other].replace(' (', 's (')} instead"
    )


def _misaligned(text: str, mark: yaml.Mark) -> tuple[Place, str]:
    """A line indented less (or more) than the fields it belongs with."""
    line = _line(text, mark.line)
    indent = len(line) - len(line.lstrip())
    key = line.strip().split(":", 1)[0]
    return (mark.line, indent), (
        f"'{key}' is not lined up with the lines above it; the fields of one record start "
        f"in the same column, and the items of a list too"
    )


def explain_parse_error(text: str, exc: yaml.MarkedYAMLError) -> tuple[Place | None, str]:
    """Where a YAML syntax error is (0-based line and column) and a message naming its fix."""
    problem = (exc.problem or "").strip()
    context = (exc.context or "").strip()
    mark, opened_at = exc.problem_mark, exc.context_mark
    if mark is not None and _line(text, mark.line)[mark.column : mark.column + 1] == "\t":
        return (mark.line, mark.column), (
            "tabs are not allowed for indentation in YAML; indent with spaces"
        )
    if mark is not None and problem.startswith("mapping values are not allowed"):
        return _colon_in_text(text, mark)
    if opened_at is not None and "could not find expected ':'" in problem:
        return _missing_colon(text, opened_at)
    if opened_at is not None and context.startswith(_UNCLOSED):
        opened = _line(text, opened_at.line)[opened_at.column : opened_at.column + 1]
        if opened in ("'", '"', "[", "{"):
            return _unclosed(opened_at, opened)
    found = mark is not None and _after_quote(text, mark)
    if found:
        return found
    if mark is not None and problem.startswith(_MISALIGNED) and _line(text, mark.line).strip():
        return _misaligned(text, mark)
    where = mark or opened_at
    place = (where.line, where.column) if where is not None else None
    return place, f"malformed YAML: {problem or 'malformed YAML'}{f' {context}' if context else ''}"


def ids_in_unreadable(text: str) -> list[tuple[str, int]]:
    """The `id:` values of a list of records that could not be parsed, with their 1-based lines."""
    return [
        (match.group(1), text.count("\n", 0, match.start()) + 1)
        for match in _LIST_ID.finditer(text)
    ]


def unreadable_note(ids: list[str]) -> str:
    """What is said, once, about the ids of a file that could not be read."""
    shown = ", ".join(f"'{i}'" for i in ids[:3])
    more = f" and {len(ids) - 3} more" if len(ids) > 3 else ""
    return (
        f"this file could not be read, so references to the ids it seems to hold "
        f"({shown}{more}) are not reported as unknown; they may be in this file once its "
        f"error is fixed"
    )
