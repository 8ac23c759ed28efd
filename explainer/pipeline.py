"""Content folder to checked explainer: find, load and convert files, then validate."""

from __future__ import annotations

import gc
import multiprocessing
import os
from multiprocessing.connection import Connection
from pathlib import Path

from .diagnostics import Diagnostic, Position, sort_diagnostics
from .load import FileJob, find_files, load_file, read_text
from .model import Converted, convert_record, is_id
from .validate import (
    Explainer,
    check_duplicates,
    kinds_of,
    resolve_references,
    uncited_warning,
    validate,
)
from .yamlhelp import ids_in_unreadable, unreadable_note

PARALLEL_FROM = 3000  # files; below this, starting processes costs more than it saves


def convert_files(jobs: list[FileJob]) -> Converted:
    """Load and convert files into one Converted (its records, references, problems)."""
    out = Converted()
    for job in jobs:
        records, problems = load_file(job)
        out.diagnostics += problems
        if not records and job.kind != "site":
            # An unreadable file still claims its ids, so references to them do not cascade.
            claims, note = unreadable_claims(job)
            out.defined += claims
            out.diagnostics += note
        for raw in records:
            convert_record(raw, out)
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


def _workers(jobs: list[FileJob]) -> int:
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    forkable = "fork" in multiprocessing.get_all_start_methods()
    return min(cores or 1, 8) if forkable and len(jobs) >= PARALLEL_FROM else 1


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
        converted = convert_files(jobs)
        explainer, problems = validate(converted)
    finally:
        if collecting:
            gc.enable()
    return explainer, sort_diagnostics(found + problems)


def _check_worker(jobs: list[FileJob], conn: Connection) -> None:
    """One process of `check_content`: convert its files, then resolve their references."""
    gc.disable()
    converted = convert_files(jobs)
    conn.send(converted.defined)
    kinds: dict[str, str] = conn.recv()
    problems = converted.diagnostics + resolve_references(converted, kinds)
    cited = {ref.target for ref in converted.references if kinds.get(ref.target) == "source"}
    sources = [(r.id, pos) for r, kind, pos in converted.records if kind == "source"]
    conn.send((problems, cited, sources))
    conn.close()


def check_content(content: Path, content_arg: str) -> list[Diagnostic]:
    """The problems of a content folder, as `read_explainer` finds them, for `check`.

    `check` needs no model at the end, so a large explainer is checked in one
    process per core, in two rounds: each converts its share of the files and
    reports the ids it defines; then, given every id, each resolves its own
    references. Only ids and problems cross between processes.
    """
    jobs, found = find_files(content, content_arg)
    workers = _workers(jobs)
    if workers == 1:
        return read_explainer(content, content_arg)[1]
    context = multiprocessing.get_context("fork")
    connections, processes = [], []
    for chunk in (jobs[i::workers] for i in range(workers)):
        parent, child = context.Pipe()
        process = context.Process(target=_check_worker, args=(chunk, child), daemon=True)
        process.start()
        child.close()
        connections.append(parent)
        processes.append(process)
    try:
        defined = [entry for conn in connections for entry in conn.recv()]
        kinds = kinds_of(defined)
        for conn in connections:
            conn.send(kinds)
        problems = found + check_duplicates(defined)
        cited: set[str] = set()
        sources: dict[str, Position] = {}
        for conn in connections:
            part, cited_part, sources_part = conn.recv()
            problems += part
            cited |= cited_part
            for source_id, pos in sources_part:
                sources.setdefault(source_id, pos)
    except EOFError as exc:  # a worker died: a bug, not a content problem
        raise RuntimeError("a checking process stopped unexpectedly") from exc
    finally:
        for process in processes:
            process.join()
    problems += [uncited_warning(i, pos) for i, pos in sorted(sources.items()) if i not in cited]
    return sort_diagnostics(problems)
