"""The content files, read and converted again only when they change.

`ContentFiles.read(changed)` gives each content file's converted records, exactly
as `pipeline.convert_file` makes them, but re-reads and re-converts only the
files in `changed`. The folder is listed again only when a path appears or goes
(an edit of an existing file keeps the listing). The first read of a large
explainer converts the files in forked processes, one run of files each, as the
one-shot build's `pipeline.convert_content` does.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..diagnostics import Diagnostic
from ..load import FileJob, find_files
from ..model import Converted
from ..pipeline import PARALLEL_FROM, convert_file
from .check import Files


class ContentFiles:
    """Each content file's converted records, kept until the file changes."""

    def __init__(self, content: Path, content_arg: str) -> None:
        self.content = content.absolute()  # absolute, like the paths the watcher reports
        self.content_arg = content_arg
        self._jobs: dict[Path, FileJob] | None = None  # in listing order
        self._found: list[Diagnostic] = []
        self._shown: dict[Path, str] = {}
        self._converted: dict[Path, Converted] = {}  # in listing order

    def owns(self, path: Path) -> bool:
        return path.is_relative_to(self.content)

    def read(self, changed: set[Path] | None) -> Files:
        """Every file converted (and the problems of listing them) after `changed` (None:
        anything may have changed)."""
        if changed is None:
            self._jobs, self._converted = None, {}
            changed = set()
        mine = {p for p in changed if self.owns(p)}
        if self._jobs is None or any(p not in self._jobs or not p.is_file() for p in mine):
            self._list(mine)
            return Files(self._converted, self._shown, list(self._found), None)
        self._converted.update(convert_each({p: self._jobs[p] for p in sorted(mine)}))
        return Files(self._converted, self._shown, list(self._found), frozenset(mine))

    def _list(self, changed: set[Path]) -> None:
        """List the folder again; convert the files that are new or changed."""
        jobs, self._found = find_files(self.content, self.content_arg)
        self._jobs = {job.path: job for job in jobs}  # one Path made per file
        self._shown = {path: job.shown for path, job in self._jobs.items()}
        kept = {p: c for p, c in self._converted.items() if p in self._jobs and p not in changed}
        fresh = convert_each({p: job for p, job in self._jobs.items() if p not in kept})
        self._converted = {p: kept.get(p) or fresh[p] for p in self._jobs}


def _workers(files: int) -> int:
    if files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(len(os.sched_getaffinity(0)), 8))


def convert_runs(jobs: list[FileJob]) -> list[Converted]:
    return [convert_file(job) for job in jobs]


def convert_each(by_path: dict[Path, FileJob]) -> dict[Path, Converted]:
    """Each file converted on its own; a large number over every core (forked workers)."""
    workers = _workers(len(by_path))
    if workers <= 1:
        return {path: convert_file(job) for path, job in by_path.items()}
    jobs = list(by_path.values())
    size = -(-len(jobs) // workers)
    runs = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(runs) - 1, mp_context=context) as pool:
        others = pool.map(convert_runs, runs[1:])
        parts = convert_runs(runs[0])
        for more in others:
            parts += more
    return dict(zip(by_path, parts, strict=True))
