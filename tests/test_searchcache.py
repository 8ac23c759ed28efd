"""The search index's word scores kept between builds (explainer/searchcache.py) never
change the index's files."""

from __future__ import annotations

import marshal
import shutil
import sys
from array import array
from pathlib import Path

import pytest

from explainer import cache, searchcache
from explainer.build import build, site_data
from explainer.pipeline import read_explainer
from explainer.search import FOLDER, documents
from explainer.search_index import MAX_SCORE, Document, build_index, index_files
from explainer.view import View

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("searchcache") / "content"
    generate(40, root)
    return root


@pytest.fixture
def content(generated: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(generated, tmp_path / "content"))


@pytest.fixture
def counted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """A fresh cache folder; the title of each document whose words a build counts."""
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    titles: list[str] = []
    word_scores = searchcache.word_scores

    def counting(doc: Document):
        titles.append(doc.title)
        return word_scores(doc)

    monkeypatch.setattr(searchcache, "word_scores", counting)
    return titles


def index_of(content: Path, out: Path, workers: int = 2) -> dict[str, bytes]:
    """Build `content` into `out`; the bytes of each file of its search index."""
    written, problems = build(content, "content", out, None, workers=workers)
    assert written and not [p for p in problems if p.severity == "error"]
    folder = out / FOLDER
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*.json")}


def doc(title: str, *fields: tuple[int, str]) -> Document:
    return Document("event", title, f"events/{title}/", title, fields)


def files(documents: list[Document], file: Path | None) -> dict[str, bytes]:
    return dict(index_files(searchcache.indexed(lambda: documents, file)))


DOCS = [
    doc("a", (10, "Tehran talks"), (3, "talks resume in Tehran"), (1, "the talks the talks")),
    doc("b", (20, "Muhandís"), (1, "MUHANDIS said so " * 4100)),  # above MAX_SCORE
    doc("c", (10, "Tehran talks"), (3, "talks resume in Tehran"), (1, "the talks the talks")),
    doc("d"),
]


