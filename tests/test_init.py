"""`explainer init` and `explainer theme`: a new explainer that checks and builds at once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explainer.cli import main
from explainer.fields import FIELDS, RELATION
from explainer.init import PROJECT_FILES, STARTER, requirement_from
from explainer.theme import DEFAULT_STATIC, DEFAULT_TEMPLATES, default_names

ROOT = Path(__file__).resolve().parent.parent
# The starter file that shows each kind of record.
STARTER_FILES = {
    "site": "content/site.yaml",
    "actor": "content/actors/example-organization.yaml",
    "event": "content/events/example-event.yaml",
    "quote": "content/quotes/example-quote.yaml",
    "source": "content/sources/example-source.yaml",
    "section": "content/sections/introduction.md",
}
# A commented-out example line: `# key: value`, `#   - item` or `#   continued text`.
EXAMPLE_LINE = re.compile(r"^# ( *[a-z_]+:( |$)| *- | {2,}\S)")


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A new explainer made by `explainer init story`, the current folder its parent."""
    monkeypatch.chdir(tmp_path)
    assert main(["init", "story"]) == 0
    return tmp_path / "story"


def test_init_writes_an_explainer_that_checks_and_builds(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["init", "story"]) == 0
    story = tmp_path / "story"
    written = capsys.readouterr().out
    for path in [*STARTER_FILES.values(), "README.md", ".gitignore", ".pre-commit-config.yaml"]:
        assert (story / path).is_file(), path
        assert f"wrote story/{path}" in written
    assert "/_site/" in (story / ".gitignore").read_text().splitlines()
    for path in PROJECT_FILES:  # the engine's CI and publishing files, as they are
        assert (story / path).read_bytes() == (ROOT / path).read_bytes(), path
    monkeypatch.chdir(story)
    assert main(["check", "--strict"]) == 0
    assert main(["build"]) == 0
    home = (story / "_site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Story</title>" in home and "Introduction" in home
    assert (story / "_site" / "static" / "style.css").is_file()
    readme = (story / "README.md").read_text(encoding="utf-8")
    assert readme.startswith("# Story\n")
    for command in ("explainer serve", "explainer check --strict", "explainer build"):
        assert command in readme


def test_title_is_kept_exactly(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    title = 'Gaza: the "ceasefire" #1 – what\'s agreed'
    assert main(["init", "new", "--title", title]) == 0
    monkeypatch.chdir(tmp_path / "new")
    assert main(["check", "--strict"]) == 0
    assert main(["build"]) == 0
    home = (tmp_path / "new" / "_site" / "index.html").read_text(encoding="utf-8")
    assert "<title>Gaza: the &#34;ceasefire&#34; #1 – what&#39;s agreed</title>" in home
    assert (tmp_path / "new" / "README.md").read_text().startswith(f"# {title}\n")


@pytest.mark.parametrize("kind", sorted(STARTER_FILES))
def test_every_field_is_shown_in_the_starter(kind: str) -> None:
    """Each field of the content format appears, live or as a commented example."""
    text = (STARTER / STARTER_FILES[kind]).read_text(encoding="utf-8")
    names = [f.name for f in FIELDS[kind] if f.name != "id"]
    names += [f.name for f in RELATION] if kind == "actor" else []
    missing = [n for n in names if not re.search(rf"^(# )?[ -]*{n}:", text, re.MULTILINE)]
    assert not missing, f"{STARTER_FILES[kind]} shows no example of {missing}"


def test_every_commented_example_is_valid(story: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Uncommenting every example field still gives valid content."""
    for path in STARTER_FILES.values():
        lines = (story / path).read_text(encoding="utf-8").splitlines()
        lines = [line[2:] if EXAMPLE_LINE.match(line) else line for line in lines]
        (story / path).write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = (story / STARTER_FILES["site"]).read_text(encoding="utf-8")
    assert "base_url: https://example.org/my-explainer/" in site.splitlines()
    # The relation example names another actor, as a real one would.
    (story / "content/actors/another-actor.yaml").write_text(
        "name: Another actor\nkind: state\nsummary: The other end of the tie.\n"
    )
    monkeypatch.chdir(story)
    assert main(["check", "--strict"]) == 0
    assert main(["build"]) == 0


def test_init_refuses_a_folder_that_is_not_empty(
    story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p: p.read_bytes() for p in story.rglob("*") if p.is_file()}
    capsys.readouterr()
    assert main(["init", "story"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: folder 'story' is not empty (it holds .git")
    assert {p: p.read_bytes() for p in story.rglob("*") if p.is_file()} == before
    (story.parent / "a-file").write_text("x")
    assert main(["init", "a-file"]) == 2
    assert "'a-file' exists and is not a folder" in capsys.readouterr().err


def test_init_takes_an_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    assert main(["init", str(tmp_path / "empty"), "--title", "T"]) == 0
    assert main(["check", "--strict", "--content", str(tmp_path / "empty" / "content")]) == 0


# --- theme ---------------------------------------------------------------------


def test_theme_copy_copies_a_default_file_and_refuses_to_overwrite(
    story: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(story)
    assert main(["theme", "copy", "partials/macros.html"]) == 0
    copied = story / "templates" / "partials" / "macros.html"
    assert copied.read_bytes() == (DEFAULT_TEMPLATES / "partials" / "macros.html").read_bytes()
    assert main(["theme", "copy", "static/style.css"]) == 0
    assert (story / "static/style.css").read_bytes() == (DEFAULT_STATIC / "style.css").read_bytes()
    copied.write_text("{# mine #}")
    capsys.readouterr()
    assert main(["theme", "copy", "templates/partials/macros.html"]) == 2
    assert "already exists" in capsys.readouterr().err
    assert copied.read_text() == "{# mine #}"


def test_theme_copy_of_an_unknown_name_suggests_and_lists(
    story: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(story)
    capsys.readouterr()
    assert main(["theme", "copy", "bse.html"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(
        "error: the default theme has no file 'bse.html'; did you mean 'base.html'?"
    )
    for name in default_names():
        assert f"\n  {name}" in err
    assert not (story / "templates").exists()


def test_theme_list_shows_the_overrides(
    story: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(story)
    assert main(["theme", "copy", "base.html"]) == 0
    capsys.readouterr()
    assert main(["theme", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "templates/base.html  (from templates/base.html)" in lines
    assert "templates/home.html" in lines and "static/style.css" in lines
    assert len(lines) == len(default_names())


def test_requirement_names_a_git_install_only() -> None:
    git = {
        "url": "https://git.example.org/newsroom/explainer.git",
        "vcs_info": {"vcs": "git", "requested_revision": "v0.1.0", "commit_id": "abc123"},
    }
    assert requirement_from(git) == (
        "explainer @ git+https://git.example.org/newsroom/explainer.git@v0.1.0"
    )
    del git["vcs_info"]["requested_revision"]  # type: ignore[attr-defined]
    assert requirement_from(git) == (
        "explainer @ git+https://git.example.org/newsroom/explainer.git@abc123"
    )
    assert requirement_from({"url": "file:///home/me/explainer", "dir_info": {}}) is None
    assert requirement_from({"url": "file:///tmp/explainer-0.1.0-py3-none-any.whl"}) is None
