"""`explainer diff OLD NEW`: records and pages that change, between folders and git revisions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from explainer.changes import field_changes, pages_changed
from explainer.cli import main
from explainer.dates import PartialDate
from explainer.model import Relation
from sites import VALID, write_site

# The change a reviewer sees: an event confirmed and given a second source, a new
# source, a quote gone (and the section's embed of it with it), a relation's status.
CHANGE = {
    "events/tower-22.yaml": VALID["events/tower-22.yaml"]
    .replace("status: alleged", "status: confirmed")
    .replace("sources: [article]", "sources: [article, dod-briefing-2024-01-30]"),
    "sources/dod-briefing-2024-01-30.yaml": "title: Briefing\npublisher: DoD\nkind: briefing\n",
    "actors/kataib-hezbollah.yaml": VALID["actors/kataib-hezbollah.yaml"].replace(
        "    target: iran\n", "    target: iran\n    status: alleged\n"
    ),
    "sections/what-happened.md": VALID["sections/what-happened.md"].replace(
        "\n\n![[suspension]]\n", "\n"
    ),
}

TEXT = """\
Records: 1 added, 1 removed, 3 changed
  ~ actor kataib-hezbollah: relations backed-by iran: status alleged (new)
  ~ event tower-22: sources + dod-briefing-2024-01-30; status alleged → confirmed
  − quote suspension (We announce the suspension.)
  + source dod-briefing-2024-01-30 (Briefing)
  ~ section what-happened: body changed
Pages: 1 removed, 9 changed
  − quotes/suspension/
  ~ /
  ~ actors/
  ~ actors/iran/
  ~ actors/kataib-hezbollah/
  ~ events/tower-22/
  ~ quotes/
  ~ sections/what-happened/
  ~ sources/
  ~ timeline/
"""

MARKDOWN = """\
## What this change does to the explainer

**Records:** 1 added, 1 removed, 3 changed

- **Changed** actor `kataib-hezbollah`: relations backed-by iran: status alleged \\(new\\)
- **Changed** event `tower-22`: sources \\+ dod-briefing-2024-01-30; status alleged → confirmed
- **Removed** quote `suspension` (We announce the suspension.)
- **Added** source `dod-briefing-2024-01-30` (Briefing)
- **Changed** section `what-happened`: body changed

**Pages:** 1 removed, 9 changed

- gone: `quotes/suspension/`
- changed: `/`, `actors/`, `actors/iran/`, `actors/kataib-hezbollah/`, `events/tower-22/`, \
`quotes/`, `sections/what-happened/`, `sources/`, `timeline/`
"""


@pytest.fixture
def folders(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path / "old", {})
    write_site(tmp_path / "new", {"quotes/suspension.yaml": None, **CHANGE})
    return tmp_path


def test_diff_of_two_folders(folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "old", "new"]) == 0
    assert capsys.readouterr().out == TEXT


def test_diff_as_markdown(folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "old", "new", "--format", "markdown"]) == 0
    assert capsys.readouterr().out == MARKDOWN


def test_no_change(folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "old", "old"]) == 0
    assert capsys.readouterr().out == "Records: none\nPages: none\n"


def test_content_with_errors_is_reported(folders: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (folders / "new" / "actors" / "iran.yaml").write_text("name: Iran\nkind person\n")
    assert main(["diff", "old", "new"]) == 1
    assert capsys.readouterr().err == (
        "error: the content of new has errors:\n"
        "new/actors/iran.yaml:2:1: error: 'kind person' has no colon; a field is written "
        "'name: value', so write 'kind: person'\n"
    )


def _git(repo: Path, *args: str) -> None:
    identity = ["-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    subprocess.run(["git", *identity, *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose second commit makes CHANGE; the working tree then adds an actor."""
    if shutil.which("git") is None:
        pytest.skip("git is not on PATH")
    repo = tmp_path / "story"
    write_site(repo / "content", {})
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "first")
    (repo / "content" / "quotes" / "suspension.yaml").unlink()
    write_site(repo / "content", CHANGE, base=False)
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "second")
    monkeypatch.chdir(repo)
    return repo


def test_diff_of_two_revisions(repository: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "HEAD~1", "main"]) == 0
    assert capsys.readouterr().out == TEXT


def test_diff_of_a_revision_and_the_working_tree(
    repository: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write_site(repository / "content", {"actors/irgc.yaml": "name: IRGC\nkind: armed-group\n"
               "summary: An armed force.\n"}, base=False)  # fmt: skip
    assert main(["diff", "HEAD", "content"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Records: 1 added\n  + actor irgc (IRGC)\nPages: 1 added, ")
    assert "  + actors/irgc/\n" in out and "  ~ actors/\n" in out


def test_diff_from_a_subfolder_reads_the_content_folder_there(
    tmp_path: Path, repository: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.chdir(repository / "content")
    assert main(["diff", "HEAD~1", "HEAD", "--content", "."]) == 0
    assert capsys.readouterr().out == TEXT


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["diff", "no-such-thing", "content"], "error: 'no-such-thing' is neither a folder nor "
         "a git revision\n"),
        (["diff", "HEAD", "content", "--content", "elsewhere"], "error: revision 'HEAD' has no "
         "folder 'elsewhere'\n"),
    ],
)  # fmt: skip
def test_diff_refuses(
    repository: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if "elsewhere" in argv:
        (repository / "content").rename(repository / "elsewhere")
        argv = ["diff", "HEAD", "elsewhere", "--content", "elsewhere"]
    assert main(argv) == 2
    assert capsys.readouterr().err == message


def test_field_changes_in_words() -> None:
    old = Relation("backed-by", "iran", since=PartialDate(2007), note="A short note.")
    new = Relation("backed-by", "iran", until=PartialDate(2024, 2), note="x" * 100)
    assert field_changes(old, new) == [
        "since removed (was 2007)",
        "until 2024-02 (new)",
        "note changed",
    ]


def test_pages_changed() -> None:
    old = {"index.html": b"a", "actors/x/index.html": b"x", "feed.xml": b"f"}
    new = {"index.html": b"b", "actors/y/index.html": b"y", "feed.xml": b"f"}
    changes = pages_changed(old, new)
    assert (changes.added, changes.removed, changes.changed) == (
        ("actors/y/",),
        ("actors/x/",),
        ("/",),
    )


def test_markdown_shows_content_text_as_written(
    folders: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A title with Markdown or HTML in it cannot add links, images or tags to the summary."""
    title = "<img src=x> [a](https://e.example) *b* `c`"
    source = f"title: '{title}'\npublisher: P\nkind: report\n"
    (folders / "new" / "sources" / "dod-briefing-2024-01-30.yaml").write_text(source)
    assert main(["diff", "old", "new", "--format", "markdown"]) == 0
    out = capsys.readouterr().out
    assert (
        "- **Added** source `dod-briefing-2024-01-30` "
        "(\\<img src=x\\> \\[a\\]\\(https://e.example\\) \\*b\\* \\`c\\`)"
    ) in out
