"""Watch folders for changed files: inotify on Linux, polling elsewhere.

A watcher runs in its own thread and calls `notify(paths)` with the absolute
paths that changed, or `notify(None)` when it lost track (an inotify queue
overflow, a watched folder replaced, a failure of its own) and everything must
be looked at again. Editor droppings (swap and backup files, vim's `4913`
probe) are left out.

It never dies of what happens on disk: folders that appear and vanish while
it scans them are skipped, a watched folder that is deleted and made again is
watched again (the folder holding it is watched for that), and any other
failure is passed to `on_error` and followed by `notify(None)`.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import select
import struct
import sys
import threading
from collections.abc import Callable
from pathlib import Path

Notify = Callable[[set[Path] | None], None]
OnError = Callable[[str], None]

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
IN_ONLYDIR = 0x01000000
IN_MASK_ADD = 0x20000000
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
PARENT_MASK = IN_CREATE | IN_MOVED_TO | IN_DELETE | IN_MOVED_FROM | IN_ONLYDIR | IN_MASK_ADD
_EVENT = struct.Struct("iIII")


def is_noise(name: str) -> bool:
    """Files editors write beside the real one, which no build reads."""
    return (
        name.startswith((".#", ".~"))
        or name.endswith(("~", ".swp", ".swx", ".swo", ".tmp"))
        or name == "4913"
        or (name.startswith(".") and name.endswith(".kate-swp"))
    )


def folders_under(root: Path) -> list[Path]:
    """`root` and every folder below it; folders that vanish meanwhile are skipped."""
    return [Path(folder) for folder, _, _ in os.walk(root)]  # os.walk ignores errors


def _say(on_error: OnError | None) -> OnError:
    return on_error or (lambda message: print(message, file=sys.stderr, flush=True))


class _Watcher:
    """A watcher runs in a thread of its own until stopped."""

    _thread: threading.Thread
    _stop: threading.Event
    _notify: Notify
    _on_error: OnError

    def _failed(self, exc: Exception) -> None:
        """Say what went wrong, then have everything looked at again."""
        self._on_error(
            f"the file watcher ran into a problem ({exc!r}); looking at everything again"
        )
        self._notify(None)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=2)


class InotifyWatcher(_Watcher):
    """Recursive inotify watches on a few folders, read in a background thread."""

    def __init__(self, roots: list[Path], notify: Notify, on_error: OnError | None = None) -> None:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        self._add = libc.inotify_add_watch
        self._add.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_uint32]
        self._fd = libc.inotify_init1(IN_NONBLOCK | IN_CLOEXEC)
        if self._fd < 0:
            raise OSError(ctypes.get_errno(), "inotify_init1 failed")
        self._notify, self._on_error = notify, _say(on_error)
        self._dirs: dict[int, Path] = {}
        self._parents: dict[int, Path] = {}  # folders holding a root: a root made again
        self._roots = {root.absolute() for root in roots}
        self._stop = threading.Event()
        for root in sorted(self._roots):
            wd = self._add(self._fd, os.fsencode(root.parent), PARENT_MASK)
            if wd >= 0:
                self._parents[wd] = root.parent
            self._watch_tree(root)
        self._thread = threading.Thread(target=self._run, name="explainer-watch", daemon=True)

    def _watch_tree(self, folder: Path) -> None:
        for path in folders_under(folder):
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
            try:
                changed = self._parse(data)
            except Exception as exc:  # never die: say so, and look at everything again
                self._failed(exc)
                continue
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
            if wd in self._parents and self._root_event(self._parents[wd], raw, mask):
                return None  # a watched folder itself was replaced: look at everything
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

    def _root_event(self, parent: Path, raw: bytes, mask: int) -> bool:
        """Whether an event in a root's parent made or removed the root (made: watch it)."""
        path = parent / os.fsdecode(raw.rstrip(b"\0"))
        if path not in self._roots:
            return False
        if mask & (IN_CREATE | IN_MOVED_TO):
            self._watch_tree(path)
        return True


class PollingWatcher(_Watcher):
    """Compare the stat of every file twice a second; for systems without inotify."""

    def __init__(
        self,
        roots: list[Path],
        notify: Notify,
        on_error: OnError | None = None,
        interval: float = 0.5,
    ) -> None:
        self._roots = [r.absolute() for r in roots]
        self._notify, self._on_error = notify, _say(on_error)
        self._interval = interval
        self._stop = threading.Event()
        self._seen = self._scan()
        self._thread = threading.Thread(target=self._run, name="explainer-poll", daemon=True)

    def _scan(self) -> dict[Path, tuple[int, int]]:
        seen = {}
        for root in self._roots:
            for folder in folders_under(root):
                for path in _entries(folder):
                    try:
                        st = path.stat()
                    except OSError:
                        continue
                    if not is_noise(path.name):
                        seen[path] = (st.st_mtime_ns, st.st_size)
        return seen

    def _run(self) -> None:
        while not self._stop.wait(self._interval):
            try:
                now = self._scan()
            except Exception as exc:  # never die: say so, and look at everything again
                self._failed(exc)
                continue
            changed = {p for p in now.keys() | self._seen.keys() if now.get(p) != self._seen.get(p)}
            self._seen = now
            if changed:
                self._notify(changed)


def _entries(folder: Path) -> list[Path]:
    try:
        return [Path(entry.path) for entry in os.scandir(folder)]
    except OSError:  # gone or unreadable since it was listed
        return []


def make_watcher(
    roots: list[Path], notify: Notify, on_error: OnError | None = None
) -> InotifyWatcher | PollingWatcher:
    """inotify where the system has it, else polling. `on_error` hears of the watcher's
    own failures (by default they are printed); each is followed by `notify(None)`."""
    try:
        return InotifyWatcher(roots, notify, on_error)
    except (OSError, AttributeError):
        return PollingWatcher(roots, notify, on_error)
