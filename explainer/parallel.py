"""The render and write steps over every core: forked workers write pages into one folder.

The parent has loaded and checked the explainer. First every Markdown text is
compiled once (`compile_markdown`, its share in each process; only the texts
the cache folder does not keep, `mdcache`), so that no worker compiles a text
another one has. Then the other workers are forked from
the parent, so the model and the compiled Markdown are shared, not copied or
sent, and the parent is worker 0. Each worker claims the plan's pages in
batches from a shared counter (the parent from the plan's end) and writes each
page straight into the fresh output folder, so a process that has other work
first (the parent writes the search index, `meanwhile`) simply renders fewer
pages. A worker
reports only how it ended: the number of pages, a template problem as a
`Diagnostic`, or a bug's traceback. Every page is
rendered on its own, so the output is byte-identical to a single-process build.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import traceback
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.context import ForkContext
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import TemplateError

from .compiled import Compiled, MarkdownCache, compile_texts, markdown_texts
from .diagnostics import Diagnostic
from .fragments import Fragments
from .mdcache import compiled_markdown
from .picturecache import PLAIN, PictureFiles
from .render import Tools, make_environment, render_page, template_cache, template_diagnostic
from .view import View
from .workers import worker_died
from .write import static_files, write_file

if TYPE_CHECKING:
    from .pages import PageSpec
    from .theme import Theme
    from .view import SiteData

# pages; below this, a second process costs more than it saves: a few hundred pages
# take under 0.3 s, and each process makes its own template environment and entries
PARALLEL_FROM = 300
BATCH = 50  # pages a worker claims at a time (fewer on a small site, to share it evenly)
PARALLEL_TEXTS = 2000  # Markdown texts to compile; likewise
Progress = Callable[[int, int], None]  # (pages rendered, pages in all)
# How a share ended: ("ok", pages), ("template", Diagnostic), ("bug", traceback), ("died", code)
Outcome = tuple[str, Any]


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


def compile_markdown(data: SiteData, workers: int, cached: Path | None = None) -> MarkdownCache:
    """Every Markdown text of the explainer compiled: the same compiled forms
    `MarkdownCache.get` makes one by one. `cached`: the file of compiled forms kept
    between builds (`mdcache.cache_file`), so only new texts are compiled; None: all."""
    texts = sorted(set(markdown_texts(data.explainer)))
    return compiled_markdown(texts, lambda todo: compile_all(todo, workers), cached)


def compile_all(texts: list[tuple[str, bool]], workers: int) -> list[Compiled]:
    """`texts` compiled in order, a share in each of `workers` processes (this one too)
    when there are many."""
    if workers <= 1 or len(texts) < PARALLEL_TEXTS:
        return compile_texts(texts)
    from concurrent.futures import ProcessPoolExecutor  # only here: most builds need not
    from concurrent.futures.process import BrokenProcessPool

    shares = [texts[i::workers] for i in range(workers)]
    done: list[list[Compiled]] = []
    with ProcessPoolExecutor(workers - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        others = pool.map(compile_texts, shares[1:])
        processes = list(getattr(pool, "_processes", {}).values())  # to say how one ended
        done.append(compile_texts(shares[0]))
        try:
            done.extend(others)
        except BrokenProcessPool:
            pool.shutdown(wait=True)  # its thread reaps the dead worker; then read exit codes
            codes = [p.exitcode for p in processes if p.exitcode]
            outcome = "the output was left as it was"
            raise worker_died("rendering", codes[0] if codes else None, outcome) from None
    return [done[i % workers][i // workers] for i in range(len(texts))]  # texts[i::workers]


def render_share(
    folder: Path,
    data: SiteData,
    specs: Iterable[PageSpec],
    theme: Theme,
    progress: Progress,
    md: MarkdownCache | None = None,
    pictures: PictureFiles | None = None,
    number: int = 0,
) -> int:
    """Render `specs` (a list, or pages claimed as it goes) into `folder`; a template
    problem raises RenderFailed.

    `md`: Markdown compiled beforehand (by default each text is compiled on first use).
    `pictures`: the picture files kept between builds (None: every picture drawn), and
    `number` this process's among the render processes (0: the parent)."""
    static = frozenset(static_files(theme.static))
    env = make_environment(theme.templates, template_cache())
    drawings = PLAIN if pictures is None else pictures.drawings(number)
    tools = Tools(env, md or MarkdownCache(), static, Fragments(), drawings)
    view = View(data)
    total, done = len(specs) if isinstance(specs, list) else 0, 0
    try:
        for spec in specs:
            write_file(folder, spec.path, render_page(tools, view, spec))
            if done % 500 == 0:
                progress(done, total)
            done += 1
    except TemplateError as exc:
        drawings.discard()
        raise RenderFailed(template_diagnostic(exc, theme.templates)) from exc
    except BaseException:
        drawings.discard()
        raise
    drawings.keep()
    return done


