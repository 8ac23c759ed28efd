"""The search index: built from the model by `build` before the swap, deterministic,
failing safely. (Queries in a browser: tests/test_browser_readers.py.)"""

from __future__ import annotations

import base64
import hashlib
import json
import shutil
from array import array
from pathlib import Path

import pytest

from explainer import build as build_module
from explainer import search
from explainer.build import build_command, site_data
from explainer.pipeline import read_explainer
from explainer.search import Words, documents
from explainer.search_index import SCORE_BITS, shard_key, words
from explainer.view import View

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"


def files(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("search") / "site"
    assert build_command(CONTENT, "content", out, None) == 0
    return out


@pytest.fixture(scope="module")
def view() -> View:
    explainer, _ = read_explainer(CONTENT, "content")
    assert explainer is not None
    return View(site_data(explainer, None))


def read_json(site: Path, path: str) -> object:
    return json.loads((site / search.FOLDER / path).read_text(encoding="utf-8"))


def postings(site: Path, word: str) -> dict[str, int]:
    """The URL and score of each document with exactly `word`, read from the files."""
    index = read_json(site, "index.json")
    key = shard_key(word)
    if key not in index["shards"]:
        return {}
    encoded = read_json(site, f"w/{key}.json").get(word)
    numbers = array("I", base64.b64decode(encoded or ""))
    found = {}
    for number in numbers:
        doc, score = number >> SCORE_BITS, number & ((1 << SCORE_BITS) - 1)
        chunk = read_json(site, f"d/{doc // index['chunk']}.json")
        found[chunk[doc % index["chunk"]][2]] = score
    return found


def test_the_build_writes_the_index_and_twice_gives_the_same_bytes(
    built: Path, tmp_path: Path
) -> None:
    index = read_json(built, "index.json")
    assert index["shards"] and index["documents"] > 80
    for key in index["shards"]:
        assert (built / search.FOLDER / "w" / f"{key}.json").is_file()
    again = tmp_path / "again"
    assert build_command(CONTENT, "content", again, None) == 0
    first, second = files(built), files(again)
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_the_manifest_hashes_every_other_file_in_path_order(built: Path) -> None:
    """The files are made and written one at a time; `index.json` comes last and holds
    the hash of all the others, read back here from disk."""
    folder = built / search.FOLDER
    written = {k: v for k, v in files(folder).items() if k != "index.json"}
    digest = hashlib.sha256()
    for path in sorted(written):
        digest.update(path.encode() + b"\0" + written[path] + b"\0")
    index = read_json(built, "index.json")
    assert index["hash"] == digest.hexdigest()[:16]
    assert {f"w/{key}.json" for key in index["shards"]} == {p for p in written if p[0] == "w"}
    assert len([p for p in written if p[0] == "d"]) == -(-index["documents"] // index["chunk"])


def test_every_record_is_one_document_in_the_sites_order_and_lists_are_not(
    built: Path, view: View
) -> None:
    index = read_json(built, "index.json")
    docs = [d for n in range(0, index["documents"], index["chunk"]) for d in
            read_json(built, f"d/{n // index['chunk']}.json")]  # fmt: skip
    kinds = [index["kinds"][d[0]] for d in docs]
    counts = {k: len(view.ordered(k + "s")) for k in index["kinds"]}
    assert kinds == [k for k in index["kinds"] for _ in range(counts[k])]
    urls = [d[2] for d in docs]
    assert urls[: counts["actor"]] == [f"actors/{a}/index.html" for a in view.ordered("actors")]
    assert "sources/index.html#us-iraq-joint-statement" in urls
    assert not {"index.html", "timeline/index.html", "actors/index.html"} & set(urls)
    actor = docs[urls.index("actors/kataib-hezbollah/index.html")]
    assert actor[1] == "Kataib Hezbollah" and actor[3].startswith("An Iran-aligned armed group")


def test_names_and_aliases_weigh_most_then_summaries_then_bodies(built: Path) -> None:
    for word in ("kataib", "kateb"):  # its name, an alias
        found = postings(built, word)
        assert max(found, key=found.get) == "actors/kataib-hezbollah/index.html"
        assert found["actors/kataib-hezbollah/index.html"] >= search.NAME
    assert "events/tower-22-drone-attack/index.html" in postings(built, "kataib")  # a link
    assert "actors/kataib-hezbollah/index.html" in postings(built, "kh")
    davos = postings(built, "davos")
    assert davos["events/al-sudani-davos-remarks/index.html"] >= search.SUMMARY
    assert "sources/index.html#dod-briefing-2024-01-30" in postings(built, "briefing")
    assert "quotes/ryder-actions-speak-louder/index.html" in postings(built, "ryder")  # speaker


def test_words_are_normalized_in_any_script() -> None:
    assert words("Muhandís MUHANDIS muhandis") == ["muhandis"] * 3
    assert words("snake_case, co-op; 2024") == ["snake", "case", "co", "op", "2024"]
    assert words("كتائب حزب الله") == ["كتايب", "حزب", "الله"]  # ئ is ي with a mark
    assert words("Straße") == ["strasse"]
    # several marks, one after the other, and one that case folding makes (İ is i and a dot)
    assert words("Ἀθῆναι ṩ İstanbul") == ["αθηναι", "s", "istanbul"]


def test_markdown_is_read_as_the_words_a_reader_sees(view: View) -> None:
    w = Words(view)
    text = (
        "[[kh]] and [[iran|Tehran]] per [@us-iraq-joint-statement]; [a](https://x.org/y)."
        "\n\n![[ryder-actions-speak-louder]]"
    )
    seen = words(w.of_markdown(text))
    assert sorted(seen) == sorted(["and", "per", "a", "kataib", "hezbollah", "tehran"])
    cited = "**Bold** [[iran]] _said_ `x` [@us-iraq-joint-statement]."
    assert w.excerpt(cited) == "Bold Iran said x ."
    assert len(w.excerpt("word " * 100)) <= search.EXCERPT + 1


@pytest.mark.parametrize("workers", [1, 2])  # written before the render, or while workers render
def test_a_failed_index_writes_nothing_and_says_why(
    workers: int,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture,
) -> None:
    out = tmp_path / "site"
    assert build_command(CONTENT, "content", out, None, search=False) == 0
    before = files(out)
    clash = {"search/index.json": b"{}", "search/index.json/w": b"{}"}  # a file, then a folder
    monkeypatch.setattr(search, "search_files", lambda data: iter(clash.items()))
    monkeypatch.setattr(build_module, "worker_count", lambda pages: workers)
    assert build_command(CONTENT, "content", out, None) == 1
    assert "the search index could not be written: " in capsys.readouterr().err
    assert files(out) == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left behind


def test_no_search_builds_no_index_and_shows_no_box(built: Path, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert build_command(CONTENT, "content", out, None, search=False) == 0
    assert not (out / search.FOLDER).exists()
    with_search, without = files(built), files(out)
    assert without.keys() == {p for p in with_search if not p.startswith(search.FOLDER + "/")}
    for path in ("index.html", "actors/kataib-hezbollah/index.html", "404.html"):
        page = without[path].decode("utf-8")
        assert 'id="site-search"' not in page and 'id="search-results"' not in page
        assert 'document.documentElement.classList.add("js")' in page  # still marked scripted
        assert 'id="site-search"' in with_search[path].decode("utf-8")


def test_search_false_in_site_yaml_is_the_same_as_no_search(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    site = content / "site.yaml"
    site.write_text(site.read_text(encoding="utf-8") + "search: false\n", encoding="utf-8")
    assert build_command(content, "content", tmp_path / "a", None) == 0
    assert build_command(CONTENT, "content", tmp_path / "b", None, search=False) == 0
    assert files(tmp_path / "a") == files(tmp_path / "b")


def test_pages_carry_no_markup_for_an_indexer(built: Path, view: View) -> None:
    pages = [p for p in files(built) if p.endswith(".html")]
    assert not [p for p in pages if b"data-pagefind" in (built / p).read_bytes()]
    assert len(list(documents(view))) == read_json(built, "index.json")["documents"]
