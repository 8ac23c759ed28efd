"""Incremental builds for the preview server: re-read changed files, re-render changed pages.

A `SiteBuilder` keeps, between builds:

- each content file's converted records, keyed by the file's stat (`mtime_ns`, size, inode),
  so only the files that changed are read and converted again;
- the last good `SiteData`, with every page's bytes and the dependency keys its rendering
  read (see `deps`);
- a hash of every template file, and the bytes of every static file.

After the content is checked again as a whole, the keys whose values differ between the
last good data and the new one are computed exactly as `deps.dependency_value` defines
them; only the pages whose recorded keys meet that set are rendered again. New pages are
rendered, pages that no longer exist are dropped. The result is byte-identical to a full
build (tests/test_incremental.py checks this after random edits).
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import time
from collections import defaultdict
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError

from .build import STATIC, site_data, template_diagnostic
from .deps import COLLECTIONS, EXPLAINER_INDEXES, SiteData
from .diagnostics import Diagnostic, Position, has_errors, sort_diagnostics
from .indexes import Indexes
from .indexes import build_indexes as build_lookups
from .load import RECORD_FOLDERS, SECTION_FOLDER, FileJob, display_path, find_files
from .model import Converted
from .pages import STATIC as STATIC_FOLDER
from .pages import PageSpec, find_collisions, plan_pages
from .pipeline import PARALLEL_FROM, convert_files
from .render import TEMPLATES, Renderer
from .validate import (
    Explainer,
    Suggester,
    assemble,
    check_duplicates,
    check_reference,
    kinds_of,
    relations_into,
    uncited_warning,
)

INDEX_LOOKUPS = ("events_of", "quotes_by", "quotes_about", "quotes_of_event")
ORDERS = ("events", "quotes", "sections")
FOLDER_ORDER = {folder: i for i, folder in enumerate([*RECORD_FOLDERS, SECTION_FOLDER])}
StatKey = tuple[int, int, int]


@dataclass(slots=True)
class BuildResult:
    """What one (re)build did."""

    ok: bool
    diagnostics: list[Diagnostic]
    rendered: list[str] = field(default_factory=list)  # output paths rendered this time
    removed: list[str] = field(default_factory=list)
    static_changed: list[str] = field(default_factory=list)
    files_read: int = 0
    seconds: float = 0.0
    full: bool = False

    @property
    def changed(self) -> bool:
        return bool(self.rendered or self.removed or self.static_changed)


def _stat_key(path: Path) -> StatKey | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def _job_order(job: FileJob) -> tuple[int, str]:
    """The order `load.find_files` gives: site.yaml, then each folder's files by name."""
    if job.kind == "site":
        return (-1, "")
    return (FOLDER_ORDER[job.path.parent.name], job.path.name)


def _convert_each(jobs: list[FileJob]) -> list[Converted]:
    return [convert_files([job]) for job in jobs]


def convert_jobs(jobs: list[FileJob]) -> list[Converted]:
    """One Converted per file, in parallel processes when there are many files."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    forkable = "fork" in multiprocessing.get_all_start_methods()
    workers = min(cores or 1, 8) if forkable and len(jobs) >= PARALLEL_FROM else 1
    if workers == 1:
        return _convert_each(jobs)
    chunks = [jobs[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
        results = list(pool.map(_convert_each, chunks))
    by_job = {
        chunk[i]: part
        for chunk, parts in zip(chunks, results, strict=True)
        for i, part in enumerate(parts)
    }
    return [by_job[job] for job in jobs]


def merge_parts(parts: Iterable[Converted]) -> Converted:
    """All files' records as one Converted, in file order (as `pipeline` merges them)."""
    merged = Converted()
    for part in parts:
        merged.site = merged.site or part.site
        merged.records += part.records
        merged.references += part.references
        merged.defined += part.defined
        merged.diagnostics += part.diagnostics
    return merged