def claimed(
    specs: list[PageSpec], counter: Any, batch: int = BATCH, from_end: bool = False
) -> Iterator[PageSpec]:
    """The pages this process claims a batch at a time, until the plan is done.

    `counter`: the shared ends of the pages not yet claimed, `[first, last + 1]`. The
    forked workers claim from the start, this process (which writes the search index
    first) from the end, so each renders a stretch of the plan and keeps the entries of
    fewer records (`Fragments`): the list pages and actors at the start show every
    event and quote, the event and quote pages at the end show sources only."""
    while True:
        with counter.get_lock():
            first, end = counter[0], counter[1]
            if first >= end:
                return
            if from_end:
                first = counter[1] = max(first, end - batch)
            else:
                end = counter[0] = min(end, first + batch)
        yield from specs[first:end]


def _outcome(share: Callable[[], int]) -> Outcome:
    """How a share of the work ended: its page count, a template problem as a
    `Diagnostic`, or a bug's traceback."""
    try:
        return ("ok", share())
    except RenderFailed as exc:
        return ("template", exc.diagnostic)
    except Exception:  # a bug: the parent raises it with this traceback
        return ("bug", traceback.format_exc())


def _work(conn: Connection, share: Callable[[], int]) -> None:
    """A forked worker's life: do its share, then say how it went."""
    try:
        conn.send(_outcome(share))
    except BaseException:  # interrupted: the parent sees the pipe close
        pass
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
    md: MarkdownCache | None = None,
    meanwhile: Callable[[], None] | None = None,
    pictures: PictureFiles | None = None,
) -> None:
    """Render every page into `folder`, in `workers` processes: this one and forked ones.

    This process renders a share itself rather than wait: a forked worker copies the
    memory pages it touches, so each process less is one copy of the model less.
    `md`: the Markdown compiled beforehand (`compile_markdown`); None: compiled here.
    `meanwhile`: other work this process does first, while the workers render.
    `pictures`: the picture files kept between builds, or None (all drawn)."""
    if md is None and workers > 1:
        md = compile_markdown(data, workers)
    if workers <= 1:
        if meanwhile is not None:
            meanwhile()
        render_share(folder, data, specs, theme, progress, md, pictures)
        return
    context = multiprocessing.get_context("fork")
    counter = context.Array("l", [0, len(specs)])  # the ends of the pages not yet claimed
    batch = max(1, min(BATCH, len(specs) // (8 * workers)))

    def share(report: Progress, number: int) -> Callable[[], int]:
        pages = claimed(specs, counter, batch, from_end=number == 0)
        return lambda: render_share(folder, data, pages, theme, report, md, pictures, number)

    def report(done: int, total: int) -> None:  # this process speaks for all
        progress(len(specs) - (counter[1] - counter[0]), len(specs))

    started: list[tuple[BaseProcess, Connection]] = []
    try:
        for number in range(1, workers):
            started.append(_fork(context, share(_quiet, number)))
        if meanwhile is not None:
            meanwhile()
        own = _outcome(share(report, 0))
    except BaseException:
        _stop(started)
        raise
    if own[0] != "ok":
        _stop(started)  # the build has failed: the others need not finish
    _raise_failure([own, *_collect(started)])


def _quiet(done: int, total: int) -> None:
    """A forked worker's progress, not shown: the parent speaks for all."""


def _fork(context: ForkContext, share: Callable[[], int]) -> tuple[BaseProcess, Connection]:
    """A forked worker doing `share`, and the pipe on which it will say how it went."""
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_work, args=(child, share), daemon=True)
    process.start()
    child.close()
    return process, parent


def _stop(started: list[tuple[BaseProcess, Connection]]) -> None:
    for process, _ in started:
        if process.is_alive():
            process.terminate()
        process.join()


def _collect(started: list[tuple[BaseProcess, Connection]]) -> list[Outcome]:
    """How each worker ended (a stopped or killed one: "died" with its exit code)."""
    outcomes: list[Outcome] = []
    try:
        for process, conn in started:
            try:
                outcomes.append(conn.recv())
            except EOFError:  # it died without a word: killed from outside
                process.join()
                outcomes.append(("died", process.exitcode))
    finally:
        _stop(started)
    return outcomes


def _raise_failure(outcomes: list[Outcome]) -> None:
    """Raise the first failure among the workers' outcomes, if any."""
    for kind, value in outcomes:
        if kind == "template":
            raise RenderFailed(value)
        if kind == "died":
            raise worker_died("rendering", value, "the output was left as it was")
        if kind == "bug":
            raise RuntimeError(f"rendering failed in a worker process:\n{value}")
