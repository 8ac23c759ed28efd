"""Small helpers to write SVG text: escaped, with numbers written the same way every time."""

from __future__ import annotations

from html import escape

# Average advance of a character of the site's sans-serif, in ems; generous, so text fits.
CHAR_EM = 0.6


def num(value: float) -> str:
    """A coordinate rounded to a whole unit (a pixel at full width): `12`, `-3`."""
    return str(round(value))


def attrs(**values: object) -> str:
    """` name="value"` pairs, escaped; `class_` is `class`, `_` is `-`; None is left out."""
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        key = name.rstrip("_").replace("_", "-") if "_" in name else name
        if isinstance(value, float):  # a number: digits and a sign, nothing to escape
            parts.append(f' {key}="{round(value)}"')
            continue
        shown = str(value)
        if key == "d":  # a path's numbers need no space before a minus sign
            shown = shown.replace(" -", "-")
        parts.append(f' {key}="{escape(shown, quote=True)}"')
    return "".join(parts)


def tag(name: str, body: str = "", **values: object) -> str:
    """One element; an empty body gives a self-closing tag."""
    if not body:
        return f"<{name}{attrs(**values)}/>"
    return f"<{name}{attrs(**values)}>{body}</{name}>"


def text(content: str, x: float, y: float, **values: object) -> str:
    """A `<text>` element with escaped content."""
    return tag("text", escape(content, quote=False), x=float(x), y=float(y), **values)


def title(content: str) -> str:
    """A `<title>`: the tooltip and accessible name of its parent."""
    return f"<title>{escape(content, quote=False)}</title>"


def text_width(content: str, size: float) -> float:
    """A generous estimate of the width of `content` at font size `size`."""
    return len(content) * size * CHAR_EM


def fit(content: str, width: float, size: float) -> str:
    """`content` cut with an ellipsis so that it fits in `width` at font size `size`."""
    room = int(width / (size * CHAR_EM))
    if len(content) <= room:
        return content
    return content[: max(room - 1, 1)].rstrip() + "…"


def svg(body: str, width: float, height: float, label: str, class_: str) -> str:
    """The outer `<svg>`: scales to its container, a group named by `label` for assistive tech.

    Inline in HTML, so without `xmlns` (the HTML parser puts it in the SVG namespace).
    """
    return tag(
        "svg",
        body,
        viewBox=f"0 0 {num(width)} {num(height)}",
        role="group",
        aria_label=label,
        class_=class_,
    )
