"""The preview server's builder: the build recipe, re-run on what changed only.

`LiveSite.update(changed)` runs the same steps as `build.build_site` (load →
model → validate → indexes → plan → render) over the same functions, with
three differences that make a save fast:

- files: only changed content files are read and converted again (`ContentFiles`);
- plan: the page plan is made again only when a key it read changed;
- render: only the pages whose recorded reads changed (`Dependencies`), whose
  templates changed, or that the plan added are rendered again.

Everything else is kept from the last good build. A failed build changes none
of it, so the next one is compared with the last good site. Each good build
gives a new `files` mapping; the previous one is never changed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from jinja2 import TemplateError

from ..build import site_data, template_diagnostic
from ..compiled import MarkdownCache
from ..diagnostics import Diagnostic, Position, has_errors
from ..pages import STATIC as STATIC_FOLDER
from ..pages import PageSpec, find_collisions, plan_pages
from ..pipeline import check_converted
from ..render import make_environment, render_page
from ..theme import Folders, Theme, overlay
from ..view import Key, SiteData, View
from .deps import PLAN, Dependencies, Reads
from .files import ContentFiles
from .recording import RecordingTools, RecordingView, TemplateClosures

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Update:
    """How one update went: its problems, the pages rendered, the files published."""

    diagnostics: list[Diagnostic]
    rendered: int = 0
    files: Mapping[str, bytes] | None = None  # None when the build failed
    seconds: dict[str, float] = field(default_factory=dict)  # per step, for benchmarks

    @property
    def ok(self) -> bool:
        return self.files is not None


@dataclass(slots=True)
class Changes:
    """What changed since the last good build, besides content files."""

    templates: set[str] = field(default_factory=set)
    static: set[Path] | None = None  # changed static files; None: list the folders again
    everything: bool = True


class LiveSite:
    """The site as last built well, and how to bring it up to date."""

    def __init__(self, content: Path, content_arg: str, theme: Theme) -> None:
        self.theme = theme
        self.files = ContentFiles(content, content_arg)
        self.md = MarkdownCache()  # compiled Markdown depends on the text alone
        self.deps = Dependencies()
        self.specs: dict[str, PageSpec] = {}
        self.pages: dict[str, bytes] = {}
        self.static: dict[str, bytes] = {}
        self.pending = Changes()
        self._tools: tuple[RecordingTools, TemplateClosures] | None = None

    def update(self, changed: set[Path] | None) -> Update:
        """Bring the site up to date after `changed` (None: anything may have changed)."""
        self._note(changed)
        clock = Clock()
        converted, found = clock("read", self.files.read(changed))
        explainer, problems = clock("validate", check_converted(converted, found))
        if explainer is None or has_errors(problems):
            return Update(problems)
        data = clock("indexes", site_data(explainer, None))
        try:
            return self._render(data, problems, clock)
        except TemplateError as exc:
            return Update([*problems, template_diagnostic(exc, self.theme.templates)])

    def _note(self, changed: set[Path] | None) -> None:
        if changed is None:
            self.pending = Changes()
            self._tools = None
            return
        for path in changed:
            name = _name_in(path, self.theme.templates)
            if name is not None:
                self.pending.templates.add(name)
                self.pending.everything |= not path.is_file()  # a folder, or a file gone
                self._tools = None
            elif _name_in(path, self.theme.static) is not None and self.pending.static is not None:
                self.pending.static.add(path)

    def _render(self, data: SiteData, problems: list[Diagnostic], clock: Clock) -> Update:
        view, pending = View(data), self.pending
        values, changed = clock("compare", self.deps.revalue(view))
        stale = self.deps.stale(changed, pending.templates)
        static = self._static(pending.static)
        if static.keys() != self.static.keys():  # `page.asset` checks the names
            self._tools = None
            pending.everything |= bool(self.static.keys() - static.keys())  # a link may break
        specs, plan_reads = self.specs, None
        if pending.everything or pending.static is None or PLAN in stale:
            specs, plan_reads, clashes = self._plan(data, static)
            if clashes:
                return Update(problems + clashes)
        todo = clock("plan", self._todo(specs, stale))
        tools, closures = self._environment(static)
        rendered = [(spec, *render_recorded(tools, closures, data, spec)) for spec in todo]
        clock("render", None)
        self.static = static
        self._commit(values, specs, plan_reads, rendered, view)
        files = clock("publish", self._publish())
        return Update(problems, len(rendered), files, clock.seconds)

    def _todo(self, specs: dict[str, PageSpec], stale: set[str]) -> list[PageSpec]:
        """The pages to render: stale ones, and new or changed ones when the plan changed."""
        if self.pending.everything:
            return list(specs.values())
        if specs is self.specs:
            return [specs[path] for path in stale if path in specs]
        old = self.specs
        return [spec for path, spec in specs.items() if path in stale or old.get(path) != spec]

    def _static(self, paths: set[Path] | None) -> dict[str, bytes]:
        """The static files after the changes to `paths` (None: list them all again)."""
        if paths is not None and not paths:
            return self.static
        sources = overlay(self.theme.static)
        if paths is None or any(
            sources.get(_name_in(p, self.theme.static) or "") != p for p in paths
        ):
            return read_static(self.theme.static)
        fresh = {f"{STATIC_FOLDER}/{_name_in(p, self.theme.static)}": p.read_bytes() for p in paths}
        return {**self.static, **fresh}

    def _plan(
        self, data: SiteData, static: dict[str, bytes]
    ) -> tuple[dict[str, PageSpec], Reads, list[Diagnostic]]:
        keys: set[Key] = set()
        specs = plan_pages(RecordingView(data, keys))
        names = [name.removeprefix(f"{STATIC_FOLDER}/") for name in static]
        clashes = [Diagnostic.error(Position("(site)"), m) for m in find_collisions(specs, names)]
        return {s.path: s for s in specs}, Reads(tuple(keys), ()), clashes

    def _environment(self, static: dict[str, bytes]) -> tuple[RecordingTools, TemplateClosures]:
        if self._tools is None:
            env = make_environment(self.theme.templates)
            names = frozenset(name.removeprefix(f"{STATIC_FOLDER}/") for name in static)
            self._tools = RecordingTools(env, self.md, names), TemplateClosures(env)
        return self._tools

    def _commit(
        self,
        values: dict[Key, object],
        specs: dict[str, PageSpec],
        plan_reads: Reads | None,
        rendered: list[tuple[PageSpec, bytes, Reads]],
        view: View,
    ) -> None:
        """Make the new build the last good one (nothing before this changed any state)."""
        self.deps.values = values
        for gone in self.specs.keys() - specs.keys():
            self.deps.forget(gone)
            del self.pages[gone]
        if plan_reads is not None:
            self.deps.note(PLAN, plan_reads, view)
        for spec, body, reads in rendered:
            self.pages[spec.path] = body
            self.deps.note(spec.path, reads, view)
        self.specs = specs
        self.pending = Changes(static=set(), everything=False)

    def _publish(self) -> Mapping[str, bytes]:
        """A new read-only mapping of every page and static file; never changed after."""
        return MappingProxyType({**self.pages, **self.static})


class Clock:
    """Seconds per step: `clock(name, value)` notes the time since the last note."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, name: str, value: T) -> T:
        now = time.perf_counter()
        self.seconds[name], self._last = now - self._last, now
        return value


def render_recorded(
    tools: RecordingTools, closures: TemplateClosures, data: SiteData, spec: PageSpec
) -> tuple[bytes, Reads]:
    """One page's bytes and what it read (view keys and templates)."""
    keys: set[Key] = set()
    page_tools = RecordingTools(tools.env, tools.md, tools.static, closures)
    body = render_page(page_tools, RecordingView(data, keys), spec)
    return body, Reads(tuple(keys), tuple(page_tools.templates))


def read_static(static: Folders) -> dict[str, bytes]:
    """The static files as output paths -> bytes (the first folder wins)."""
    return {f"{STATIC_FOLDER}/{n}": source.read_bytes() for n, source in overlay(static).items()}


def _name_in(path: Path, folders: tuple[Path, ...]) -> str | None:
    """The name of `path` inside the first of `folders` that holds it, or None."""
    for folder in folders:
        if path.is_relative_to(folder.absolute()):
            return path.relative_to(folder.absolute()).as_posix()
    return None
