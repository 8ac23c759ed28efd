"""Benchmark the preview server on a generated explainer.

    python bench/bench_serve.py CONTENT [--saves 15] [--template-saves 20]

CONTENT is a content folder, e.g. from `python ../shared/bench/gen_corpus.py
10000 /tmp/c10000` (then /tmp/c10000/content). Reports: the server's first build
(seconds, resident memory after it); from saving one event file to the browser
being told to reload (median, 90th percentile, min-max over the saves, timed by
a websocket client speaking livereload's protocol; the file is written in place
as an editor does); resident memory over saves of base.html (re-renders every
page) and its growth; the load of the machine (cores, load average) meanwhile.
`event_save_times` is the same measurement for other scripts (bench/run.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import re
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explainer.serve import PreviewServer  # noqa: E402
from explainer.serve.memory import tune_gc  # noqa: E402
from explainer.theme import DEFAULT_TEMPLATES  # noqa: E402


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


def timed_save(path: Path, text: str, reloads: queue.Queue[float]) -> float:
    """Seconds from writing `text` to `path` to the reload command."""
    while not reloads.empty():
        reloads.get()
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    return reloads.get(timeout=1200) - started


def connect(server: PreviewServer) -> queue.Queue[float]:
    reloads: queue.Queue[float] = queue.Queue()
    ready = threading.Event()
    args = (server.port, reloads, ready)
    threading.Thread(target=listen_for_reloads, args=args, daemon=True).start()
    ready.wait(10)
    return reloads


def save_events(
    server: PreviewServer, reloads: queue.Queue[float], saves: int
) -> tuple[list[float], list[dict[str, float]]]:
    """Edit the title of `saves` different events, one save each; restore them after.
    Seconds from each save to the reload, and the builder's seconds per step."""
    events = sorted((server.content / "events").glob("*.yaml"))
    original: dict[Path, str] = {}
    times, steps = [], []
    try:
        for n in range(saves):
            path = events[(n * 7919) % len(events)]
            text = original.setdefault(path, path.read_text(encoding="utf-8"))
            edited = re.sub(r"^title: .*$", f"title: Edited event {n}", text, count=1, flags=re.M)
            times.append(timed_save(path, edited, reloads))
            assert server.last_result is not None and server.last_result.ok
            steps.append(server.last_result.steps)
            time.sleep(0.2)
    finally:
        for path, text in original.items():
            path.write_text(text, encoding="utf-8")
    return times, steps


def event_save_times(content: Path, saves: int = 5) -> list[float]:
    """Seconds from an event save to the reload command, through the preview server's path
    (first build not counted); for bench/run.py's one-event edit column."""
    tune_gc()
    server = PreviewServer(content, str(content), port=0, log=lambda _: None)
    try:
        server.build_now()
        server.start()
        reloads = connect(server)
        time.sleep(0.5)
        return save_events(server, reloads, saves)[0]
    finally:
        server.stop()


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def report_saves(times: list[float], steps: list[dict[str, float]], server: PreviewServer) -> None:
    ms = [t * 1000 for t in times]
    print(
        f"event save -> reload over {len(ms)} saves: median {statistics.median(ms):.0f} ms, "
        f"p90 {percentile(ms, 0.9):.0f} ms, min-max {min(ms):.0f}-{max(ms):.0f} ms",
        flush=True,
    )
    assert server.last_result is not None
    print(f"  last save: {server.last_result.pages} pages rendered", flush=True)
    medians = {k: statistics.median([s.get(k, 0) for s in steps]) * 1000 for k in steps[0]}
    print("  builder steps, medians: " + ", ".join(f"{k} {v:.0f} ms" for k, v in medians.items()))


def save_templates(server: PreviewServer, reloads: queue.Queue[float], saves: int) -> None:
    """Save base.html `saves` times; resident memory after each."""
    base = server.templates / "base.html"
    text = base.read_text(encoding="utf-8")
    before, sizes, times = rss_mib(), [], []
    for n in range(saves):
        times.append(timed_save(base, text.replace("</body>", f"<!-- {n} --></body>"), reloads))
        sizes.append(rss_mib())
    growth = (sizes[-1] - before) / before * 100
    print(
        f"base.html save -> reload: median {statistics.median(times):.1f} s; resident memory "
        f"{before:.0f} MiB before, {sizes[-1]:.0f} MiB after {saves} saves "
        f"(max {max(sizes):.0f}; growth {growth:+.1f}%)",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("content", type=Path, help="a content folder")
    parser.add_argument("--saves", type=int, default=15, help="event saves to time")
    parser.add_argument("--template-saves", type=int, default=20, help="base.html saves")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}; load average {os.getloadavg()[0]:.2f}", flush=True)
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    tune_gc()
    try:
        templates = work / "templates"
        shutil.copytree(DEFAULT_TEMPLATES, templates)
        started = time.perf_counter()
        content = args.content
        server = PreviewServer(content, str(content), port=0, templates=templates, log=print)
        result = server.build_now()
        took = time.perf_counter() - started
        print(f"first build: {took:.1f} s, {result.pages} pages; resident {rss_mib():.0f} MiB")
        server.start()
        try:
            reloads = connect(server)
            time.sleep(0.5)
            report_saves(*save_events(server, reloads, args.saves), server)
            if args.template_saves:
                save_templates(server, reloads, args.template_saves)
        finally:
            server.stop()
        print(f"load average after: {os.getloadavg()[0]:.2f}", flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
