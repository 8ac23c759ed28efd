"""Content folder to checked explainer: find, load and convert files, then validate."""

from __future__ import annotations

import gc
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .diagnostics import Diagnostic, Position, sort_diagnostics
from .load import FileJob, find_files, load_file
from .model import Converted, convert_record, is_id
from .validate import Explainer, validate

PARALLEL_FROM = 3000  # files; below this, starting processes costs more than it saves


def convert_files(jobs: list[FileJob]) -> Converted:
    """Load and convert files into one Converted (its records, references, problems)."""
    out = Converted()
    for job in jobs:
        records, problems = load_file(job)
        out.diagnostics += problems
        if not records and job.kind != "site" and is_id(job.path.stem):
            # An unreadable file still claims its name, so references to it do not cascade.
            out.defined.append((job.path.stem, job.kind, Position(job.shown)))
        for raw in records:
            convert_record(raw, out)
    return out


def _merge(parts: list[Converted]) -> Converted:
    merged = Converted()
    for part in parts:
        merged.site = merged.site or part.site
        merged.records += part.records
        merged.references += part.references
        merged.defined += part.defined
        merged.diagnostics += part.diagnostics
    return merged


def _workers(jobs: list[FileJob]) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return min(cores or 1, 8) if forkable and len(jobs) >= PARALLEL_FROM else 1


def convert_all_files(jobs: list[FileJob]) -> Converted:
    """Convert files, in parallel processes when there are many (YAML parsing is CPU-bound)."""
    workers = _workers(jobs)
    if workers == 1:
        return convert_files(jobs)
    chunks = [jobs[i::workers] for i in range(workers)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return _merge(list(pool.map(convert_files, chunks)))


def read_explainer(
    content: Path, content_arg: str | None = None
) -> tuple[Explainer | None, list[Diagnostic]]:
    """Read and check a content folder; `content_arg` is how paths are shown (default: as given)."""
    # The cyclic garbage collector would walk the growing tree of nodes again and again
    # (a third of the time at 50,000 records); nothing here makes cycles worth collecting.
    collecting = gc.isenabled()
    gc.disable()
    try:
        jobs, found = find_files(content, str(content) if content_arg is None else content_arg)
        converted = convert_all_files(jobs)
        explainer, problems = validate(converted)
    finally:
        if collecting:
            gc.enable()
    return explainer, sort_diagnostics(found + problems)
