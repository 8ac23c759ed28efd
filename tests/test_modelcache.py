"""The checked explainer kept whole (explainer/modelcache.py) is exactly the plain path's:
the same model, the same problems byte for byte and the same built site, unchanged,
after edits, with a file saved during the run, and from files that are damaged or foreign.
"""

from __future__ import annotations

import pickle
import shutil
import sys
from pathlib import Path

import pytest
from test_parallel_check import broken_explainer
from test_readcache import damaged

from explainer import cache, mdcache, modelcache, parallel, pipeline, readcache, statcache
from explainer.build import build
from explainer.checkcache import Keys
from explainer.compiled import MarkdownCache, compile_texts
from explainer.diagnostics import Diagnostic, format_text
from explainer.load import FileJob
from explainer.model import Converted

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate


class Counting:
    """`pipeline.convert_content` and `parallel.compile_texts`, counting what they do."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.converted = self.compiled = 0
        convert, compile_all = pipeline.convert_content, parallel.compile_texts

        def converting(jobs: list[FileJob]) -> Converted:
            self.converted += len(jobs)
            return convert(jobs)

        def compiling(texts: list[tuple[str, bool]]) -> list:
            self.compiled += len(texts)
            return compile_all(texts)

        monkeypatch.setattr(pipeline, "convert_content", converting)
        monkeypatch.setattr(parallel, "compile_texts", compiling)


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_into(tmp_path_factory.mktemp("modelcache") / "content")


def generate_into(root: Path) -> Path:
    generate(40, root)
    return root


@pytest.fixture
def content(generated: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(generated, tmp_path / "content"))


def broken(root: Path) -> Path:
    """An explainer with errors and warnings whose files can all be read."""
    broken_explainer(root)
    (root / "actors" / "actor-00005.yaml").unlink()
    return root


def plain(content: Path) -> tuple[object, str]:
    """What the plain path (`--no-cache`) reads: the explainer and the problems' text."""
    with cache.turned_off():
        explainer, problems = pipeline.read_explainer(content, "content")
    return explainer, format_text(problems)


def read(content: Path, keep: bool = True) -> tuple[object, str]:
    """What `read_model` reads; `keep`: its Markdown compiled and kept (as a build does)."""
    model = modelcache.read_model(content, "content")
    if keep and model.explainer is not None:
        model.markdown(lambda: MarkdownCache())
    return model.explainer, format_text(model.problems)


def site(content: Path, out: Path, workers: int = 2) -> dict[str, bytes]:
    written, problems = build(content, "content", out, None, workers=workers)
    assert written and not [p for p in problems if p.severity == "error"]
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}


def kept_file(cache_dir: Path) -> Path:
    (kept,) = (cache_dir / "model").glob("*.model")
    return kept