class ContentCache:
    """The content folder's files, each converted once per version of the file."""

    def __init__(self, content: Path, content_arg: str) -> None:
        self.content = content.absolute()  # the watcher reports absolute paths
        self.content_arg = content_arg
        self.jobs: dict[Path, FileJob] = {}
        self.found: list[Diagnostic] = []  # problems of the folder listing itself
        self.parts: dict[Path, tuple[StatKey | None, Converted]] = {}
        # The last update: each path read again or gone, with its part before (None: new).
        self.replaced: dict[Path, Converted | None] = {}
        self.rescanned = False

    def _rescan(self) -> None:
        jobs, self.found = find_files(self.content, self.content_arg)
        self.jobs = {job.path: job for job in jobs}

    def _job_for(self, path: Path) -> FileJob | bool | None:
        """A plain content file's job (None if it is gone); False when a rescan is needed."""
        try:
            relative = path.relative_to(self.content)
        except ValueError:
            return False
        parts = relative.parts
        if parts == ("site.yaml",):
            kind = "site"
        elif len(parts) == 2 and parts[0] in FOLDER_ORDER and not parts[1].startswith("."):
            kind = RECORD_FOLDERS.get(parts[0], "section")
            if not parts[1].endswith(".md" if kind == "section" else ".yaml"):
                return False
        else:
            return False
        if path.is_symlink() or (path.exists() and not path.is_file()):
            return False
        if not path.exists():
            return None
        return FileJob(path, display_path(self.content_arg, relative.as_posix()), kind)

    def update(self, changed: set[Path] | None) -> int:
        """Bring the cache up to date; `changed` None means look at every file. Files read."""
        rescan = changed is None or not self.jobs
        for path in () if rescan else sorted(changed or ()):
            job = self._job_for(path)
            if job is False:
                rescan = True
                break
            if job is None:
                self.jobs.pop(path, None)
            else:
                assert isinstance(job, FileJob)
                self.jobs[path] = job
        if rescan:
            self._rescan()
        self.rescanned = rescan
        self.replaced = {}
        for gone in set(self.parts) - set(self.jobs):
            self.replaced[gone] = self.parts.pop(gone)[1]
        check = set(self.jobs) if rescan else {p for p in changed or () if p in self.jobs}
        if rescan:  # otherwise the only new jobs are changed paths, in `check` already
            check |= {path for path in self.jobs if path not in self.parts}
        stale = []
        for path in sorted(check):
            key = _stat_key(path)
            cached = self.parts.get(path)
            # A reported path is read again even with the same stat: timestamps are coarse.
            reported = not rescan and path in (changed or ())
            if cached is None or key is None or cached[0] != key or reported:
                stale.append((path, key))
        parts = convert_jobs([self.jobs[path] for path, _ in stale])
        for (path, key), part in zip(stale, parts, strict=True):
            old = self.parts.get(path)
            self.replaced[path] = None if old is None else old[1]
            self.parts[path] = (key, part)
        return len(stale)

    def converted(self) -> Converted:
        ordered = sorted(self.jobs.values(), key=_job_order)
        return merge_parts(self.parts[job.path][1] for job in ordered)


def _record_ids(part: Converted) -> list[tuple[str, str]]:
    return [(record.id, kind) for record, kind, _ in part.records]


def _defined_ids(part: Converted) -> list[tuple[str, str]]:
    return [(record_id, kind) for record_id, kind, _ in part.defined]


# The fields `indexes.build_indexes` reads, by kind: when none changed, its result stands.
INDEXED_FIELDS = {
    "event": ("date", "end", "actors"),
    "quote": ("date", "speaker", "about", "event"),
    "section": ("order",),
    "actor": ("name", "kind", "aliases"),
    "source": (),
}


