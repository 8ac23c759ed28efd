"""`python build.py serve`: build, serve from memory, rebuild what changed, reload the browser.

Serve sits on top of build. The site is held in memory as one immutable
`Snapshot` (output path -> bytes, plus the current problems); a rebuild makes a
new snapshot and swaps it in with one assignment, so no request ever sees a
half-built site. Requests are answered by looking the URL path up in the
snapshot: the file system is never touched, so `..`, encoded traversal,
absolute paths and symlinks cannot reach outside the site.

Threads: the tornado IO loop answers requests and talks to browsers through
livereload's websocket handler; a watcher thread (inotify) reports changed
paths; one rebuild thread waits for changes to settle, rebuilds, swaps and asks
the IO loop to tell every browser to reload.
"""

from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import itertools
import mimetypes
import os
import socket
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import unquote

from livereload.handlers import LiveReloadHandler, LiveReloadJSHandler
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.ioloop import IOLoop
from tornado.netutil import bind_sockets

from .build import build_site
from .diagnostics import Diagnostic, format_text, has_errors, summarize
from .guard import GuardedApplication, GuardedLiveReload
from .pages import NOT_FOUND
from .pages import STATIC as STATIC_FOLDER
from .theme import Folders, find_theme, overlay
from .trouble import Troubles
from .watch import make_watcher
from .write import OutputError, check_output, write_site

# Seconds without a change before a rebuild starts. Editors save in bursts of events a few
# milliseconds apart (write, rename, chmod), so 50 ms still makes one rebuild of a save,
# while each save to reload waits 50 ms less (issue #5: under 300 ms in all);
# tests/test_serve.py runs its burst tests at this value.
QUIET = 0.05
# EXPLAINER_SPANS=1: print where each rebuild's time went (first change seen -> browsers told).
SPANS = bool(os.environ.get("EXPLAINER_SPANS"))
RELOAD_SCRIPT = (
    '<script>(function(){var s=document.createElement("script");'
    'var port=window.location.port||(window.location.protocol=="https:"?443:80);'
    's.src="//"+window.location.hostname+":"+port+"/livereload.js?port="+port;'
    "document.head.appendChild(s);})();</script>"
)
OVERLAY_STYLE = (
    "position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;"
    "margin:0;padding:1em 1.25em;background:#2d0a0a;color:#fff;border-top:4px solid #e5484d;"
    "font:14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;text-align:left"
)
EMPTY_SITE = b"<!doctype html><html><head><meta charset=utf-8><title>No site yet</title></head>"
EMPTY_SITE += b"<body><p>The site has not been built yet.</p></body></html>"
TEXT_TYPES = ("text/", "application/xml", "application/javascript", "application/json")


class ServeError(Exception):
    """The server cannot start (the port is taken, the address is wrong)."""


@dataclass(frozen=True, slots=True)
class BuildResult:
    """How one build of the preview server went."""

    diagnostics: list[Diagnostic]
    seconds: float
    pages: int = 0

    @property
    def ok(self) -> bool:
        return not has_errors(self.diagnostics)


def read_static(static: Folders) -> dict[str, bytes]:
    """The static files as output paths -> bytes (the first folder wins)."""
    return {f"{STATIC_FOLDER}/{n}": source.read_bytes() for n, source in overlay(static).items()}


@dataclass(frozen=True, slots=True)
class Snapshot:
    """What is served: the last good site and the problems of the latest build."""

    files: dict[str, bytes] = field(default_factory=dict)
    errors: tuple[Diagnostic, ...] = ()
    generation: int = 0


def overlay_html(errors: tuple[Diagnostic, ...]) -> str:
    """The problems as an overlay at the foot of the page (messages escaped)."""
    items = "".join(
        f"<li>{html.escape(f'{d.path}:{d.line}:{d.column}: {d.message}')}</li>" for d in errors
    )
    count = len(errors)
    title = f"{count} content problem{'s' * (count != 1)}; showing the last good build"
    return (
        f'<div id="explainer-problems" role="alert" style="{OVERLAY_STYLE}">'
        f"<strong>{html.escape(title)}</strong>"
        f'<ul style="margin:.5em 0 0;padding-left:1.25em">{items}</ul></div>'
    )


def inject(page: bytes, errors: tuple[Diagnostic, ...]) -> bytes:
    """The live-reload script, and the overlay when there are errors, before `</body>`."""
    extra = (RELOAD_SCRIPT + (overlay_html(errors) if errors else "")).encode("utf-8")
    at = page.rfind(b"</body>")
    return page + extra if at < 0 else page[:at] + extra + page[at:]


