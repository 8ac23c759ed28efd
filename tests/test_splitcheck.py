"""`check` with no cache (`splitcheck`: each process converts and checks its own share)
says exactly what the plain path says, `validate_problems(convert_files(jobs))`: the
same problems in the same order, over one process or several."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import pytest
from test_validate_problems import EDITS

from explainer import pipeline, splitcheck
from explainer.diagnostics import format_text
from explainer.load import FileJob, find_files
from explainer.model import Converted
from explainer.validate import validate_problems
from explainer.workers import WorkerDied
from sites import write_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate

ROOT = Path(__file__).resolve().parent.parent
WORKERS = (1, 2, 3)


def assert_split_is_plain(content: Path) -> list[str]:
    """Check `content` both ways, with each number of processes; the problems found."""
    jobs, _ = find_files(content, "content")
    plain = validate_problems(pipeline.convert_files(jobs))
    for workers in WORKERS:
        assert splitcheck.problems(jobs, workers) == plain, workers
    return format_text(plain).splitlines()


@pytest.mark.parametrize(
    "folder", ["content", "tests/golden/full/content", "tests/golden/minimal/content"]
)
def test_shipped_and_fixture_content(folder: str) -> None:
    assert_split_is_plain(ROOT / folder)


@pytest.mark.parametrize("name", EDITS)
def test_edited_explainers(tmp_path: Path, name: str) -> None:
    assert_split_is_plain(write_site(tmp_path / "content", EDITS[name]))


# Broken copies of a generated explainer of some 300 files (blocks of 100 files at most,
# dealt to 2 or 3 processes): each breakage set in files of different blocks.
BROKEN: dict[str, dict[str, str | bytes]] = {
    "duplicate ids across blocks": {
        "quotes/actor-00003.yaml": "speaker: actor-00001\ntext: T.\nsource: source-00001\n",
        "sources/event-00040.yaml": "title: T\npublisher: P\nkind: report\n",
        "events/zz-dup.yaml": "- id: quote-00007\n  date: 2024\n  title: T\n",
    },
    "unknown ids with suggestions": {
        "events/a.yaml": "date: 2024\ntitle: T\nsummary: See [[actor-0001]] [@source-0001].\n",
        "quotes/broken-b.yaml": "speaker: actr-00002\ntext: T ![[event-0004]]\nsource: nowhere\n",
        "sections/broken-c.md": "---\ntitle: C\n---\n\nSee [[event-00070x]] and [[Actor 00001]].\n",
    },
    "bad aliases": {
        "actors/alias-a.yaml": "name: A\nkind: state\naliases: [Actor 00004, Same Name]\n",
        "actors/alias-b.yaml": "name: B\nkind: state\naliases: [Same Name]\n",
        "events/uses-alias.yaml": "date: 2024\ntitle: T\nactors: [same-name, alias-a]\n",
    },
    "unreadable files": {
        "actors/actor-00005.yaml": b"\xff\xfe",
        "sources/batch.yaml": "- id: lost-a\n  title: [\n- id: lost-b\n",
        "events/cites-lost.yaml": "date: 2024\ntitle: T\nsummary: S [@lost-a; @lost-b].\n",
    },
    "uncited sources": {
        "sources/source-00000.yaml": "title: T\npublisher: P\nkind: report\n",
        "sources/zz-alone.yaml": "title: T\npublisher: P\nkind: report\nnote: see [@zz-alone]\n",
        "site.yaml": "title: T\nsummary: Cited here [@source-00002].\n",
    },
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated") / "content"
    generate(60, root)
    return root


def broken(generated: Path, root: Path, files: dict[str, str | bytes]) -> Path:
    """A copy of the generated explainer with `files` written into it."""
    content = root / "content"
    for path in generated.rglob("*"):
        if path.is_file():
            target = content / path.relative_to(generated)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    for relative, text in files.items():
        target = content / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode())
    return content


def test_a_generated_explainer(generated: Path) -> None:
    assert len(list(generated.rglob("*.*"))) > 250  # blocks of 100 files: several each
    assert_split_is_plain(generated)


@pytest.mark.parametrize("name", BROKEN)
def test_broken_explainers(generated: Path, tmp_path: Path, name: str) -> None:
    found = assert_split_is_plain(broken(generated, tmp_path, BROKEN[name]))
    assert len(found) >= 2, found


def test_every_breakage_at_once(generated: Path, tmp_path: Path) -> None:
    files = {name: text for breakage in BROKEN.values() for name, text in breakage.items()}
    found = assert_split_is_plain(broken(generated, tmp_path, files))
    assert any("did you mean" in line for line in found)
    assert any("duplicate id" in line for line in found)
    assert any("not cited" in line for line in found)


def test_check_with_no_cache_is_split(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`check --no-cache` (`check_content` with the cache off) takes this way, with as
    many processes as `convert_content` would use, and says what the cached way says."""
    content = broken(generated, tmp_path, BROKEN["unknown ids with suggestions"])
    cached = pipeline.check_content(content, "content")
    monkeypatch.setattr(pipeline, "_workers", lambda files: 2)
    monkeypatch.setenv("EXPLAINER_NO_CACHE", "1")
    used = []
    real = splitcheck.problems
    monkeypatch.setattr(splitcheck, "problems", lambda jobs: used.append(1) or real(jobs))
    assert pipeline.check_content(content, "content") == cached
    assert used


