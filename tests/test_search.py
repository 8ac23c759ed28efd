"""The search index: written by `build` before the swap, deterministic, failing safely."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from explainer import search
from explainer.build import build_command

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


def test_the_build_writes_the_index_and_twice_gives_the_same_bytes(
    built: Path, tmp_path: Path
) -> None:
    index = built / search.FOLDER
    assert (index / "pagefind.js").is_file() and (index / "pagefind-entry.json").is_file()
    assert list((index / "fragment").iterdir())
    assert not (index / "pagefind-ui.js").exists()  # Pagefind's own interface is not shipped
    again = tmp_path / "again"
    assert build_command(CONTENT, "content", again, None) == 0
    first, second = files(built), files(again)
    assert first.keys() == second.keys()
    assert [p for p in first if first[p] != second[p]] == []


def test_record_pages_are_indexed_with_their_kind_and_lists_are_not(built: Path) -> None:
    actor = (built / "actors/kataib-hezbollah/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-body data-pagefind-meta="kind:actor"' in actor
    assert '<dd data-pagefind-weight="7"><ul class="inline"><li>Kateb Hezbollah</li>' in actor
    for kind, path in [
        ("event", "events/tower-22-drone-attack"),
        ("quote", "quotes/ryder-actions-speak-louder"),
    ]:
        assert f'data-pagefind-meta="kind:{kind}"' in (built / path / "index.html").read_text()
    for listing in ("index.html", "timeline/index.html", "actors/index.html", "quotes/index.html"):
        assert "data-pagefind-body" not in (built / listing).read_text(encoding="utf-8")


def test_a_failed_index_writes_nothing_and_says_why(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    out = tmp_path / "site"
    assert build_command(CONTENT, "content", out, None) == 0
    before = files(out)
    failing = [sys.executable, "-c", "import sys; sys.exit('pagefind: disk on fire')"]
    monkeypatch.setattr(search, "pagefind_command", lambda site: failing)
    assert build_command(CONTENT, "content", out, None) == 1
    assert "the search index could not be built: pagefind: disk on fire" in capsys.readouterr().err
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


def test_the_sources_list_indexes_each_source_but_not_the_pages_citing_it(built: Path) -> None:
    sources = (built / "sources/index.html").read_text(encoding="utf-8")
    assert 'data-pagefind-body data-pagefind-meta="kind:source"' in sources
    assert sources.count("<details data-pagefind-ignore><summary>Cited by") > 3
    assert "<details>" not in sources
