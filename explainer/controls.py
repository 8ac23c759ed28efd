"""Control characters: refused in content, escaped wherever a value is shown as text.

Tab and newline are the only control characters a value may hold. The rest
(NUL, ESC, carriage return, the C1 range ...) make `feed.xml` ill-formed, put
raw bytes into pages, and in a terminal can forge lines or colours. YAML's
reader refuses them written raw, but a double-quoted scalar can still write
them as escapes (`"\\0"`, `"\\x1b"`), and a section's Markdown body is not YAML.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SHOWN = re.compile(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]")  # newline too: one problem, one line
_NAMES = {"\0": "\\0", "\n": "\\n", "\r": "\\r", "\x1b": "\\x1b"}


def control_problem(text: str) -> tuple[int, str] | None:
    """The offset of the first control character in `text` and a message, or None."""
    found = CONTROL.search(text)
    if found is None:
        return None
    code = ord(found.group())
    return found.start(), (
        f"control character U+{code:04X} is not allowed; only tab and newline may appear "
        "in a value (remove it, or the escape that wrote it)"
    )


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    return _NAMES.get(char, f"\\x{ord(char):02x}")


def escape_controls(text: str) -> str:
    """`text` on one line with its control characters written as escapes (`\\n`, `\\x1b`)."""
    return _SHOWN.sub(_escaped, text) if _SHOWN.search(text) else text