def test_a_bug_in_a_child_is_raised_here_with_its_traceback(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    jobs, _ = find_files(generated, "content")
    here, real = os.getpid(), pipeline.convert_files

    def convert_files(jobs: list[FileJob]) -> Converted:
        if os.getpid() != here:
            raise ValueError("a bug in a child")
        return real(jobs)

    monkeypatch.setattr(pipeline, "convert_files", convert_files)
    with pytest.raises(RuntimeError, match=r"(?s)checking failed in a worker process.*a bug in"):
        splitcheck.problems(jobs, 2)


def test_a_child_killed_between_the_rounds_is_one_clear_error(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after sending its claims (as the out-of-memory killer would), before or
    while this process sends it the ids: `WorkerDied`, never a broken pipe's traceback."""
    jobs, _ = find_files(generated, "content")
    here, real = os.getpid(), splitcheck.cited

    def cited(parts: list[Converted]) -> set[str]:
        if os.getpid() != here:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(parts)

    monkeypatch.setattr(splitcheck, "cited", cited)
    with pytest.raises(WorkerDied, match="a checking process was killed by signal SIGKILL"):
        splitcheck.problems(jobs, 2)


def test_turns_give_each_block_to_one_process() -> None:
    """Every number once, whoever reads: this process and a forked one read the same pipe."""
    turns = splitcheck.Turns(500)
    read, write = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the forked reader
        os.write(write, b"".join(n.to_bytes(4, "little") for n in turns))  # 4: any size
        os._exit(0)
    os.close(write)
    mine = list(turns)
    os.waitpid(child, 0)
    with os.fdopen(read, "rb") as pipe:
        data = pipe.read()
    theirs = [int.from_bytes(data[i : i + 4], "little") for i in range(0, len(data), 4)]
    turns.close()
    assert sorted(mine + theirs) == list(range(500))
    assert mine == sorted(mine) and theirs == sorted(theirs)


def test_turns_fit_in_a_pipe_of_one_page() -> None:
    """All the numbers are written before any is read: they must fit in the smallest pipe
    Linux makes (one page, when a user's pipes hold too much), or writing them would wait."""
    assert splitcheck.MAX_BLOCKS * splitcheck.Turns.SIZE <= 4096
    turns = splitcheck.Turns(splitcheck.MAX_BLOCKS)
    assert list(turns) == list(range(splitcheck.MAX_BLOCKS))
    turns.close()


def test_blocks_are_cut_small_and_never_too_many_for_the_pipe() -> None:
    files = list(range(200_000))
    for count in (1, 24, 25, 26, 1000, len(files)):
        blocks = splitcheck.cut(files[:count])  # type: ignore[arg-type]
        assert [f for block in blocks for f in block] == files[:count]
        assert len(blocks) <= splitcheck.MAX_BLOCKS
        assert all(len(block) == len(blocks[0]) for block in blocks[:-1])
    assert len(splitcheck.cut(files[:1000])[0]) == splitcheck.BLOCK  # type: ignore[arg-type]


@pytest.mark.parametrize("slow", ["parent", "child"])
def test_a_slower_process_takes_fewer_blocks_and_the_problems_stay_in_order(
    generated: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, slow: str
) -> None:
    """The blocks go to whichever process is free: one slowed down (as by other work on
    the machine) converts fewer, and the problems are still the plain path's."""
    content = broken(generated, tmp_path, BROKEN["unknown ids with suggestions"])
    jobs, _ = find_files(content, "content")
    plain = validate_problems(pipeline.convert_files(jobs))
    here, real = os.getpid(), pipeline.convert_files
    read, write = os.pipe()

    def convert_files(jobs: list[FileJob]) -> Converted:
        if (os.getpid() == here) == (slow == "parent"):
            time.sleep(0.05)
        os.write(write, b"p" if os.getpid() == here else b"c")  # who converted a block
        return real(jobs)

    monkeypatch.setattr(pipeline, "convert_files", convert_files)
    assert splitcheck.problems(jobs, 2) == plain
    os.close(write)
    with os.fdopen(read, "rb") as pipe:
        took = pipe.read()
    assert len(took) == len(splitcheck.cut(jobs))
    fast, slower = (b"c", b"p") if slow == "parent" else (b"p", b"c")
    assert took.count(fast) > took.count(slower)