class Checker:
    """`validate` again after some files changed, reusing what the unchanged files gave.

    When the changed files define exactly the ids (and kinds) they defined before, the
    ids' kinds, the duplicate check and the other files' reference problems all stand:
    only the changed files' references are resolved again, their records replace the old
    ones and the reference indexes are patched. Otherwise everything is checked again.
    The result equals `validate` over all files (tests/test_incremental.py).
    """

    def __init__(self) -> None:
        self.explainer: Explainer | None = None
        self.kinds: dict[str, str] = {}
        # Problems by file, only the files that have some: gathering them after a patch
        # walks these, not every file.
        self.ref_problems: dict[Path, list[Diagnostic]] = {}
        self.part_problems: dict[Path, list[Diagnostic]] = {}
        self.site_cites: dict[Path, set[str]] = {}  # targets of references without owner
        self.places: dict[str, Position] = {}
        self.mentioned: dict[str, set[str]] = {}
        self.cited: dict[str, set[str]] = {}
        self.indexes_stand = False  # after `check`: the indexes of `previous` still hold
        self.previous: Explainer | None = None

    def check(
        self, cache: ContentCache, changes: dict[Path, Converted | None] | None
    ) -> tuple[Explainer | None, list[Diagnostic]]:
        """Check the cache's parts; `changes` is None when anything may have changed."""
        self.indexes_stand, self.previous = False, self.explainer
        self.replaced_ids: set[str] | None = None  # after a patch: the records replaced
        if changes is None or not self._can_patch(cache, changes):
            return self._full(cache)
        return self._patch(cache, changes)

    def _can_patch(self, cache: ContentCache, changes: dict[Path, Converted | None]) -> bool:
        if self.explainer is None:
            return False
        for path, old in changes.items():
            now = cache.parts.get(path)
            if old is None or now is None or old.site is not None or now[1].site is not None:
                return False
            new = now[1]
            if _defined_ids(old) != _defined_ids(new) or _record_ids(old) != _record_ids(new):
                return False
        return True

    def _full(self, cache: ContentCache) -> tuple[Explainer | None, list[Diagnostic]]:
        self.explainer = None
        ordered = [cache.parts[job.path] for job in sorted(cache.jobs.values(), key=_job_order)]
        paths = [job.path for job in sorted(cache.jobs.values(), key=_job_order)]
        converted = merge_parts(part for _, part in ordered)
        problems = list(converted.diagnostics)
        duplicates = check_duplicates(converted.defined)
        problems += duplicates
        kinds = kinds_of(converted.defined)
        suggester = Suggester(kinds)
        self.ref_problems, self.site_cites = {}, {}
        self.part_problems = {
            path: part.diagnostics
            for path, (_, part) in zip(paths, ordered, strict=True)
            if part.diagnostics
        }
        for path, (_, part) in zip(paths, ordered, strict=True):
            found = [
                Diagnostic.error(ref.pos, message)
                for ref in part.references
                if (message := check_reference(ref, kinds, suggester))
            ]
            if found:
                self.ref_problems[path] = found
            problems += found
            cites = {ref.target for ref in part.references if not ref.owner}
            if cites:
                self.site_cites[path] = cites
        if converted.site is None:
            return None, problems
        explainer, places, warnings = assemble(converted, kinds)
        problems += warnings
        if not duplicates:  # with duplicates, the next check is a whole one again
            self.explainer, self.kinds, self.places = explainer, kinds, places
            self.mentioned = {k: set(v) for k, v in explainer.mentioned_by.items()}
            self.cited = {k: set(v) for k, v in explainer.cited_by.items()}
        return explainer, problems

    def _pairs(self, part: Converted) -> set[tuple[str, str]]:
        kinds = self.explainer.kinds if self.explainer else {}
        return {
            (ref.target, ref.owner)
            for ref in part.references
            if ref.owner and ref.target in kinds and ref.owner != ref.target
        }

    def _patch(
        self, cache: ContentCache, changes: dict[Path, Converted | None]
    ) -> tuple[Explainer | None, list[Diagnostic]]:
        old_x = self.explainer
        assert old_x is not None
        suggester = Suggester(self.kinds)
        x = Explainer(
            old_x.site,
            *(dict(getattr(old_x, attr)) for attr in COLLECTIONS.values()),
            kinds=old_x.kinds,
        )
        touched: dict[str, set[str]] = {"mentioned": set(), "cited": set()}
        self.indexes_stand = True
        replaced: set[str] = set()
        for path, old in changes.items():
            assert old is not None
            new = cache.parts[path][1]
            found = [
                Diagnostic.error(ref.pos, message)
                for ref in new.references
                if (message := check_reference(ref, self.kinds, suggester))
            ]
            for table, problems_now in (
                (self.ref_problems, found),
                (self.part_problems, new.diagnostics),
            ):
                if problems_now:
                    table[path] = problems_now
                else:
                    table.pop(path, None)
            cites = {ref.target for ref in new.references if not ref.owner}
            if cites:
                self.site_cites[path] = cites
            else:
                self.site_cites.pop(path, None)
            for (record, kind, pos), (before, _, _) in zip(new.records, old.records, strict=True):
                table = getattr(x, kind + "s")
                if table.get(record.id) is before:  # the first definition is the one kept
                    table[record.id] = record
                    replaced.add(record.id)
                    self.places[record.id] = pos
                    if any(getattr(record, f) != getattr(before, f) for f in INDEXED_FIELDS[kind]):
                        self.indexes_stand = False
            old_pairs, new_pairs = self._pairs(old), self._pairs(new)
            for sign, pairs in ((False, old_pairs - new_pairs), (True, new_pairs - old_pairs)):
                for target, owner in pairs:
                    name = "cited" if x.kinds[target] == "source" else "mentioned"
                    table_sets = getattr(self, name)
                    if sign:
                        table_sets.setdefault(target, set()).add(owner)
                    else:
                        table_sets[target].discard(owner)
                    touched[name].add(target)
        for name, attr in (("mentioned", "mentioned_by"), ("cited", "cited_by")):
            if not touched[name]:  # the same index: the same object, cheap to compare
                setattr(x, attr, getattr(old_x, attr))
                continue
            sets, index = getattr(self, name), dict(getattr(old_x, attr))
            reorder = False
            for target in touched[name]:
                owners = sets.get(target)
                if owners:
                    reorder |= target not in index
                    index[target] = sorted(owners)
                else:
                    sets.pop(target, None)
                    index.pop(target, None)
            setattr(x, attr, dict(sorted(index.items())) if reorder else index)
        if any(kind == "actor" for part in changes.values() if part for _, kind, _ in part.records):
            x.relations_in = relations_into(x.actors)
        else:
            x.relations_in = old_x.relations_in
        # Order does not matter: the builder sorts them (`sort_diagnostics`).
        problems = [d for found in self.part_problems.values() for d in found]
        problems += [d for found in self.ref_problems.values() for d in found]
        site_cites = set().union(*self.site_cites.values())
        problems += [
            uncited_warning(source_id, self.places[source_id])
            for source_id in x.sources
            if source_id not in x.cited_by and source_id not in site_cites
        ]
        self.explainer, self.replaced_ids = x, replaced
        return x, problems


