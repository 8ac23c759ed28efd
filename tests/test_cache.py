"""The cache folder (explainer/cache.py): where it is, how it is turned off, safe files."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from explainer import cache
from explainer.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No cache variables set; the home folder is a temporary one."""
    for name in (cache.CACHE_DIR_ENV, cache.NO_CACHE_ENV, "XDG_CACHE_HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    return tmp_path


def test_the_folder_is_chosen_by_variable_then_xdg_then_home(home: Path, monkeypatch) -> None:
    assert cache.root() == home / ".cache" / "explainer"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "xdg"))
    assert cache.root() == home / "xdg" / "explainer"
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(home / "mine"))
    assert cache.root() == home / "mine"
    made = cache.folder("markdown")
    assert made == home / "mine" / "markdown" and made.is_dir()
    assert made.stat().st_mode & 0o777 == 0o700


def test_turned_off_by_the_variable_or_for_a_block(home: Path, monkeypatch) -> None:
    assert cache.folder("x") is not None
    for value, off in (("1", True), ("yes", True), ("0", False), ("", False)):
        monkeypatch.setenv(cache.NO_CACHE_ENV, value)
        assert cache.is_off() is off
        assert (cache.folder("x") is None) is off
    monkeypatch.delenv(cache.NO_CACHE_ENV)
    with cache.turned_off():
        assert cache.folder("x") is None
    with cache.turned_off(False):
        assert cache.folder("x") is not None
    assert cache.NO_CACHE_ENV not in os.environ  # restored after the block


def test_no_folder_where_none_can_be_had(home: Path, monkeypatch) -> None:
    (home / "file").write_text("not a folder")
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(home / "file" / "cache"))
    assert cache.folder("markdown") is None
    shared = home / "shared"
    shared.mkdir()
    shared.chmod(0o777)  # others could write into it: not used
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(shared))
    assert cache.folder("markdown") is None


def test_files_are_written_whole_and_failures_ignored(home: Path) -> None:
    folder = cache.folder("x")
    assert folder is not None
    cache.write(folder / "a", b"one")
    cache.write(folder / "a", b"tw", b"o")
    assert cache.read(folder / "a") == b"two"
    assert sorted(p.name for p in folder.iterdir()) == ["a"]  # no temporary file left
    assert cache.read(folder / "missing") is None
    (folder / "dir").mkdir()
    cache.write(folder / "dir", b"cannot replace a folder")  # no exception
    cache.write(folder / "gone" / "a", b"no such folder")
    assert sorted(p.name for p in folder.iterdir()) == ["a", "dir"]


def test_prune_deletes_files_unused_for_long(home: Path) -> None:
    folder = cache.folder("x")
    assert folder is not None
    old, used, new = folder / "old", folder / "used", folder / "new"
    for path in (old, used, new):
        path.write_bytes(b"x")
    long_ago = time.time() - 40 * cache.DAY
    for path in (old, used):
        os.utime(path, (long_ago, long_ago))
    assert cache.read(used) == b"x"  # reading marks it as used
    cache.prune(folder, days=30)
    assert not old.exists() and used.exists() and new.exists()
    os.utime(new, (long_ago, long_ago))
    cache.prune(folder, days=30)  # pruned less than a day ago: nothing done
    assert new.exists()


def test_build_keeps_templates_in_the_cache_folder_unless_off(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    args = ["build", "--content", str(ROOT / "content"), "--no-search"]
    assert main([*args, "--no-cache", "--out", str(tmp_path / "a")]) == 0
    assert not (tmp_path / "cache").exists()
    assert cache.NO_CACHE_ENV not in os.environ
    assert main([*args, "--out", str(tmp_path / "b")]) == 0
    jinja = tmp_path / "cache" / "jinja"
    compiled = [p for p in jinja.iterdir() if p.name != cache.PRUNED]
    assert compiled
    long_ago = time.time() - 40 * cache.DAY
    for path in compiled:
        os.utime(path, (long_ago, long_ago))
    assert main([*args, "--out", str(tmp_path / "c")]) == 0
    assert all(time.time() - p.stat().st_mtime < cache.DAY for p in compiled)  # used: kept
