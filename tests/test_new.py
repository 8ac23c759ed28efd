"""`explainer new`: a record file with every field explained, that checks once filled in."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from explainer.cli import main
from explainer.diagnostics import format_text
from explainer.fields import FIELDS
from explainer.pipeline import read_explainer
from sites import write_site

# What an editor types into each empty required field (the shipped test site's ids).
FILLED = {
    "kind": "state",
    "summary": "A summary [@article].",
    "date": "2024-01-28",
    "sources": "[article]",
    "speaker": "iran",
    "text": "Words said.",
    "source": "article",
    "publisher": "A publisher",
    "title": "A title",
    "name": "A name",
}
SOURCE_KIND = "report"


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_site(tmp_path / "content", {})


def _errors(site: Path) -> list[str]:
    _, found = read_explainer(site, "content")
    return [line for line in format_text(found).splitlines() if ": error: " in line]


def _fill(text: str, kind: str) -> str:
    def value(match: re.Match[str]) -> str:
        name = match[1]
        filled = SOURCE_KIND if kind == "source" and name == "kind" else FILLED[name]
        return f"{name}: {filled}"

    return re.sub(r"^([a-z_]+):(?= |$)", value, text, flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("kind", "record_id", "path"),
    [
        ("actor", "new-actor", "content/actors/new-actor.yaml"),
        ("event", "new-event", "content/events/new-event.yaml"),
        ("quote", "new-quote", "content/quotes/new-quote.yaml"),
        ("source", "new-source", "content/sources/new-source.yaml"),
        ("section", "new-section", "content/sections/new-section.md"),
    ],
)
def test_new_record_checks_once_filled_in(
    site: Path, kind: str, record_id: str, path: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", kind, record_id]) == 0
    assert capsys.readouterr().out == f"{path}\n"
    text = Path(path).read_text(encoding="utf-8")
    required = [f.name for f in FIELDS[kind] if f.required and f.name != "id"]
    # Each required field is there, empty, and the checker names each one still empty.
    errors = _errors(site)
    assert len(errors) == len(required)
    for name, error in zip(required, errors, strict=True):
        assert re.search(rf"^{name}:", text, re.MULTILINE)
        assert error.startswith(f"{path}:") and f"field '{name}' is empty; it is required" in error
    # Every optional field is named in a commented line, with what it takes.
    for f in FIELDS[kind]:
        if not f.required and f.name != "id":
            assert re.search(rf"^# {f.name}: +# \S", text, re.MULTILINE), f.name
    Path(path).write_text(_fill(text, kind), encoding="utf-8")
    assert _errors(site) == []
    explainer, _ = read_explainer(site, "content")
    assert explainer is not None and record_id in explainer.kinds


def test_title_and_name_are_written(site: Path) -> None:
    assert main(["new", "actor", "hezbollah", "--name", "Hezbollah"]) == 0
    assert main(["new", "event", "strike", "--title", "Strike: the aftermath"]) == 0
    assert "\nname: Hezbollah " in Path("content/actors/hezbollah.yaml").read_text()
    event = Path("content/events/strike.yaml").read_text()
    assert '\ntitle: "Strike: the aftermath" ' in event
    explainer_errors = _errors(site)
    assert not any("hezbollah.yaml:4" in e or "strike.yaml:7" in e for e in explainer_errors)


def test_uncommented_hints_are_real_fields(site: Path) -> None:
    """Removing every '# ' in front of a field gives no unknown field, so the hints are right."""
    assert main(["new", "actor", "new-actor"]) == 0
    path = Path("content/actors/new-actor.yaml")
    text = re.sub(r"^# (?=[a-z_]+:)", "", path.read_text(), flags=re.MULTILINE)
    text = re.sub(r"^#   ", "  ", text, flags=re.MULTILINE)
    path.write_text(text, encoding="utf-8")
    errors = _errors(site)
    assert not [e for e in errors if "unknown field" in e or "malformed" in e], errors


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (
            ["new", "actor", "Kataib_Hezbollah"],
            "error: 'Kataib_Hezbollah' is not a valid id: an id is lowercase letters a-z and "
            "digits 0-9 in words joined by single hyphens (^[a-z0-9]+(-[a-z0-9]+)*$), at most 80 "
            "characters, e.g. 'kataib-hezbollah'\n",
        ),
        (
            ["new", "source", "iran"],
            "error: the id 'iran' is already taken: the actor at content/actors/iran.yaml:1 "
            "(ids are unique across all kinds)\n",
        ),
        (
            ["new", "quote", "new-quote", "--title", "Words"],
            "error: a quote has no title or name; write its words in 'text:'\n",
        ),
    ],
)
def test_new_refuses(
    site: Path, argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    before = sorted(p.relative_to(site) for p in site.rglob("*"))
    assert main(argv) == 2
    assert capsys.readouterr().err == message
    assert sorted(p.relative_to(site) for p in site.rglob("*")) == before


def test_new_refuses_an_id_held_by_a_broken_list_file(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (site / "events" / "more.yaml").write_text("- id: later-event\n  title: x: y\n")
    assert main(["new", "event", "later-event"]) == 2
    assert "the id 'later-event' is already taken: the event at content/events/more.yaml:1" in (
        capsys.readouterr().err
    )
