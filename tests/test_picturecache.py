"""The pictures kept between builds (explainer/picturecache.py) never change a page."""

from __future__ import annotations

import functools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from explainer import cache, picturecache, pictures
from explainer.build import build
from explainer.dates import PartialDate
from explainer.draw.relmap import Node, Tie
from explainer.draw.timeline import Mark

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("picturecache") / "content"
    generate(40, root)
    return root


@pytest.fixture
def content(generated: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(generated, tmp_path / "content"))


@pytest.fixture
def drawn(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fresh cache folder; the label of each picture a build (in this process) draws."""
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    labels: list[str] = []
    for name in ("draw_timeline", "draw_ego"):
        monkeypatch.setattr(pictures, name, counting(getattr(pictures, name), labels))
    return labels


def counting(function: Callable[..., str], labels: list[str]) -> Callable[..., str]:
    @functools.wraps(function)  # the same name: the same keys as the function's own
    def draw(*args: object) -> str:
        labels.append(next(a for a in args if isinstance(a, str)))
        return function(*args)

    return draw


def site(content: Path, out: Path, workers: int = 1) -> dict[str, bytes]:
    """Build `content` into `out`; the bytes of every page."""
    written, problems = build(content, "content", out, None, workers=workers)
    assert written and not [p for p in problems if p.severity == "error"]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def files(tmp_path: Path) -> dict[str, bytes]:
    folder = tmp_path / "cache" / "pictures"
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.bin"))}


def test_cold_warm_damaged_and_no_cache_builds_write_the_same_pages(
    content: Path, tmp_path: Path, drawn: list[str]
) -> None:
    with cache.turned_off():
        plain = site(content, tmp_path / "plain")
    assert not (tmp_path / "cache").exists()  # the cache was off: nothing written
    pictures_drawn = len(drawn)
    assert pictures_drawn > 50
    drawn.clear()
    assert site(content, tmp_path / "cold") == plain
    assert len(drawn) == pictures_drawn and list(files(tmp_path)) != []
    drawn.clear()
    assert site(content, tmp_path / "warm") == plain
    assert drawn == []  # every picture read from the file
    assert site(content, tmp_path / "two", workers=2) == plain
    good = files(tmp_path)
    assert site(content, tmp_path / "one again") == plain and drawn == []
    assert list(files(tmp_path)) == [f"{next(iter(good)).rpartition('-')[0]}-0.bin"]


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: b"",
        lambda data: b"\x00" * 64,
        lambda data: data[:-9] + bytes([data[-9] ^ 1]) + data[-8:],  # the index's length
        lambda data: data[:-20] + bytes([data[-20] ^ 1]) + data[-19:],  # the index
    ],
)
def test_a_damaged_file_is_ignored(
    content: Path, tmp_path: Path, drawn: list[str], damage: Callable[[bytes], bytes]
) -> None:
    plain = site(content, tmp_path / "cold")
    count = len(drawn)
    (file,) = (tmp_path / "cache" / "pictures").glob("*.bin")
    good = file.read_bytes()
    file.write_bytes(damage(good))
    drawn.clear()
    assert site(content, tmp_path / "damaged") == plain
    assert len(drawn) == count  # as if there were no cache
    assert file.read_bytes() == good  # and written again


def test_a_damaged_picture_is_drawn_again(content: Path, tmp_path: Path, drawn: list[str]) -> None:
    plain = site(content, tmp_path / "cold")
    (file,) = (tmp_path / "cache" / "pictures").glob("*.bin")
    good = file.read_bytes()
    at = good.index(b"<svg", 100)  # in a picture, not the first
    file.write_bytes(good[:at] + b"<SVG" + good[at + 4 :])
    drawn.clear()
    assert site(content, tmp_path / "damaged") == plain
    assert len(drawn) == 1
    assert file.read_bytes() == good  # written again, with the picture drawn again


def test_another_version_draws_again(
    content: Path, tmp_path: Path, drawn: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = site(content, tmp_path / "cold")
    count = len(drawn)
    monkeypatch.setattr(picturecache, "version_key", lambda: b"another version!")
    drawn.clear()
    assert site(content, tmp_path / "other") == plain
    assert len(drawn) == count


def test_an_edited_actor_is_drawn_again_and_the_files_keep_only_this_builds(
    content: Path, tmp_path: Path, drawn: list[str]
) -> None:
    site(content, tmp_path / "first")
    count = len(drawn)
    before = sum(len(data) for data in files(tmp_path).values())
    actors = sorted((content / "actors").glob("*.yaml"))
    actor = next(p for p in actors if "relations" in p.read_text())
    lines = actor.read_text().splitlines(keepends=True)
    name = next(i for i, line in enumerate(lines) if line.startswith("name:"))
    lines[name] = "name: A Name Rewritten Zygomorphically\n"
    actor.write_text("".join(lines))
    drawn.clear()
    edited = site(content, tmp_path / "edited")
    again = list(drawn)
    with cache.turned_off():
        assert edited == site(content, tmp_path / "plain")
    # its two pictures and the ties pictures of the actors tied to it, no others
    assert "A Name Rewritten Zygomorphically's events by date: " in " ".join(again)
    assert all("Zygomorphically" in label or "tied to" in label for label in again)
    assert 2 < len(again) < count / 2
    after = files(tmp_path)
    assert b"Zygomorphically" in b"".join(after.values())
    assert abs(sum(len(data) for data in after.values()) - before) < 2000  # old ones gone


def test_a_cache_that_cannot_be_written_changes_nothing(
    content: Path, tmp_path: Path, drawn: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = site(content, tmp_path / "cold")
    kept = files(tmp_path)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError("no room")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    drawn.clear()
    assert site(content, tmp_path / "unwritable") == plain
    assert drawn == [] and files(tmp_path) == kept  # read, and left as it was


def test_without_pread_every_picture_is_drawn(
    content: Path, tmp_path: Path, drawn: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    plain = site(content, tmp_path / "cold")
    count = len(drawn)
    monkeypatch.delattr(os, "pread")  # as on Windows
    drawn.clear()
    assert site(content, tmp_path / "no pread") == plain
    assert len(drawn) == count


def test_keys_are_of_values_not_objects() -> None:
    date = PartialDate(2024, 1, 28)
    one = [Mark("a/", "Talks", date), Mark("b/", "Talks", date)]
    two = [Mark("a/", "Talks", PartialDate(2024, 1, 28)), Mark("b/", "".join(["Tal", "ks"]), date)]
    assert picturecache.picture_key(one) == picturecache.picture_key(two)
    assert picturecache.picture_key(one) != picturecache.picture_key(one[:1])
    later = [Mark("a/", "Talks", date), Mark("b/", "Talks", PartialDate(2024, 1, 29))]
    assert picturecache.picture_key(one) != picturecache.picture_key(later)
    node = Node("iran", "Iran", "state", "../iran/")
    tie = Tie("iran", "iraq", "backs", "claimed", arrow=False)
    for changed in [Node("iran", "Iran", "state", "../../iran/"), Tie("iran", "iraq", "backs")]:
        assert picturecache.picture_key((node, tie)) != picturecache.picture_key((changed, tie))
        assert picturecache.picture_key((node, tie)) != picturecache.picture_key((node, changed))