def site_path(url_path: str) -> str | None:
    """The output path a URL path names, or None for anything that tries to leave the site."""
    path = unquote(url_path)
    if "\0" in path or "\\" in path or not path.startswith("/"):
        return None
    parts = path.split("/")[1:]
    if any(part in (".", "..") or part.startswith("~") for part in parts):
        return None
    relative = "/".join(parts)
    if relative == "" or relative.endswith("/"):
        relative += "index.html"
    return relative


def content_type(path: str) -> str:
    kind = mimetypes.guess_type(path)[0] or "application/octet-stream"
    if path.endswith(".xml"):
        kind = "application/xml"
    return f"{kind}; charset=utf-8" if kind.startswith(TEXT_TYPES) else kind


class SiteHandler(web.RequestHandler):
    """Answers every GET and HEAD from the current snapshot."""

    def initialize(self, server: PreviewServer) -> None:
        self.server = server

    def compute_etag(self) -> None:
        return None

    def get(self, _: str = "") -> None:
        snapshot = self.server.snapshot  # one read: the whole request sees one site
        path = site_path(self.request.path)
        folder = f"{path}/index.html"
        if path is not None and path not in snapshot.files and folder in snapshot.files:
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(f"/{path}/{query}", permanent=False)
            return
        if path is not None and path in snapshot.files:
            self._send(snapshot, path, 200)
        else:
            self._send(snapshot, NOT_FOUND, 404)

    def head(self, _: str = "") -> None:
        self.get()

    def _send(self, snapshot: Snapshot, path: str, status: int) -> None:
        body = snapshot.files.get(path)
        if body is None:  # no good build yet
            body, path = EMPTY_SITE, "index.html"
        self.set_status(status)
        self.set_header("Content-Type", content_type(path))
        self.set_header("Cache-Control", "no-store")
        if path.endswith(".html"):
            body = inject(body, snapshot.errors)
        if self.request.method == "HEAD":
            self.set_header("Content-Length", str(len(body)))
            return
        self.write(body)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bind(host: str, port: int) -> list[socket.socket]:
    try:
        return bind_sockets(port, host)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"port {port} on {host} is already in use; stop the other server, "
                "or choose another with --port (--port 0 picks a free one)"
            ) from None
        raise ServeError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


class Rebuilds:
    """Turns bursts of changes into single rebuilds, one at a time, in one thread."""

    def __init__(self, rebuild: Callable[[set[Path] | None], None], quiet: float = QUIET) -> None:
        self._rebuild = rebuild
        self._quiet = quiet
        self._cond = threading.Condition()
        self._pending: set[Path] | None = set()
        self._dirty = False
        self._last = 0.0
        self.first = self.taken = 0.0  # when the first change of a burst came; when taken
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="explainer-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def full_next(self) -> None:
        """Make the next rebuild look at everything (after a failure), without starting one."""
        with self._cond:
            self._pending = None

    def notify(self, paths: set[Path] | None) -> None:
        """Some paths changed (None: anything may have)."""
        with self._cond:
            if paths is None or self._pending is None:
                self._pending = None
            else:
                self._pending |= paths
            if not self._dirty:
                self.first = time.perf_counter()
            self._dirty = True
            self._last = time.monotonic()
            self._cond.notify_all()

    def _take(self) -> set[Path] | bool | None:
        """Wait for changes and then for quiet; the changes, or False when stopping."""
        with self._cond:
            while not self._dirty and not self._stopped:
                self._cond.wait()
            while not self._stopped:
                wait = self._last + self._quiet - time.monotonic()
                if wait <= 0:
                    break
                self._cond.wait(wait)
            if self._stopped:
                return False
            paths, self._pending, self._dirty = self._pending, set(), False
            self.taken = time.perf_counter()
            return paths

    def _run(self) -> None:
        while True:
            paths = self._take()
            if paths is False:
                return
            assert paths is None or isinstance(paths, set)
            self._rebuild(paths)  # changes during this call make exactly one more


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
        """Build the whole site again (`changed` is not needed: every build is a full
        one), swap the snapshot in and report."""
        started = time.perf_counter()
        built = build_site(self.content, self.content_arg, None, self.theme)
        files = self.snapshot.files  # the last good site stays served on errors
        if built.ok:
            files = {**built.pages, **read_static(self.theme.static)}
            if self.out is not None:
                write_site(self.out, built.pages, self.theme.static)
        result = BuildResult(built.diagnostics, time.perf_counter() - started, len(built.pages))
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
            self.log(f"built {result.pages} pages in {took}")
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
