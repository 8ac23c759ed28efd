"""The read cache gives exactly what converting every file gives: cold, warm, after edits,
and from packs that are corrupt, truncated, of another version or unreadable."""

from __future__ import annotations

import marshal
import os
import pickle
from pathlib import Path

import pytest
from test_parallel_check import broken_explainer

from explainer import cache, pipeline, readcache
from explainer.diagnostics import format_text
from explainer.load import FileJob
from explainer.model import Converted


class Counting:
    """`convert_content`, noting which files it was asked to convert."""

    def __init__(self, workers: int = 1) -> None:
        self.asked: list[str] = []
        self.workers = workers

    def __call__(self, jobs: list[FileJob]) -> Converted:
        self.asked += [job.shown for job in jobs]
        return pipeline.convert_content(jobs, workers=self.workers)


def both(content: Path, workers: int = 1) -> tuple[Converted, Converted, list[str]]:
    """What the cache gives, what converting every file gives, and the files converted."""
    jobs, _ = pipeline.find_files(content, "content")
    convert = Counting(workers)
    cached = readcache.converted(jobs, convert, content)
    return cached, pipeline.convert_files(pipeline.find_files(content, "content")[0]), convert.asked


def test_cold_and_warm_give_what_converting_gives(tmp_path: Path, cache_dir: Path) -> None:
    content = broken_explainer(tmp_path / "content")
    cached, plain, asked = both(content)
    assert cached == plain and len(asked) > 30
    assert plain.diagnostics and plain.references and plain.aliases and plain.site
    cached, plain, asked = both(content)
    assert cached == plain
    # Warm: only the files with problems are converted again.
    assert set(asked) == {d.path for d in plain.diagnostics}
    assert list((cache_dir / "read").glob("*.pack"))


def test_parallel_conversion_of_the_missed_files(tmp_path: Path, cache_dir: Path) -> None:
    content = broken_explainer(tmp_path / "content")
    for _ in range(2):
        cached, plain, _ = both(content, workers=3)
        assert cached == plain


def test_edits_additions_and_deletions_are_seen(tmp_path: Path, cache_dir: Path) -> None:
    content = broken_explainer(tmp_path / "content")
    both(content)
    event = content / "events" / "event-00001.yaml"
    event.write_text(event.read_text().replace("title:", "title: Edited\nold_title:", 1))
    actor = content / "actors" / "actor-00002.yaml"
    actor.write_text(actor.read_text() + "role: Edited role\n")
    (content / "quotes" / "quote-00003.yaml").unlink()
    (content / "sources" / "source-00002.yaml").rename(content / "sources" / "renamed.yaml")
    cached, plain, asked = both(content)
    assert cached == plain
    assert "content/actors/actor-00002.yaml" in asked
    assert "content/sources/renamed.yaml" in asked
    assert "content/actors/actor-00001.yaml" not in asked
    assert any("old_title" in d.message for d in plain.diagnostics)


def damaged(pack: Path, how: str) -> None:
    data = pack.read_bytes()
    if how == "truncated":
        pack.write_bytes(data[: len(data) // 2])
    elif how == "flipped":
        middle = len(data) // 2
        pack.write_bytes(data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :])
    elif how == "empty":
        pack.write_bytes(b"")
    elif how == "garbage":
        pack.write_bytes(os.urandom(len(data)))
    elif how == "folder":
        pack.unlink()
        pack.mkdir()


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "garbage", "folder"])
def test_damaged_packs_are_ignored(tmp_path: Path, cache_dir: Path, how: str) -> None:
    content = broken_explainer(tmp_path / "content")
    both(content)
    for pack in (cache_dir / "read").glob("*.pack"):
        damaged(pack, how)
    cached, plain, asked = both(content)
    assert cached == plain and len(asked) > 30


def test_another_version_is_ignored(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    both(content)
    monkeypatch.setattr(readcache, "version_key", lambda: b"another version!")
    cached, plain, asked = both(content)
    assert cached == plain and len(asked) > 30


def test_check_says_the_same_with_and_without_the_cache(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    monkeypatch.setenv("EXPLAINER_NO_CACHE", "1")
    plain = format_text(pipeline.check_content(content, "content"))
    assert not cache_dir.exists()
    monkeypatch.delenv("EXPLAINER_NO_CACHE")
    for _ in range(2):  # cold, then warm
        assert format_text(pipeline.check_content(content, "content")) == plain
    assert "error" in plain and "warning" in plain


def test_a_file_changed_while_read_is_converted_from_the_bytes_hashed(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    actor = content / "actors" / "actor-00001.yaml"
    before = actor.read_bytes()
    real = pipeline.convert_content

    def convert_after_an_edit(jobs: list[FileJob]) -> Converted:
        actor.write_bytes(before.replace(b"name:", b"name: Changed\nold_name:", 1))
        return real(jobs)

    jobs, _ = pipeline.find_files(content, "content")
    readcache.converted(jobs, convert_after_an_edit, content)
    actor.write_bytes(before)  # back as it was hashed: the kept part must be the same
    cached, plain, _ = both(content)
    assert cached == plain
    assert not any("old_name" in d.message for d in plain.diagnostics)


def test_a_pack_holds_its_records_first(tmp_path: Path, cache_dir: Path) -> None:
    """Loading a pack makes the records before the references and places that only the
    check reads: they are then apart in memory (a build's forked worker copies less)."""
    both(broken_explainer(tmp_path / "content"))
    seen = 0
    for pack in (cache_dir / "read").glob("*.pack"):
        _, _, pickled = marshal.loads(pack.read_bytes()[cache.CHECKSUM :])
        records, parts = pickle.loads(pickled)
        held = [record for part in parts.values() for record, _, _ in part[1]]
        assert len(records) == len(held)
        assert all(first is record for first, record in zip(records, held, strict=True))
        seen += len(records)
    assert seen > 30
