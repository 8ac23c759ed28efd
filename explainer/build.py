"""The build, as a recipe: load → model → validate → indexes → plan → render → write.

`check` is the same recipe without the last two steps (`pipeline.read_explainer`).
Each step is a plain function over the previous step's output. Between builds
only pure results are kept, in the cache folder (`cache.py`): each content file's
conversion and each compiled Markdown text, keyed by their bytes, so a build with
or without them writes the same bytes (`--no-cache`). Pages are rendered one by
one and written straight into a fresh folder, which replaces the output only when
every page rendered: a failed build leaves the previous output exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError

from .diagnostics import Diagnostic, Position, format_text, has_errors, summarize
from .indexes import build_indexes
from .mdcache import cache_file
from .modelcache import read_model
from .pages import PageSpec, find_collisions, plan_pages
from .parallel import Progress, RenderFailed, compile_markdown, render_into, worker_count
from .picturecache import picture_files
from .render import Tools, make_environment, render_page, template_cache, template_diagnostic
from .search import SearchIndexError, write_index
from .theme import DEFAULT_STATIC, DEFAULT_THEME, Theme, find_theme
from .validate import Explainer
from .view import Settings, SiteData, View
from .write import OutputError, check_output, replace_output, static_files

STATIC = DEFAULT_STATIC
SHOWN_WARNINGS = 50  # a build's log shows this many warnings; `check` lists them all


@dataclass(slots=True)
class BuiltSite:
    """A rendered site in memory (for the preview server), or the problems."""

    pages: dict[str, bytes] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    data: SiteData | None = None

    @property
    def ok(self) -> bool:
        return self.data is not None and not has_errors(self.diagnostics)


def build_timestamp(explainer: Explainer) -> str | None:
    """The site's `updated` time: SOURCE_DATE_EPOCH, else site.yaml `updated`, else none."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        moment = dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    updated = explainer.site.updated
    if updated is None:
        return None
    year, month, day = updated.first_day()
    return f"{year:04d}-{month:02d}-{day:02d}T00:00:00Z"


def site_data(explainer: Explainer, base_url: str | None, search: bool = True) -> SiteData:
    """The indexes step: the checked explainer with its orders, lookups and settings.

    `search`: False leaves search out even when site.yaml has it (`build --no-search`)."""
    return SiteData(explainer, build_indexes(explainer), site_settings(explainer, base_url, search))


def site_settings(explainer: Explainer, base_url: str | None, search: bool = True) -> Settings:
    """The settings pages read (the preview server makes them with its own indexes)."""
    base = base_url or explainer.site.base_url
    if base and not base.endswith("/"):
        base += "/"
    return Settings(base, build_timestamp(explainer), search and explainer.site.search)


def plan_site(data: SiteData, theme: Theme) -> tuple[list[PageSpec], list[Diagnostic]]:
    """The plan step: every page, or the problem of two claiming one path."""
    specs = plan_pages(View(data))
    clashes = find_collisions(specs, static_files(theme.static))
    return specs, [Diagnostic.error(Position("(site)"), m) for m in clashes]


def render_pages(
    data: SiteData, specs: list[PageSpec], theme: Theme
) -> Iterator[tuple[str, bytes]]:
    """The render step: each page's path and bytes, in plan order."""
    static = frozenset(static_files(theme.static))
    env = make_environment(theme.templates, template_cache())
    tools, view = Tools(env, static=static), View(data)
    for spec in specs:
        yield spec.path, render_page(tools, view, spec)


def build_site(
    content: Path, content_arg: str, base_url: str | None = None, theme: Theme = DEFAULT_THEME
) -> BuiltSite:
    """Read, check, plan and render into memory (the preview server's build)."""
    model = read_model(content, content_arg)
    explainer, problems = model.explainer, model.problems
    if explainer is None or has_errors(problems):
        return BuiltSite(diagnostics=problems)
    data = site_data(explainer, base_url)
    specs, clashes = plan_site(data, theme)
    if clashes:
        return BuiltSite(diagnostics=problems + clashes)
    try:
        pages = dict(render_pages(data, specs, theme))
    except TemplateError as exc:
        return BuiltSite(diagnostics=[*problems, template_diagnostic(exc, theme.templates)])
    return BuiltSite(pages, problems, data)


