"""How dates, statuses and text direction are shown on pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from markupsafe import Markup

if TYPE_CHECKING:
    from .dates import PartialDate

# Shown next to every event and relation, so an alleged event never reads as a confirmed one.
STATUS_WORDS = {
    "confirmed": "Confirmed",
    "reported": "Reported",
    "claimed": "Claimed by one side",
    "alleged": "Alleged, not confirmed",
    "disputed": "Disputed",
}
# Primary language subtags written right to left.
RTL_LANGUAGES = frozenset(
    {"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ks", "ku", "ps", "sd", "syr", "ug", "ur", "yi"}
)
_RTL_SCRIPTS = frozenset({"arab", "hebr", "syrc", "thaa", "nkoo", "adlm", "rohg"})


def text_direction(language: str | None) -> str:
    """`rtl` or `ltr` for a BCP 47 tag; a script subtag wins over the language."""
    if not language:
        return "ltr"
    parts = language.lower().split("-")
    if len(parts) > 1 and len(parts[1]) == 4:
        return "rtl" if parts[1] in _RTL_SCRIPTS else "ltr"
    return "rtl" if parts[0] in RTL_LANGUAGES else "ltr"


def _time(date: PartialDate) -> Markup:
    return Markup(f'<time datetime="{date.iso()}">{date.human()}</time>')  # digits and words


def when(date: PartialDate | None, end: PartialDate | None = None, circa: bool = False) -> Markup:
    """A date at the precision written: `2007`, `July 2009`, `about 28 January 2024`, or a span.

    An approximate date says "about" in words: an abbreviation's explanation (`<abbr
    title>`) is shown only on hover, and screen readers do not read it by default.
    """
    if date is None:
        return Markup("")
    shown = _time(date)
    if end is not None and end != date:
        shown = Markup(f"{shown} – {_time(end)}")
    if circa:
        shown = Markup(f"about {shown}")
    return shown
