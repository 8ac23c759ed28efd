"""Watch folders for changed files: inotify on Linux, polling elsewhere.

A watcher runs in its own thread and calls `notify(paths)` with the absolute
paths that changed, or `notify(None)` when it lost track (an inotify queue
overflow) and everything must be looked at again. Editor droppings (swap and
backup files, vim's `4913` probe) are left out.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
import threading
from collections.abc import Callable
from pathlib import Path

Notify = Callable[[set[Path] | None], None]

IN_MODIFY = 0x002
IN_ATTRIB = 0x004
IN_CLOSE_WRITE = 0x008
IN_MOVED_FROM = 0x040
IN_MOVED_TO = 0x080
IN_CREATE = 0x100
IN_DELETE = 0x200
IN_DELETE_SELF = 0x400
IN_MOVE_SELF = 0x800
IN_Q_OVERFLOW = 0x4000
IN_IGNORED = 0x8000
IN_ISDIR = 0x40000000
IN_NONBLOCK = 0o4000
IN_CLOEXEC = 0o2000000
WATCH_MASK = (
    IN_MODIFY
    | IN_ATTRIB
    | IN_CLOSE_WRITE
    | IN_MOVED_FROM
    | IN_MOVED_TO
    | IN_CREATE
    | IN_DELETE
    | IN_DELETE_SELF
    | IN_MOVE_SELF
)
_EVENT = struct.Struct("iIII")


def is_noise(name: str) -> bool:
    """Files editors write beside the real one, which no build reads."""
    return (
        name.startswith((".#", ".~"))
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp"))
        or name == "4913"
        or (name.startswith(".") and name.endswith(".kate-swp"))
    )


class _Watcher:
    """A watcher runs in a thread of its own until stopped."""

    _thread: threading.Thread
    _stop: threading.Event

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)


class InotifyWatcher(_Watcher):
    """Recursive inotify watches on a few folders, read in a background thread."""

    def __init__(self, roots: list[Path], notify: Notify) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self._add = libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self._fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._notify = notify
        self._dirs: dict[int, Path] = {}
        self._stop = threading.Event()
        for root in roots:
            if root.is_dir():
                self._watch_tree(root.absolute())
        self._thread = threading.Thread(target=self._run, name="explainer-watch", daemon=True)

    def _watch_tree(self, folder: Path) -> None:
        for path in [folder, *(p for p in folder.rglob("*") if p.is_dir())]:
            wd = self._add(self._fd, os.fsencode(path), WATCH_MASK)
            if wd >= 0:
                self._dirs[wd] = path

    def stop(self) -> None:
        super().stop()
        os.close(self._fd)

    def _run(self) -> None:
        while not self._stop.is_set():
            ready, _, _ = select.select([self._fd], [], [], 0.2)
            if not ready:
                continue
            try:
                data = os.read(self._fd, 256 * 1024)
            except BlockingIOError:
                continue
            changed = self._parse(data)
            if changed is None or changed:
                self._notify(changed)

    def _parse(self, data: bytes) -> set[Path] | None:
        changed: set[Path] = set()
        offset = 0
        while offset < len(data):
            wd, mask, _, length = _EVENT.unpack_from(data, offset)
            raw = data[offset + _EVENT.size : offset + _EVENT.size + length]
            offset += _EVENT.size + length
            if mask & IN_Q_OVERFLOW:
                return None
            folder = self._dirs.get(wd)
            if mask & IN_IGNORED:
                self._dirs.pop(wd, None)
            if folder is None:
                continue
            name = os.fsdecode(raw.rstrip(b"\0"))
            if not name:  # the watched folder itself moved or went away
                changed.add(folder)
                continue
            if is_noise(name):
                continue
            path = folder / name
            if mask & IN_ISDIR and mask & (IN_CREATE | IN_MOVED_TO):
                self._watch_tree(path)  # files written into it before the watch are rescanned
            changed.add(path)
        return changed


class PollingWatcher(_Watcher):
    """Compare the stat of every file twice a second; for systems without inotify."""

    def __init__(self, roots: list[Path], notify: Notify, interval: float = 0.5) -> None:
        self._roots = [r.absolute() for r in roots]
        self._notify = notify
        self._interval = interval
        self._stop = threading.Event()
        self._seen = self._scan()
        self._thread = threading.Thread(target=self._run, name="explainer-poll", daemon=True)

    def _scan(self) -> dict[Path, tuple[int, int]]:
        seen = {}
        for root in self._roots:
            for path in root.rglob("*") if root.is_dir() else ():
                try:
                    st = path.stat()
                except OSError:
                    continue
                if not is_noise(path.name):
                    seen[path] = (st.st_mtime_ns, st.st_size)
        return seen

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            now = self._scan()
            changed = {p for p in now.keys() | self._seen.keys() if now.get(p) != self._seen.get(p)}
            self._seen = now
            if changed:
                self._notify(changed)


def make_watcher(roots: list[Path], notify: Notify) -> InotifyWatcher | PollingWatcher:
    """inotify where the system has it, else polling."""
    try:
        return InotifyWatcher(roots, notify)
    except (OSError, AttributeError):
        return PollingWatcher(roots, notify)
