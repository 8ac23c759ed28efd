"""The preview server stays honest: only its own Host and Origin, failures shown (#12)."""

from __future__ import annotations

import asyncio
import http.client
import logging
import shutil
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tornado.httpclient import HTTPClientError, HTTPRequest
from tornado.websocket import websocket_connect

from explainer.guard import allowed_hosts, host_allowed
from explainer.serve import PreviewServer
from sites import write_site


def get(server: PreviewServer, path: str = "/", host: str | None = None) -> tuple[int, str]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        headers = {} if host is None else {"Host": host}
        conn.request("GET", path, headers=headers)  # http.client sends its own Host if none
        response = conn.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        conn.close()


def wait_for(check: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PreviewServer]:
    content = write_site(tmp_path / "content", {})
    logged: list[str] = []
    preview = PreviewServer(content, "content", port=0, quiet=0.05, log=logged.append)
    preview.logged = logged  # type: ignore[attr-defined]
    try:
        assert preview.build_now().ok
        preview.start()
        yield preview
    finally:
        preview.stop()


def test_only_the_servers_own_host_is_answered(server: PreviewServer) -> None:
    port = server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"LOCALHOST:{port}"):
        assert get(server, host=host)[0] == 200, host
    for host in (f"attacker.example:{port}", "attacker.example", f"127.0.0.1:{port + 1}", ""):
        status, body = get(server, "/sources/", host=host)
        assert status == 421 and "Test explainer" not in body, host
        assert f"answers only http://127.0.0.1:{port}/" in body


def test_allowed_hosts_for_other_addresses() -> None:
    assert host_allowed("[::1]:8000", allowed_hosts("::1", 8000), False)
    assert host_allowed("example.org", allowed_hosts("example.org", 80), False)
    assert not host_allowed("other.example:8000", allowed_hosts("0.0.0.0", 8000), True)
    assert host_allowed("192.168.1.5:8000", allowed_hosts("0.0.0.0", 8000), True)


async def _talk(port: int, origin: str, messages: list[str]) -> list[str]:
    request = HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers={"Origin": origin})
    conn = await websocket_connect(request)
    answers = []
    for message in messages:
        await conn.write_message(message)
    await conn.write_message('{"command": "hello", "protocols": []}')
    answers.append(await asyncio.wait_for(conn.read_message(), 5))
    conn.close()
    return answers


def test_the_livereload_socket_checks_origin(server: PreviewServer) -> None:
    port = server.port
    with pytest.raises(HTTPClientError) as refused:
        asyncio.run(_talk(port, "http://attacker.example", []))
    assert refused.value.code == 403
    answers = asyncio.run(_talk(port, f"http://localhost:{port}", []))
    assert '"command": "hello"' in answers[0]


def test_malformed_livereload_messages_are_ignored_quietly(
    server: PreviewServer, caplog: pytest.LogCaptureFixture
) -> None:
    junk = ["not json", "[]", '{"command": 5}', '{"command": "info", "url": []}', "{}", "\x00"]
    with caplog.at_level(logging.DEBUG):
        answers = asyncio.run(_talk(server.port, f"http://127.0.0.1:{server.port}", junk))
    assert '"command": "hello"' in answers[0]  # still talking after the junk
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_a_failed_rebuild_is_shown_and_the_next_change_rebuilds(
    server: PreviewServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = server.build_now

    def broken(changed: object = None) -> object:
        raise MemoryError("simulated")

    monkeypatch.setattr(server, "build_now", broken)
    site = server.content / "site.yaml"
    site.write_text(site.read_text().replace("Test explainer", "Renamed"))
    wait_for(lambda: "the rebuild failed" in get(server)[1])
    assert any("error: the rebuild failed (MemoryError" in line for line in server.logged)
    monkeypatch.setattr(server, "build_now", real)
    site.write_text(site.read_text() + "\n")
    wait_for(lambda: "explainer-problems" not in get(server)[1])
    assert "Renamed" in get(server)[1]


def test_a_content_folder_deleted_and_made_again_is_built_again(
    server: PreviewServer, tmp_path: Path
) -> None:
    content = server.content
    shutil.copytree(content, tmp_path / "saved")
    shutil.rmtree(content)
    wait_for(lambda: "site.yaml is missing" in get(server)[1])
    shutil.copytree(tmp_path / "saved", content)
    wait_for(lambda: "explainer-problems" not in get(server)[1])
