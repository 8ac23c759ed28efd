"""A large explainer is converted in several processes and must check exactly as in one."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from explainer import pipeline
from explainer.diagnostics import format_text
from explainer.model import OpenerPlace

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate

BREAKAGES = {
    "actors/actor-00003.yaml": ("kind: ", "kind: empire\nold_kind: "),
    "events/event-00002.yaml": ("sources:", "actors: [actor-0000x]\nsources:"),
    "quotes/quote-00004.yaml": ("speaker: ", "speaker: source-00001\nunused: "),
}


def broken_explainer(root: Path) -> Path:
    generate(30, root)
    for relative, (old, new) in BREAKAGES.items():
        path = root / relative
        path.write_text(path.read_text().replace(old, new, 1))
    (root / "sources" / "source-99999.yaml").write_text("title: T\npublisher: P\nkind: report\n")
    (root / "actors" / "actor-00005.yaml").write_bytes(b"\xff\xfe")
    return root


def test_parallel_check_says_what_a_single_process_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = broken_explainer(tmp_path / "content")
    serial = pipeline.check_content(content, "content")
    monkeypatch.setattr(pipeline, "_workers", lambda files: 2)
    parallel = pipeline.check_content(content, "content")
    assert format_text(parallel) == format_text(serial)
    assert len([d for d in serial if d.severity == "error"]) >= 5
    assert any(d.severity == "warning" for d in serial)


def test_parallel_model_equals_the_single_process_model(tmp_path: Path) -> None:
    content = broken_explainer(tmp_path / "content")
    jobs, _ = pipeline.find_files(content, "content")
    serial = pipeline.convert_files(jobs)
    parallel = pipeline.convert_content(jobs, workers=3)
    assert parallel == serial
    assert any(isinstance(r.place, OpenerPlace) for r in serial.references)
    assert serial.records and serial.defined and serial.aliases


def test_blocks_are_dealt_in_turn_with_a_smaller_share_here() -> None:
    owners = pipeline.deal(1000, 2)
    assert 450 <= owners.count(0) < 500 < owners.count(1)
    assert all(owners[i : i + 4].count(0) in (1, 2, 3) for i in range(0, 996))  # in turn
    for workers in range(2, 9):  # every process gets a block, however few there are
        assert sorted(set(pipeline.deal(workers, workers))) == list(range(workers))
