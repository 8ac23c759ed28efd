"""An actor's alias works where its id does; an alias slug may name one record only."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.build import build_site
from explainer.cli import main
from explainer.diagnostics import format_text
from explainer.pipeline import read_explainer
from sites import VALID, write_site

SECTION = (
    "---\ntitle: What happened\norder: 1\n---\n\n"
    "Blamed on [[kh]], also written [[kateb-hezbollah|Kateb Hezbollah]] [@article].\n\n"
    "![[suspension]]\n"
)
QUOTE = VALID["quotes/suspension.yaml"].replace("speaker: kataib-hezbollah", "speaker: kh")
EVENT = VALID["events/tower-22.yaml"].replace("actors: [kataib-hezbollah]", "actors: [kh]")


def test_alias_slugs_link_to_the_actor(tmp_path: Path) -> None:
    content = write_site(tmp_path / "content", {
        "sections/what-happened.md": SECTION,
        "quotes/suspension.yaml": QUOTE,
        "events/tower-22.yaml": EVENT,
    })  # fmt: skip
    explainer, problems = read_explainer(content, "content")
    assert problems == []
    assert explainer is not None
    # Fields that name the actor by an alias hold its id, so its page lists them.
    assert explainer.events["tower-22"].actors == ("kataib-hezbollah",)
    assert explainer.quotes["suspension"].speaker == "kataib-hezbollah"
    assert explainer.mentioned_by["kataib-hezbollah"] == ["suspension", "tower-22", "what-happened"]
    built = build_site(content, "content")
    section = built.pages["sections/what-happened/index.html"].decode()
    assert '<a href="../../actors/kataib-hezbollah/index.html">Kataib Hezbollah</a>' in section
    assert '<a href="../../actors/kataib-hezbollah/index.html">Kateb Hezbollah</a>' in section
    actor = built.pages["actors/kataib-hezbollah/index.html"].decode()
    assert "../../events/tower-22/index.html" in actor


def _problems(tmp_path: Path, files: dict[str, str]) -> list[str]:
    _, found = read_explainer(write_site(tmp_path / "content", files), "content")
    return format_text(found).splitlines()


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        (
            {"actors/iran.yaml": "name: Iran\nkind: state\nsummary: A state.\naliases: [kh]\n"},
            "content/actors/kataib-hezbollah.yaml:4:28: warning: the alias 'KH' of actor "
            "'kataib-hezbollah' has the slug 'kh', as has the alias 'kh' of actor 'iran' at "
            "content/actors/iran.yaml:4:11; 'kh' is then neither actor's id and gets no "
            "redirect page: link to each actor by its id",
        ),
        (
            {"actors/iran.yaml": "name: Iran\nkind: state\nsummary: S.\naliases: [The Article]\n"},
            "content/actors/iran.yaml:4:11: warning: the alias 'The Article' of actor 'iran' has "
            "the slug 'the-article', which is the id of a source at content/sources/"
            "the-article.yaml:1:1; [[the-article]] names that record, so the alias gets no "
            "redirect page",
        ),
        (
            {"events/tower-22.yaml": VALID["events/tower-22.yaml"].replace(
                "sources: [article]", "sources: [article, kh]")},
            "content/events/tower-22.yaml:6:20: error: 'kh' is an actor, but field 'sources' "
            "needs a source",
        ),
    ],
)  # fmt: skip
def test_alias_problems(tmp_path: Path, files: dict[str, str], expected: str) -> None:
    if "the-article" in expected:
        files["sources/the-article.yaml"] = "title: T\npublisher: P\nkind: report\n"
        files["events/tower-22.yaml"] = VALID["events/tower-22.yaml"].replace(
            "sources: [article]", "sources: [article, the-article]"
        )
    found = _problems(tmp_path, files)
    severity = expected.split(": ")[1]
    assert [line for line in found if f": {severity}: " in line] == [expected]


def test_new_refuses_an_alias_slug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_site(tmp_path / "content", {})
    assert main(["new", "source", "kh"]) == 2
    assert capsys.readouterr().err == (
        "error: the id 'kh' is already taken: the alias 'KH' of actor 'kataib-hezbollah' at "
        "content/actors/kataib-hezbollah.yaml:4 (ids are unique across all kinds)\n"
    )


def test_a_shared_alias_used_as_an_id_is_an_unknown_id(tmp_path: Path) -> None:
    files = {
        "actors/iran.yaml": "name: Iran\nkind: state\nsummary: A state.\naliases: [kh]\n",
        "sections/why.md": "---\ntitle: Why\n---\n\nSee [[kh]].\n",
    }
    errors = [line for line in _problems(tmp_path, files) if ": error: " in line]
    assert len(errors) == 1
    assert errors[0].startswith("content/sections/why.md:5:5: error: unknown id 'kh'")
