"""site.yaml's key facts and open questions: checked like any Markdown field, in the schema."""

from __future__ import annotations

import json
from pathlib import Path

from explainer.diagnostics import format_text
from explainer.pipeline import read_explainer
from explainer.schema import write_schemas
from sites import write_site

ROOT = Path(__file__).resolve().parent.parent

SITE = (
    "title: Test explainer\n"
    "summary: A *small* explainer.\n"
    "key_facts:\n"
    "  - Three soldiers were killed [@article].\n"
    "  - >-\n"
    "    The group said it [[kataib-hezbollah|suspended]]\n"
    "    its attacks [@articel].\n"
    "open_questions:\n"
    "  - Who was behind it [@article]?\n"
)


def test_facts_and_questions_are_read_in_order(tmp_path: Path) -> None:
    fixed = SITE.replace("@articel", "@article")
    explainer, found = read_explainer(write_site(tmp_path, {"site.yaml": fixed}), "content")
    assert explainer is not None and found == []
    assert explainer.site.key_facts[0] == "Three soldiers were killed [@article]."
    assert len(explainer.site.key_facts) == 2
    assert explainer.site.open_questions == ("Who was behind it [@article]?",)


def test_a_bad_citation_in_a_fact_is_an_error_at_its_place(tmp_path: Path) -> None:
    _, found = read_explainer(write_site(tmp_path / "content", {"site.yaml": SITE}), "content")
    assert format_text(found).splitlines() == [
        "content/site.yaml:7:17: error: unknown source id 'articel' in [@articel];"
        " did you mean 'article'?"
    ]


def test_a_fact_that_is_not_a_list_is_an_error(tmp_path: Path) -> None:
    site = "title: T\nsummary: S.\nkey_facts: One fact.\n"
    _, found = read_explainer(write_site(tmp_path / "content", {"site.yaml": site}), "content")
    assert "must be a list" in format_text(found)


def test_schema_lists_them(tmp_path: Path) -> None:
    write_schemas(tmp_path)
    schema = json.loads((tmp_path / "site.schema.json").read_text())
    for name in ("key_facts", "open_questions"):
        assert schema["properties"][name]["type"] == "array"
    assert (ROOT / "schemas" / "site.schema.json").read_text() == (
        tmp_path / "site.schema.json"
    ).read_text()  # the committed schema is up to date


def test_shipped_explainer_cites_every_fact_and_question() -> None:
    explainer, found = read_explainer(ROOT / "content", "content")
    assert explainer is not None and not found
    items = explainer.site.key_facts + explainer.site.open_questions
    assert len(explainer.site.key_facts) >= 3 and explainer.site.open_questions
    assert all("[@" in item for item in items)
