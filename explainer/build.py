"""The build: check the content, render every page in memory, then write them all at once."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError, TemplateSyntaxError

from .deps import SiteData
from .diagnostics import Diagnostic, Position, format_text, has_errors, summarize
from .indexes import Indexes, build_indexes
from .pages import PageSpec, find_collisions, plan_pages
from .pipeline import read_explainer
from .render import TEMPLATES, Renderer
from .theme import DEFAULT_STATIC
from .validate import Explainer
from .write import OutputError, check_output, static_files, write_site

STATIC = DEFAULT_STATIC


@dataclass(slots=True)
class BuiltSite:
    """A rendered site in memory, with what each page depended on."""

    pages: dict[str, bytes] = field(default_factory=dict)
    deps: dict[str, frozenset[str]] = field(default_factory=dict)
    specs: list[PageSpec] = field(default_factory=list)
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


def site_data(
    explainer: Explainer, base_url: str | None, indexes: Indexes | None = None
) -> SiteData:
    base = base_url or explainer.site.base_url
    if base and not base.endswith("/"):
        base += "/"
    indexes = build_indexes(explainer) if indexes is None else indexes
    return SiteData(explainer, indexes, base, build_timestamp(explainer))


def _shown(path: str) -> str:
    """A path as shown in messages: relative to the current folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def template_diagnostic(exc: TemplateError, templates: Path) -> Diagnostic:
    """A template problem as a diagnostic at the template's file and line."""
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = Position(_shown(exc.filename), exc.lineno or 1)
        return Diagnostic.error(where, exc.message or str(exc))
    place = Position(_shown(str(templates)))
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name.startswith(str(templates)):
            place = Position(_shown(name), line)
    return Diagnostic.error(place, f"template error: {exc}")


Progress = Callable[[int, int], None]  # (pages rendered, pages in all)


def render_site(
    data: SiteData,
    templates: Path | None = None,
    static: Path | None = STATIC,
    progress: Progress | None = None,
) -> BuiltSite:
    """Render every page of a checked explainer into memory."""
    built = BuiltSite(data=data, specs=plan_pages(data))
    clashes = find_collisions(built.specs, static_files(static))
    if clashes:
        built.diagnostics += [Diagnostic.error(Position("(site)"), m) for m in clashes]
        return built
    renderer = Renderer(data, templates)
    try:
        for done, spec in enumerate(built.specs):
            built.pages[spec.path], built.deps[spec.path] = renderer.render_page(spec)
            if progress and done % 500 == 0:
                progress(done, len(built.specs))
    except TemplateError as exc:
        built.diagnostics.append(template_diagnostic(exc, templates or TEMPLATES))
        built.pages.clear()
    return built


def build_site(
    content: Path,
    content_arg: str,
    base_url: str | None = None,
    templates: Path | None = None,
    static: Path | None = STATIC,
    progress: Progress | None = None,
) -> BuiltSite:
    """Read, check and render; pages are empty when the content has errors."""
    explainer, problems = read_explainer(content, content_arg)
    if explainer is None or has_errors(problems):
        return BuiltSite(diagnostics=problems)
    built = render_site(site_data(explainer, base_url), templates, static, progress)
    built.diagnostics = problems + built.diagnostics
    return built


def _progress_printer(every: float = 2.0) -> Progress:
    """Report progress on stderr at most every `every` seconds, and only on a long build."""
    last = time.perf_counter()

    def report(done: int, total: int) -> None:
        nonlocal last
        if time.perf_counter() - last >= every:
            last = time.perf_counter()
            print(f"rendered {done} of {total} pages", file=sys.stderr, flush=True)

    return report


def build_command(
    content: Path,
    content_arg: str,
    out: Path,
    base_url: str | None,
    templates: Path | None = None,
    static: Path | None = STATIC,
) -> int:
    """`python build.py build`: exit status 0 on success, 1 on content errors, 2 on a bad --out."""
    started = time.perf_counter()
    try:
        check_output(out, [content, templates or TEMPLATES, *([static] if static else [])])
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    built = build_site(content, content_arg, base_url, templates, static, _progress_printer())
    sys.stderr.write(format_text(built.diagnostics))
    if not built.ok:
        print(f"build failed: {summarize(built.diagnostics)}; nothing written", file=sys.stderr)
        return 1
    write_site(out, built.pages, static)
    took = time.perf_counter() - started
    count = sum(p.endswith(".html") for p in built.pages)
    print(f"built {count} pages ({len(built.pages)} files) into {out} in {took:.2f} s")
    return 0
