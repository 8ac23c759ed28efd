"""The output folder: only ours is replaced, never the sources, one build at a time (issue #12)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from explainer import output
from explainer.build import build_command
from explainer.cli import main
from explainer.output import MARKER, OutputError, claim_output
from explainer.write import write_site as write_pages
from sites import write_site

PAGES = {"index.html": b"<p>new</p>", "actors/x/index.html": b"x"}


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository-like folder (content, templates, static, .git), the current folder."""
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path / "content", {})
    for folder in ("templates/partials", "static", ".git/objects"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "keep.txt").write_text("keep")
    return tmp_path


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_folder_of_someone_elses_files_is_refused(repo: Path, capsys) -> None:
    thesis = repo / "thesis"
    thesis.mkdir()
    (thesis / "chapter1.tex").write_text("years of work")
    assert main(["build", "--out", "thesis"]) == 2
    err = capsys.readouterr().err
    assert "not empty and was not written by explainer" in err and "choose a new" in err
    assert names(thesis) == ["chapter1.tex"]


@pytest.mark.parametrize(
    "out",
    ["content/actors", "content", "templates/partials", "templates", "static/css", ".git", "."],
)
def test_no_flag_makes_a_source_folder_an_output(repo: Path, out: str, capsys) -> None:
    before = sorted(str(p) for p in repo.rglob("*"))
    templates, static = repo / "templates", repo / "static"
    assert build_command(repo / "content", "content", Path(out), None, templates, static) == 2
    assert "error: output" in capsys.readouterr().err
    assert sorted(str(p) for p in repo.rglob("*")) == before


def test_a_folder_inside_dot_git_or_holding_one_is_refused(repo: Path) -> None:
    with pytest.raises(OutputError, match=r"\.git"):
        output.check_output(repo / ".git" / "site", [])
    ours = repo / "site"
    write_pages(ours, PAGES)
    (ours / ".git").write_text("gitdir: elsewhere")  # a git worktree checked out here
    with pytest.raises(OutputError, match=r"holds a \.git"):
        output.check_output(ours, [])


def test_missing_empty_and_our_own_outputs_are_replaced(repo: Path) -> None:
    (repo / "empty").mkdir()
    for out in ("new/deeper", "empty"):
        assert main(["build", "--out", out]) == 0
        assert (repo / out / MARKER).is_file() and (repo / out / "index.html").is_file()
    (repo / "empty" / "stale.html").write_text("old")
    assert main(["build", "--out", "empty"]) == 0
    assert not (repo / "empty" / "stale.html").exists()


def test_serve_out_refuses_the_same_folders(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from explainer import serve

    monkeypatch.setattr(serve.PreviewServer, "run", lambda self: None)  # never serve forever
    (repo / "thesis").mkdir()
    (repo / "thesis" / "notes.txt").write_text("mine")
    assert main(["serve", "--port", "0", "--out", "thesis"]) == 2
    assert main(["serve", "--port", "0", "--out", "content/actors"]) == 2
    assert names(repo / "thesis") == ["notes.txt"]


def test_builds_into_one_output_wait_for_each_other(tmp_path: Path) -> None:
    out = tmp_path / "site"
    done = threading.Event()
    with claim_output(out):  # another build is writing
        writer = threading.Thread(target=lambda: (write_pages(out, PAGES), done.set()))
        writer.start()
        time.sleep(0.3)
        assert not done.is_set() and names(tmp_path) == []
    writer.join(10)
    assert done.is_set() and names(tmp_path) == ["site"]
    assert (out / "index.html").read_bytes() == b"<p>new</p>"


def test_a_build_that_cannot_get_the_lock_says_so(tmp_path: Path) -> None:
    out = tmp_path / "site"
    refused = pytest.raises(OutputError, match="another build is writing")
    with claim_output(out), refused, claim_output(out, wait=0.2):
        pass


def test_concurrent_builds_never_publish_a_partial_site(tmp_path: Path) -> None:
    out = tmp_path / "site"
    big = {f"p{i}/index.html": b"x" * 100 for i in range(300)}
    errors: list[BaseException] = []

    def build(pages: dict[str, bytes]) -> None:
        try:
            for _ in range(5):
                write_pages(out, pages)
        except BaseException as exc:  # collected for the assertion
            errors.append(exc)

    threads = [threading.Thread(target=build, args=(p,)) for p in (big, PAGES)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written in ({*big, MARKER}, {*PAGES, MARKER})
    assert names(tmp_path) == ["site"]


def test_a_symlinked_output_is_written_through_the_link(tmp_path: Path) -> None:
    real = tmp_path / "real"
    link = tmp_path / "site"
    link.symlink_to(real.name)
    write_pages(link, PAGES)
    write_pages(link, {"index.html": b"again"})
    assert link.is_symlink() and os.readlink(link) == "real"
    assert (real / "index.html").read_bytes() == b"again"
    assert names(tmp_path) == ["real", "site"]


def test_a_mount_point_is_refused_before_anything_is_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "mnt"
    out.mkdir()
    real_ismount = os.path.ismount
    monkeypatch.setattr(os.path, "ismount", lambda p: Path(p) == out or real_ismount(p))
    with pytest.raises(OutputError, match=r"mount point.*--out .*/mnt/site"):
        write_pages(out, PAGES)
    assert names(tmp_path) == ["mnt"] and names(out) == []


def test_write_file_makes_its_folders_and_writes_as_path_write_bytes(tmp_path: Path) -> None:
    """A page at the root, in a new folder, in a new folder of a new folder, and in a
    folder already there: the bytes given, readable as `Path.write_bytes` makes them."""
    from explainer.write import write_file

    pages = {
        "robots.txt": b"robots",
        "events/e/index.html": b"<p>e</p>" * 10_000,
        "tags/t/page/2/index.html": b"2",
        "tags/t/index.html": b"",
    }
    for path, data in pages.items():
        write_file(tmp_path / "site", path, data)
    (tmp_path / "plain.txt").write_bytes(b"p")
    for path, data in pages.items():
        written = tmp_path / "site" / path
        assert written.read_bytes() == data
        assert written.stat().st_mode == (tmp_path / "plain.txt").stat().st_mode
    write_file(tmp_path / "site", "robots.txt", b"r")  # written over: no old bytes kept
    assert (tmp_path / "site" / "robots.txt").read_bytes() == b"r"
