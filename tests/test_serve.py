"""The preview server over HTTP: changes, error overlay, traversal, rebuilds under load."""

from __future__ import annotations

import http.client
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from explainer.build import STATIC
from explainer.cli import main
from explainer.render import TEMPLATES
from explainer.serve import PreviewServer, Rebuilds, ServeError, is_loopback, site_path

ROOT = Path(__file__).resolve().parent.parent
EVENT = "events/tower-22-drone-attack.yaml"
EVENT_URL = "/events/tower-22-drone-attack/"


def fetch(server: PreviewServer, path: str) -> tuple[int, bytes]:
    """GET a raw path (sent exactly as given), without following redirects."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def wait_for(check: Callable[[], bool], timeout: float = 15) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


def set_title(content: Path, title: str) -> None:
    path = content / EVENT
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", f"title: {title}", text, count=1, flags=re.M))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[PreviewServer]:
    shutil.copytree(ROOT / "content", tmp_path / "content")
    shutil.copytree(TEMPLATES, tmp_path / "templates")
    shutil.copytree(STATIC, tmp_path / "static")
    logged: list[str] = []
    preview = PreviewServer(
        tmp_path / "content",
        "content",
        port=0,
        templates=tmp_path / "templates",
        static=tmp_path / "static",
        quiet=0.05,
        log=logged.append,
    )
    preview.logged = logged  # type: ignore[attr-defined]
    try:
        assert preview.build_now().ok
        preview.start()
        yield preview
    finally:
        preview.stop()


def test_serves_the_site_and_rebuilds_on_change(server: PreviewServer) -> None:
    status, body = fetch(server, EVENT_URL)
    assert status == 200 and b"livereload.js" in body
    set_title(server.content, "A brand new title")
    wait_for(lambda: b"A brand new title" in fetch(server, EVENT_URL)[1])
    assert b"A brand new title" in fetch(server, "/timeline/")[1]
    assert server.reloads >= 1


def test_template_and_static_changes(server: PreviewServer) -> None:
    base = server.templates / "base.html"
    base.write_text(base.read_text().replace("</body>", "<p>template-mark</p></body>"))
    wait_for(lambda: b"template-mark" in fetch(server, "/quotes/")[1])
    css = server.static / "style.css"
    css.write_text(css.read_text() + "\n.static-mark { color: red; }\n")  # comments are dropped
    wait_for(lambda: b"static-mark" in fetch(server, "/static/style.css")[1])


def test_error_overlay_appears_and_goes(server: PreviewServer) -> None:
    set_title(server.content, "Good title")
    wait_for(lambda: b"Good title" in fetch(server, EVENT_URL)[1])
    path = server.content / EVENT
    good = path.read_text(encoding="utf-8")
    bad = re.sub(r"^status: .*$", "status: <b>maybe</b>", good, count=1, flags=re.M)
    path.write_text(bad, encoding="utf-8")
    wait_for(lambda: b"explainer-problems" in fetch(server, "/")[1])
    status, body = fetch(server, EVENT_URL)
    assert status == 200 and b"Good title" in body  # the last good site stays
    line = bad.splitlines().index("status: <b>maybe</b>") + 1
    assert f"content/{EVENT}:{line}:9: ".encode() in body
    assert b"&lt;b&gt;maybe&lt;/b&gt;" in body and b"<b>maybe" not in body  # escaped
    assert b"explainer-problems" in fetch(server, "/no/such/page")[1]
    assert any(f"content/{EVENT}:{line}:9: error:" in entry for entry in server.logged)  # type: ignore[attr-defined]
    path.write_text(good, encoding="utf-8")
    wait_for(lambda: b"explainer-problems" not in fetch(server, EVENT_URL)[1])


def test_template_problems_keep_or_show_the_last_good_site(server: PreviewServer) -> None:
    """A template that does not compile fails the build, as it fails `build`: the last
    good site stays, rendered with the templates it was built with. One that fails on a
    page shows that page's problem when the page is asked for."""
    event = server.templates / "event.html"
    good = event.read_text(encoding="utf-8")
    assert fetch(server, EVENT_URL)[0] == 200
    before = server.builds
    event.write_text(good.replace("{% block content %}", "{% block content %}{% if %}"))
    wait_for(lambda: server.builds > before)
    before = server.builds
    set_title(server.content, "Later title")  # still a failed build
    wait_for(lambda: server.builds > before)
    status, body = fetch(server, EVENT_URL)
    assert status == 200 and b"explainer-problems" in body and b"event.html" in body
    assert b"Later title" not in body
    event.write_text(good.replace("{% block content %}", "{% block content %}{{ no_such }}"))
    wait_for(lambda: fetch(server, EVENT_URL)[0] == 500)
    body = fetch(server, EVENT_URL)[1]
    assert b"template error" in body and b"no_such" in body and b"event.html" in body
    assert b"Later title" in fetch(server, "/timeline/")[1]  # other pages are fine
    assert any("no_such" in line for line in server.logged)  # type: ignore[attr-defined]
    event.write_text(good)
    wait_for(lambda: fetch(server, EVENT_URL)[0] == 200)
    body = fetch(server, EVENT_URL)[1]
    assert b"explainer-problems" not in body and b"Later title" in body