def _dict_changes(old: dict, new: dict, missing: object) -> Iterable[str]:
    for key in old.keys() | new.keys():
        a, b = old.get(key, missing), new.get(key, missing)
        if a is not b and a != b:
            yield key


def changed_keys(old: SiteData, new: SiteData, records: Iterable[str] | None = None) -> set[str]:
    """Every dependency key whose `dependency_value` differs between two builds' data.

    Templates are not covered here; the builder compares template files itself. `records`,
    when given, holds every id whose record may differ (the ids' kinds being the same).
    """
    x, y = old.explainer, new.explainer
    keys: set[str] = set()
    if (x.site, old.base_url, old.updated) != (y.site, new.base_url, new.updated):
        keys.add("site")
    for kind, attr in COLLECTIONS.items():
        a, b = getattr(x, attr), getattr(y, attr)
        if a is b:
            continue
        if len(a) != len(b) or tuple(a) != tuple(b):
            keys.update((f"collection:{kind}", f"ids:{kind}"))
        elif tuple(a.values()) != tuple(b.values()):
            keys.add(f"collection:{kind}")
    for name in ORDERS:
        a, b = getattr(old.indexes, name), getattr(new.indexes, name)
        if a is not b and a != b:
            keys.add(f"order:{name}")
    if records is not None and x.kinds is y.kinds:
        candidates: Iterable[str] = records
    else:
        candidates = x.kinds.keys() | y.kinds.keys()
    for record_id in candidates:
        ka, kb = x.kinds.get(record_id), y.kinds.get(record_id)
        if ka != kb:
            keys.add(f"record:{record_id}")
            continue
        ra, rb = x.record(record_id), y.record(record_id)
        if ra is not rb and ra != rb:
            keys.add(f"record:{record_id}")
    for name in EXPLAINER_INDEXES:
        a, b = getattr(x, name), getattr(y, name)
        if a is b:
            continue
        keys.update(
            f"index:{name}:{i}" for i in _dict_changes(a, b, []) if a.get(i, []) != b.get(i, [])
        )
    for name in INDEX_LOOKUPS:
        a, b = getattr(old.indexes, name), getattr(new.indexes, name)
        if a is b:
            continue
        keys.update(
            f"index:{name}:{i}" for i in _dict_changes(a, b, ()) if a.get(i, ()) != b.get(i, ())
        )
    return keys


