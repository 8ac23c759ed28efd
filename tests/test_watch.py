"""The file watcher never goes blind: vanishing folders, a replaced content folder (#12)."""

from __future__ import annotations

import os
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from explainer.watch import InotifyWatcher, PollingWatcher


class Seen:
    """What a watcher reported, for the test thread to wait on."""

    def __init__(self) -> None:
        self.changes: list[set[Path] | None] = []
        self.errors: list[str] = []
        self.event = threading.Event()

    def notify(self, paths: set[Path] | None) -> None:
        self.changes.append(paths)
        self.event.set()

    def saw(self, path: Path) -> bool:
        return any(c is None or path in c for c in self.changes)


def wait_for(check: Callable[[], bool], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.02)


@pytest.fixture(params=["inotify", "polling"])
def watched(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Path, Seen, object]]:
    content = tmp_path / "content"
    (content / "actors").mkdir(parents=True)
    seen = Seen()
    if request.param == "inotify":
        watcher = InotifyWatcher([content], seen.notify, seen.errors.append)
    else:
        watcher = PollingWatcher([content], seen.notify, seen.errors.append, interval=0.05)
    watcher.start()
    try:
        yield content, seen, watcher
    finally:
        watcher.stop()


def test_folders_that_appear_and_vanish_do_not_stop_the_watcher(
    watched, monkeypatch: pytest.MonkeyPatch
) -> None:
    content, seen, watcher = watched
    real_scandir, gone = os.scandir, set()

    def scandir(path: object = ".") -> object:
        """A folder named vanish* disappears just as the watcher lists it."""
        name = os.fspath(path)  # type: ignore[arg-type]
        if Path(name).name.startswith("vanish") and name not in gone:
            gone.add(name)
            shutil.rmtree(name)
        return real_scandir(name)

    monkeypatch.setattr(os, "scandir", scandir)
    for i in range(5):
        (content / "actors" / f"vanish{i}" / "a" / "b").mkdir(parents=True)
        time.sleep(0.2)
    wait_for(lambda: len(gone) == 5)
    time.sleep(0.3)
    assert watcher._thread.is_alive()
    edited = content / "actors" / "iran.yaml"
    edited.write_text("name: Iran\n")
    wait_for(lambda: seen.saw(edited))


def test_a_content_folder_deleted_and_made_again_is_watched_again(watched) -> None:
    content, seen, _ = watched
    shutil.rmtree(content)
    time.sleep(0.3)
    (content / "events").mkdir(parents=True)
    site = content / "site.yaml"
    site.write_text("title: T\n")
    wait_for(lambda: seen.saw(site))
    seen.changes.clear()
    time.sleep(0.3)
    seen.changes.clear()
    later = content / "events" / "new.yaml"
    later.write_text("title: New\n")
    wait_for(lambda: seen.saw(later))
    assert seen.errors == []


def test_a_failure_of_the_watcher_is_reported_and_everything_looked_at_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = Seen()
    watcher = InotifyWatcher([tmp_path], seen.notify, seen.errors.append)

    def broken(data: bytes) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(watcher, "_parse", broken)
    watcher.start()
    try:
        (tmp_path / "a.yaml").write_text("x")
        wait_for(lambda: seen.errors != [] and None in seen.changes)
        assert "the file watcher ran into a problem" in seen.errors[0]
        assert watcher._thread.is_alive()
    finally:
        watcher.stop()
