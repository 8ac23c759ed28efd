"""One broken site per error kind of the contract, asserting the exact diagnostic."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.diagnostics import format_text
from explainer.pipeline import read_explainer
from sites import write_site


def problems(tmp_path: Path, files: dict[str, str | bytes | None], **kw: bool) -> list[str]:
    content = write_site(tmp_path / "content", files, **kw)
    _, found = read_explainer(content, "content")
    return format_text(found).splitlines()


def test_valid_site_is_clean(tmp_path: Path) -> None:
    assert problems(tmp_path, {}) == []


CASES = {
    "malformed yaml": (
        {"actors/iran.yaml": "name: Iran\nkind: [state\nsummary: A state.\n"},
        "content/actors/iran.yaml:2:7: error: this list opened with [ is not closed; add the "
        "closing ] (or, if the [ belongs to the text, put the whole text in quotes)",
    ),
    "duplicate key": (
        {"actors/iran.yaml": "name: Iran\nkind: state\nname: Persia\nsummary: A state.\n"},
        "content/actors/iran.yaml:3:1: error: duplicate key 'name' (first given at line 1)",
    ),
    "missing field": (
        {"actors/iran.yaml": "name: Iran\nkind: state\n"},
        "content/actors/iran.yaml:1:1: error: actor 'iran' is missing required field 'summary'",
    ),
    "text field given a list": (
        {"actors/iran.yaml": "name: [Iran]\nkind: state\nsummary: A state.\n"},
        "content/actors/iran.yaml:1:7: error: field 'name' must be text, not a list",
    ),
    "list field given text": (
        {"actors/iran.yaml": "name: Iran\nkind: state\nsummary: A state.\naliases: KH\n"},
        "content/actors/iran.yaml:4:10: error: field 'aliases' must be a list, not 'KH'; "
        "write 'aliases: [KH]'",
    ),
    "unknown field": (
        {"actors/iran.yaml": "name: Iran\nkind: state\nsummary: A state.\nsumary: x\n"},
        "content/actors/iran.yaml:4:1: error: unknown field 'sumary' in actor 'iran'; "
        "did you mean 'summary'?",
    ),
    "kind no": (
        {"actors/iran.yaml": "name: Iran\nkind: no\nsummary: A state.\n"},
        "content/actors/iran.yaml:2:7: error: field 'kind' must be one of person, organization, "
        "armed-group, government, state, media, other; got 'no'",
    ),
    "impossible date": (
        {"events/tower-22.yaml": "date: 2024-02-30\ntitle: T\nsummary: S.\nsources: [article]\n"},
        "content/events/tower-22.yaml:1:7: error: field 'date': '2024-02-30' is not a date: "
        "February 2024 has 29 days",
    ),
    "end before date": (
        {
            "events/tower-22.yaml": "date: 2024-03-10\nend: 2024-02\ntitle: T\nsummary: S.\n"
            "sources: [article]\n"
        },
        "content/events/tower-22.yaml:2:6: error: field 'end': 2024-02 is before date 2024-03-10",
    ),
    "relation until before since": (
        {
            "actors/iran.yaml": "name: Iran\nkind: state\nsummary: S.\nrelations:\n"
            "  - {type: opposes, target: kataib-hezbollah, since: 2020, until: 2010}\n"
        },
        "content/actors/iran.yaml:5:67: error: field 'until': 2010 is before since 2020",
    ),
    "blank quote text": (
        {"quotes/suspension.yaml": "speaker: iran\ntext: ' '\ndate: 2024\nsource: article\n"},
        "content/quotes/suspension.yaml:2:7: error: field 'text' is empty",
    ),
    "bad url": (
        {
            "sources/article.yaml": "title: A\npublisher: P\nkind: article\n"
            "url: javascript:alert(1)\n"
        },
        "content/sources/article.yaml:4:6: error: field 'url' must be an http or https URL, "
        "not 'javascript:alert(1)'",
    ),
    "bool field": (
        {
            "quotes/suspension.yaml": "speaker: kataib-hezbollah\ntext: Words.\ndate: 2024-01\n"
            "circa: yes\nsource: article\n"
        },
        "content/quotes/suspension.yaml:4:8: error: field 'circa' must be true or false, not 'yes'",
    ),
    "int field": (
        {"sections/what-happened.md": "---\ntitle: T\norder: 1.5\n---\nText.\n"},
        "content/sections/what-happened.md:3:8: error: field 'order' must be a whole number, "
        "not '1.5'",
    ),
    "unknown id in field": (
        {
            "events/tower-22.yaml": "date: 2024-01-28\ntitle: T\nsummary: S.\n"
            "actors: [kataib-hezbolah]\nsources: [article]\n"
        },
        "content/events/tower-22.yaml:4:10: error: unknown actor id 'kataib-hezbolah' in "
        "field 'actors'; did you mean 'kataib-hezbollah'?",
    ),
    "wrong kind of id": (
        {
            "quotes/suspension.yaml": "speaker: tower-22\ntext: Words.\ndate: 2024\n"
            "source: article\n"
        },
        "content/quotes/suspension.yaml:1:10: error: 'tower-22' is an event, but field "
        "'speaker' needs an actor",
    ),
    "unknown id in block scalar": (
        {
            "events/tower-22.yaml": "date: 2024-01-28\ntitle: T\nsummary: S.\n"
            "body: |\n  First line.\n  Then [[irann]] and\n  more.\nsources: [article]\n"
        },
        "content/events/tower-22.yaml:6:8: error: unknown id 'irann' in [[irann]]; "
        "did you mean 'iran'?",
    ),
    "unknown citation in section": (
        {"sections/what-happened.md": "---\ntitle: T\n---\n\nText.\n\nMore text [@articel].\n"},
        "content/sections/what-happened.md:7:11: error: unknown source id 'articel' in "
        "[@articel]; did you mean 'article'?",
    ),
    "embed of an actor": (
        {"sections/what-happened.md": "---\ntitle: T\n---\n\n![[iran]]\n"},
        "content/sections/what-happened.md:5:1: error: 'iran' is an actor, but ![[iran]] needs "
        "a quote or an event",
    ),
    "embed not alone": (
        {"sections/what-happened.md": "---\ntitle: T\n---\nSee ![[suspension]] here.\n"},
        "content/sections/what-happened.md:4:5: error: ![[suspension]] must stand alone in its "
        "paragraph, with blank lines around it",
    ),
    "id not matching file": (
        {"actors/iran.yaml": "id: persia\nname: Iran\nkind: state\nsummary: A state.\n"},
        "content/actors/iran.yaml:1:5: error: id 'persia' does not match the file name 'iran'; "
        "a one-record file's id is its file name (remove 'id:' or rename the file)",
    ),
    "bad id in list": (
        {"actors/more.yaml": "- id: Bad_Id\n  name: X\n  kind: state\n  summary: S.\n"},
        "content/actors/more.yaml:1:7: error: 'Bad_Id' is not a valid id: use lowercase "
        "letters, digits and single hyphens (e.g. 'kataib-hezbollah'), at most 80 characters",
    ),
    "list record without id": (
        {"actors/more.yaml": "- name: X\n  kind: state\n  summary: S.\n"},
        "content/actors/more.yaml:1:3: error: a record in a list of records needs an 'id:'",
    ),
    "duplicate id across kinds": (
        {
            "sources/iran.yaml": "title: T\npublisher: P\nkind: report\n",
            "events/tower-22.yaml": "date: 2024\ntitle: T\nsummary: S.\nsources: [article, iran]\n",
        },
        "content/sources/iran.yaml:1:1: error: duplicate id 'iran': an actor already has it at "
        "content/actors/iran.yaml:1:1 (ids are unique across all kinds)",
    ),
    "not utf-8": (
        {"actors/iran.yaml": b"name: Ir\xe1n\nkind: state\nsummary: S.\n"},
        "content/actors/iran.yaml:1:1: error: file is not UTF-8: byte 0xe1 at byte offset 8 "
        "cannot be decoded; save the file as UTF-8",
    ),
    "empty file": (
        {"actors/iran.yaml": "# nothing yet\n"},
        "content/actors/iran.yaml:1:1: error: file is empty; expected a record or a list of "
        "records",
    ),
    "scalar file": (
        {"actors/iran.yaml": "just text\n"},
        "content/actors/iran.yaml:1:1: error: file holds a single value; expected a record or "
        "a list of records",
    ),
    "list of scalars": (
        {"actors/iran.yaml": "- a\n- b\n"},
        "content/actors/iran.yaml:1:3: error: expected a record (a mapping of fields) in this list",
    ),
    "anchor": (
        {"actors/iran.yaml": "name: &n Iran\nkind: state\nsummary: A state.\n"},
        "content/actors/iran.yaml:1:7: error: YAML anchors (&n) are not allowed; write the "
        "value out in full",
    ),
    "tag": (
        {
            "actors/iran.yaml": "name: !!python/object:os.system Iran\nkind: state\n"
            "summary: A state.\n"
        },
        "content/actors/iran.yaml:1:7: error: YAML tags (!!python/object:os.system) are not "
        "allowed; remove the tag",
    ),
    "merge key": (
        {"actors/iran.yaml": "name: Iran\n<<: {kind: state}\nkind: state\nsummary: A state.\n"},
        "content/actors/iran.yaml:2:1: error: YAML merge keys (<<) are not allowed; write the "
        "keys out",
    ),
    "section without front matter": (
        {"sections/what-happened.md": "# What happened\n"},
        "content/sections/what-happened.md:1:1: error: a section starts with front matter: a "
        "line '---', YAML with at least 'title:', then a line '---'; none was found",
    ),
    "missing site.yaml": (
        {"site.yaml": None},
        "content/site.yaml:1:1: error: site.yaml is missing; it needs at least title and summary",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_error_is_reported_exactly(tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    found = problems(tmp_path, files)
    assert expected in found, "\n".join(found)
