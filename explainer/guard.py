"""The preview server answers only its own address: Host and Origin checks.

A page on another site can point a name it controls at 127.0.0.1 (DNS
rebinding) and then read the preview server as if it were its own site:
unpublished drafts included. Browsers always send the name they used in the
`Host` header, so the server answers only requests whose Host is the address
it was started on, or `localhost` / `127.0.0.1` / `[::1]`, with its port; any
other gets 421 (Misdirected Request) and no content. The livereload websocket
also checks `Origin` (browsers send it on every websocket, and a page elsewhere
cannot forge it), and a message that is not the livereload protocol's JSON is
ignored without a word.
"""

from __future__ import annotations

import ipaddress
import json
from urllib.parse import urlsplit

from livereload.handlers import LiveReloadHandler
from tornado import httputil, web

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The `Host` header values the server answers (host:port, lower case)."""
    names = {f"[{host}]" if ":" in host else host, *LOOPBACK_NAMES}
    hosts = {f"{name.lower()}:{port}" for name in names}
    if port == 80:  # browsers leave the default port out
        hosts |= {name.lower() for name in names}
    return frozenset(hosts)


def _is_ip_literal(host: str) -> bool:
    name = host.rsplit(":", 1)[0] if not host.endswith("]") else host
    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def host_allowed(value: str | None, allowed: frozenset[str], any_address: bool) -> bool:
    """Whether a request's Host (or an Origin's host) is one the server answers.

    A server started on all addresses (0.0.0.0 or ::) also answers any IP address
    written as such: DNS rebinding needs a name, and names other than localhost
    are still refused.
    """
    if not value:
        return False
    value = value.strip().lower()
    return value in allowed or (any_address and _is_ip_literal(value))


class Misdirected(web.RequestHandler):
    """The answer to a request for another host: 421 and a line saying where to go."""

    def initialize(self, where: str) -> None:
        self.where = where

    def prepare(self) -> None:
        self.set_status(421)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(f"This preview server answers only {self.where}\n")


class GuardedApplication(web.Application):
    """A tornado application that answers only requests for the server's own host."""

    def __init__(self, handlers: list, host: str, port: int, **settings: object) -> None:
        super().__init__(handlers, **settings)  # type: ignore[arg-type]
        self.hosts = allowed_hosts(host, port)
        self.any_address = host in ("0.0.0.0", "::", "")
        shown = f"[{host}]" if ":" in host else host
        self.where = f"http://{shown}:{port}/ and http://localhost:{port}/"

    def find_handler(
        self, request: httputil.HTTPServerRequest, **kwargs: object
    ) -> web._HandlerDelegate:
        if not host_allowed(request.headers.get("Host"), self.hosts, self.any_address):
            return self.get_handler_delegate(request, Misdirected, {"where": self.where})
        return super().find_handler(request, **kwargs)


class GuardedLiveReload(LiveReloadHandler):
    """livereload's websocket, accepting only pages of this server and well-formed messages."""

    def check_origin(self, origin: str) -> bool:
        app = self.application
        assert isinstance(app, GuardedApplication)
        parts = urlsplit(origin)
        return parts.scheme == "http" and host_allowed(parts.netloc, app.hosts, app.any_address)

    def on_message(self, message: str | bytes) -> None:
        try:
            data = json.loads(message)
        except (ValueError, TypeError):
            return
        if not isinstance(data, dict) or not isinstance(data.get("command"), str):
            return
        if data["command"] != "info" or isinstance(data.get("url"), str):
            super().on_message(json.dumps(data))