@pytest.mark.parametrize(
    "path",
    [
        "/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/static/../../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/%252e%252e/pyproject.toml",
        "//etc/passwd",
        "/..%5c..%5cpyproject.toml",
        "/content/site.yaml",
        "/%00index.html",
    ],
)
def test_traversal_and_unknown_paths_get_the_404_page(server: PreviewServer, path: str) -> None:
    status, body = fetch(server, path)
    assert status == 404
    assert body.startswith(server.snapshot.files["404.html"][:200])
    assert b"root:" not in body and b"[project]" not in body


def test_symlink_out_of_the_output_folder_is_not_served(tmp_path: Path) -> None:
    out = tmp_path / "out"
    preview = PreviewServer(ROOT / "content", "content", port=0, out=out, log=lambda _: None)
    try:
        preview.build_now()
        (out / "leak").symlink_to(ROOT / "pyproject.toml")
        preview.start()
        assert fetch(preview, "/leak")[0] == 404
        assert fetch(preview, "/")[0] == 200 and (out / "index.html").is_file()
    finally:
        preview.stop()


def test_site_path() -> None:
    assert site_path("/") == "index.html"
    assert site_path("/actors/iran/") == "actors/iran/index.html"
    assert site_path("/feed.xml") == "feed.xml"
    assert site_path("/a/%2e%2e/b") is None
    assert site_path("/a/../b") is None


def test_no_partial_page_or_5xx_while_twenty_rebuilds_run(server: PreviewServer) -> None:
    seen: list[tuple[int, bytes]] = []
    stop = threading.Event()

    def hammer() -> None:
        while not stop.is_set():
            seen.append(fetch(server, EVENT_URL))
            seen.append(fetch(server, "/timeline/"))

    threads = [threading.Thread(target=hammer) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        for n in range(20):
            before = server.builds
            set_title(server.content, f"Version {n}")
            wait_for(lambda before=before: server.builds > before)
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert len(seen) > 40
    for status, body in seen:
        assert status == 200
        assert body.rstrip().endswith(b"</html>")
        versions = set(re.findall(rb"Version \d+", body))
        assert len(versions) <= 1  # one page never mixes two builds
    assert b"Version 19" in fetch(server, EVENT_URL)[1]


def test_a_burst_of_saves_makes_one_rebuild(server: PreviewServer) -> None:
    time.sleep(0.3)
    before = server.builds
    for n in range(8):
        set_title(server.content, f"Burst {n}")
        (server.content / "sources" / f"extra-{n}.yaml").write_text(
            "title: T\npublisher: P\nkind: report\n"
        )
    wait_for(lambda: b"Burst 7" in fetch(server, EVENT_URL)[1])
    time.sleep(0.4)
    assert server.builds == before + 1


def test_a_change_during_a_rebuild_makes_exactly_one_more() -> None:
    calls: list[set[Path] | None] = []
    started = threading.Event()

    def slow_rebuild(paths: set[Path] | None) -> None:
        calls.append(paths)
        started.set()
        time.sleep(0.4)

    rebuilds = Rebuilds(slow_rebuild, quiet=0.05)
    rebuilds.start()
    try:
        rebuilds.notify({Path("/a")})
        assert started.wait(5)
        for name in "bcde":  # all while the first rebuild runs
            rebuilds.notify({Path(f"/{name}")})
            time.sleep(0.02)
        time.sleep(1.2)
    finally:
        rebuilds.stop()
    assert calls == [{Path("/a")}, {Path("/b"), Path("/c"), Path("/d"), Path("/e")}]


def test_a_port_in_use_is_a_clear_error(server: PreviewServer, capsys) -> None:
    with pytest.raises(ServeError, match=f"port {server.port} on 127.0.0.1 is already in use"):
        PreviewServer(ROOT / "content", "content", port=server.port)
    assert main(["serve", "--port", str(server.port)]) == 2
    assert f"port {server.port}" in capsys.readouterr().err


def test_loopback() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.2")


def test_ctrl_c_stops_cleanly(tmp_path: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "serve", "--port", "0"],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stderr is not None
        line = process.stderr.readline()
        while "serving" not in line:
            assert line, "the server exited early"
            line = process.stderr.readline()
        assert "http://127.0.0.1:" in line
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
        rest = process.stderr.read()
        assert "Traceback" not in rest and "stopped" in rest
    finally:
        process.kill()
        process.wait()