def _hash_tree(root: Path | None) -> dict[str, str]:
    """Relative path -> content hash, for every file under `root`."""
    if root is None or not root.is_dir():
        return {}
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest = hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
            found[path.relative_to(root).as_posix()] = digest
    return found


class SiteBuilder:
    """Builds a site in memory, then rebuilds only what a change touched."""

    def __init__(
        self,
        content: Path,
        content_arg: str,
        base_url: str | None = None,
        templates: Path | None = None,
        static: Path | None = STATIC,
    ) -> None:
        self.content_arg = content_arg
        self.base_url = base_url
        self.templates = templates or TEMPLATES
        self.static = static
        self.cache = ContentCache(content, content_arg)
        self.checker = Checker()
        # The last good build: its data, pages (with static files) and page dependencies.
        self.data: SiteData | None = None
        self.pages: dict[str, bytes] = {}
        self.deps: dict[str, frozenset[str]] = {}
        self.pages_of: dict[str, set[str]] = defaultdict(set)  # key -> the pages that read it
        self.specs: dict[str, PageSpec] = {}
        self.template_hashes: dict[str, str] = {}
        self.static_hashes: dict[str, str] = {}
        self.renderer: Renderer | None = None

    @property
    def files(self) -> dict[str, bytes]:
        """Every output file of the last good build (pages and `static/...`)."""
        return self.pages

    def build(self, changed: Iterable[Path] | None = None) -> BuildResult:
        """Rebuild after `changed` paths changed (None: anything may have changed)."""
        started = time.perf_counter()
        changed_set = None if changed is None else {Path(p) for p in changed}
        # As in `pipeline`: nothing here makes cycles worth collecting, and a collection
        # would walk the whole kept site (a gigabyte at 50,000 records) again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            result = self._build(changed_set, started)
        finally:
            # What the builder keeps lives until the next build: move it out of the
            # collector's sight, so later collections (in any thread) skip it.
            gc.freeze()
            if collecting:
                gc.enable()
        return result

    def _build(self, changed_set: set[Path] | None, started: float) -> BuildResult:
        files_read = self.cache.update(self._content_paths(changed_set))
        changes = None if self.cache.rescanned else self.cache.replaced
        explainer, problems = self.checker.check(self.cache, changes)
        problems = sort_diagnostics(self.cache.found + problems)
        result = BuildResult(False, problems, files_read=files_read)
        if explainer is None or has_errors(problems):
            result.seconds = time.perf_counter() - started
            return result
        data = site_data(explainer, self.base_url, self._lookups(explainer))
        self._render(data, result)
        result.seconds = time.perf_counter() - started
        return result

    def _patched(self, last: SiteData) -> bool:
        """Whether the checked explainer was patched from `last`'s (same ids and kinds)."""
        return self.checker.replaced_ids is not None and last.explainer is self.checker.previous

    def _lookups(self, explainer: Explainer) -> Indexes:
        """The page indexes: the last build's when no field they read changed."""
        last = self.data
        stands = self.checker.indexes_stand and self.checker.previous is not None
        if last is not None and stands and last.explainer is self.checker.previous:
            return last.indexes
        return build_lookups(explainer)

    def _content_paths(self, changed: set[Path] | None) -> set[Path] | None:
        if changed is None:
            return None
        content = self.cache.content
        return {p for p in changed if p == content or content in p.parents}

    def _render(self, data: SiteData, result: BuildResult) -> None:
        template_hashes = _hash_tree(self.templates)
        static_hashes = _hash_tree(self.static)
        last = self.data
        patched = last is not None and self._patched(last)
        if patched and data.indexes is last.indexes and static_hashes == self.static_hashes:
            wanted = self.specs  # the same records and aliases: the same pages
        else:
            specs = plan_pages(data)
            clashes = find_collisions(specs, sorted(static_hashes))
            if clashes:
                result.diagnostics += [Diagnostic.error(Position("(site)"), m) for m in clashes]
                return
            wanted = {spec.path: spec for spec in specs}
        templates_changed = {
            f"template:{name}"
            for name in template_hashes.keys() | self.template_hashes.keys()
            if template_hashes.get(name) != self.template_hashes.get(name)
        }
        if self.renderer is None or templates_changed:
            self.renderer = Renderer(data, self.templates)
        self.renderer.data = data
        if last is None:
            result.full = True
            todo = list(wanted)
        else:
            records = self.checker.replaced_ids if patched else None
            keys = changed_keys(last, data, records) | templates_changed
            self.renderer.forget(keys)
            readers = self.pages_of
            shown = {path for key in keys for path in readers.get(key, ())}
            if wanted is self.specs:
                todo = [path for path in wanted if path in shown]
            else:
                todo = [
                    path
                    for path, spec in wanted.items()
                    if path in shown or self.specs.get(path) != spec
                ]
        rendered: dict[str, tuple[bytes, frozenset[str]]] = {}
        try:
            for path in todo:
                rendered[path] = self.renderer.render_page(wanted[path])
        except TemplateError as exc:
            self.renderer = None  # the environment may hold a broken template
            result.diagnostics.append(template_diagnostic(exc, self.templates))
            return
        pages, deps = self.pages, self.deps
        removed = [] if wanted is self.specs else [p for p in self.specs if p not in wanted]
        result.removed = sorted(removed)
        for path in result.removed:
            self._index(path, deps.pop(path), frozenset())
            del pages[path]
        for path, (text, used) in rendered.items():
            pages[path] = text
            self._index(path, deps.get(path, frozenset()), used)
            deps[path] = used
        result.static_changed = self._update_static(pages, static_hashes)
        self.data, self.specs = data, wanted
        self.template_hashes, self.static_hashes = template_hashes, static_hashes
        result.rendered = todo
        result.ok = True

    def _index(self, path: str, old: frozenset[str], new: frozenset[str]) -> None:
        """Move `path` in the key -> pages index from the keys `old` to the keys `new`."""
        if old is new or old == new:  # one pass, where two differences would take two
            return
        readers = self.pages_of
        for key in old - new if old else ():
            pages = readers[key]
            pages.discard(path)
            if not pages:
                del readers[key]
        for key in new - old if old else new:
            readers[key].add(path)

    def _update_static(self, pages: dict[str, bytes], hashes: dict[str, str]) -> list[str]:
        """Copy changed static files into `pages`; drop removed ones. The paths changed."""
        changed = []
        for name in self.static_hashes.keys() | hashes.keys():
            if self.static_hashes.get(name) == hashes.get(name):
                continue
            path = f"{STATIC_FOLDER}/{name}"
            changed.append(path)
            if name in hashes:
                assert self.static is not None
                pages[path] = (self.static / name).read_bytes()
            else:
                pages.pop(path, None)
        return sorted(changed)
