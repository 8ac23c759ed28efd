"""The first steps of every command: load, model, validate (content folder -> checked explainer).

`check`, `build` and the preview server all call `read_explainer`: there is one
way to check an explainer.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import fields
from pathlib import Path

from .diagnostics import Diagnostic, Position, has_errors, sort_diagnostics
from .load import FileJob, find_files, load_file, read_text
from .model import Converted, OpenerPlace, Reference, convert_record
from .scalars import is_id
from .validate import Explainer, validate
from .workers import worker_died
from .yamlhelp import ids_in_unreadable, unreadable_note


def convert_file(job: FileJob, out: Converted | None = None) -> Converted:
    """Load and convert one file, adding to `out` (a new Converted when none)."""
    out = Converted() if out is None else out
    records, problems = load_file(job)
    out.diagnostics += problems
    if not records and job.kind != "site" and has_errors(problems):
        # An unreadable file still claims its ids, so references to them do not cascade.
        claims, note = unreadable_claims(job)
        out.defined += claims
        out.diagnostics += note
    for raw in records:
        convert_record(raw, out)
    return out


def convert_files(jobs: list[FileJob]) -> Converted:
    """The model step: load and convert files into one Converted (records, references,
    problems)."""
    out = Converted()
    for job in jobs:
        convert_file(job, out)
    return out


def merge(parts: list[Converted]) -> Converted:
    """The Converted of several files, in order (as `convert_files` would make it):
    each list field joined, each other field the last one set."""
    out = Converted()
    names = [f.name for f in fields(Converted)]
    lists = [n for n in names if isinstance(getattr(out, n), list)]
    others = [n for n in names if n not in lists]
    joined: dict[str, list[object]] = {n: [] for n in lists}
    for part in parts:
        for name in lists:
            joined[name] += getattr(part, name)
        for name in others:
            if getattr(part, name) is not None:
                setattr(out, name, getattr(part, name))
    for name in lists:
        setattr(out, name, joined[name])
    return out


def unreadable_claims(
    job: FileJob,
) -> tuple[list[tuple[str, str, Position]], list[Diagnostic]]:
    """The ids a file that could not be read would have held, and a note saying so once.

    A list file's ids are read from its text (`- id: …` lines); otherwise the
    file's name is its id.
    """
    text = read_text(job.path, job.shown)[0] if job.kind != "section" else None
    found = [(i, line) for i, line in ids_in_unreadable(text or "") if is_id(i)]
    if not found:
        stem = job.path.stem
        return ([(stem, job.kind, Position(job.shown))] if is_id(stem) else []), []
    claims = [(i, job.kind, Position(job.shown, line)) for i, line in found]
    return claims, [Diagnostic.warning(Position(job.shown), unreadable_note([i for i, _ in found]))]


PARALLEL_FROM = 3000  # files; below this, starting a process costs more than it saves


def _workers(files: int) -> int:
    if files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 8))


def convert_content(jobs: list[FileJob], workers: int | None = None) -> Converted:
    """The model step over every core: each process converts a run of the files (this one
    the first), and the parts come back in order, so the result is `convert_files(jobs)`."""
    workers = _workers(len(jobs)) if workers is None else workers
    if workers <= 1:
        return convert_files(jobs)
    size = -(-len(jobs) // workers)
    runs = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    # An executor, not a Pool: a Pool waits forever for the share of a killed worker.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(runs) - 1, mp_context=context) as pool:
        others = pool.map(_convert_run, runs[1:])
        processes = list(getattr(pool, "_processes", {}).values())  # to say how one ended
        first = convert_files(runs[0])
        try:
            return merge([first, *(_unpacked(*other) for other in others)])
        except BrokenProcessPool:
            # The executor's own thread reaps the dead worker; read exit codes after it has.
            pool.shutdown(wait=True)
            codes = [p.exitcode for p in processes if p.exitcode]
            died = worker_died("checking", codes[0] if codes else None, "nothing was checked")
            raise died from None


FlatReference = tuple[str, str, tuple[str, ...], bool, tuple[object, ...], str, str, bool]


def _convert_run(jobs: list[FileJob]) -> tuple[Converted, list[FlatReference]]:
    """A worker's run of files, made quick to send back: its references as plain tuples
    (named tuples are pickled through a Python call each; a run holds 200,000)."""
    part = convert_files(jobs)
    references, part.references = part.references, []
    flat = [
        (r.owner, r.target, r.kinds, isinstance(r.place, OpenerPlace), tuple(r.place), *r[4:])
        for r in references
    ]
    return part, flat


def _unpacked(part: Converted, flat: list[FlatReference]) -> Converted:
    """The Converted that `_convert_run` sent."""
    part.references = [
        Reference(owner, target, kinds, OpenerPlace(*at) if opener else Position(*at), *rest)
        for owner, target, kinds, opener, at, *rest in flat
    ]
    return part


def read_explainer(
    content: Path, content_arg: str | None = None
) -> tuple[Explainer | None, list[Diagnostic]]:
    """Load, model and validate a content folder; `content_arg` is how paths are shown."""
    jobs, found = find_files(content, str(content) if content_arg is None else content_arg)
    return check_converted(convert_content(jobs), found)


def check_converted(
    converted: Converted, found: list[Diagnostic]
) -> tuple[Explainer | None, list[Diagnostic]]:
    """The validate step over converted files (`found`: the problems of finding them)."""
    explainer, problems = validate(converted)
    return explainer, sort_diagnostics(found + problems)


def check_content(content: Path, content_arg: str) -> list[Diagnostic]:
    """`check`: the problems `read_explainer` finds."""
    return read_explainer(content, content_arg)[1]