def test_the_kept_model_and_its_problems_are_the_plain_ones(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken(tmp_path / "content")
    expected = plain(content)
    assert "error" in expected[1] and "warning" in expected[1] and expected[0] is not None
    counting = Counting(monkeypatch)
    assert read(content) == expected  # cold: every file converted, then kept
    assert counting.converted > 30 and kept_file(cache_dir).exists()
    counting.converted = 0
    for _ in range(2):
        assert read(content) == expected
    assert counting.converted == 0


def test_built_sites_are_byte_identical(
    content: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with cache.turned_off():
        expected = site(content, tmp_path / "plain")
    assert not cache_dir.exists()
    counting = Counting(monkeypatch)
    assert site(content, tmp_path / "cold") == expected
    assert counting.converted > 100 and counting.compiled > 100
    counting.converted = counting.compiled = 0
    assert site(content, tmp_path / "warm") == expected
    assert site(content, tmp_path / "one", workers=1) == expected
    assert counting.converted == counting.compiled == 0  # the model and Markdown kept


def test_edits_additions_and_deletions_are_seen(
    content: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site(content, tmp_path / "first")
    event, quote = content / "events" / "event-00001.yaml", content / "quotes" / "quote-00003.yaml"
    event_bytes, quote_bytes = event.read_bytes(), quote.read_bytes()
    event.write_text(event.read_text().replace("title:", "title: Edited\nold_title:", 1))
    quote.unlink()
    expected = plain(content)
    counting = Counting(monkeypatch)
    assert read(content, keep=False) == expected and "old_title" in expected[1]
    assert 0 < counting.converted < 5  # the read cache still holds the other files
    event.write_bytes(event_bytes.replace(b"title: ", b"title: Edited ", 1))
    quote.write_bytes(quote_bytes)
    with cache.turned_off():
        expected_site = site(content, tmp_path / "plain")
    assert site(content, tmp_path / "edited") == expected_site
    assert site(content, tmp_path / "again") == expected_site
    assert any(b"Edited " in page for page in expected_site.values())


@pytest.mark.parametrize("how", ["truncated", "flipped", "empty", "garbage", "folder"])
def test_damaged_files_are_ignored_and_written_again(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    content = broken(tmp_path / "content")
    expected = read(content)
    assert expected == plain(content)
    kept = kept_file(cache_dir)
    damaged(kept, how)
    counting = Counting(monkeypatch)
    assert read(content) == expected
    assert counting.converted > 0  # the read cache's packs, not the damaged file
    if how != "folder":  # written again
        counting.converted = 0
        assert read(content) == expected and counting.converted == 0


def test_files_of_another_shape_or_folder_state_are_ignored(
    tmp_path: Path, cache_dir: Path
) -> None:
    content = broken(tmp_path / "content")
    expected = read(content)
    kept = kept_file(cache_dir)
    key = kept.read_bytes()[4:][: readcache.DIGEST]
    explainer, problems, version, md = pickle.loads(kept.read_bytes()[4 + len(key) :])
    assert modelcache.load(kept.read_bytes(), key) is not None
    assert modelcache.load(kept.read_bytes(), b"another folder!!") is None
    wrong = Diagnostic("p", 1, 1, "error", "m")
    shapes = [
        ("no explainer", problems, version, md),
        (explainer, "no list", version, md),
        (explainer, [*problems, ("p", 1, 1, "error", "m")], version, md),
        (explainer, problems),
    ]
    for shape in shapes:
        body = key + pickle.dumps(shape)
        kept.write_bytes(cache.checksum(body) + body)
        assert modelcache.load(kept.read_bytes(), key) is None
        assert read(content) == expected
    body = key + pickle.dumps((explainer, [*problems, wrong], version, md))
    kept.write_bytes(cache.checksum(body) + body)
    assert modelcache.load(kept.read_bytes(), key) is not None  # well formed: trusted


def test_a_file_of_another_folder_state_is_not_unpickled(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read(broken(tmp_path / "content"))
    data = kept_file(cache_dir).read_bytes()
    loaded: list[int] = []
    loads = pickle.loads
    monkeypatch.setattr(modelcache.pickle, "loads", lambda body: loaded.append(1) or loads(body))
    assert modelcache.load(data, b"another folder!!") is None and not loaded
    assert modelcache.load(data, data[4:][: readcache.DIGEST]) is not None and loaded


def test_another_version_of_the_code_is_ignored(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken(tmp_path / "content")
    read(content)
    expected = plain(content)
    monkeypatch.setattr(readcache, "version_key", lambda: b"another version!")
    counting = Counting(monkeypatch)
    assert read(content) == expected
    assert counting.converted > 30


def test_markdown_of_another_version_is_compiled_again(
    content: Path, tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = site(content, tmp_path / "first")
    monkeypatch.setattr(mdcache, "version_key", lambda: b"another version of markdown")
    counting = Counting(monkeypatch)
    assert site(content, tmp_path / "second") == expected
    assert counting.converted == 0 and counting.compiled > 100  # the model still kept
    counting.compiled = 0
    assert site(content, tmp_path / "third") == expected
    assert counting.compiled == 0  # and the Markdown kept again with it


def test_a_file_saved_during_the_run_is_not_kept(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken(tmp_path / "content")
    event = content / "events" / "event-00001.yaml"
    before = event.read_bytes()
    real = statcache.read_keys

    def saved_after_keying(jobs: list[FileJob], version: bytes, folder: Path) -> Keys:
        keys = real(jobs, version, folder)
        event.write_bytes(before + b"saved: yes\n")
        return keys

    with monkeypatch.context() as saving:
        saving.setattr(statcache, "read_keys", saved_after_keying)
        assert "saved" in read(content)[1]  # converted as it is now
    assert not list((cache_dir / "model").glob("*.model"))
    event.write_bytes(before)  # as it was keyed: what is kept must not be the saved one
    assert read(content) == plain(content)
    assert "saved" not in read(content)[1]


def test_a_file_saved_before_its_problems_are_placed_is_not_kept(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken(tmp_path / "content")
    event = content / "events" / "event-00001.yaml"
    event.write_text(
        event.read_text().replace("title:", "summary: See [[nobody-here]].\ntitle:", 1)
    )
    before = event.read_bytes()
    real = pipeline.validate

    def saved_after_converting(converted: Converted) -> tuple[object, list[Diagnostic]]:
        event.write_bytes(b"\n\n" + before)  # the reference two lines further down
        return real(converted)

    with monkeypatch.context() as saving:
        saving.setattr(pipeline, "validate", saved_after_converting)
        assert "nobody-here" in read(content)[1]
    assert not list((cache_dir / "model").glob("*.model"))
    event.write_bytes(before)
    assert read(content) == plain(content)


def test_a_folder_with_a_file_that_cannot_be_read_is_never_kept(
    tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken(tmp_path / "content")
    real = modelcache.find_files

    def listed_then_gone(content: Path, shown: str) -> tuple[list[FileJob], list[Diagnostic]]:
        found = real(content, shown)
        (content / "quotes" / "quote-00002.yaml").unlink(missing_ok=True)
        return found

    monkeypatch.setattr(modelcache, "find_files", listed_then_gone)
    explainer, problems = read(content)
    assert "cannot read file" in problems and explainer is not None
    assert not list((cache_dir / "model").glob("*.model"))


def test_no_cache_is_the_plain_path(content: Path, tmp_path: Path) -> None:
    with cache.turned_off():
        model = modelcache.read_model(content, "content")
        assert model.path is None and model.compiled is None
        md = model.markdown(lambda: compile_into(model))
    assert md.block and (model.explainer, format_text(model.problems)) == plain(content)


def compile_into(model: modelcache.Model) -> MarkdownCache:
    from explainer.compiled import markdown_texts

    texts = sorted(set(markdown_texts(model.explainer)))
    md = MarkdownCache()
    md.add(texts, compile_texts(texts))
    return md


def test_the_kept_file_is_read_in_a_thread_meanwhile(tmp_path: Path) -> None:
    kept = tmp_path / "x.model"
    kept.write_bytes(b"the bytes")
    assert modelcache.read_meanwhile(kept)() == b"the bytes"
    assert modelcache.read_meanwhile(tmp_path / "missing.model")() is None
