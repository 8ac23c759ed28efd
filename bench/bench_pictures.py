"""CPU time of the pictures alone: every actor page's two and every timeline page's one.

    PYTHONPATH=. python bench/bench_pictures.py CONTENT [--runs R] [--kept] [--profile FILE]

Draws the pictures of every actor page (`pictures.actor_svgs`) and of every
timeline page (`pictures.timeline_svg`) as a build renders them, `R` times, and
prints the median and min–max ms of CPU (process time) per page of each kind,
with a SHA-256 of every picture drawn: it must not change when the drawing
code gets faster (the output is pinned byte for byte). `--kept`: the pictures
kept between builds (`picturecache`, in a temporary cache folder), as a warm
build takes them: one pass draws and keeps them, each timed pass reads the file
the pass before wrote and writes its own.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from markupsafe import Markup
from render_kinds import planned_site

from explainer import cache, picturecache, pictures
from explainer.compiled import MarkdownCache
from explainer.page import Page
from explainer.page_kinds import PAGE_KINDS
from explainer.pages import PageSpec
from explainer.record_lists import bounded
from explainer.view import SiteData, View

Draw = Callable[[], str]


def actor_draw(view: View, spec: PageSpec, page: Page) -> Draw:
    actor = view.actor(spec.key)
    events = view.records(bounded(view, "actor", spec.key, "events_of"))
    return lambda: "".join(pictures.actor_svgs(view, page, actor, events).values())


def timeline_draw(view: View, spec: PageSpec, page: Page) -> Draw:
    """The picture a timeline page draws, with the events its page function gives it."""
    seen: list[list] = []
    drawing = pictures.timeline_svg
    pictures.timeline_svg = lambda page, events: seen.append(events) or Markup()  # type: ignore
    try:
        PAGE_KINDS[spec.kind](view, spec, page)
    finally:
        pictures.timeline_svg = drawing
    return lambda: str(pictures.timeline_svg(page, seen[0]))


def draws(view: View, specs: list[PageSpec], pages: list[Page]) -> dict[str, list[Draw]]:
    """What to draw for each page, by kind (and each page, in `pages`)."""
    found: dict[str, list[Draw]] = {"actor": [], "timeline": []}
    for spec in specs:
        page = Page(view, spec.path, MarkdownCache(), lambda name, context: "")
        pages.append(page)
        if spec.kind == "actor":
            found["actor"].append(actor_draw(view, spec, page))
        elif spec.kind in ("timeline", "timeline-year"):
            found["timeline"].append(timeline_draw(view, spec, page))
    return found


def run(todo: list[Draw], pages: list[Page], kept: Path | None = None) -> tuple[float, str]:
    """(CPU seconds, SHA-256 of every picture) of drawing `todo` once; with `kept` (a
    content folder), through the picture files kept for it."""
    digest = hashlib.sha256()
    began = time.process_time()
    files = None if kept is None else picturecache.picture_files(kept)
    drawings = picturecache.PLAIN if files is None else files.drawings(0)
    for page in pages:
        page.drawings = drawings
    for draw in todo:
        digest.update(draw().encode())
    drawings.keep()
    if files is not None:
        files.close(1)
    return time.process_time() - began, digest.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--kept", action="store_true")
    parser.add_argument("--profile")
    args = parser.parse_args()
    data, specs = planned_site(args.content)
    with tempfile.TemporaryDirectory(prefix="bench-pictures-") as folder:
        os.environ[cache.CACHE_DIR_ENV] = folder
        measure(args, data, specs)


def measure(args: argparse.Namespace, data: SiteData, specs: list[PageSpec]) -> None:
    """Draw every page's pictures `args.runs` times, a kind at a time; print the times."""
    pages: list[Page] = []
    for kind, todo in draws(View(data), specs, pages).items():
        if not todo:
            continue
        kept = args.content / kind if args.kept else None  # a folder's key: one per kind
        if kept:
            run(todo, pages, kept)
        if args.profile:
            local = {"todo": todo, "pages": pages, "kept": kept}
            cProfile.runctx("run(todo, pages, kept)", globals(), local, f"{args.profile}.{kind}")
        times, digests = zip(*(run(todo, pages, kept) for _ in range(args.runs)), strict=True)
        per = [1000 * t / len(todo) for t in times]
        print(
            f"{kind:9} {len(todo):5} pages  median {statistics.median(per):7.3f} ms/page"
            f"  ({min(per):.3f}–{max(per):.3f})  sha256 {digests[0][:16]}"
        )
        assert len(set(digests)) == 1, "the pictures differ from run to run"


if __name__ == "__main__":
    main()
