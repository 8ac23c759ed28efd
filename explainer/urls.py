"""Where each page lives, and the links between pages.

Every page is written as `<folder>/index.html` (pretty URLs). Links between
pages are relative and name the `index.html` file explicitly, so the site
works under any base path *and* when opened from disk, where a link to a
folder would show a directory listing instead of the page. Only canonical
links, the sitemap and the feed use absolute, pretty URLs (`actors/x/`),
and only when a base URL is known.
"""

from __future__ import annotations

import re
import unicodedata

# The folder of each kind of record that has a page of its own.
RECORD_FOLDERS = {
    "actor": "actors",
    "event": "events",
    "quote": "quotes",
    "section": "sections",
}
INDEX = "index.html"


def page_path(folder: str = "", record_id: str = "") -> str:
    """The output path of a page: `index.html`, `timeline/index.html`, `actors/x/index.html`."""
    if folder and record_id:  # the most common, made quickly
        return f"{folder}/{record_id}/{INDEX}"
    return "".join(f"{part}/" for part in (folder, record_id) if part) + INDEX


def record_url_path(kind: str, record_id: str) -> str:
    """The path (with fragment, for sources) that a link to a record points at."""
    if kind == "source":
        return f"{page_path('sources')}#{record_id}"
    return page_path(RECORD_FOLDERS[kind], record_id)


def relative_url(from_path: str, to_path: str) -> str:
    """A link from the page at `from_path` to `to_path` (both relative to the site root).

    Climbs to the root and back down (`../../events/x/index.html`): always right,
    and cheap enough for the hundreds of thousands of links of a large site.
    """
    if to_path.startswith(from_path + "#"):
        return to_path[len(from_path) :]
    return "../" * from_path.count("/") + to_path


def pretty_path(path: str) -> str:
    """`actors/x/index.html` -> `actors/x/`; `index.html` -> `` (the root)."""
    if path == INDEX:
        return ""
    if path.endswith("/" + INDEX):
        return path[: -len(INDEX)]
    return path


def absolute_url(base_url: str, path: str) -> str:
    """The public, pretty URL of a page under `base_url`."""
    return base_url.rstrip("/") + "/" + pretty_path(path)


# ASCII characters a URL may not hold as they are: controls, space, `"<>\^`{|}`.
_NOT_IN_URL = re.compile(r'[\x00-\x20"<>\\^`{|}\x7f]')


def external_url(url: str) -> str:
    """An http(s) URL from content, written so that it is a valid URL in an `href`.

    ASCII characters a URL may not hold (`"`, `<`, `>`, `|`, ...) are percent-encoded
    as browsers do; everything else, existing escapes and non-ASCII text included,
    stays as written.
    """
    return _NOT_IN_URL.sub(lambda m: f"%{ord(m.group()):02X}", url)


def slugify(text: str) -> str:
    """An id-shaped slug of a name (`Kateb Hezbollah` -> `kateb-hezbollah`); may be empty."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:80].strip("-")