def test_cold_warm_damaged_and_no_cache_builds_write_the_same_index(
    content: Path, tmp_path: Path, counted: list[str]
) -> None:
    with cache.turned_off():
        plain = index_of(content, tmp_path / "plain")
    file = searchcache.cache_file(content)
    assert file is not None and not file.exists()  # the cache was off: nothing written
    counted.clear()
    assert index_of(content, tmp_path / "cold") == plain
    documents = len(counted)
    assert documents > 100 and file.exists()
    counted.clear()
    assert index_of(content, tmp_path / "warm") == plain
    assert index_of(content, tmp_path / "one", workers=1) == plain
    assert counted == []  # every document's words read from the file
    good = file.read_bytes()
    damage = {
        "truncated": good[: len(good) // 2],
        "one byte changed": good[:-9] + bytes([good[-9] ^ 1]) + good[-8:],
        "empty": b"",
        "not ours": b"\x00" * 64,
        "checked but wrong shape": checked(b"\x02\x00\x00\x00\x00\x00\x00\x00" + b"xy"),
    }
    for name, data in damage.items():
        file.write_bytes(data)
        counted.clear()
        assert index_of(content, tmp_path / "damaged") == plain, name
        assert len(counted) == documents, name  # as if there were no cache
        assert file.read_bytes() == good, name  # and written again


def checked(body: bytes) -> bytes:
    return cache.checksum(body) + body


def test_an_edited_record_is_counted_again_and_the_file_keeps_only_this_builds(
    content: Path, tmp_path: Path, counted: list[str]
) -> None:
    index_of(content, tmp_path / "first")
    event = sorted((content / "events").glob("*.yaml"))[0]
    lines = event.read_text().splitlines(keepends=True)
    title = next(i for i, line in enumerate(lines) if line.startswith("title:"))
    lines[title] = "title: A title rewritten with zygomorphic words\n"
    event.write_text("".join(lines))
    counted.clear()
    edited = index_of(content, tmp_path / "edited")
    # the event, and the records whose text links to it (a link reads as its title)
    assert "A title rewritten with zygomorphic words" in counted and len(counted) < 10
    with cache.turned_off():
        assert edited == index_of(content, tmp_path / "plain")
    assert any(b'"zygomorphic"' in data for data in edited.values())
    file, version = searchcache.cache_file(content), searchcache.version_key()
    assert file is not None and version is not None
    kept = searchcache.load(cache.read(file), version)
    assert kept.places.keys() == keys_of(content)  # the old texts' scores are gone
    assert "zygomorphic" in kept.words


def keys_of(content: Path) -> set[bytes]:
    explainer, _ = read_explainer(content, "content")
    assert explainer is not None
    return {searchcache.document_key(d) for d in documents(View(site_data(explainer, None)))}


def test_the_plain_path_cold_and_warm_give_the_same_files(tmp_path: Path, counted) -> None:
    file = tmp_path / "kept.bin"
    plain = dict(index_files(build_index(DOCS)))
    assert files(DOCS, None) == plain and counted == []  # the plain path: `build_index`
    assert files(DOCS, file) == plain and file.exists()
    assert files(DOCS, file) == plain and counted == ["a", "b", "c", "d"]  # cold only
    assert files(DOCS[::-1], file) == dict(index_files(build_index(DOCS[::-1])))
    assert counted[4:] == []  # in another order: still each document's own scores
    index = searchcache.indexed(lambda: DOCS, file)
    assert index.postings["muhandis"][0] & MAX_SCORE == MAX_SCORE  # capped as in the plain path


def test_a_new_version_counts_all_again(tmp_path: Path, counted, monkeypatch) -> None:
    file = tmp_path / "kept.bin"
    files(DOCS, file)
    key = searchcache.version_key()
    assert key == searchcache.version_key() and len(key) == searchcache.DIGEST
    monkeypatch.setattr(searchcache, "version_key", lambda: b"another version of the code")
    assert files(DOCS, file) == files(DOCS, None)
    assert counted == ["a", "b", "c", "d"] * 2
    monkeypatch.undo()
    monkeypatch.setattr(searchcache, "SOURCES", ("no-such-module",))
    assert searchcache.version_key() is None  # then nothing is cached


def test_the_file_drops_words_no_longer_used_when_they_are_most(tmp_path: Path) -> None:
    file = tmp_path / "kept.bin"
    version = searchcache.version_key()
    many = [doc("many", (1, " ".join(f"word{n}" for n in range(50))))]
    few = [doc("few", (1, "word1 word2 other"))]
    files(many, file)
    assert len(searchcache.load(cache.read(file), version).words) == 50
    assert files(few, file) == files(few, None)
    kept = searchcache.load(cache.read(file), version)
    assert sorted(kept.words) == ["other", "word1", "word2"] and len(kept.places) == 1
    assert files(few, file) == files(few, None)  # read back as renumbered


def test_a_file_naming_words_it_does_not_hold_is_ignored(tmp_path: Path, counted) -> None:
    file = tmp_path / "kept.bin"
    version = searchcache.version_key()
    key = searchcache.document_key(DOCS[0])
    bad = {key: (array("I", [7]), array("H", [1]))}  # word 7 of a file of one word
    cache.write(file, *searchcache.dump(["talks"], bad, version))
    assert files(DOCS, file) == files(DOCS, None)
    assert file.read_bytes() == b""  # emptied: the next build starts afresh
    assert files(DOCS, file) == files(DOCS, None) and file.read_bytes()


def test_one_file_per_content_folder(content: Path, tmp_path: Path, counted, monkeypatch) -> None:
    elsewhere = shutil.copytree(content, tmp_path / "other")
    assert searchcache.cache_file(content) != searchcache.cache_file(elsewhere)
    monkeypatch.chdir(content.parent)
    assert searchcache.cache_file(Path("content")) == searchcache.cache_file(content)
    with cache.turned_off():
        assert searchcache.cache_file(content) is None


def test_the_header_is_marshalled_plain_data(tmp_path: Path) -> None:
    version = searchcache.version_key()
    parts = searchcache.dump(["w"], {b"k" * 16: (array("I", [0]), array("H", [3]))}, version)
    size = int.from_bytes(parts[1], "little")
    assert marshal.loads(parts[2])[:2] == (version, ("w",)) and len(parts[2]) == size
