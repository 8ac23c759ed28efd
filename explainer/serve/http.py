"""Answering requests from the published snapshot: paths, types, the reload script, overlay.

Requests are answered by looking the URL path up in the snapshot: the file
system is never touched, so `..`, encoded traversal, absolute paths and
symlinks cannot reach outside the site.
"""

from __future__ import annotations

import errno
import html
import ipaddress
import mimetypes
import socket
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING
from urllib.parse import unquote

from tornado import web
from tornado.netutil import bind_sockets

from ..diagnostics import Diagnostic, format_text
from ..pages import NOT_FOUND
from .pages import RenderError

if TYPE_CHECKING:
    from .server import PreviewServer

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
class Snapshot:
    """What is served: the last good site and the problems of the latest build.

    `files` is a read-only mapping made fresh for each build and never changed
    after the snapshot is published, so a request that took it sees one site.
    """

    files: Mapping[str, bytes] = field(default_factory=lambda: MappingProxyType({}))
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
        errors = snapshot.errors
        try:
            body = snapshot.files.get(path)
        except RenderError as exc:  # a template failed on this page: say where
            self.server.log(format_text([exc.diagnostic]).rstrip("\n"))
            body, path, status = EMPTY_SITE, "index.html", 500
            errors += (exc.diagnostic,)
        if body is None:  # no good build yet
            body, path = EMPTY_SITE, "index.html"
        self.set_status(status)
        self.set_header("Content-Type", content_type(path))
        self.set_header("Cache-Control", "no-store")
        if path.endswith(".html"):
            body = inject(body, errors)
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