def _progress_printer(every: float = 2.0) -> Progress:
    """Report progress on stderr at most every `every` seconds, and only on a long build."""
    last = time.perf_counter()

    def report(done: int, total: int) -> None:
        nonlocal last
        if time.perf_counter() - last >= every:
            last = time.perf_counter()
            print(f"rendered {done} of {total} pages", file=sys.stderr, flush=True)

    return report


def build(
    content: Path,
    content_arg: str,
    out: Path,
    base_url: str | None,
    theme: Theme = DEFAULT_THEME,
    workers: int | None = None,
    search: bool = True,
) -> tuple[list[str], list[Diagnostic]]:
    """The recipe: the paths written to `out` and the problems (on errors, nothing written).

    `workers`: processes that render (default: one per core for a large site).
    `search`: False builds no search index even when site.yaml asks for one.
    """
    model = read_model(content, content_arg)  # load, model, validate (kept whole: modelcache)
    explainer, problems = model.explainer, model.problems
    if explainer is None or has_errors(problems):
        return [], problems
    data = site_data(explainer, base_url, search)  # indexes
    specs, clashes = plan_site(data, theme)  # plan
    if clashes:
        return [], problems + clashes
    workers = worker_count(len(specs)) if workers is None else workers
    md = model.markdown(lambda: compile_markdown(data, workers, cache_file(content)))
    drawn = picture_files(content)  # the last build's pictures, opened before the fork

    def render_and_write(folder: Path) -> None:  # render, write; the search index meanwhile
        index = (lambda: write_index(folder, data)) if data.settings.search else None
        render_into(folder, data, specs, theme, _progress_printer(), workers, md, index, drawn)

    try:
        replace_output(out, render_and_write, theme.static)
    except RenderFailed as exc:
        return [], [*problems, exc.diagnostic]
    except SearchIndexError as exc:
        return [], [*problems, Diagnostic.error(Position("(site)"), str(exc))]
    finally:
        if drawn is not None:
            drawn.close(workers)
    return [spec.path for spec in specs], problems


def build_log(problems: list[Diagnostic], content_arg: str) -> str:
    """Every error, and the first `SHOWN_WARNINGS` warnings with a count of the rest.

    A large explainer can have hundreds of warnings; printed whole they bury the
    build's last line (and can fill a pipe that a calling script reads only at the end).
    """
    shown: list[Diagnostic] = []
    warnings = 0
    for problem in problems:
        warnings += problem.severity != "error"
        if problem.severity == "error" or warnings <= SHOWN_WARNINGS:
            shown.append(problem)
    more = warnings - SHOWN_WARNINGS
    if more <= 0:
        return format_text(problems)
    return format_text(shown) + (
        f"... and {more} more warning{'s' * (more != 1)}: "
        f"`check --content {content_arg}` lists them all\n"
    )


def build_command(
    content: Path,
    content_arg: str,
    out: Path,
    base_url: str | None,
    templates: Path | None = None,
    static: Path | None = None,
    search: bool = True,
) -> int:
    """`explainer build`: exit status 0 on success, 1 on content errors, 2 on a bad --out.

    `templates` and `static` override the default theme file by file (default:
    the folders of those names beside the content folder, when they exist);
    `search` False (`--no-search`) builds no search index.
    """
    started = time.perf_counter()
    theme = find_theme(content, templates, static)
    try:
        check_output(out, [content, *theme.templates, *theme.static])
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    written, problems = build(content, content_arg, out, base_url, theme, search=search)
    sys.stderr.write(build_log(problems, content_arg))
    if has_errors(problems):
        print(f"build failed: {summarize(problems)}; nothing written", file=sys.stderr)
        return 1
    took = time.perf_counter() - started
    files = len(written) + len(static_files(theme.static))
    pages = sum(path.endswith(".html") for path in written)
    print(f"built {pages} pages ({files} files) into {out} in {took:.2f} s")
    return 0
