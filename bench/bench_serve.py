"""Benchmark the preview server on a generated explainer.

    python bench/bench_serve.py CONTENT [--saves 15] [--template-saves 20] [--pages 2000]
                                        [--template-pages 200] [--json FILE]

CONTENT is a content folder, e.g. from `python ../shared/bench/gen_corpus.py
10000 /tmp/c10000` (then /tmp/c10000/content; the event files are edited and
restored: use a copy). Reports: the server's first build (seconds, CPU time,
resident memory after it); `--pages` pages asked for over HTTP, spread over the
whole site (the server renders a page when first asked for and keeps it, with
what it read, until a save makes it stale); from saving one event file to the
browser being told to reload (median, 90th percentile, min-max over the saves,
timed by a websocket client speaking livereload's protocol; the file is written
in place as an editor does), and to the edited event's page served after it;
resident memory over saves of base.html (each makes every kept page stale;
`--template-pages` pages are asked for again after each) and its growth; the load of the
machine (cores, load average) meanwhile.
`--json FILE` also writes the figures as JSON (bench/run.py reads them: it runs
this script as a child process, so the server's memory is measured on its own).
"""

from __future__ import annotations

import argparse
import asyncio
import http.client
import json
import os
import queue
import re
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explainer.serve import PreviewServer  # noqa: E402
from explainer.serve.memory import tune_gc  # noqa: E402
from explainer.theme import DEFAULT_TEMPLATES  # noqa: E402


def cpu_seconds() -> float:
    """CPU time of this process and of the children it waited for (forked workers)."""
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def rss_mib() -> float:
    """This process's resident memory now, in MiB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def listen_for_reloads(port: int, reloads: queue.Queue[float], ready: threading.Event) -> None:
    """A livereload client: handshake, then note the time of every reload command."""

    async def client() -> None:
        ws = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        protocol = "http://livereload.com/protocols/official-7"
        await ws.write_message(json.dumps({"command": "hello", "protocols": [protocol]}))
        await ws.read_message()
        await ws.write_message(json.dumps({"command": "info", "url": "bench"}))
        ready.set()
        while True:
            message = await ws.read_message()
            if message is None:
                return
            if json.loads(message).get("command") == "reload":
                reloads.put(time.perf_counter())

    asyncio.run(client())


def timed_save(path: Path, text: str, reloads: queue.Queue[float]) -> tuple[float, float]:
    """Seconds from writing `text` to `path` to the reload command, wall and CPU (this
    process: the server's threads, and this client's small share)."""
    while not reloads.empty():
        reloads.get()
    started, cpu = time.perf_counter(), time.process_time()
    path.write_text(text, encoding="utf-8")
    return reloads.get(timeout=1200) - started, time.process_time() - cpu


def connect(server: PreviewServer) -> queue.Queue[float]:
    reloads: queue.Queue[float] = queue.Queue()
    ready = threading.Event()
    args = (server.port, reloads, ready)
    threading.Thread(target=listen_for_reloads, args=args, daemon=True).start()
    ready.wait(10)
    return reloads


@dataclass
class Saves:
    """Timed saves: wall and CPU seconds to the reload, seconds to the edited page
    served after it, the builder's seconds per step."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    served: list[float] = field(default_factory=list)
    steps: list[dict[str, float]] = field(default_factory=list)


