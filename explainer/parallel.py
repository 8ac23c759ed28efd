"""The render and write steps over every core: forked workers write pages into one folder.

The parent has loaded and checked the explainer. First every Markdown text is
compiled once (`compile_markdown`, its share in each process), so that no
worker compiles a text another one has. Then each worker is forked from the
parent, so the model and the compiled Markdown are shared, not copied or sent.
Worker `i` renders every `n`-th page of the plan and writes each one straight
into the fresh output folder. A worker reports only how it ended: the number of
pages, a template problem as a `Diagnostic`, or a bug's traceback. Every page is
rendered on its own, so the output is byte-identical to a single-process build.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import TemplateError

from .compiled import Fragments, MarkdownCache, compile_texts, markdown_texts
from .diagnostics import Diagnostic
from .render import Tools, make_environment, render_page, template_cache, template_diagnostic
from .view import View
from .workers import worker_died
from .write import static_files, write_file

if TYPE_CHECKING:
    from .pages import PageSpec
    from .theme import Theme
    from .view import SiteData

PARALLEL_FROM = 2000  # pages; below this, starting processes costs more than it saves
Progress = Callable[[int, int], None]  # (pages rendered, pages in all)


class RenderFailed(Exception):
    """A template failed while rendering; the build stops and writes nothing."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def worker_count(pages: int) -> int:
    """How many processes render: one per core for a large site, where fork exists."""
    if pages < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 8))


def compile_markdown(data: SiteData, workers: int) -> MarkdownCache:
    """Every Markdown text of the explainer compiled, a share in each of `workers` processes
    (this one too): the same compiled forms `MarkdownCache.get` makes one by one."""
    texts = sorted(set(markdown_texts(data.explainer)))
    shares = [texts[i::workers] for i in range(workers)]
    md = MarkdownCache()
    with ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        others = pool.map(compile_texts, shares[1:])
        processes = list(getattr(pool, "_processes", {}).values())  # to say how one ended
        md.add(shares[0], compile_texts(shares[0]))
        try:
            for share, compiled in zip(shares[1:], others, strict=True):
                md.add(share, compiled)
        except BrokenProcessPool:
            pool.shutdown(wait=True)  # its thread reaps the dead worker; then read exit codes
            codes = [p.exitcode for p in processes if p.exitcode]
            outcome = "the output was left as it was"
            raise worker_died("rendering", codes[0] if codes else None, outcome) from None
    return md


def render_share(
    folder: Path,
    data: SiteData,
    specs: list[PageSpec],
    theme: Theme,
    progress: Progress,
    md: MarkdownCache | None = None,
) -> int:
    """Render `specs` into `folder`; a template problem raises RenderFailed.

    `md`: Markdown compiled beforehand (by default each text is compiled on first use)."""
    static = frozenset(static_files(theme.static))
    env = make_environment(theme.templates, template_cache())
    tools = Tools(env, md=md or MarkdownCache(), static=static, fragments=Fragments())
    view = View(data)
    try:
        for done, spec in enumerate(specs):
            write_file(folder, spec.path, render_page(tools, view, spec))
            if done % 500 == 0:
                progress(done, len(specs))
    except TemplateError as exc:
        raise RenderFailed(template_diagnostic(exc, theme.templates)) from exc
    return len(specs)


def _work(conn: Connection, share: Callable[[], int]) -> None:
    """A worker's life: do its share, then say how it went."""
    try:
        conn.send(("ok", share()))
    except RenderFailed as exc:
        conn.send(("template", exc.diagnostic))
    except BaseException:  # a bug: the parent raises it with this traceback
        conn.send(("bug", traceback.format_exc()))
    finally:
        conn.close()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)  # a forked child leaves without running the parent's exit handlers


def render_into(
    folder: Path,
    data: SiteData,
    specs: list[PageSpec],
    theme: Theme,
    progress: Progress,
    workers: int = 1,
) -> None:
    """Render every page into `folder`, in `workers` forked processes (1: in this one)."""
    if workers <= 1:
        render_share(folder, data, specs, theme, progress)
        return
    md = compile_markdown(data, workers)
    context = multiprocessing.get_context("fork")
    started = []
    for i in range(workers):
        parent, child = context.Pipe(duplex=False)

        def report(done: int, total: int, first: bool = i == 0) -> None:
            if first:  # the first worker speaks for all
                progress(done * workers, len(specs))

        def share(i: int = i, report: Progress = report) -> int:
            return render_share(folder, data, specs[i::workers], theme, report, md)

        process = context.Process(target=_work, args=(child, share), daemon=True)
        process.start()
        child.close()
        started.append((process, parent))
    _collect(started)


def _collect(started: list[tuple[multiprocessing.process.BaseProcess, Connection]]) -> None:
    """Wait for every worker; raise the first failure (all workers are stopped)."""
    outcomes = []
    try:
        for process, conn in started:
            try:
                outcomes.append(conn.recv())
            except EOFError:  # it died without a word: killed from outside
                process.join()
                outcomes.append(("died", process.exitcode))
    finally:
        for process, _ in started:
            if process.is_alive() and len(outcomes) < len(started):
                process.terminate()
            process.join()
    for kind, value in outcomes:
        if kind == "template":
            raise RenderFailed(value)
        if kind == "died":
            raise worker_died("rendering", value, "the output was left as it was")
        if kind == "bug":
            raise RuntimeError(f"rendering failed in a worker process:\n{value}")
