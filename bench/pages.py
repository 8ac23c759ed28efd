"""Each page kind's weight and its Lighthouse scores, for the shipped explainer.

Usage: python bench/pages.py [--content content] [--no-lighthouse]
                             [--preset mobile|desktop|both] [--runs N] [--reports DIR]

Builds the explainer (with its search index) into a temporary folder and, for
one page of each kind, adds up what a reader's browser loads: the HTML (inline
SVG included), the stylesheet, the scripts and the favicon, before
compression. The search index (`search/`) and the search script and styles
are loaded only when a reader searches and are not counted. Then serves the
folder on 127.0.0.1 and runs Lighthouse (the npm package, installed into
.cache/lighthouse/ on first use) against Debian's Chromium, `--runs` times per
page kind and preset, the kinds taking turns so that a busy moment of the
machine does not fall on one kind: it prints the median of each category
score (performance also as min–max) and the median of the metrics behind
performance, with the load average before and after. Lighthouse simulates a
slow phone (or a desktop) from what it measures, so a loaded machine lowers
the performance score: quote the load average with the figures.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import os
import re
import shutil
import statistics
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


METRICS = {
    "first-contentful-paint": "FCP",
    "largest-contentful-paint": "LCP",
    "total-blocking-time": "TBT",
    "cumulative-layout-shift": "CLS",
    "speed-index": "SI",
}


def lighthouse(cli: list[str], url: str, preset: str) -> dict | None:
    """One Lighthouse report (parsed JSON) for one URL, or None if it failed."""
    flags = "--headless=new --no-sandbox --disable-gpu --no-first-run --disable-component-update"
    command = [*cli, url, f"--chrome-path={CHROMIUM}", f"--chrome-flags={flags}",
               "--output=json", "--quiet", "--only-categories=" + ",".join(CATEGORIES)]  # fmt: skip
    if preset == "desktop":
        command.append("--preset=desktop")
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)
    return json.loads(done.stdout) if done.returncode == 0 else None


def scores(report: dict) -> dict[str, float]:
    """The four category scores (0-100) and the metrics behind performance (ms; CLS as is)."""
    found = {c: 100 * (report["categories"][c]["score"] or 0) for c in CATEGORIES}
    for audit, name in METRICS.items():
        found[name] = report["audits"][audit].get("numericValue", float("nan"))
    return found


def run_all(cli: list[str], url: str, preset: str, runs: int, keep: Path | None) -> dict:
    """{kind: [scores of each run]}, the kinds taking turns run by run."""
    results: dict[str, list[dict[str, float]]] = {kind: [] for kind in PAGE_KINDS}
    for run in range(runs):
        for kind, path in PAGE_KINDS.items():
            report = lighthouse(cli, url + path, preset)
            if report is None:
                continue
            results[kind].append(scores(report))
            if keep:
                (keep / f"{kind}-{preset}-{run + 1}.json").write_text(json.dumps(report))
    return results


def show(results: dict, preset: str) -> None:
    """Medians per kind: the categories, performance's min–max, the metrics."""
    print(f"\nLighthouse ({preset}), medians of runs: " + ", ".join(CATEGORIES))
    print(f"{'page kind':<10} {'perf':>4} {'(min-max)':>9} {'a11y':>4} {'b.p.':>4} {'seo':>4}"
          "   FCP ms  LCP ms  TBT ms   CLS  runs")  # fmt: skip
    for kind, found in results.items():
        if not found:
            print(f"{kind:<10} Lighthouse failed")
            continue
        med = {k: statistics.median(f[k] for f in found) for k in found[0]}
        perf = [round(f["performance"]) for f in found]
        print(f"{kind:<10} {med['performance']:>4.0f} {f'({min(perf)}-{max(perf)})':>9}"
              f" {med['accessibility']:>4.0f} {med['best-practices']:>4.0f} {med['seo']:>4.0f}"
              f"  {med['FCP']:>7.0f} {med['LCP']:>7.0f} {med['TBT']:>7.0f} {med['CLS']:>5.3f}"
              f"  {len(found)}")  # fmt: skip


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
    parser.add_argument("--preset", choices=("mobile", "desktop", "both"), default="both")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per kind and preset")
    parser.add_argument("--reports", type=Path, help="keep each Lighthouse report (JSON) here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        site = Path(work) / "site"
        if build_command(args.content, str(args.content), site, None) != 0:
            sys.exit("the build failed")
        print(f"{'page kind':<10} {'HTML':>8} {'total':>8} {'bytes':>7}  budget 51,200 bytes")
        for kind, path in PAGE_KINDS.items():
            html, total = weight(site, path)
            verdict = "ok" if total < BUDGET else "OVER"
            print(f"{kind:<10} {html / 1024:>6.1f}KB {total / 1024:>6.1f}KB {total:>7}  {verdict}")
        index = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
        print(f"search index (loaded on demand, not counted): {index / 1024:.0f} KB")
        if args.no_lighthouse:
            return
        measure(site, args)


def measure(site: Path, args: argparse.Namespace) -> None:
    """Serve `site` and run Lighthouse on every page kind, with the load average around it."""
    cli = lighthouse_cli()
    server, url = serve(site)
    presets = ("mobile", "desktop") if args.preset == "both" else (args.preset,)
    if args.reports:
        args.reports.mkdir(parents=True, exist_ok=True)
    try:
        for preset in presets:
            before = os.getloadavg()
            results = run_all(cli, url, preset, args.runs, args.reports)
            after = os.getloadavg()
            show(results, preset)
            shown = [" ".join(f"{x:.2f}" for x in t) for t in (before, after)]
            print(f"load average (1, 5, 15 min) before: {shown[0]}; after: {shown[1]}")
    finally:
        server.shutdown()


if __name__ == "__main__":
    main()
