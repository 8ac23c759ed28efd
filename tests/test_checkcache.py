"""`check`'s kept problems are exactly what checking every file says: unchanged, after
edits, with a file saved during the check, and from files that are damaged or foreign."""

from __future__ import annotations

import marshal
from pathlib import Path
from typing import Any

import pytest
from test_parallel_check import broken_explainer
from test_readcache import damaged

from explainer import cache, checkcache, facts, pipeline, readcache, statcache
from explainer.diagnostics import Diagnostic, format_text
from explainer.load import FileJob
from explainer.model import Converted

Keys = checkcache.Keys


class Counting:
    """`pipeline.convert_content`, counting the files it converts."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.converted = 0
        self.real = pipeline.convert_content
        monkeypatch.setattr(pipeline, "convert_content", self)

    def __call__(self, jobs: list[FileJob]) -> Converted:
        self.converted += len(jobs)
        return self.real(jobs)


def plain(content: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `check --no-cache` says."""
    with monkeypatch.context() as off:
        off.setenv("EXPLAINER_NO_CACHE", "1")
        return format_text(pipeline.check_content(content, "content"))


def checked(content: Path) -> str:
    return format_text(pipeline.check_content(content, "content"))


def test_an_unchanged_folder_is_not_checked_again(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    expected = plain(content, monkeypatch)
    assert not cache_dir.exists()
    assert "error" in expected and "warning" in expected
    counting = Counting(monkeypatch)
    assert checked(content) == expected  # cold: every file converted
    assert counting.converted > 30
    assert len(list((cache_dir / "check").glob("*.check"))) == 1
    counting.converted = 0
    for _ in range(2):
        assert checked(content) == expected
    assert counting.converted == 0


def test_edits_additions_and_deletions_are_seen(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    checked(content)
    event = content / "events" / "event-00001.yaml"
    event.write_text(event.read_text().replace("title:", "title: Edited\nold_title:", 1))
    counting = Counting(monkeypatch)
    after_edit = checked(content)
    assert 0 < counting.converted < 10  # the edited file and those with problems
    assert after_edit == plain(content, monkeypatch) and "old_title" in after_edit
    (content / "sources" / "source-00001.yaml").unlink()  # cited: now an unknown id
    assert checked(content) == plain(content, monkeypatch) != after_edit
    (content / "sources" / "source-00002.yaml").rename(content / "sources" / "renamed.yaml")
    renamed = checked(content)
    assert renamed == plain(content, monkeypatch) and "renamed.yaml" in renamed
    event.write_bytes(b"title: [unclosed\n")
    assert checked(content) == plain(content, monkeypatch)


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "garbage", "folder"])
def test_damaged_files_are_ignored(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    content = broken_explainer(tmp_path / "content")
    expected = checked(content)
    for kept in (cache_dir / "check").glob("*.check"):
        damaged(kept, how)
    assert checked(content) == expected == plain(content, monkeypatch)


def test_problems_of_another_shape_are_ignored(tmp_path: Path, cache_dir: Path) -> None:
    content = broken_explainer(tmp_path / "content")
    expected = checked(content)
    (kept,) = (cache_dir / "check").glob("*.check")
    version = readcache.version_key()
    jobs, _ = pipeline.find_files(content, "content")
    key = checkcache.folder_key(version, readcache.read_keys(jobs, version))
    assert key is not None and checkcache.load(kept.read_bytes(), key) is not None
    shapes = ([("p", "1", 1, "error", "m")], [("p", 1, 1, "fatal", "m")], {"p": 1}, [("p",)])
    for rows in shapes:
        body = marshal.dumps((key, rows))
        kept.write_bytes(cache.checksum(body) + body)
        assert checkcache.load(kept.read_bytes(), key) is None
        assert checked(content) == expected


def test_another_version_is_ignored(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    checked(content)
    monkeypatch.setattr(readcache, "version_key", lambda: b"another version!")
    counting = Counting(monkeypatch)
    assert checked(content) == plain(content, monkeypatch)
    assert counting.converted > 30


def test_a_file_saved_during_the_check_is_not_kept(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    event = content / "events" / "event-00001.yaml"
    before = event.read_bytes()
    real = statcache.read_keys

    def saved_after_keying(jobs: list[FileJob], version: bytes, folder: Path) -> Keys:
        keys = real(jobs, version, folder)
        event.write_bytes(before + b"saved: yes\n")
        return keys

    with monkeypatch.context() as saving:
        saving.setattr(statcache, "read_keys", saved_after_keying)
        assert "saved" in checked(content)  # converted as it is now
    assert not list((cache_dir / "check").glob("*.check"))
    event.write_bytes(before)  # as it was keyed: what is kept must not be the saved one
    assert checked(content) == plain(content, monkeypatch)
    assert "saved" not in checked(content)


def test_a_file_saved_before_its_problems_are_placed_is_not_kept(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    event = content / "events" / "event-00001.yaml"
    event.write_text(
        event.read_text().replace("title:", "summary: See [[nobody-here]].\ntitle:", 1)
    )
    before = event.read_bytes()
    real = facts.problems

    def saved_after_converting(*args: Any) -> list[Diagnostic]:
        event.write_bytes(b"\n\n" + before)  # the reference two lines further down
        return real(*args)

    with monkeypatch.context() as saving:
        saving.setattr(facts, "problems", saved_after_converting)
        assert "nobody-here" in checked(content)
    assert not list((cache_dir / "check").glob("*.check"))
    event.write_bytes(before)
    assert checked(content) == plain(content, monkeypatch)


def test_a_file_that_cannot_be_read_is_always_checked(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    jobs, _ = pipeline.find_files(content, "content")
    (content / "quotes" / "quote-00002.yaml").unlink()  # listed, then gone

    def check(
        jobs: list[FileJob], known: checkcache.Keys | None
    ) -> tuple[list[Diagnostic], checkcache.Keys]:
        converted, keys = readcache.keyed(jobs, pipeline.convert_content, content, known)
        return pipeline.validate(converted)[1], keys

    found = checkcache.problems(jobs, content, check)
    assert any("cannot read file" in d.message for d in found)
    assert not list((cache_dir / "check").glob("*.check"))
    assert checkcache.problems(jobs, content, check) == found
