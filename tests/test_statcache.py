"""The keys taken from the files' noted status are exactly those that reading and hashing
every file gives (`readcache.read_keys`): after edits, additions, deletions, renames and
files that cannot be read, a file rewritten within a tick of the clock that noted it
("racy") included; and a stat file that is damaged or foreign is ignored."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from test_parallel_check import broken_explainer
from test_readcache import damaged

from explainer import pipeline, readcache, statcache
from explainer.diagnostics import format_text
from explainer.load import FileJob

VERSION = readcache.version_key()


class Reads:
    """`readcache.key_of`, counting the files read and hashed."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.read = 0
        self.real = readcache.key_of
        monkeypatch.setattr(readcache, "key_of", self)

    def __call__(self, job: FileJob, version: bytes) -> bytes | None:
        self.read += 1
        return self.real(job, version)


def both(content: Path, gone: Path | None = None) -> tuple[list[bytes | None], list[bytes | None]]:
    """The keys from the noted status, and those of every file read and hashed (`gone`:
    a file deleted once listed)."""
    jobs, _ = pipeline.find_files(content, "content")
    if gone is not None:
        gone.unlink()
    noted = statcache.read_keys(jobs, VERSION, content)
    return noted, [readcache.key_of(job, VERSION) for job in jobs]


def test_edits_additions_deletions_renames_and_unreadable_files(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statcache, "MARGIN", 0)  # every file noted (written before the run)
    content = broken_explainer(tmp_path / "content")
    noted, plain = both(content)
    assert noted == plain and None not in plain
    reads = Reads(monkeypatch)
    noted, plain = both(content)
    assert noted == plain and reads.read == len(plain)  # only the plain path read them
    event = content / "events" / "event-00001.yaml"
    event.write_bytes(event.read_bytes().replace(b"title:", b"title: Edited\nold:", 1))
    (content / "quotes" / "quote-00003.yaml").unlink()
    (content / "sources" / "source-00002.yaml").rename(content / "sources" / "renamed.yaml")
    (content / "actors" / "new.yaml").write_text("name: New\nkind: state\nsummary: S.\n")
    reads.read = 0
    noted, plain = both(content, gone=content / "actors" / "actor-00003.yaml")
    assert noted == plain and None in plain
    assert reads.read == len(plain) + 4  # the edited, renamed, new and unreadable files


def test_a_file_rewritten_within_a_tick_of_its_noting_is_read_again(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Git's racy case: a file keyed in the tick it was written in, then written again
    in that tick (same size), shows the same status; it is never taken from its status."""
    content = broken_explainer(tmp_path / "content")
    now = time.time_ns()
    monkeypatch.setattr(statcache, "status", lambda path: (1, 2, 3, now, now))  # no tick
    noted, before = both(content)
    assert noted == before
    event = content / "events" / "event-00001.yaml"
    event.write_bytes(event.read_bytes().replace(b"title: ", b"title:_", 1))  # the same size
    noted, plain = both(content)
    assert noted == plain != before
    long_ago = now - 10 * 10**9  # written long before it was noted: then trusted
    monkeypatch.setattr(statcache, "status", lambda path: (1, 2, 3, long_ago, long_ago))
    both(content)
    reads = Reads(monkeypatch)
    jobs, _ = pipeline.find_files(content, "content")
    assert statcache.read_keys(jobs, VERSION, content) == plain
    assert reads.read == 0


def test_check_and_build_say_the_same_as_without_the_cache(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statcache, "MARGIN", 0)
    content = broken_explainer(tmp_path / "content")
    with monkeypatch.context() as off:
        off.setenv("EXPLAINER_NO_CACHE", "1")
        expected = format_text(pipeline.check_content(content, "content"))
    for _ in range(2):
        assert format_text(pipeline.check_content(content, "content")) == expected
    event = content / "events" / "event-00002.yaml"
    time.sleep(0.01)
    event.write_bytes(event.read_bytes() + b"bogus: field\n")
    with monkeypatch.context() as off:
        off.setenv("EXPLAINER_NO_CACHE", "1")
        expected = format_text(pipeline.check_content(content, "content"))
    assert "bogus" in expected
    assert format_text(pipeline.check_content(content, "content")) == expected


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "garbage", "folder"])
def test_damaged_or_foreign_stat_files_are_ignored(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    monkeypatch.setattr(statcache, "MARGIN", 0)
    content = broken_explainer(tmp_path / "content")
    both(content)
    (kept,) = (cache_dir / "stat").glob("*.stat")
    assert statcache.load(kept.read_bytes(), VERSION)
    assert statcache.load(kept.read_bytes(), b"another version!") == {}
    damaged(kept, how)
    reads = Reads(monkeypatch)
    noted, plain = both(content)
    assert noted == plain and reads.read == 2 * len(plain)


def test_entries_of_another_shape_are_ignored(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(statcache, "MARGIN", 0)
    content = broken_explainer(tmp_path / "content")
    both(content)
    (kept,) = (cache_dir / "stat").glob("*.stat")
    entries = statcache.load(kept.read_bytes(), VERSION)
    shown = next(iter(entries))
    for entry in [entries[shown][:7], (*entries[shown][:7], "key"), list(entries[shown])]:
        kept.write_bytes(statcache.dump(VERSION, {**entries, shown: entry}))  # type: ignore[dict-item]
        assert statcache.load(kept.read_bytes(), VERSION) == {}
        noted, plain = both(content)
        assert noted == plain
