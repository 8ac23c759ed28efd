"""Rendering in several processes gives the same bytes, and never half a site."""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from explainer import parallel
from explainer.build import Theme, build, plan_site, site_data
from explainer.compiled import compile_text, markdown_texts
from explainer.fragments import Fragments
from explainer.pipeline import read_explainer
from explainer.render import TEMPLATES, Tools, make_environment, render_page
from explainer.view import View

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate

ROOT = Path(__file__).resolve().parents[1]


def tree(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("parallel") / "content"
    generate(40, root)
    return root


def test_two_workers_write_what_one_writes(content: Path, tmp_path: Path) -> None:
    one, problems = build(content, "content", tmp_path / "one", None, workers=1)
    assert one and not problems
    two, _ = build(content, "content", tmp_path / "two", None, workers=2)
    assert two == one
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_markdown_compiled_over_two_processes_is_what_each_text_compiles_to(
    content: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    explainer, _ = read_explainer(content, "content")
    assert explainer is not None
    monkeypatch.setattr(parallel, "PARALLEL_TEXTS", 1)  # a pool even for a few texts
    md = parallel.compile_markdown(site_data(explainer, None), workers=2)
    texts = set(markdown_texts(explainer))
    assert len(md.block) + len(md.inline) == len(texts) > 100
    for text, block in texts:  # the plain path: one text at a time, on first use
        assert md.get(text, block) == compile_text(text, block)


def test_entries_rendered_once_per_build_are_what_each_page_renders(content: Path) -> None:
    explainer, _ = read_explainer(content, "content")
    assert explainer is not None
    data = site_data(explainer, None)
    specs, _ = plan_site(data, Theme())
    plain = Tools(make_environment(TEMPLATES))  # every page renders its entries itself
    cached = Tools(make_environment(TEMPLATES), fragments=Fragments())
    for spec in specs:
        page = render_page(plain, View(data), spec)
        assert render_page(cached, View(data), spec) == page, spec.path
    assert cached.fragments is not None
    done = cached.fragments.done
    assert len([key for key in done if key[0] == "source_text"]) == len(explainer.sources)


def test_a_template_error_in_a_worker_leaves_the_output_alone(
    content: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    build(content, "content", out, None, workers=2)
    before = tree(out)
    templates = tmp_path / "templates"
    shutil.copytree(TEMPLATES, templates)
    (templates / "event.html").write_text("{{ no_such_name }}\n")
    _, problems = build(content, "content", out, None, Theme(templates), workers=2)
    assert [d.message for d in problems] == ["template error: 'no_such_name' is undefined"]
    assert problems[0].path.endswith("event.html") and problems[0].line == 1
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "templates"]


def test_a_bug_in_a_worker_is_raised_and_leaves_the_output_alone(
    content: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "site"
    build(content, "content", out, None, workers=2)
    before = tree(out)

    def broken(*_: object) -> bytes:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(parallel, "render_page", broken)
    with pytest.raises(RuntimeError, match="ZeroDivisionError: a bug"):
        build(content, "content", out, None, workers=2)
    assert tree(out) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_an_interrupted_build_leaves_no_half_site(tmp_path: Path) -> None:
    content = tmp_path / "content"
    generate(400, content)
    out = tmp_path / "site"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, str(ROOT / "build.py"), "build", "--content", str(content)]
    process = subprocess.Popen([*command, "--out", str(out)], env=env, cwd=tmp_path)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".site-site-new-*/actors")):  # rendering has begun
        assert process.poll() is None and time.monotonic() < deadline
        time.sleep(0.02)
    process.send_signal(signal.SIGINT)
    assert process.wait(60) != 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content"]


def test_workers_claim_pages_from_the_start_and_this_process_from_the_end() -> None:
    """Each page is claimed once; the forked workers take the plan's start, the parent
    (which writes the search index first) its end."""
    specs = list(range(23))
    counter = multiprocessing.get_context("fork").Array("l", [0, len(specs)])
    start = parallel.claimed(specs, counter, 5)  # type: ignore[arg-type]
    end = parallel.claimed(specs, counter, 5, from_end=True)  # type: ignore[arg-type]
    assert [next(start) for _ in range(6)] == [0, 1, 2, 3, 4, 5]  # two batches claimed
    assert list(end) == [18, 19, 20, 21, 22, 13, 14, 15, 16, 17, 10, 11, 12]  # the rest
    assert list(start) == [6, 7, 8, 9] and counter[0] == counter[1]
