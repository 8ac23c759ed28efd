"""The synthetic explainer generator: deterministic, parseable, every reference valid."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from pathlib import Path

import pytest
import yaml

from explainer.fields import SOURCE_KINDS, STATUSES

BENCH = Path(__file__).resolve().parent.parent / "bench" / "generate.py"
_spec = importlib.util.spec_from_file_location("bench_generate", BENCH)
assert _spec and _spec.loader
bench_generate = importlib.util.module_from_spec(_spec)
sys.modules["bench_generate"] = bench_generate
_spec.loader.exec_module(bench_generate)
generate = bench_generate.generate

KINDS = ("actors", "events", "quotes", "sources", "sections")
CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
LINK = re.compile(r"(!?)\[\[([^\]|]+)(?:\|[^\]]*)?\]\]")
CITATION = re.compile(r"\[@([^\]]+)\]")
EMBED_LINE = re.compile(r"^!\[\[[^\]]+\]\]$")


def tree(root: Path) -> dict[str, bytes]:
    files = sorted(p for p in root.rglob("*") if p.is_file())
    return {str(p.relative_to(root)): p.read_bytes() for p in files}


def load_records(root: Path) -> dict[str, dict[str, dict]]:
    """Every record by kind and id; sections' front matter plus a `_body`."""
    records: dict[str, dict[str, dict]] = {kind: {} for kind in KINDS}
    for kind in KINDS[:-1]:
        for path in sorted((root / kind).glob("*.yaml")):
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            if isinstance(data, list):
                for record in data:
                    assert record["id"] not in records[kind]
                    records[kind][record["id"]] = record
            else:
                assert isinstance(data, dict), path
                assert data.get("id", path.stem) == path.stem
                records[kind][path.stem] = data
    for path in sorted((root / "sections").glob("*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
        section = yaml.safe_load(front)
        section["_body"] = body
        records["sections"][path.stem] = section
    return records


def strings(value: object):
    """Every string inside a loaded YAML value."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


@pytest.fixture(scope="module")
def content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("gen") / "content"
    generate(20, out)
    return out


def test_same_n_and_seed_give_byte_identical_trees(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    counts = generate(20, first)
    assert generate(20, second) == counts
    assert tree(first) == tree(second)
    generate(20, second, seed=2)
    assert tree(first) != tree(second)


def test_rerun_into_the_same_folder_leaves_no_stale_files(tmp_path: Path) -> None:
    generate(40, tmp_path)
    generate(20, tmp_path / "fresh")
    generate(20, tmp_path)
    assert tree(tmp_path / "fresh") == {
        k: v for k, v in tree(tmp_path).items() if not k.startswith("fresh")
    }


def test_counts(content: Path) -> None:
    records = load_records(content)
    counts = {kind: len(records[kind]) for kind in KINDS}
    assert counts == {"actors": 20, "events": 40, "quotes": 40, "sources": 10, "sections": 1}
    assert yaml.safe_load((content / "site.yaml").read_text(encoding="utf-8"))["title"]


def test_both_file_forms_are_written(content: Path) -> None:
    for kind in ("actors", "events", "quotes", "sources"):
        names = [p.name for p in (content / kind).glob("*.yaml")]
        assert any(n.startswith("group-") for n in names), kind
        assert any(not n.startswith("group-") for n in names), kind


def test_every_reference_resolves_to_the_right_kind(content: Path) -> None:
    records = load_records(content)
    kind_of = {}
    for kind, by_id in records.items():
        for record_id in by_id:
            assert record_id not in kind_of, f"duplicate id {record_id}"
            assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", record_id)
            kind_of[record_id] = kind
    cited: set[str] = set()
    fields = {
        "speaker": "actors",
        "actors": "actors",
        "about": "actors",
        "target": "actors",
        "event": "events",
        "source": "sources",
        "sources": "sources",
    }

    def check_fields(value: object) -> None:
        if isinstance(value, list):
            for item in value:
                check_fields(item)
        elif isinstance(value, dict):
            for key, item in value.items():
                if key in fields:
                    for target in item if isinstance(item, list) else [item]:
                        assert kind_of.get(target) == fields[key], (key, target)
                        if fields[key] == "sources":
                            cited.add(target)
                check_fields(item)

    for by_id in records.values():
        for record in by_id.values():
            check_fields(record)
            for text in strings(record):
                text = CODE.sub("", text)
                for bang, target in (m.groups() for m in LINK.finditer(text)):
                    assert target in kind_of, target
                    if bang:
                        assert kind_of[target] in ("quotes", "events"), target
                for match in CITATION.finditer(text):
                    for part in match[1].split(";"):
                        target = part.strip().removeprefix("@")
                        assert kind_of.get(target) == "sources", target
                        cited.add(target)
    assert cited == set(records["sources"])


def test_embeds_stand_alone_and_code_holds_literal_syntax(content: Path) -> None:
    bodies = [s["_body"] for s in load_records(content)["sections"].values()]
    embeds = [
        line for body in bodies for line in body.split("\n") if "![[" in line and "`" not in line
    ]
    assert embeds and all(EMBED_LINE.match(line) for line in embeds)
    for body in bodies:
        for paragraph in body.split("\n\n"):
            if EMBED_LINE.match(paragraph.strip()):
                assert "\n" not in paragraph.strip()
    assert any("`[[not-an-id]]`" in p.read_text(encoding="utf-8") for p in content.rglob("*.*"))


def test_dates_spans_and_enums(content: Path) -> None:
    records = load_records(content)
    precisions = set()
    for event in records["events"].values():
        date = str(event["date"])
        precisions.add(len(date))
        if "end" in event:
            end = str(event["end"])
            # The end's last day is not before the date's first day: comparing
            # the end padded with its latest day against the date padded with
            # its earliest day.
            assert end + "-99-99"[len(end) - 4 :] >= date + "-00-00"[len(date) - 4 :]
    assert precisions == {4, 7, 10}
    assert {e.get("status") for e in records["events"].values()} >= set(STATUSES)
    assert {s["kind"] for s in records["sources"].values()} == set(SOURCE_KINDS)


def test_engine_check_reports_nothing(tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    cli = pytest.importorskip("explainer.cli")
    generate(50, tmp_path)
    assert cli.main(["check", "--content", str(tmp_path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert not out.strip() or json.loads(out) == []  # no errors and no warnings
