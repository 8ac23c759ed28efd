"""Each page kind's weight and its Lighthouse scores, for the shipped explainer.

Usage: python bench/pages.py [--content content] [--no-lighthouse] [--preset mobile|desktop]

Builds the explainer (with its search index) into a temporary folder and, for
one page of each kind, adds up what a reader's browser loads: the HTML (inline
SVG included), the stylesheet, the scripts and the favicon, before
compression. The search index (`pagefind/`) is loaded only when a reader
searches and is not counted. Then serves the folder on 127.0.0.1 and runs
Lighthouse (the npm package, installed into .cache/lighthouse/ on first use)
against Debian's Chromium, printing the four category scores per page kind.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from explainer.build import build_command  # noqa: E402

LIGHTHOUSE_PREFIX = ROOT / ".cache" / "lighthouse"
LIGHTHOUSE = LIGHTHOUSE_PREFIX / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROMIUM = "/usr/bin/chromium"
BUDGET = 50 * 1024
PAGE_KINDS = {
    "home": "index.html",
    "section": "sections/what-happened-at-tower-22/index.html",
    "actors": "actors/index.html",
    "actor": "actors/kataib-hezbollah/index.html",
    "timeline": "timeline/index.html",
    "event": "events/tower-22-drone-attack/index.html",
    "quotes": "quotes/index.html",
    "quote": "quotes/ryder-actions-speak-louder/index.html",
    "sources": "sources/index.html",
    "404": "404.html",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
_ASSET = re.compile(r'<(?:link[^>]+href|script[^>]+src)="([^"]+)"')


def weight(site: Path, path: str) -> tuple[int, int]:
    """(bytes of the page's HTML, bytes of the HTML plus the local CSS, JS and icon it loads)."""
    page = site / path
    html = page.read_text(encoding="utf-8")
    total = len(html.encode("utf-8"))
    for ref in sorted(set(_ASSET.findall(html))):
        target = (page.parent / ref.split("#")[0]).resolve()
        if target.suffix in (".css", ".js", ".svg") and target.is_file():
            total += target.stat().st_size
    return len(html.encode("utf-8")), total


def lighthouse_cli() -> list[str]:
    """The Lighthouse command, installing the npm package into .cache/ on first use."""
    if not LIGHTHOUSE.is_file():
        npm = shutil.which("npm") or sys.exit("npm is needed to install lighthouse")
        LIGHTHOUSE_PREFIX.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
             str(LIGHTHOUSE_PREFIX), "lighthouse"],
            check=True, capture_output=True,
        )  # fmt: skip
    node = shutil.which("node") or sys.exit("node is needed to run lighthouse")
    return [node, str(LIGHTHOUSE)]


def scores(cli: list[str], url: str, preset: str) -> dict[str, int]:
    """Lighthouse's four category scores (0-100) for one URL."""
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-component-update"
    command = [*cli, url, f"--chrome-path={CHROMIUM}", f"--chrome-flags={flags}",
               "--output=json", "--quiet", "--only-categories=" + ",".join(CATEGORIES)]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    if done.returncode != 0:
        return {}
    report = json.loads(done.stdout)
    return {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def serve(site: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site))
    )
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--content", type=Path, default=ROOT / "content")
    parser.add_argument("--no-lighthouse", action="store_true")
    parser.add_argument("--preset", choices=("mobile", "desktop"), default="mobile")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        if build_command(args.content, str(args.content), site, None) != 0:
            sys.exit("the build failed")
        print(f"{'page kind':<10} {'HTML':>8} {'total':>8}  budget 50 KB")
        for kind, path in PAGE_KINDS.items():
            html, total = weight(site, path)
            verdict = "ok" if total < BUDGET else "OVER"
            print(f"{kind:<10} {html / 1024:>6.1f}KB {total / 1024:>6.1f}KB  {verdict}")
        index = sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file())
        print(f"search index (loaded on demand, not counted): {index / 1024:.0f} KB")
        if args.no_lighthouse:
            return
        cli = lighthouse_cli()
        server, url = serve(site)
        try:
            print(f"\nLighthouse ({args.preset}): " + ", ".join(CATEGORIES))
            for kind, path in PAGE_KINDS.items():
                found = scores(cli, url + path, args.preset)
                shown = " ".join(f"{found.get(c, '—'):>4}" for c in CATEGORIES)
                print(f"{kind:<10} {shown}")
        finally:
            server.shutdown()


if __name__ == "__main__":
    main()
