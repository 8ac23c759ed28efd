"""Benchmark the preview server on a generated explainer.

    python bench/bench_serve.py [--records N] [--content DIR] [--edits K]

Reports: a full `build` (wall time and peak memory, in a child process); the
server's first build; from saving one event file to the browser being told to
reload (median of K saves, timed by a websocket client speaking livereload's
protocol); and the same for a template every page uses (base.html).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import queue
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from tornado.websocket import websocket_connect

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from explainer.render import TEMPLATES  # noqa: E402
from explainer.serve import PreviewServer  # noqa: E402


def full_build(content: Path) -> tuple[float, float]:
    """Seconds and peak MiB of `python build.py build`, in a child process."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content)]
        subprocess.run(
            [*command, "--out", str(Path(out) / "site")],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        took = time.perf_counter() - started
    return took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


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
    while not reloads.empty():
        reloads.get()
    started = time.perf_counter()
    path.write_text(text, encoding="utf-8")
    return reloads.get(timeout=600) - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10000, help="actors to generate")
    parser.add_argument("--content", type=Path, help="a generated explainer (else generated)")
    parser.add_argument("--edits", type=int, default=7, help="event saves to time")
    parser.add_argument("--template-edits", type=int, default=1, help="template saves to time")
    parser.add_argument("--skip-full-build", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-serve-"))
    try:
        content = args.content
        if content is None:
            content = work / "content"
            subprocess.run(
                [sys.executable, str(ROOT / "bench/generate.py"), str(args.records), str(content)],
                check=True,
            )
        if not args.skip_full_build:
            took, peak = full_build(content)
            print(f"full build: {took:.1f} s, peak memory {peak:.0f} MiB", flush=True)
        templates = work / "templates"
        shutil.copytree(TEMPLATES, templates)
        started = time.perf_counter()
        server = PreviewServer(
            content, str(content), port=0, templates=templates, log=lambda _: None
        )
        server.build_now()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"serve, first build: {time.perf_counter() - started:.1f} s, peak {peak:.0f} MiB")
        server.start()
        reloads: queue.Queue[float] = queue.Queue()
        ready = threading.Event()
        threading.Thread(
            target=listen_for_reloads, args=(server.port, reloads, ready), daemon=True
        ).start()
        ready.wait(10)
        events = sorted((content / "events").glob("*.yaml"))
        original = {}
        try:
            times, rendered = [], []
            for n in range(args.edits):
                path = events[(n * 7919) % len(events)]
                text = original.setdefault(path, path.read_text(encoding="utf-8"))
                edited = re.sub(
                    r"^title: .*$", f"title: Edited event {n}", text, count=1, flags=re.M
                )
                times.append(timed_save(path, edited, reloads))
                assert server.last_result is not None and server.last_result.ok
                rendered.append(server.last_result.pages)
                time.sleep(0.3)
            print(
                f"event save -> reload: median {statistics.median(times) * 1000:.0f} ms "
                f"(min {min(times) * 1000:.0f}, max {max(times) * 1000:.0f}; "
                f"median {statistics.median(rendered):.0f} pages rendered)"
            )
            phases = server.last_result
            print(f"  last rebuild: {phases.seconds * 1000:.0f} ms in the builder")
            base = templates / "base.html"
            base_text = base.read_text(encoding="utf-8")
            times = []
            for n in range(args.template_edits):
                edited = base_text.replace("</body>", f"<!-- {n} --></body>")
                times.append(timed_save(base, edited, reloads))
                assert server.last_result is not None and server.last_result.ok
            if times:
                print(f"template save -> reload: median {statistics.median(times):.1f} s")
        finally:
            for path, text in original.items():
                path.write_text(text, encoding="utf-8")
            server.stop()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
