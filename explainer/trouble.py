"""Failures of the preview server's own machinery, shown where content problems are shown.

A watcher that ran into a problem or a rebuild that raised is not a content
problem, but the editor must still hear of it: each is printed in the terminal
at once and kept for the page overlay of the next snapshot, so a preview that
may be stale never looks fresh.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from .diagnostics import Diagnostic, Position

WHERE = Position("(preview server)")


class Troubles:
    """Messages about the server's failures: printed now, shown on the pages next."""

    def __init__(self, log: Callable[[str], None]) -> None:
        self._log = log
        self._lock = threading.Lock()  # the watcher and rebuild threads both report
        self._pending: list[Diagnostic] = []

    def report(self, message: str) -> None:
        self._log(f"error: {message}")
        with self._lock:
            self._pending.append(Diagnostic.error(WHERE, message))

    def take(self) -> tuple[Diagnostic, ...]:
        """The failures reported since the last call, for the next snapshot's overlay."""
        with self._lock:
            taken, self._pending = tuple(self._pending), []
        return taken
