"""The preview server's builder: the build recipe, re-run on what changed only.

`LiveSite.update(changed)` runs the same steps as `build.build_site` (load →
model → validate → indexes → plan → render) over the same functions, each
behind a cache with its plain path beside it:

- files: only changed content files are read and converted again (`files`);
- validate: a save that keeps every cross-record fact checks the saved file
  alone (`check`); anything else runs the one `validate`;
- indexes: kept when no field they were built from changed (`index`);
- plan: made again only when a key it read changed;
- render: nothing is rendered here. The new build's pages are rendered when
  asked for (`pages`); those kept from earlier builds stay unless a key they
  read changed (`changes`, `deps`) or a template they used changed.

A failed build changes none of the published state, so the next one is compared
with the last good site. Each good build gives a new `files` mapping; the
previous one is never changed.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from jinja2 import TemplateError

from ..assets import static_bytes
from ..build import site_settings
from ..compiled import MarkdownCache
from ..diagnostics import Diagnostic, Position, has_errors
from ..pages import STATIC as STATIC_FOLDER
from ..pages import PageSpec, find_collisions, plan_pages
from ..render import make_environment, template_cache, template_diagnostic
from ..theme import Folders, Theme, overlay
from ..validate import Explainer
from ..view import Key, SiteData
from .changes import changed_keys
from .check import LiveCheck
from .files import ContentFiles
from .index import LiveIndexes
from .pages import BUDGET, Build, PageCache, SiteFiles
from .recording import RecordingTools, RecordingView, TemplateClosures, load_all

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Update:
    """How one update went: its problems, the pages to render again, the files published."""

    diagnostics: list[Diagnostic]
    stale: int = 0  # kept pages dropped: they are rendered again when asked for
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


@dataclass(slots=True)
class Plan:
    """The page plan of the last good build and the keys it read."""

    specs: dict[str, PageSpec] = field(default_factory=dict)
    keys: frozenset[Key] = frozenset()


class LiveSite:
    """The site as last built well, and how to bring it up to date."""

    def __init__(
        self, content: Path, content_arg: str, theme: Theme, budget: float = BUDGET
    ) -> None:
        """`budget`: bytes of rendered pages kept (`math.inf`: all, as `serve --out` does)."""
        self.theme = theme
        self.files = ContentFiles(content, content_arg)
        self.check = LiveCheck()
        self.indexes = LiveIndexes()
        self.md = MarkdownCache()  # compiled Markdown depends on the text alone
        self.cache = PageCache(budget)
        self.build: Build | None = None  # the last good build
        self.plan = Plan()
        self.pending = Changes()
        self._tools: tuple[RecordingTools, TemplateClosures] | None = None

    def update(self, changed: set[Path] | None) -> Update:
        """Bring the site up to date after `changed` (None: anything may have changed)."""
        self._note(changed)
        clock = Clock()
        files = clock("read", self.files.read(changed))
        explainer, problems = clock("validate", self.check.check(files))
        if explainer is None or has_errors(problems):
            return Update(problems)
        data = clock("indexes", self._data(explainer))
        try:
            return self._publish(data, problems, clock)
        except TemplateError as exc:
            return Update([*problems, template_diagnostic(exc, self.theme.templates)])

    def _data(self, explainer: Explainer) -> SiteData:
        """The indexes step, as `build.site_data` (the base URL the site's own)."""
        settings = site_settings(explainer, None)
        return SiteData(explainer, self.indexes.of(explainer, self.check.touched), settings)

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

    def _publish(self, data: SiteData, problems: list[Diagnostic], clock: Clock) -> Update:
        pending, last = self.pending, self.build
        static = self._static(pending.static)
        renamed = last is not None and static.keys() != last.static.keys()
        if renamed:
            self._tools = None  # `page.asset` checks the names; a link may break
            pending.everything |= bool(last.static.keys() - static.keys())
        tools, closures = self._environment(static)
        touched = self.check.touched
        keys = (
            None if last is None or pending.everything else changed_keys(last.data, data, touched)
        )
        plan = self.plan
        if keys is None or renamed or pending.static is None or keys & plan.keys:
            plan = self._plan(data, static)
            if isinstance(plan, list):
                return Update(problems + plan)
        clock("compare", None)
        stale = self._stale(keys, plan)
        generation = 1 if last is None else last.generation + 1
        build = Build(generation, data, plan.specs, static, tools, closures, self.theme.templates)
        dropped = self.cache.advance(generation, stale)
        self.build, self.plan = build, plan
        self.pending = Changes(static=set(), everything=False)
        self.check.touched = set()  # the records that differ from this build's, from now
        clock("publish", None)
        return Update(problems, dropped, SiteFiles(build, self.cache), clock.seconds)

    def _stale(self, keys: set[Key] | None, plan: Plan) -> set[str] | None:
        """The kept pages to drop: those that read a changed key or used a changed
        template, and those the new plan no longer has as they were (None: all)."""
        if keys is None:
            return None
        stale = self.cache.stale(keys, self.pending.templates)
        if plan is not self.plan:
            old = self.plan.specs
            stale |= {path for path, spec in old.items() if plan.specs.get(path) != spec}
        return stale

    def _plan(self, data: SiteData, static: Mapping[str, bytes]) -> Plan | list[Diagnostic]:
        """The page plan and the keys it read, or the problem of two pages claiming a path."""
        keys: set[Key] = set()
        specs = plan_pages(RecordingView(data, keys))
        names = [name.removeprefix(f"{STATIC_FOLDER}/") for name in static]
        clashes = [Diagnostic.error(Position("(site)"), m) for m in find_collisions(specs, names)]
        return clashes or Plan({s.path: s for s in specs}, frozenset(keys))

    def _environment(self, static: Mapping[str, bytes]) -> tuple[RecordingTools, TemplateClosures]:
        """The template environment, every template compiled (made again after a change)."""
        if self._tools is None:
            env = make_environment(self.theme.templates, template_cache())
            closures = load_all(env)
            names = frozenset(name.removeprefix(f"{STATIC_FOLDER}/") for name in static)
            self._tools = RecordingTools(env, self.md, names), closures
        return self._tools

    def _static(self, paths: set[Path] | None) -> dict[str, bytes]:
        """The static files after the changes to `paths` (None: list them all again)."""
        last = {} if self.build is None else dict(self.build.static)
        if paths is not None and not paths and self.build is not None:
            return last
        sources = overlay(self.theme.static)
        if (
            paths is None
            or self.build is None
            or any(sources.get(_name_in(p, self.theme.static) or "") != p for p in paths)
        ):
            return read_static(self.theme.static)
        names = {p: _name_in(p, self.theme.static) for p in paths}
        fresh = {f"{STATIC_FOLDER}/{name}": static_bytes(p) for p, name in names.items()}
        return {**last, **fresh}


class Clock:
    """Seconds per step: `clock(name, value)` notes the time since the last note."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self._last = time.perf_counter()

    def __call__(self, name: str, value: T) -> T:
        now = time.perf_counter()
        self.seconds[name], self._last = now - self._last, now
        return value


def read_static(static: Folders) -> dict[str, bytes]:
    """The static files as output paths -> bytes (the first folder wins)."""
    return {f"{STATIC_FOLDER}/{n}": static_bytes(source) for n, source in overlay(static).items()}


def _name_in(path: Path, folders: tuple[Path, ...]) -> str | None:
    """The name of `path` inside the first of `folders` that holds it, or None."""
    for folder in folders:
        if path.is_relative_to(folder.absolute()):
            return path.relative_to(folder.absolute()).as_posix()
    return None
