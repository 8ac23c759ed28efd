"""A real browser (Debian's Chromium through playwright) reloads by itself after an edit."""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest
from livereload.handlers import LiveReloadHandler

from chromium import CHROMIUM, launch
from explainer.serve import PreviewServer

ROOT = Path(__file__).resolve().parent.parent
EVENT = "events/tower-22-drone-attack.yaml"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian's Chromium (/usr/bin/chromium) is not installed"
)


def test_page_reloads_with_the_new_text(tmp_path: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    shutil.copytree(ROOT / "content", tmp_path / "content")
    server = PreviewServer(tmp_path / "content", "content", port=0, quiet=0.05, log=lambda _: None)
    try:
        server.build_now()
        server.start()
        with sync_api.sync_playwright() as playwright:
            browser = launch(playwright)
            try:
                page = browser.new_page()
                page.goto(f"{server.url}events/tower-22-drone-attack/")
                deadline = time.monotonic() + 10
                while not LiveReloadHandler.waiters:  # the page has said hello over the socket
                    assert time.monotonic() < deadline, "the page never connected for reloads"
                    time.sleep(0.05)
                assert "Seen by the browser" not in page.content()
                path = tmp_path / "content" / EVENT
                text = path.read_text(encoding="utf-8")
                title = "title: Seen by the browser"
                path.write_text(re.sub(r"^title: .*$", title, text, count=1, flags=re.M))
                page.wait_for_function(
                    "() => document.body.innerText.includes('Seen by the browser')",
                    timeout=15_000,
                )
                assert page.locator("h1").inner_text().startswith("Seen by the browser")
                path.write_text(text + "mood: bad\n", encoding="utf-8")
                page.wait_for_selector("#explainer-problems", timeout=15_000)
                assert "unknown" in page.locator("#explainer-problems").inner_text()
            finally:
                browser.close()
    finally:
        server.stop()
