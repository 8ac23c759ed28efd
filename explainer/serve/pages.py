"""Pages rendered when they are asked for, kept while what they read stays the same.

A good build publishes a `Build`: the data, the page plan, the static files and
the template environment of one generation, never changed after. Its pages
(`SiteFiles`, a read-only mapping of output path to bytes) are rendered from
it on request, by the same `render.render_page` the one-shot build uses,
through a recording view. `PageCache` keeps rendered pages with what they read;
the next build drops those that read a changed key or used a changed template
(`deps`), so a save costs the pages it changed only when they are looked at.
The cache is bounded in bytes: the least recently used pages go first.

A page rendered from an older generation than the cache's is served but not
kept, and a kept page is used for a generation only if it was rendered at or
before it, so every request sees the pages of the one generation it took.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from jinja2 import TemplateError

from ..diagnostics import Diagnostic
from ..pages import PageSpec
from ..render import render_page, template_diagnostic
from ..theme import Folders
from ..view import Key, SiteData
from .deps import Dependencies, Reads
from .recording import RecordingTools, RecordingView, TemplateClosures

BUDGET = 256 * 2**20  # bytes of rendered pages kept (serve --out keeps every page)


class RenderError(Exception):
    """A page's template failed when the page was asked for."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


@dataclass(frozen=True, slots=True)
class Build:
    """One good build: everything its pages are rendered from."""

    generation: int
    data: SiteData
    specs: Mapping[str, PageSpec]
    static: Mapping[str, bytes]
    tools: RecordingTools
    closures: TemplateClosures
    templates: Folders  # where template problems are shown


class PageCache:
    """Rendered pages of the current generation and what they read; thread-safe."""

    def __init__(self, budget: float = BUDGET) -> None:
        self.budget = budget
        self.generation = 0
        self.size = 0  # bytes kept
        self.deps = Dependencies()
        self._pages: OrderedDict[str, tuple[bytes, int]] = OrderedDict()  # body, rendered at
        self._dead: set[str] = set()  # stale pages whose reads are still to be forgotten
        self._lock = threading.Lock()

    def get(self, path: str, generation: int) -> bytes | None:
        with self._lock:
            entry = self._pages.get(path)
            if entry is None or entry[1] > generation:
                return None
            self._pages.move_to_end(path)
            return entry[0]

    def put(self, path: str, body: bytes, reads: Reads, generation: int) -> None:
        with self._lock:
            if generation != self.generation:
                return
            self._drop(path)
            self._dead.discard(path)
            self._pages[path] = (body, generation)
            self.size += len(body)
            self.deps.note(path, reads)
            while self.size > self.budget and len(self._pages) > 1:
                oldest = next(iter(self._pages))
                self._drop(oldest)
                self.deps.forget(oldest)

    def stale(self, keys: set[Key], templates: set[str]) -> set[str]:
        """The kept pages that read one of `keys` or used one of `templates`."""
        with self._lock:
            return self.deps.stale(keys, templates) & self._pages.keys()

    def advance(self, generation: int, stale: set[str] | None) -> int:
        """Make `generation` current, dropping the `stale` pages (None: all); how many.
        What they read is forgotten later, by `tidy`, after the browsers are told."""
        with self._lock:
            if stale is None:
                gone, self.deps = len(self._pages), Dependencies()
                self._pages, self._dead, self.size = OrderedDict(), set(), 0
            else:
                gone = [p for p in stale if p in self._pages]
                for path in gone:
                    self._drop(path)
                self._dead.update(gone)
                gone = len(gone)
            self.generation = generation
            return gone

    def tidy(self) -> None:
        """Forget what the dropped pages read, one page at a time (requests go between)."""
        while True:
            with self._lock:
                if not self._dead:
                    return
                path = self._dead.pop()
                if path not in self._pages:
                    self.deps.forget(path)

    def __len__(self) -> int:
        return len(self._pages)

    def _drop(self, path: str) -> None:
        entry = self._pages.pop(path, None)
        if entry is not None:
            self.size -= len(entry[0])


class SiteFiles(Mapping[str, bytes]):
    """A build's files as output path -> bytes: static files, and pages rendered on request."""

    def __init__(self, build: Build, cache: PageCache) -> None:
        self.build, self.cache = build, cache

    def __getitem__(self, path: str) -> bytes:
        static = self.build.static.get(path)
        if static is not None:
            return static
        spec = self.build.specs[path]
        body = self.cache.get(path, self.build.generation)
        if body is None:
            body, reads = render_recorded(self.build, spec)
            self.cache.put(path, body, reads, self.build.generation)
        return body

    def __contains__(self, path: object) -> bool:
        return path in self.build.static or path in self.build.specs

    def __iter__(self) -> Iterator[str]:
        yield from self.build.specs
        yield from self.build.static

    def __len__(self) -> int:
        return len(self.build.specs) + len(self.build.static)


def render_recorded(build: Build, spec: PageSpec) -> tuple[bytes, Reads]:
    """One page's bytes and what it read (view keys and templates)."""
    keys: set[Key] = set()
    tools = build.tools
    page_tools = RecordingTools(tools.env, tools.md, tools.static, closures=build.closures)
    try:
        body = render_page(page_tools, RecordingView(build.data, keys), spec)
    except TemplateError as exc:
        raise RenderError(template_diagnostic(exc, build.templates)) from exc
    return body, Reads(tuple(keys), tuple(page_tools.templates))
