"""Static files as the site serves them: a stylesheet minified, anything else as it is.

The theme's `style.css` is written to be read and restyled, with comments and one
rule per line; readers' browsers need none of that, and every page loads it (it
counts towards each page's weight). `minify_css` drops comments and the
whitespace CSS does not need, leaving strings as they are; nothing is renamed or
reordered, so the rules mean exactly what they meant. `build` and `serve` both
read static files through `static_bytes`, so they serve the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

__all__ = ["minify_css", "static_bytes"]

# A string (kept whole), a comment (dropped), or a run of whitespace (shrunk below).
_TOKEN = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|/\*.*?(?:\*/|$)|\s+', re.S)


def minify_css(text: str) -> str:
    """`text` without comments and needless whitespace; strings are kept exactly."""
    out: list[str] = []
    at = 0
    for m in _TOKEN.finditer(text):
        out.append(text[at : m.start()])
        at = m.end()
        token = m[0]
        # a comment or whitespace becomes one space (`a/**/b` is two tokens)
        out.append(token if token[0] in "\"'" else " ")
    out.append(text[at:])
    return _tighten("".join(out))


def _tighten(text: str) -> str:
    """Drop the spaces (already single) next to `{ } ; , >` and after a property's `:`.

    Not those around other characters: `a :hover` is not `a:hover`, and `calc(1px + 2px)`
    and `and (…)` need theirs.
    """
    parts = re.split(r'("(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\')', text)
    for i in range(0, len(parts), 2):  # even parts are outside strings
        part = re.sub(r" ?([{};,>]) ?", r"\1", parts[i])
        part = re.sub(r"([{;]-?-?[\w-]+): ", r"\1:", part).replace(";}", "}")
        parts[i] = re.sub(r"(?<=[ :,])0\.(?=\d)", ".", part)  # ` 0.5rem` is ` .5rem`
    return "".join(parts).strip()


def static_bytes(path: Path) -> bytes:
    """The bytes the site holds for the static file at `path`."""
    data = path.read_bytes()
    if path.suffix.lower() != ".css":
        return data
    try:
        return minify_css(data.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:  # not UTF-8: leave it to the browser as it is
        return data
