"""A worker process that died: one clear line for the user, never a traceback or a hang.

`check` and `build` fork worker processes on a large explainer. The system
may kill one (the out-of-memory killer sends SIGKILL); then the parent must
stop the others, leave the output as it was, and say what happened in one
line. `WorkerDied` carries that line; `cli` prints it and exits 1.
"""

from __future__ import annotations

import os
import signal
import sys
import traceback
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import NoReturn


class WorkerDied(Exception):
    """A worker process ended without its results; the message is for the user."""


def how_it_ended(exitcode: int | None) -> str:
    """A process's exit code in words: 'was killed by signal SIGKILL (...)' and so on."""
    if exitcode is None:
        return "stopped without a word"
    if exitcode >= 0:
        return f"stopped with exit status {exitcode}"
    try:
        name = signal.Signals(-exitcode).name
    except ValueError:
        name = str(-exitcode)
    memory = " (the system may have run out of memory)" if -exitcode == signal.SIGKILL else ""
    return f"was killed by signal {name}{memory}"


def worker_died(what: str, exitcode: int | None, outcome: str) -> WorkerDied:
    """The error for a `what` process ("checking") that ended with `exitcode`; `outcome`
    says what that means for the run ("nothing was checked")."""
    return WorkerDied(f"a {what} process {how_it_ended(exitcode)}; {outcome}; run it again")


def child_life(connection: Connection, work: Callable[[], None]) -> NoReturn:
    """Run a forked child's `work`, then leave: a bug is sent to the parent as
    `("bug", traceback)`, and the child exits without running the parent's exit handlers."""
    try:
        work()
    except BaseException:  # a bug: the parent raises it with this traceback
        connection.send(("bug", traceback.format_exc()))
    finally:
        connection.close()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
