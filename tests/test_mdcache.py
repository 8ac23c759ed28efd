"""Compiled Markdown kept between builds (explainer/mdcache.py) never changes the output."""

from __future__ import annotations

import marshal
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from explainer import cache, mdcache, modelcache, parallel
from explainer.build import build
from explainer.cli import main
from explainer.compiled import compile_text, compile_texts, markdown_texts
from explainer.pipeline import read_explainer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("mdcache") / "content"
    generate(40, root)
    return root


@pytest.fixture
def content(generated: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(generated, tmp_path / "content"))


@pytest.fixture
def compiled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A fresh cache folder; counts the texts each build compiles. The whole model is not
    kept (`modelcache` keeps the compiled Markdown with it): this is the file's test."""
    monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(modelcache, "kept_folder", lambda: None)
    monkeypatch.delenv(cache.NO_CACHE_ENV, raising=False)
    counts: list[int] = []

    def counting(texts: list[tuple[str, bool]]) -> list:
        counts.append(len(texts))
        return compile_texts(texts)

    monkeypatch.setattr(parallel, "compile_texts", counting)
    return counts


def site(content: Path, out: Path, workers: int = 2) -> dict[str, bytes]:
    """Build `content` into `out`; every file's bytes."""
    written, problems = build(content, "content", out, None, workers=workers, search=False)
    assert written and not [p for p in problems if p.severity == "error"]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def texts_of(content: Path) -> set[tuple[str, bool]]:
    explainer, _ = read_explainer(content, "content")
    assert explainer is not None
    return set(markdown_texts(explainer))


def kept(content: Path) -> dict:
    file = mdcache.cache_file(content)
    version = mdcache.version_key()
    assert file is not None and version is not None
    return mdcache.load(cache.read(file), version)


