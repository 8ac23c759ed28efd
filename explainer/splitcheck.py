"""`check` with no cache over every core: each process converts and checks its own share
of the files, and only ids and problems pass between the processes.

`problems(jobs)` is `validate_problems(convert_files(jobs))`, the plain path, made in two
rounds over blocks of `BLOCK` files:

1. every process takes the next block not yet taken (`Turns`), converts it, and so on
   until none is left, so the processes end converting at about the same time however
   the files' sizes and the machine's other work fall; a child then sends back, for each
   of its blocks, what the ids of the whole explainer are made of (`claims`: the ids
   defined, the actors' aliases, the files' own problems, the site, the source records)
   and keeps the rest;
2. this process joins the claims in file order and finds the problems of the ids as a
   whole (`validate.id_problems`: duplicates, aliases), then sends every child the ids'
   kinds and the aliases usable as ids; each process checks its own blocks' references
   against them (`validate.References`), and a child sends back the problems of each
   block and which sources its blocks cite.

So the records and references (nearly all the bytes converting makes) never cross a
pipe, and checking the references runs on every core. The problems are the plain
path's, in its order: the files' own, the ids', the references' in file order, then
the uncited sources (`tests/test_splitcheck.py` compares the two).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Iterable, Iterator
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess

from . import pipeline
from .diagnostics import Diagnostic
from .load import FileJob
from .model import Converted
from .validate import References, cited_ids, id_problems, uncited, validate_problems
from .workers import child_life

# Files per block. Small, so that the last blocks taken end about together: a block of
# 100 of the generated explainer's source files (50 records each) took 0.3-0.7 s.
BLOCK = 25
MAX_BLOCKS = 2048  # `Turns` writes 2 bytes a block: 4 KiB, what any pipe holds (a page)


class Turns:
    """The block numbers, in a pipe every process reads the next one from: each block is
    converted by one process, whichever is free first (as make's jobserver hands out its
    tokens). Nothing is locked, so a process that is killed leaves no one waiting."""

    SIZE = 2  # bytes a number

    def __init__(self, count: int) -> None:
        self.read, write = os.pipe()
        try:  # all at once, before any process reads: less than the pipe holds
            os.write(write, b"".join(n.to_bytes(self.SIZE, "little") for n in range(count)))
        finally:
            os.close(write)

    def __iter__(self) -> Iterator[int]:
        while data := os.read(self.read, self.SIZE):
            yield int.from_bytes(data, "little")

    def close(self) -> None:
        os.close(self.read)


def cut(jobs: list[FileJob]) -> list[list[FileJob]]:
    """The files in blocks of `BLOCK` (more, for an explainer of over `MAX_BLOCKS` blocks)."""
    size = max(BLOCK, -(-len(jobs) // MAX_BLOCKS))
    return [jobs[i : i + size] for i in range(0, len(jobs), size)]


def problems(jobs: list[FileJob], workers: int | None = None) -> list[Diagnostic]:
    """The problems of `validate_problems(convert_files(jobs))`, over `workers` processes
    (by default as many as `convert_content` would use)."""
    workers = pipeline._workers(len(jobs)) if workers is None else workers
    if workers <= 1:
        return validate_problems(pipeline.convert_files(jobs))
    blocks = cut(jobs)
    context = multiprocessing.get_context("fork")
    children: list[tuple[BaseProcess, Connection]] = []
    turns = Turns(len(blocks))
    try:
        for _ in range(1, workers):
            here, there = context.Pipe()
            child = context.Process(target=_check_share, args=(blocks, turns, there), daemon=True)
            child.start()
            there.close()
            children.append((child, here))
        return _check_mine(blocks, turns, children)
    finally:
        turns.close()
        for child, _ in children:
            if child.is_alive():
                child.terminate()
            child.join()


def _check_mine(
    blocks: list[list[FileJob]], turns: Turns, children: list[tuple[BaseProcess, Connection]]
) -> list[Diagnostic]:
    """This process's rounds: convert the blocks it takes, check the ids of all, send them
    out, check its references, and put every process's problems in order."""
    mine = {block: kept(pipeline.convert_files(blocks[block])) for block in turns}
    named = cited(mine.values())  # before the claims: a child may still be converting
    claimed = {block: claims(part) for block, part in mine.items()}
    for child in children:
        claimed |= pipeline.received(*child)
    whole = pipeline.merge([claimed[block] for block in range(len(blocks))])
    found, kinds, aliases = id_problems(whole)
    for _, connection in children:
        with contextlib.suppress(ConnectionError):  # one that died says so when received
            connection.send((kinds, aliases))
    references = References(kinds, aliases)
    checked = {block: references.problems(part.references) for block, part in mine.items()}
    cited_sources = sources(named, kinds)
    for child in children:
        theirs, their_sources = pipeline.received(*child)
        checked |= theirs
        cited_sources |= their_sources
    for block in range(len(blocks)):
        found += checked[block]
    if whole.site is None:
        return found
    return found + uncited(whole.records, kinds, cited_sources)


def _check_share(blocks: list[list[FileJob]], turns: Turns, connection: Connection) -> None:
    """A child's life: convert the blocks it takes, send their claims, receive the ids'
    kinds and aliases, check its references, send their problems, and leave."""

    def work() -> None:
        parts = {block: kept(pipeline.convert_files(blocks[block])) for block in turns}
        connection.send(("ok", {block: claims(part) for block, part in parts.items()}))
        named = cited(parts.values())  # while this process checks the ids
        kinds, aliases = connection.recv()
        references = References(kinds, aliases)
        found = {block: references.problems(part.references) for block, part in parts.items()}
        connection.send(("ok", (found, sources(named, kinds))))

    child_life(connection, work)


def kept(part: Converted) -> Converted:
    """What the later rounds read of a block's Converted: all but the records that are
    not sources, dropped at once (most of what the collector would walk, and free at
    the end)."""
    part.records = [record for record in part.records if record[1] == "source"]
    return part


def claims(part: Converted) -> Converted:
    """What checking the ids as a whole and the uncited sources read of a block's
    Converted (`kept`): all but its references."""
    return replace(part, references=[])


def cited(parts: Iterable[Converted]) -> set[str]:
    """The ids the references of `parts` cite (`validate.cited_ids`)."""
    return set().union(*(cited_ids(part.references) for part in parts))


def sources(ids: set[str], kinds: dict[str, str]) -> set[str]:
    """The sources among `ids` (all that `validate.uncited` asks about)."""
    return {i for i in ids if kinds.get(i) == "source"}
