"""The site's search index: Pagefind run over the built site before it is swapped in.

Pagefind (the `pagefind[bin]` wheel, its binary inside) reads the written
pages and writes a static index and its loader under `pagefind/`. Only the
parts of pages marked `data-pagefind-body` are indexed (record pages and the
sources list), with the kind of each page as `data-pagefind-meta`; a page's
name and an actor's aliases carry more weight. `static/search.js` loads the
index only when a reader starts typing. The index is files like any other:
it works offline and from any folder a host serves.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

FOLDER = "pagefind"  # the index's folder inside the site
# Pagefind's own search interfaces: the site has its own (static/search.js).
UNUSED = (
    "pagefind-ui.js",
    "pagefind-ui.css",
    "pagefind-modular-ui.js",
    "pagefind-modular-ui.css",
    "pagefind-component-ui.js",
    "pagefind-component-ui.css",
    "pagefind-highlight.js",
)
TIMEOUT = 600  # seconds; a 50,000-page site takes well under that


class SearchIndexError(Exception):
    """Pagefind could not index the site (missing, or it failed)."""


def pagefind_command(site: Path) -> list[str]:
    """The command that indexes `site` in place, quietly, keeping `index.html` in result URLs."""
    return [
        sys.executable,
        "-m",
        "pagefind",
        "--site",
        str(site),
        "--output-subdir",
        FOLDER,
        "--keep-index-url",  # links name index.html, so results also work from disk
        "--silent",
    ]


def index_site(site: Path) -> None:
    """Write the search index into `site` (a freshly written, not yet published folder)."""
    try:
        done = subprocess.run(
            pagefind_command(site), capture_output=True, text=True, timeout=TIMEOUT, check=False
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"the search index could not be built: {exc}") from exc
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().splitlines()
        detail = said[-1] if said else f"exit status {done.returncode}"
        hint = (
            " (is pagefind installed? pip install 'pagefind[bin]')" if "No module" in detail else ""
        )
        raise SearchIndexError(f"the search index could not be built: {detail}{hint}")
    for name in UNUSED:
        (site / FOLDER / name).unlink(missing_ok=True)
