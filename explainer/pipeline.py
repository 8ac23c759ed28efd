"""The first steps of every command: load, model, validate (content folder -> checked explainer).

`check`, `build` and the preview server all call `read_explainer`: there is one
way to check an explainer.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import fields
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from . import checkcache, readcache
from .checkcache import Keys
from .diagnostics import Diagnostic, Position, has_errors, sort_diagnostics
from .load import FileJob, find_files, load_file, read_text
from .model import Converted, convert_record
from .scalars import is_id
from .validate import Explainer, validate
from .workers import child_life, worker_died
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
BLOCK = 100  # files; blocks are dealt out to the processes in turn
# This process's share of the blocks, as a part of an even share: it also receives and
# unpacks the children's parts. Dealt evenly, at N = 10,000 on two cores it used about
# 1 s of CPU more than its child (of 7-10 s each, 3 runs); 0.95 made it 0.2-1.3 s less.
PARENT_SHARE = 0.97


def _workers(files: int) -> int:
    if files < PARALLEL_FROM or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 8))


def convert_content(jobs: list[FileJob], workers: int | None = None) -> Converted:
    """The model step over every core, with the result of `convert_files(jobs)`.

    The files are cut into blocks of up to `BLOCK`, dealt out in turn (`deal`), so each
    process gets its share of every kind of file. This process
    converts its own blocks while forked children convert theirs; a child inherits its
    blocks (nothing is pickled on the way out) and sends each part back packed as it is
    done, and a thread here receives them meanwhile (so sending and receiving overlap
    the converting). The parts are put back in file order.
    """
    workers = _workers(len(jobs)) if workers is None else workers
    if workers <= 1:
        return convert_files(jobs)
    from concurrent.futures import ThreadPoolExecutor  # only here: most builds convert in one

    blocks, owners = dealt(jobs, workers)
    context = multiprocessing.get_context("fork")
    children = []
    receiving = ThreadPoolExecutor(workers - 1)
    try:
        for worker in range(1, workers):
            receive, send = context.Pipe(duplex=False)
            share = [block for block, owner in zip(blocks, owners, strict=True) if owner == worker]
            child = context.Process(target=_convert_share, args=(share, send), daemon=True)
            child.start()
            send.close()
            children.append((child, receive, len(share)))
        arriving = [receiving.submit(_receive_share, *child) for child in children]
        mine = [b for b, owner in zip(blocks, owners, strict=True) if owner == 0]
        shares = [iter([convert_files(block) for block in mine])]
        shares += [iter(share.result()) for share in arriving]
    finally:
        for child, _, _ in children:
            if child.is_alive():
                child.terminate()
            child.join()
        receiving.shutdown()  # its threads end: a stopped child's pipe is closed
    return merge([next(shares[owner]) for owner in owners])


def dealt(
    jobs: list[FileJob], workers: int, share: float = PARENT_SHARE
) -> tuple[list[list[FileJob]], list[int]]:
    """The files cut into blocks of up to `BLOCK` (one for each process at least), and
    which process converts each (`deal`)."""
    size = max(1, min(BLOCK, len(jobs) // workers))
    blocks = [jobs[i : i + size] for i in range(0, len(jobs), size)]
    return blocks, deal(len(blocks), workers, share)


def deal(blocks: int, workers: int, share: float = PARENT_SHARE) -> list[int]:
    """Which process converts each block (0: this one): dealt in turn, this process taking
    `share` of an even share, as it also receives and unpacks the others' parts."""
    owners: list[int] = []
    taken = turn = 0
    for block in range(blocks):
        if taken < (block + 1) * share / workers:
            owners.append(0)
            taken += 1
        else:
            owners.append(1 + turn % (workers - 1))
            turn += 1
    return owners


Packed = tuple[Converted, list[tuple[object, ...]]]  # references made flat (`readcache.flat`)


def _convert_share(blocks: list[list[FileJob]], send: Connection) -> None:
    """A child's life: convert its blocks, send each back packed, and leave."""

    def work() -> None:
        for block in blocks:
            send.send(("ok", _packed(convert_files(block))))

    child_life(send, work)


def _receive_share(child: BaseProcess, receive: Connection, blocks: int) -> list[Converted]:
    """The parts of a child's `blocks` blocks, as it sends them."""
    return [_unpacked(received(child, receive)) for _ in range(blocks)]


def received(child: BaseProcess, receive: Connection) -> Any:
    """What a child sent next (as `("ok", value)`); one that sent `("bug", traceback)`
    raises it, and one that died without a word was killed from outside."""
    try:
        kind, value = receive.recv()
    except (EOFError, ConnectionResetError):  # reset: a two-way pipe with data unread
        child.join()
        raise worker_died("checking", child.exitcode, "nothing was checked") from None
    if kind == "bug":
        raise RuntimeError(f"checking failed in a worker process:\n{value}")
    return value


def _packed(part: Converted) -> Packed:
    """A Converted made quick to pickle: its references as plain tuples (a named tuple is
    pickled through a Python call each, and 50,000 files hold 400,000 references)."""
    references, part.references = part.references, []
    return part, [readcache.flat(r) for r in references]


def _unpacked(packed: Packed) -> Converted:
    """The Converted that `_packed` packed."""
    part, flat = packed
    part.references = readcache.unflat(flat)
    return part


def read_explainer(
    content: Path, content_arg: str | None = None
) -> tuple[Explainer | None, list[Diagnostic]]:
    """Load, model and validate a content folder; `content_arg` is how paths are shown."""
    jobs, found = find_files(content, str(content) if content_arg is None else content_arg)
    return check_converted(readcache.converted(jobs, convert_content, content), found)


def check_converted(
    converted: Converted, found: list[Diagnostic]
) -> tuple[Explainer | None, list[Diagnostic]]:
    """The validate step over converted files (`found`: the problems of finding them)."""
    explainer, problems = validate(converted)
    return explainer, sort_diagnostics(found + problems)


def check_content(content: Path, content_arg: str) -> list[Diagnostic]:
    """`check`: the problems `read_explainer` finds (kept for unchanged files: `checkcache`)."""
    jobs, found = find_files(content, content_arg)

    def check(jobs: list[FileJob], known: Keys | None) -> tuple[list[Diagnostic], Keys]:
        if known is None:  # no cache: each process converts and checks its share
            from . import splitcheck  # here: it imports this module

            return splitcheck.problems(jobs), [None] * len(jobs)
        return checkcache.checked(jobs, convert_content, content, known)

    return sort_diagnostics(found + checkcache.problems(jobs, content, check))
