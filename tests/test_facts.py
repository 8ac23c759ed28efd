"""`check` from each file's kept facts (`facts`, `checkcache.checked`) says exactly what
checking every file says (`--no-cache`): after edits, additions, deletions and renames,
with unreadable files, duplicate ids, alias and reference errors and uncited sources; and
packs of facts that are damaged or of another shape are ignored."""

from __future__ import annotations

import marshal
import random
from pathlib import Path

import pytest
from test_checkcache import Counting
from test_parallel_check import broken_explainer
from test_readcache import damaged
from test_validate_problems import EDITS

from explainer import cache, facts, pipeline, readcache
from explainer.diagnostics import format_text
from sites import write_site


def plain(content: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """What `check --no-cache` says."""
    with monkeypatch.context() as off:
        off.setenv("EXPLAINER_NO_CACHE", "1")
        return format_text(pipeline.check_content(content, "content"))


def from_facts(content: Path, cache_dir: Path) -> str:
    """What `check` says from the facts kept (the problems kept for the folder dropped)."""
    for kept in (cache_dir / "check").glob("*.check"):
        kept.unlink()
    return format_text(pipeline.check_content(content, "content"))


@pytest.mark.parametrize("name", EDITS)
def test_each_edit_after_a_warm_check(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    content = write_site(tmp_path / "content", {})
    from_facts(content, cache_dir)
    write_site(content, EDITS[name], base=False)
    for _ in range(2):  # the edited files converted, then their facts kept too
        assert from_facts(content, cache_dir) == plain(content, monkeypatch)


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_deletions_and_renames(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    rng = random.Random(seed)
    content = broken_explainer(tmp_path / "content")
    assert from_facts(content, cache_dir) == plain(content, monkeypatch)
    for _ in range(4):
        files = sorted(p for p in content.rglob("*.*") if p.name != "site.yaml")
        for path in rng.sample(files, 3):
            how = rng.choice(["delete", "rename", "retitle", "dangle"])
            if how == "delete":
                path.unlink()
            elif how == "rename":
                path.rename(path.with_name("renamed-" + path.name))
            elif how == "retitle":
                path.write_bytes(path.read_bytes().replace(b"title:", b"title: X\nold:", 1))
            else:
                path.write_bytes(path.read_bytes() + b"\nnote: see [[nobody]] and [@gone]\n")
        assert from_facts(content, cache_dir) == plain(content, monkeypatch)


def test_a_kept_file_whose_reference_breaks_is_converted_again_to_place_it(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_site(tmp_path / "content", {})
    from_facts(content, cache_dir)
    (content / "sources" / "article.yaml").unlink()  # cited in Markdown and in fields
    counting = Counting(monkeypatch)
    found = from_facts(content, cache_dir)
    files = len(pipeline.find_files(content, "content")[0])
    assert 0 < counting.converted < files  # the files that cite it, not every file
    assert found == plain(content, monkeypatch)
    assert "content/events/tower-22.yaml:3:" in found  # the [@article] in its summary


def test_a_file_saved_before_its_reference_is_placed_gives_the_plain_check(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = write_site(tmp_path / "content", {})
    from_facts(content, cache_dir)
    (content / "sources" / "article.yaml").unlink()
    event = content / "events" / "tower-22.yaml"
    real = facts.maybe_unresolved

    def saved_meanwhile(*args: object) -> facts.Wanted:
        event.write_bytes(b"\n" + event.read_bytes())
        return real(*args)  # type: ignore[arg-type]

    with monkeypatch.context() as saving:
        saving.setattr(facts, "maybe_unresolved", saved_meanwhile)
        assert "tower-22.yaml:4:" in from_facts(content, cache_dir)  # as it is now
    assert not list((cache_dir / "check").glob("*.check"))
    assert from_facts(content, cache_dir) == plain(content, monkeypatch)


def test_a_build_keeps_the_facts_and_a_first_check_the_parts(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    jobs, _ = pipeline.find_files(content, "content")
    readcache.converted(jobs, pipeline.convert_content, content)  # as a build reads
    counting = Counting(monkeypatch)
    found = from_facts(content, cache_dir)
    with_problems = counting.converted
    assert 0 < with_problems < 15  # the files with problems only
    assert found == plain(content, monkeypatch)
    for pack in (cache_dir / "read").glob("*.pack"):
        pack.unlink()
    from_facts(content, cache_dir)  # the facts kept: no pack is written
    assert not list((cache_dir / "read").glob("*.pack"))
    for kept in (cache_dir / "read").glob("*.facts"):
        kept.unlink()
    from_facts(content, cache_dir)  # every file converted: the packs are written
    counting.converted = 0
    readcache.converted(jobs, pipeline.convert_content, content)
    assert 0 < counting.converted < 15


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "garbage", "folder"])
def test_damaged_facts_are_ignored(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    content = broken_explainer(tmp_path / "content")
    expected = from_facts(content, cache_dir)
    for kept in (cache_dir / "read").glob("*.facts"):
        damaged(kept, how)
    counting = Counting(monkeypatch)
    assert from_facts(content, cache_dir) == expected
    assert counting.converted > 30
    assert expected == plain(content, monkeypatch)


def test_facts_of_another_shape_or_version_are_ignored(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    expected = from_facts(content, cache_dir)
    version = readcache.version_key()
    packs = sorted((cache_dir / "read").glob("*.facts"))
    keys, kept = facts.load(packs[0].read_bytes(), version)
    assert kept and facts.load(packs[0].read_bytes(), b"another version!") == ({}, {})
    shown = next(iter(kept))
    for shape in [(True, [], [], []), [True, [], [], [], []], (1, [], [], [], [])]:
        body = marshal.dumps((version, keys, {**kept, shown: shape}))
        packs[0].write_bytes(cache.checksum(body) + body)
        assert facts.load(packs[0].read_bytes(), version) == ({}, {})
        assert from_facts(content, cache_dir) == expected
