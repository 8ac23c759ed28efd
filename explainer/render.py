"""Render one page: its kind's function gives a template and data, Jinja gives the bytes.

`make_environment` sets up Jinja once per build (autoescaping, undefined names
are errors, the helpers every template may call). `render_page` is the whole
render step for one `PageSpec`; it keeps nothing between pages.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jinja2 import (
    BytecodeCache,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
)
from jinja2.bccache import Bucket

from . import cache, quick
from .compiled import MarkdownCache
from .diagnostics import Diagnostic, Position
from .fields import RELATION_TYPES
from .fragments import Fragments
from .markers import still_uncited
from .nav import nav_section
from .page import Page
from .page_kinds import PAGE_KINDS
from .page_lists import KIND_HEADINGS, tag_words
from .picturecache import PLAIN, Drawer
from .theme import DEFAULT_TEMPLATES, Folders, as_folders
from .timeformat import STATUS_WORDS, text_direction, when
from .urls import external_url

if TYPE_CHECKING:
    from .pages import PageSpec
    from .view import View

TEMPLATES = DEFAULT_TEMPLATES


class _TemplateCache(FileSystemBytecodeCache):
    """Jinja's cache of compiled templates: a file read is marked as used (for pruning),
    and a file that cannot be read or written is left alone (the template is compiled)."""

    def load_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().load_bytecode(bucket)
            os.utime(self._get_cache_filename(bucket))

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):
            super().dump_bytecode(bucket)


def template_cache(folder: Path | None = None) -> BytecodeCache | None:
    """Jinja's cache of compiled templates on disk, or None (caching off, no folder).

    Compiling the theme's templates takes about 0.2 s, a fifth of a small site's
    build; Jinja keys each compiled template by its name and file and checks a
    hash of its source, so an edited template is compiled again. Default folder:
    `jinja/` in the cache folder (`explainer.cache`), where files unused for 30
    days are deleted. Without it, templates are compiled every build, giving the
    same pages.
    """
    folder = folder or cache.folder("jinja")
    if folder is None:
        return None
    cache.prune(folder)
    return _TemplateCache(str(folder))


def make_environment(templates: Folders = None, cache: BytecodeCache | None = None) -> Environment:
    """The Jinja environment: autoescaping everywhere, undefined names are errors.

    `templates` is a search path: a template is taken from the first folder that has it.
    `cache`: compiled templates kept between builds (`template_cache()`), or None.
    """
    env = (quick.QuickEnvironment if quick.SUPPORTED else Environment)(
        loader=FileSystemLoader([str(p) for p in as_folders(templates or TEMPLATES)]),
        bytecode_cache=cache,
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # one build never sees a template change
        cache_size=-1,
    )
    if quick.SUPPORTED:
        env.context_class = quick.QuickContext
        env.template_class = quick.QuickTemplate
    env.globals.update(
        when=when,
        status_words=STATUS_WORDS,
        relation_types=RELATION_TYPES,
        kind_headings=KIND_HEADINGS,
        text_direction=text_direction,
        nav_section=nav_section,
        still_uncited=still_uncited,
        tag_words=tag_words,
    )
    env.filters["url"] = external_url  # content's http(s) URLs in href and cite
    return env


@dataclass(slots=True)
class Tools:
    """What rendering needs besides the view: the Jinja environment and compiled Markdown."""

    env: Environment
    md: MarkdownCache = field(default_factory=MarkdownCache)
    static: frozenset[str] | None = None  # the static files `page.asset` may link; None: any
    fragments: Fragments | None = None  # entries rendered once per build; None: on every page
    drawings: Drawer = PLAIN  # pictures drawn, or kept between builds (`picturecache`)

    def render_template(self, name: str, context: dict[str, Any]) -> str:
        return self.env.get_template(name).render(context)


def render_page(tools: Tools, view: View, spec: PageSpec) -> bytes:
    """The bytes of one page."""
    partial = tools.render_template
    page = Page(view, spec.path, tools.md, partial, tools.static, tools.fragments, tools.drawings)
    template, context = PAGE_KINDS[spec.kind](view, spec, page)
    page.meta = context.pop("meta", page.meta)
    context.update(page=page, r=view)
    return tools.render_template(template, context).encode("utf-8")


def _shown(path: str) -> str:
    """A path as shown in messages: relative to the current folder when inside it."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd()))
    except ValueError:
        return path


def template_diagnostic(exc: TemplateError, templates: Folders) -> Diagnostic:
    """A template problem as a diagnostic at the template's file and line."""
    folders = [str(folder) for folder in as_folders(templates)]
    if isinstance(exc, TemplateSyntaxError) and exc.filename:
        where = Position(_shown(exc.filename), exc.lineno or 1)
        return Diagnostic.error(where, exc.message or str(exc))
    place = Position(_shown(folders[0]))
    for frame, line in traceback.walk_tb(exc.__traceback__):
        name = frame.f_code.co_filename
        if name.startswith(tuple(folders)):
            place = Position(_shown(name), line)
    return Diagnostic.error(place, f"template error: {exc}")
