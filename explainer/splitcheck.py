"""`check` with no cache over every core: each process converts and checks its own share
of the files, and only ids and problems pass between the processes.

`problems(jobs)` is `validate_problems(convert_files(jobs))`, the plain path, made in two
rounds over the blocks of files that `pipeline.dealt` deals out (as `convert_content` does):

1. every process converts its blocks; a child sends back, for each block, what the ids
   of the whole explainer are made of (`claims`: the ids defined, the actors' aliases,
   the files' own problems, the site, the source records) and keeps the rest;
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
from collections.abc import Iterable
from dataclasses import replace
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from typing import TypeVar

from . import pipeline
from .diagnostics import Diagnostic
from .load import FileJob
from .model import Converted
from .validate import References, cited_ids, id_problems, uncited, validate_problems
from .workers import child_life

# This process's share of the blocks, as a part of an even share. Even: what it does
# while the children wait (joining the claims, checking the ids as a whole: about 0.1 s
# at N = 10,000) is about what a child does after converting (sending its claims, then
# finding the ids it cites, meanwhile); it converted its last block about 5 % sooner than
# its child with 0.95 (3 runs on a loaded machine).
PARENT_SHARE = 1.0
T = TypeVar("T")


def problems(jobs: list[FileJob], workers: int | None = None) -> list[Diagnostic]:
    """The problems of `validate_problems(convert_files(jobs))`, over `workers` processes
    (by default as many as `convert_content` would use)."""
    workers = pipeline._workers(len(jobs)) if workers is None else workers
    if workers <= 1:
        return validate_problems(pipeline.convert_files(jobs))
    blocks, owners = pipeline.dealt(jobs, workers, PARENT_SHARE)
    context = multiprocessing.get_context("fork")
    children: list[tuple[BaseProcess, Connection]] = []
    try:
        for worker in range(1, workers):
            share = [block for block, owner in zip(blocks, owners, strict=True) if owner == worker]
            here, there = context.Pipe()
            child = context.Process(target=_check_share, args=(share, there), daemon=True)
            child.start()
            there.close()
            children.append((child, here))
        return _check_mine(blocks, owners, children)
    finally:
        for child, _ in children:
            if child.is_alive():
                child.terminate()
            child.join()


def _check_mine(
    blocks: list[list[FileJob]],
    owners: list[int],
    children: list[tuple[BaseProcess, Connection]],
) -> list[Diagnostic]:
    """This process's rounds: convert its blocks, check the ids of all, send them out,
    check its references, and put every process's problems in order."""
    mine = [pipeline.convert_files(b) for b, owner in zip(blocks, owners, strict=True) if not owner]
    named = cited(mine)  # before the claims: time a child still converting takes anyway
    theirs = [pipeline.received(*child) for child in children]
    whole = pipeline.merge(in_order(owners, [[claims(p) for p in mine], *theirs]))
    found, kinds, aliases = id_problems(whole)
    for _, connection in children:
        with contextlib.suppress(ConnectionError):  # one that died says so when received
            connection.send((kinds, aliases))
    references = References(kinds, aliases)
    checked = [([references.problems(p.references) for p in mine], sources(named, kinds))]
    checked += [pipeline.received(*child) for child in children]
    for block in in_order(owners, [problems for problems, _ in checked]):
        found += block
    if whole.site is None:
        return found
    return found + uncited(whole.records, kinds, set().union(*(c for _, c in checked)))


def _check_share(blocks: list[list[FileJob]], connection: Connection) -> None:
    """A child's life: convert its blocks, send their claims, receive the ids' kinds and
    aliases, check its references, send their problems, and leave."""

    def work() -> None:
        parts = [pipeline.convert_files(block) for block in blocks]
        connection.send(("ok", [claims(part) for part in parts]))
        named = cited(parts)  # while this process checks the ids
        kinds, aliases = connection.recv()
        references = References(kinds, aliases)
        found = [references.problems(part.references) for part in parts]
        connection.send(("ok", (found, sources(named, kinds))))

    child_life(connection, work)


def claims(part: Converted) -> Converted:
    """What checking the ids as a whole and the uncited sources read of a block's
    Converted: all but its references and the records that are not sources."""
    sources = [record for record in part.records if record[1] == "source"]
    return replace(part, records=sources, references=[])


def cited(parts: Iterable[Converted]) -> set[str]:
    """The ids the references of `parts` cite (`validate.cited_ids`)."""
    return set().union(*(cited_ids(part.references) for part in parts))


def sources(ids: set[str], kinds: dict[str, str]) -> set[str]:
    """The sources among `ids` (all that `validate.uncited` asks about)."""
    return {i for i in ids if kinds.get(i) == "source"}


def in_order(owners: list[int], shares: list[list[T]]) -> list[T]:
    """The blocks' items in file order, from each process's items in its blocks' order."""
    taken = [iter(share) for share in shares]
    return [next(taken[owner]) for owner in owners]