DAMAGE = {
    "truncated": lambda data: data[: len(data) // 2],
    "one byte changed": lambda data: data[:-9] + bytes([data[-9] ^ 1]) + data[-8:],
    "empty": lambda data: b"",
    "not ours": lambda data: b"\x00" * 64,
    "checked but wrong shape": lambda data: _checked(marshal.dumps((mdcache.version_key(), [1]))),
    "checked but pieces and holes disagree": lambda data: _checked(
        marshal.dumps((mdcache.version_key(), [(b"k" * 16, ("a", "b"), ())]))
    ),
}


def _checked(payload: bytes) -> bytes:
    return cache.checksum(payload) + payload


def test_cold_warm_damaged_and_no_cache_builds_write_the_same_bytes(
    content: Path, tmp_path: Path, compiled: list[int]
) -> None:
    with cache.turned_off():
        plain = site(content, tmp_path / "plain")
    assert mdcache.cache_file(content) is not None
    file = mdcache.cache_file(content)
    assert not file.exists()  # the cache was off: nothing written
    compiled.clear()
    assert site(content, tmp_path / "cold") == plain
    assert sum(compiled) == len(texts_of(content)) > 100 and file.exists()
    compiled.clear()
    assert site(content, tmp_path / "warm") == plain
    assert site(content, tmp_path / "one", workers=1) == plain
    assert sum(compiled) == 0  # every text read from the cache
    good = file.read_bytes()
    for name, damage in DAMAGE.items():
        file.write_bytes(damage(good))
        compiled.clear()
        assert site(content, tmp_path / "damaged", workers=2) == plain, name
        assert sum(compiled) == len(texts_of(content)), name  # as if there were no cache
        assert file.read_bytes() == good, name  # and written again


def test_an_edited_text_is_compiled_again_and_the_file_keeps_only_used_texts(
    content: Path, tmp_path: Path, compiled: list[int]
) -> None:
    site(content, tmp_path / "first")
    section = sorted((content / "sections").glob("*.md"))[0]
    section.write_text(section.read_text() + "\nA sentence *added* later.\n")
    event = sorted((content / "events").glob("*.yaml"))[0]
    lines = event.read_text().splitlines(keepends=True)
    summary = next(i for i, line in enumerate(lines) if line.startswith("summary:"))
    lines[summary] = 'summary: "A summary **rewritten**."\n'  # the old text is used no more
    event.write_text("".join(lines))
    compiled.clear()
    edited = site(content, tmp_path / "edited")
    assert sum(compiled) >= 1
    with cache.turned_off():
        assert edited == site(content, tmp_path / "plain")
    for words in (b"A sentence <em>added</em> later.", b"A summary <strong>rewritten</strong>."):
        assert any(words in page for page in edited.values())
    assert len(kept(content)) == len(texts_of(content))  # the old texts are gone


def test_each_text_is_compiled_once_and_a_new_version_compiles_all_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file = tmp_path / "kept.marshal"
    texts = [("A [[x]] and [@s; @t].", True), ("*inline* ![[q]]", False), ("plain", False)]
    asked: list[list] = []

    def compile_all(todo: list[tuple[str, bool]]) -> list:
        asked.append(todo)
        return compile_texts(todo)

    def forms(texts: list[tuple[str, bool]]) -> list:
        md = mdcache.compiled_markdown(texts, compile_all, file)
        return [md.get(text, block) for text, block in texts]

    expected = [compile_text(text, block) for text, block in texts]
    assert forms(texts) == expected and asked == [texts]
    assert forms(texts) == expected and asked[1:] == [[]]
    more = [*texts, ("new", True)]
    assert forms(more)[:3] == expected and asked[2:] == [[("new", True)]]
    monkeypatch.setattr(mdcache, "version_key", lambda: b"another version of the code")
    assert forms(more)[:3] == expected and asked[3:] == [more]
    assert mdcache.compiled_markdown(texts, compile_all, None).block  # no file: the plain path
    assert asked[4:] == [texts]


def test_the_version_key_follows_the_code_and_the_libraries(monkeypatch) -> None:
    key = mdcache.version_key()
    assert key == mdcache.version_key() and len(key) == mdcache.DIGEST
    monkeypatch.setattr(mdcache, "LIBRARIES", ("markdown_it", "jinja2"))
    assert mdcache.version_key() != key
    monkeypatch.setattr(mdcache, "LIBRARIES", ("markdown_it", "no_such_library"))
    assert mdcache.version_key() is None
    monkeypatch.setattr(mdcache, "SOURCES", ("no-such-module",))
    assert mdcache.version_key() is None  # then nothing is cached


def test_one_file_per_content_folder(content: Path, tmp_path: Path, compiled, monkeypatch) -> None:
    elsewhere = shutil.copytree(content, tmp_path / "other")
    assert mdcache.cache_file(content) != mdcache.cache_file(elsewhere)
    monkeypatch.chdir(content.parent)
    assert mdcache.cache_file(Path("content")) == mdcache.cache_file(content)


@pytest.mark.parametrize("where", ["under a file", "file is a folder"])
def test_a_cache_that_cannot_be_written_still_builds(
    where: str, content: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    with cache.turned_off():
        plain = site(content, tmp_path / "plain")
    if where == "under a file":
        (tmp_path / "file").write_text("")
        monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "file" / "cache"))
    else:
        monkeypatch.setenv(cache.CACHE_DIR_ENV, str(tmp_path / "cache"))
        file = mdcache.cache_file(content)
        assert file is not None
        file.mkdir()
    out = tmp_path / "out"
    args = ["build", "--content", str(content), "--out", str(out), "--no-search"]
    assert main(args) == 0
    assert "Traceback" not in capsys.readouterr().err
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert site(content, tmp_path / "again") == plain


def test_two_builds_at_once_leave_a_whole_cache(content: Path, tmp_path: Path, compiled) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "explainer", "build", "--content", str(content), "--no-search"]
    runs = [
        subprocess.Popen(
            [*command, "--out", str(tmp_path / name)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        for name in ("a", "b")
    ]
    for run in runs:
        _, err = run.communicate(timeout=120)
        assert run.returncode == 0, err.decode()
    assert len(kept(content)) == len(texts_of(content))


def test_a_loaded_file_makes_each_distinct_hole_once() -> None:
    texts = [("[[iran]] and [@src] then [[iran]]", True), ("See [[iran]].", False)]
    compiled = [compile_text(text, block) for text, block in texts]
    version = b"v" * mdcache.DIGEST
    keys = [mdcache.text_key(text, block) for text, block in texts]
    written = mdcache.dump(dict(zip(keys, compiled, strict=True)), version)
    loaded = mdcache.load(b"".join(written), version)
    assert [loaded[key] for key in keys] == compiled  # the same forms
    first, second = loaded[keys[0]].holes, loaded[keys[1]].holes
    assert first[0] is first[2] is second[0]  # `[[iran]]`, one object
    assert first[1] is not first[0]
