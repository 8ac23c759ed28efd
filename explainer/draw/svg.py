"""Small helpers to write SVG text: escaped, with numbers written the same way every time."""

from __future__ import annotations

from html import escape
from types import MappingProxyType

# Average advance of a character of the site's sans-serif, in ems; generous, so text fits.
CHAR_EM = 0.6


def num(value: float) -> str:
    """A coordinate rounded to a whole unit (a pixel at full width): `12`, `-3`."""
    return str(round(value))


# Keyword names that are not the attribute's name (`class_` is `class`); others are worked out.
NAMES = MappingProxyType(
    {"class_": "class", "aria_label": "aria-label", "font_weight": "font-weight"}
)


def attr_name(name: str) -> str:
    """The attribute a keyword names: a trailing `_` dropped, other `_` as `-`."""
    return NAMES.get(name) or (name.rstrip("_").replace("_", "-") if "_" in name else name)


def quoted(value: str) -> str:
    """`value` escaped for an attribute, as `html.escape(value, quote=True)` escapes it.

    Most values (class names, numbers) hold nothing to escape: looked for first.
    """
    if "&" in value or "<" in value or ">" in value or '"' in value or "'" in value:
        return escape(value, quote=True)
    return value


def shown(content: str) -> str:
    """`content` escaped for an element's text, as `html.escape(content, quote=False)`."""
    if "&" in content or "<" in content or ">" in content:
        return escape(content, quote=False)
    return content


def attrs(**values: object) -> str:
    """` name="value"` pairs, escaped; `class_` is `class`, `_` is `-`; None is left out."""
    return _attrs(values)


def _attrs(values: dict[str, object]) -> str:
    parts = []
    for name, value in values.items():
        if value is None:
            continue
        key = attr_name(name)
        if isinstance(value, float):  # a number: digits and a sign, nothing to escape
            parts.append(f' {key}="{round(value)}"')
        elif key == "d":  # a path's numbers need no space before a minus sign
            parts.append(f' d="{quoted(str(value).replace(" -", "-"))}"')
        else:
            parts.append(f' {key}="{quoted(str(value))}"')
    return "".join(parts)


def tag(name: str, body: str = "", **values: object) -> str:
    """One element; an empty body gives a self-closing tag."""
    if not body:
        return f"<{name}{_attrs(values)}/>"
    return f"<{name}{_attrs(values)}>{body}</{name}>"


def text(
    content: str, x: float, y: float, class_: str | None = None, font_weight: str | None = None
) -> str:
    """A `<text>` with escaped content: `tag("text", …, x=x, y=y, …)`, written at once."""
    at = f'<text x="{round(x)}" y="{round(y)}"'
    if font_weight is not None:
        at += f' font-weight="{quoted(font_weight)}"'
    if class_ is not None:
        at += f' class="{quoted(class_)}"'
    body = shown(content)
    return f"{at}>{body}</text>" if body else f"{at}/>"


def path(d: str, class_: str) -> str:
    """A `<path>` (as `tag("path", d=d, class_=class_)`, written at once)."""
    return f'<path d="{quoted(d.replace(" -", "-"))}" class="{quoted(class_)}"/>'


def circle(cx: float, cy: float, r: float, class_: str) -> str:
    """A `<circle>` (as `tag("circle", cx=…, cy=…, r=…, class_=…)` with float numbers)."""
    return f'<circle cx="{round(cx)}" cy="{round(cy)}" r="{round(r)}" class="{quoted(class_)}"/>'


def rect(
    x: float, y: float, width: float, height: float, class_: str, rx: float | None = None
) -> str:
    """A `<rect>` (as `tag("rect", x=…, y=…, width=…, height=…, rx=…, class_=…)`, floats)."""
    rounded = f' rx="{round(rx)}"' if rx is not None else ""
    return (
        f'<rect x="{round(x)}" y="{round(y)}" width="{round(width)}" height="{round(height)}"'
        f'{rounded} class="{quoted(class_)}"/>'
    )


def group(body: str) -> str:
    """A `<g>` around `body` (as `tag("g", body)`)."""
    return f"<g>{body}</g>" if body else "<g/>"


def link(body: str, href: str, aria_label: str | None = None) -> str:
    """An `<a>` (as `tag("a", body, href=…, aria_label=…)`, written at once)."""
    named = f' aria-label="{quoted(aria_label)}"' if aria_label is not None else ""
    at = f'<a href="{quoted(href)}"{named}'
    return f"{at}>{body}</a>" if body else f"{at}/>"


def title(content: str) -> str:
    """A `<title>`: the tooltip and accessible name of its parent."""
    return f"<title>{shown(content)}</title>"


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
