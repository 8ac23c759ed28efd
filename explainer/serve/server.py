"""`python build.py serve`: build, serve from memory, rebuild what changed, reload the browser.

The site is served from one immutable `Snapshot` (output path -> bytes, plus
the current problems); a rebuild (`LiveSite.update`) makes a new snapshot and
swaps it in with one assignment, so no request ever sees a half-built site. A
snapshot's pages are rendered from its build when first asked for, and kept
(bounded) while what they read stays the same (pages.py).

Memory: see memory.py (collector thresholds, freed memory given back).

Threads: the tornado IO loop answers requests and talks to browsers through
livereload's websocket handler; a watcher thread (inotify) reports changed
paths; one rebuild thread waits for changes to settle, rebuilds, swaps and asks
the IO loop to tell every browser to reload.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop

from ..diagnostics import Diagnostic, format_text, has_errors, summarize
from ..guard import GuardedApplication, GuardedLiveReload
from ..pages import STATIC
from ..theme import find_theme
from ..trouble import Troubles
from ..watch import make_watcher
from ..write import OutputError, check_output, write_site
from .http import ServeError, SiteHandler, Snapshot, bind, is_loopback
from .memory import memory_releaser, tune_gc
from .pages import BUDGET
from .rebuilds import QUIET, Rebuilds
from .site import LiveSite

# EXPLAINER_SPANS=1: print where each rebuild's time went (first change seen -> browsers told).
SPANS = bool(os.environ.get("EXPLAINER_SPANS"))


@dataclass(frozen=True, slots=True)
class BuildResult:
    """How one build of the preview server went."""

    diagnostics: list[Diagnostic]
    seconds: float
    pages: int = 0  # kept pages this build made stale (rendered again when asked for)
    steps: dict[str, float] = field(default_factory=dict)  # seconds per step

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


class PreviewServer:
    """The preview server: a builder, a snapshot, an HTTP server, a watcher."""

    def __init__(
        self,
        content: Path,
        content_arg: str,
        host: str = "127.0.0.1",
        port: int = 8000,
        out: Path | None = None,
        templates: Path | None = None,
        static: Path | None = None,
        quiet: float = QUIET,
        log: Callable[[str], None] | None = None,
    ) -> None:
        self.content, self.content_arg, self.host, self.out = content, content_arg, host, out
        self.theme = find_theme(content, templates, static)  # overrides, then the default
        self.templates, self.static = self.theme.templates[0], self.theme.static[0]  # first wins
        # With --out every page is written after each build: keep them all.
        self.site = LiveSite(content, content_arg, self.theme, BUDGET if out is None else math.inf)
        self.snapshot = Snapshot()
        self.rebuilds = Rebuilds(self._rebuild, quiet)
        self.log = log or (lambda text: print(text, file=sys.stderr, flush=True))
        self.sockets = bind(host, port)
        self.port: int = self.sockets[0].getsockname()[1]
        self.builds = 0  # completed builds, the first included
        self.reloads = 0  # times the browsers were told to reload
        self.last_result: BuildResult | None = None
        self._loop: IOLoop | None = None
        self._thread: threading.Thread | None = None
        self._closed = False
        self._http: HTTPServer | None = None
        self.release_memory = memory_releaser()
        self.troubles = Troubles(self.log)  # the server's own failures, for terminal and overlay
        self._watcher = make_watcher(self.watched(), self.rebuilds.notify, self.troubles.report)

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"

    def watched(self) -> list[Path]:
        return [self.content, *self.theme.templates, *self.theme.static]

    # --- building ---

    def build_now(self, changed: set[Path] | None = None) -> BuildResult:
        """Bring the site up to date after `changed` (None: anything may have changed),
        swap the new snapshot in and report."""
        started = time.perf_counter()
        update = self.site.update(changed)
        files = self.snapshot.files  # the last good site stays served on errors
        if update.files is not None:
            files = update.files
            if self.out is not None:
                pages = {path: files[path] for path in files if not path.startswith(f"{STATIC}/")}
                write_site(self.out, pages, self.theme.static)
        took = time.perf_counter() - started
        result = BuildResult(update.diagnostics, took, update.stale, update.seconds)
        errors = tuple(d for d in result.diagnostics if d.severity == "error")
        errors += self.troubles.take()
        self.snapshot = Snapshot(files, errors, self.snapshot.generation + 1)  # the swap
        self.builds += 1
        self.last_result = result
        self._report(result)
        return result

    def _report(self, result: BuildResult) -> None:
        if result.diagnostics:
            self.log(format_text(result.diagnostics).rstrip("\n"))
        took = f"{result.seconds * 1000:.0f} ms"
        if result.ok:
            self.log(f"updated in {took}; {result.pages} pages to render again")
        elif self.snapshot.files:
            self.log(f"build failed: {summarize(result.diagnostics)}; serving the last good site")
        else:
            self.log(f"build failed: {summarize(result.diagnostics)}; nothing to serve yet")

    def _rebuild(self, changed: set[Path] | None) -> None:
        started = time.perf_counter()
        try:
            self.build_now(changed)
        except Exception as exc:  # a bug or the machine; keep serving the last good site
            self.troubles.report(
                f"the rebuild failed ({exc!r}); still serving the last good site; "
                "the next change rebuilds everything"
            )
            self.rebuilds.full_next()
            old = self.snapshot
            self.snapshot = replace(
                old, errors=old.errors + self.troubles.take(), generation=old.generation + 1
            )
        if self._loop is not None:
            built = time.perf_counter()
            self._loop.add_callback(self._reload_browsers, (started, built))
        self.site.cache.tidy()  # after the browsers were told: what dropped pages read
        self.release_memory()  # and memory freed since given back

    def _reload_browsers(self, spans: tuple[float, float] | None = None) -> None:
        self.reloads += 1
        called = time.perf_counter()
        LiveReloadHandler.reload_waiters("*")
        if SPANS and spans is not None:
            first, taken, (started, built) = self.rebuilds.first, self.rebuilds.taken, spans
            done = time.perf_counter()
            marks = [first, taken, started, built, called, done]
            names = ["quiet", "to-build", "build", "to-loop", "notify"]
            pairs = zip(names, itertools.pairwise(marks), strict=True)
            text = " ".join(f"{n} {(b - a) * 1000:.1f}" for n, (a, b) in pairs)
            print(f"spans ms: {text}; total {(done - first) * 1000:.1f}", file=sys.stderr)

    # --- serving ---

    def application(self) -> web.Application:
        LiveReloadHandler.watcher = SimpleNamespace(filepath="*")  # read by its log line
        return GuardedApplication(  # answers only its own Host (see guard.py)
            [
                (r"/livereload", GuardedLiveReload),
                (r"/livereload\.js", LiveReloadJSHandler),
                (r"/(.*)", SiteHandler, {"server": self}),
            ],
            self.host,
            self.port,
            log_function=lambda handler: None,  # the terminal is for content problems
        )

    def prepare(self) -> None:
        """Make this thread's IO loop, listen, and start watching and rebuilding."""
        asyncio.set_event_loop(asyncio.new_event_loop())
        self._loop = IOLoop.current()
        self._http = HTTPServer(self.application())
        self._http.add_sockets(self.sockets)
        self._watcher.start()
        self.rebuilds.start()

    def run(self) -> None:
        """Run the IO loop prepared in this thread until `stop` (or Ctrl-C)."""
        assert self._loop is not None and self._http is not None
        try:
            self._loop.start()
        finally:
            self._http.stop()
            self._loop.close(all_fds=False)

    def start(self) -> None:
        """Serve in a background thread (for tests and benchmarks)."""
        ready = threading.Event()

        def serve() -> None:
            self.prepare()
            ready.set()
            self.run()

        self._thread = threading.Thread(target=serve, name="explainer-serve", daemon=True)
        self._thread.start()
        ready.wait(10)

    def stop(self) -> None:
        if self._loop is not None and self._thread is not None:
            self._loop.add_callback(self._loop.stop)
            self._thread.join(timeout=10)
        self.close()

    def close(self) -> None:
        """Stop watching and rebuilding, and close the listening sockets (once)."""
        if self._closed:
            return
        self._closed = True
        self._watcher.stop()
        self.rebuilds.stop()
        for sock in self.sockets:
            sock.close()


def serve_command(
    content: Path,
    content_arg: str,
    host: str,
    port: int,
    out: str | None,
    templates: Path | None = None,
    static: Path | None = None,
) -> int:
    """`explainer serve`: 0 when stopped with Ctrl-C, 2 when it cannot start."""
    out_path = Path(out) if out else None
    try:
        if out_path is not None:
            theme = find_theme(content, templates, static)
            check_output(out_path, [content, *theme.templates, *theme.static])
        server = PreviewServer(content, content_arg, host, port, out_path, templates, static)
    except (ServeError, OutputError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if not is_loopback(host):
        print(
            f"warning: serving on {host}, not only on this computer; anyone who can reach "
            "it can read the site (use --host 127.0.0.1 to keep it local)",
            file=sys.stderr,
        )
    tune_gc()
    try:
        server.build_now()
        server.prepare()
        print(f"serving {content_arg} at {server.url} (Ctrl-C to stop)", file=sys.stderr)
        server.run()
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
    finally:
        server.close()
    return 0