def get(server: PreviewServer, path: str) -> bytes:
    """GET a page as the browser does after a reload."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=600)
    try:
        conn.request("GET", "/" + path.removesuffix("index.html"))
        response = conn.getresponse()
        body = response.read()
        assert response.status == 200, (path, response.status)
        return body
    finally:
        conn.close()


def warm(server: PreviewServer, pages: int) -> None:
    """Ask for `pages` pages spread over the whole plan, as a reader browsing the site
    would: the server keeps them, with what they read, until a save makes them stale."""
    assert server.site.build is not None
    paths = [p for p in server.site.build.specs if p.endswith(".html")]
    step = max(1, len(paths) // max(pages, 1))
    started, cpu = time.perf_counter(), time.process_time()
    for path in paths[::step][:pages]:
        get(server, path)
    print(
        f"{min(pages, len(paths))} pages asked for in {time.perf_counter() - started:.1f} s "
        f"(CPU {time.process_time() - cpu:.1f} s); resident {rss_mib():.0f} MiB",
        flush=True,
    )


def save_events(server: PreviewServer, reloads: queue.Queue[float], saves: int) -> Saves:
    """Edit the title of `saves` different events, one save each; restore them after."""
    events = sorted((server.content / "events").glob("*.yaml"))
    original: dict[Path, str] = {}
    timed = Saves()
    try:
        for n in range(saves):
            path = events[(n * 7919) % len(events)]
            text = original.setdefault(path, path.read_text(encoding="utf-8"))
            get(server, f"events/{path.stem}/index.html")  # the page the editor looks at
            time.sleep(0.05)
            title = f"title: Edited event {n} {time.time()}"
            edited = re.sub(r"^title: .*$", title, text, count=1, flags=re.M)
            started = time.perf_counter()
            wall, cpu = timed_save(path, edited, reloads)
            assert title[7:].encode() in get(server, f"events/{path.stem}/index.html")
            timed.served.append(time.perf_counter() - started)
            assert server.last_result is not None and server.last_result.ok
            timed.wall.append(wall)
            timed.cpu.append(cpu)
            timed.steps.append(server.last_result.steps)
            time.sleep(0.2)
    finally:
        for path, text in original.items():
            path.write_text(text, encoding="utf-8")
    return timed


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def spread(values: list[float], unit: str = "ms", scale: float = 1000) -> str:
    shown = [v * scale for v in values]
    return (
        f"median {statistics.median(shown):.0f} {unit}, p90 {percentile(shown, 0.9):.0f} {unit}, "
        f"min-max {min(shown):.0f}-{max(shown):.0f} {unit}"
    )


def report_saves(timed: Saves, server: PreviewServer) -> None:
    print(f"event save -> reload over {len(timed.wall)} saves: {spread(timed.wall)}", flush=True)
    print(f"  CPU time: {spread(timed.cpu)}", flush=True)
    print(f"  save -> the edited event's page served after the reload: {spread(timed.served)}")
    assert server.last_result is not None
    print(f"  last save: {server.last_result.pages} kept pages made stale", flush=True)
    steps = timed.steps
    medians = {k: statistics.median([s.get(k, 0) for s in steps]) * 1000 for k in steps[0]}
    print("  builder steps, medians: " + ", ".join(f"{k} {v:.0f} ms" for k, v in medians.items()))


def save_templates(
    server: PreviewServer, reloads: queue.Queue[float], saves: int, pages: int
) -> list[float]:
    """Save base.html `saves` times, asking for `pages` pages after each; resident memory
    (MiB) before and after each."""
    base = server.templates / "base.html"
    text = base.read_text(encoding="utf-8")
    sizes, times = [rss_mib()], []
    for n in range(saves):
        edited = text.replace("</body>", f"<!-- {n} --></body>")
        times.append(timed_save(base, edited, reloads)[0])
        warm(server, pages)  # every kept page is stale: the reader asks for them again
        sizes.append(rss_mib())
    growth = (sizes[-1] - sizes[0]) / sizes[0] * 100
    print(
        f"base.html save -> reload: median {statistics.median(times) * 1000:.0f} ms; resident "
        f"memory {sizes[0]:.0f} MiB before, {sizes[-1]:.0f} MiB after {saves} saves "
        f"(max {max(sizes):.0f}; growth {growth:+.1f}%)",
        flush=True,
    )
    return sizes


def failures(text: str) -> None:
    """The server's log, without its per-build lines and the content's warnings."""
    lines = [line for line in text.splitlines() if "error" in line or "failed" in line]
    if lines:
        print("\n".join(lines), flush=True)


def measure(content: Path, templates: Path, args: argparse.Namespace) -> dict[str, object]:
    """The first build, event saves and base.html saves of one server; the figures."""
    started, cpu = time.perf_counter(), cpu_seconds()
    server = PreviewServer(content, str(content), port=0, templates=templates, log=failures)
    server.build_now()
    first = {"wall": time.perf_counter() - started, "cpu": cpu_seconds() - cpu}
    assert server.site.build is not None
    print(
        f"first build: {first['wall']:.1f} s (CPU {first['cpu']:.1f} s, its workers "
        f"included), {len(server.site.build.specs)} pages planned; resident {rss_mib():.0f} MiB",
        flush=True,
    )
    figures: dict[str, object] = {"first_build": first, "rss_after_first": rss_mib()}
    server.start()
    try:
        reloads = connect(server)
        time.sleep(0.5)
        warm(server, args.pages)
        figures["rss_after_pages"] = rss_mib()
        timed = save_events(server, reloads, args.saves)
        report_saves(timed, server)
        figures["saves"] = {"wall": timed.wall, "cpu": timed.cpu, "served": timed.served}
        if args.template_saves:
            sizes = save_templates(server, reloads, args.template_saves, args.template_pages)
            figures["rss_template_saves"] = sizes
    finally:
        server.stop()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path, help="a content folder")
    parser.add_argument("--saves", type=int, default=15, help="event saves to time")
    parser.add_argument("--template-saves", type=int, default=20, help="base.html saves")
    parser.add_argument("--pages", type=int, default=2000, help="pages asked for first")
    parser.add_argument(
        "--template-pages", type=int, default=200, help="pages asked for after each base.html save"
    )
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.2f}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    tune_gc()
    try:
        templates = work / "templates"
        shutil.copytree(DEFAULT_TEMPLATES, templates)
        figures = measure(args.content, templates, args)
        print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
