"""Problems found in content, and the three ways of printing them."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from typing import Literal, NamedTuple

from .controls import escape_controls

Severity = Literal["error", "warning"]


class Position(NamedTuple):
    """A place in a content file: path as shown to the user, 1-based line and column."""

    path: str
    line: int = 1
    column: int = 1


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str
    line: int
    column: int
    severity: Severity
    message: str

    @classmethod
    def error(cls, pos: Position, message: str) -> Diagnostic:
        return cls(pos.path, pos.line, pos.column, "error", message)

    @classmethod
    def warning(cls, pos: Position, message: str) -> Diagnostic:
        return cls(pos.path, pos.line, pos.column, "warning", message)

    def sort_key(self) -> tuple[str, int, int, str]:
        return (self.path, self.line, self.column, self.message)


PER_FILE = 100  # problems shown per file; the rest are counted in one line


def sort_diagnostics(diagnostics: list[Diagnostic], per_file: int = PER_FILE) -> list[Diagnostic]:
    """Sort by place, dropping exact repeats; past `per_file` in a file, one "and N more"."""
    ordered = sorted(set(diagnostics), key=Diagnostic.sort_key)
    shown: list[Diagnostic] = []
    start = 0
    while start < len(ordered):
        path = ordered[start].path
        end = start
        while end < len(ordered) and ordered[end].path == path:
            end += 1
        if end - start > per_file + 1:  # one line is never replaced by one line
            shown += [*ordered[start : start + per_file], _more(ordered[start + per_file : end])]
        else:
            shown += ordered[start:end]
        start = end
    return shown


def _more(hidden: list[Diagnostic]) -> Diagnostic:
    """One line standing for the problems of a file past the first `PER_FILE`."""
    errors = sum(d.severity == "error" for d in hidden)
    first = hidden[0]
    return Diagnostic(
        first.path,
        first.line,
        first.column,
        "error" if errors else "warning",
        f"and {len(hidden):,} more problems in this file ({errors:,} errors), not shown; "
        "fix the ones above and check again",
    )


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def format_text(diagnostics: list[Diagnostic]) -> str:
    """One line per problem; control characters in paths and values are shown escaped."""
    return "".join(
        escape_controls(f"{d.path}:{d.line}:{d.column}: {d.severity}: {d.message}") + "\n"
        for d in diagnostics
    )


def _escape_github(value: str, *, property_: bool = False) -> str:
    # The workflow-command escapes: https://github.com/actions/toolkit (core/src/command.ts)
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def format_github(diagnostics: list[Diagnostic]) -> str:
    lines = []
    for d in diagnostics:
        props = f"file={_escape_github(d.path, property_=True)},line={d.line},col={d.column}"
        lines.append(f"::{d.severity} {props}::{_escape_github(d.message)}\n")
    return "".join(lines)


def format_json(diagnostics: list[Diagnostic]) -> str:
    return json.dumps([asdict(d) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"


FORMATTERS = {"text": format_text, "github": format_github, "json": format_json}


def summarize(diagnostics: list[Diagnostic]) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}"
