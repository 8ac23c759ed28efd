"""The preview server: serve the site and keep it fresh as files change.

Everything the preview server needs to be fast lives in this package; the
one-shot build imports none of it.

- `files`: content files read and converted again only when they change;
- `check`: the one `validate`, fed with the changed files only when no
  cross-record fact changed;
- `index`: the indexes, kept when no record field they were built from changed;
- `recording`: a view that records each page's primitive reads, and the
  templates each page used;
- `changes`, `deps`: the keys whose values changed between two builds, and
  the kept pages that read them;
- `pages`: pages rendered when asked for, kept (bounded) while their reads stay;
- `site`: the build recipe re-run on what changed (`LiveSite`);
- `http`, `rebuilds`, `server`: requests from an immutable snapshot, bursts of
  changes made into single rebuilds, and the server that ties them together.
"""

from .http import ServeError, Snapshot, is_loopback, site_path
from .rebuilds import QUIET, Rebuilds
from .server import BuildResult, PreviewServer, serve_command

__all__ = [
    "QUIET",
    "BuildResult",
    "PreviewServer",
    "Rebuilds",
    "ServeError",
    "Snapshot",
    "is_loopback",
    "serve_command",
    "site_path",
]
