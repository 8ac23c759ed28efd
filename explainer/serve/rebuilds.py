"""Turning bursts of file changes into single rebuilds, one at a time, in one thread."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from pathlib import Path

# Seconds without a change before a rebuild starts. Editors save in bursts of events a few
# milliseconds apart (write, rename, chmod), so 50 ms still makes one rebuild of a save,
# while each save to reload waits 50 ms less; tests/test_serve.py runs its burst tests at
# this value.
QUIET = 0.05


class Rebuilds:
    """Turns bursts of changes into single rebuilds, one at a time, in one thread."""

    def __init__(self, rebuild: Callable[[set[Path] | None], None], quiet: float = QUIET) -> None:
        self._rebuild = rebuild
        self._quiet = quiet
        self._cond = threading.Condition()
        self._pending: set[Path] | None = set()
        self._dirty = False
        self._last = 0.0
        self.first = self.taken = 0.0  # when the first change of a burst came; when taken
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="explainer-rebuild", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._stopped = True
            self._cond.notify_all()
        if self._thread.is_alive():
            self._thread.join(timeout=30)

    def full_next(self) -> None:
        """Make the next rebuild look at everything (after a failure), without starting one."""
        with self._cond:
            self._pending = None

    def notify(self, paths: set[Path] | None) -> None:
        """Some paths changed (None: anything may have)."""
        with self._cond:
            if paths is None or self._pending is None:
                self._pending = None
            else:
                self._pending |= paths
            if not self._dirty:
                self.first = time.perf_counter()
            self._dirty = True
            self._last = time.monotonic()
            self._cond.notify_all()

    def _take(self) -> set[Path] | bool | None:
        """Wait for changes and then for quiet; the changes, or False when stopping."""
        with self._cond:
            while not self._dirty and not self._stopped:
                self._cond.wait()
            while not self._stopped:
                wait = self._last + self._quiet - time.monotonic()
                if wait <= 0:
                    break
                self._cond.wait(wait)
            if self._stopped:
                return False
            paths, self._pending, self._dirty = self._pending, set(), False
            self.taken = time.perf_counter()
            return paths

    def _run(self) -> None:
        while True:
            paths = self._take()
            if paths is False:
                return
            assert paths is None or isinstance(paths, set)
            self._rebuild(paths)  # changes during this call make exactly one more
