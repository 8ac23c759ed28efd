"""The mistakes editors make most often get a message that names the fix, at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.diagnostics import format_text
from explainer.hints import choice_hint, date_hint, url_hint
from explainer.pipeline import check_content, read_explainer
from sites import write_site

IRAN = "content/actors/iran.yaml"
TOWER = "content/events/tower-22.yaml"
ARTICLE = "content/sources/article.yaml"


def problems(tmp_path: Path, files: dict[str, str | bytes | None]) -> list[str]:
    content = write_site(tmp_path / "content", files)
    _, found = read_explainer(content, "content")
    return format_text(found).splitlines()


def _event(date: str) -> dict[str, str]:
    return {"events/tower-22.yaml": f"date: {date}\ntitle: T\nsummary: S.\nsources: [article]\n"}


def _relation(kind: str) -> dict[str, str]:
    return {
        "actors/iran.yaml": "name: Iran\nkind: state\nsummary: A state.\nrelations:\n"
        f"  - type: {kind}\n    target: kataib-hezbollah\n"
    }


CASES = {
    "colon in text": (
        {"actors/iran.yaml": "name: Iran\nkind: state\nsummary: The group said: we stop.\n"},
        f"{IRAN}:3:24: error: the text of 'summary' holds a colon followed by a space, which "
        "YAML reads as the start of a new field; put the text in quotes: "
        'summary: "The group said: we stop."',
    ),
    "colon in text with a double quote": (
        {"actors/iran.yaml": 'name: Iran\nkind: state\nsummary: He said "no": we stop.\n'},
        f"{IRAN}:3:22: error: the text of 'summary' holds a colon followed by a space, which "
        "YAML reads as the start of a new field; put the text in quotes: "
        "summary: 'He said \"no\": we stop.'",
    ),
    "tab indentation": (
        {"actors/iran.yaml": "name: Iran\nkind: state\nsummary: A state.\naliases:\n\t- Persia\n"},
        f"{IRAN}:5:1: error: tabs are not allowed for indentation in YAML; indent with spaces",
    ),
    "missing colon after kind": (
        {"actors/iran.yaml": "name: Iran\nkind person\nsummary: A person.\n"},
        f"{IRAN}:2:1: error: 'kind person' has no colon; a field is written 'name: value', "
        "so write 'kind: person'",
    ),
    "missing colon in a list item": (
        {
            "actors/iran.yaml": "name: Iran\nkind: state\nsummary: S.\nrelations:\n"
            "  - type opposes\n    target: kataib-hezbollah\n"
        },
        f"{IRAN}:5:5: error: 'type opposes' has no colon; a field is written 'name: value', "
        "so write 'type: opposes'",
    ),
    "list item without a space": (
        {"actors/iran.yaml": "name: Iran\nkind: state\nsummary: S.\naliases:\n  - Persia\n  -IR\n"},
        f"{IRAN}:6:3: error: '-IR' needs a space after '-' to be a list item; write '- IR'",
    ),
    "field indented too far": (
        {"actors/iran.yaml": "name: Iran\nkind: state\n summary: A state.\n"},
        f"{IRAN}:3:2: error: YAML reads 'summary:' as a new field inside the text above it: if "
        "it is a field, line it up with the other fields; if the colon belongs to the text, put "
        "the whole text in quotes",
    ),
    "field indented too little": (
        {
            "actors/iran.yaml": "name: Iran\nkind: state\nsummary: S.\nrelations:\n"
            "  - type: opposes\n    target: kataib-hezbollah\n   status: alleged\n"
        },
        f"{IRAN}:7:4: error: 'status' is not lined up with the lines above it; the fields of one "
        "record start in the same column, and the items of a list too",
    ),
    "quote never closed": (
        {"actors/iran.yaml": "name: 'Iran\nkind: state\nsummary: A state.\n"},
        f"{IRAN}:1:7: error: this quoted text has no closing single quote ('); add one at its end",
    ),
    "quote inside quotes": (
        {"actors/iran.yaml": 'name: Iran\nkind: state\nsummary: "He said "no""\n'},
        f"{IRAN}:3:20: error: text follows the closing double quote (\"); to use \" inside the "
        "text, put the whole text in single quotes (') instead",
    ),
    "colon in a section's front matter": (
        {"sections/what-happened.md": "---\ntitle: Tower 22: what happened\n---\n\nText.\n"},
        "content/sections/what-happened.md:2:16: error: the text of 'title' holds a colon "
        "followed by a space, which YAML reads as the start of a new field; put the text in "
        'quotes: title: "Tower 22: what happened"',
    ),
    "date day/month/year": (
        _event("28/01/2024"),
        f"{TOWER}:1:7: error: field 'date': '28/01/2024' is not a date; expected YYYY, YYYY-MM "
        "or YYYY-MM-DD; did you mean '2024-01-28'?",
    ),
    "date in words": (
        _event("January 28, 2024"),
        f"{TOWER}:1:7: error: field 'date': 'January 28, 2024' is not a date; expected YYYY, "
        "YYYY-MM or YYYY-MM-DD; did you mean '2024-01-28'?",
    ),
    "date with slashes, year first": (
        _event("2024/01/28"),
        f"{TOWER}:1:7: error: field 'date': '2024/01/28' is not a date; expected YYYY, YYYY-MM "
        "or YYYY-MM-DD; did you mean '2024-01-28'?",
    ),
    "date that reads two ways": (
        _event("05/06/2024"),
        f"{TOWER}:1:7: error: field 'date': '05/06/2024' is not a date; expected YYYY, YYYY-MM "
        "or YYYY-MM-DD; write it as YYYY-MM-DD: '2024-06-05' if it is day/month/year, "
        "'2024-05-06' if it is month/day/year",
    ),
    "url without scheme": (
        {"sources/article.yaml": "title: A\npublisher: P\nkind: article\nurl: www.example.org\n"},
        f"{ARTICLE}:4:6: error: field 'url' must be an http or https URL, not 'www.example.org'"
        "; did you mean 'https://www.example.org'?",
    ),
    "relation type close to one": (
        _relation("backed_by"),
        f"{IRAN}:5:11: error: field 'type' must be one of member-of, leads, part-of, backed-by, "
        "allied-with, opposes, designated-by, spokesperson-for, subordinate-to, represents; got "
        "'backed_by'; did you mean 'backed-by'?",
    ),
    "relation type seen from the other side": (
        _relation("led-by"),
        f"{IRAN}:5:11: error: field 'type' must be one of member-of, leads, part-of, backed-by, "
        "allied-with, opposes, designated-by, spokesperson-for, subordinate-to, represents; got "
        "'led-by'; 'led-by' is how 'leads' reads from the other side: declare the relation on "
        "the other actor, with type 'leads'",
    ),
    "relation type not close to any": (
        _relation("funds"),
        f"{IRAN}:5:11: error: field 'type' must be one of member-of, leads, part-of, backed-by, "
        "allied-with, opposes, designated-by, spokesperson-for, subordinate-to, represents; got "
        "'funds'",
    ),
    "kind close to one": (
        {"actors/iran.yaml": "name: Iran\nkind: organisation\nsummary: S.\n"},
        f"{IRAN}:2:7: error: field 'kind' must be one of person, organization, armed-group, "
        "government, state, media, other; got 'organisation'; did you mean 'organization'?",
    ),
    "kind not close to any": (
        {"actors/iran.yaml": "name: Iran\nkind: militia\nsummary: S.\n"},
        f"{IRAN}:2:7: error: field 'kind' must be one of person, organization, armed-group, "
        "government, state, media, other; got 'militia'",
    ),
    "status that negates one": (
        {"events/tower-22.yaml": "date: 2024\ntitle: T\nsummary: S.\nstatus: unconfirmed\n"
         "sources: [article]\n"},
        f"{TOWER}:4:9: error: field 'status' must be one of confirmed, reported, claimed, "
        "alleged, disputed; got 'unconfirmed'",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_mistake_is_explained_exactly(tmp_path: Path, case: str) -> None:
    files, expected = CASES[case]
    found = problems(tmp_path, files)
    assert expected in found, "\n".join(found)
    assert [line for line in found if ": error: " in line] == [expected]


def _people() -> str:
    text = "".join(
        f"- id: person-{i}\n  name: Person {i}\n  kind: person\n  summary: S.\n" for i in range(24)
    )
    return text.replace("  summary: S.\n- id: person-5", "   summary: S.\n- id: person-5", 1)


def test_unreadable_file_does_not_bury_its_error(tmp_path: Path) -> None:
    """One parse error and one note, not 24 'unknown actor id' errors after it."""
    events = "".join(
        f"- id: event-{i}\n  date: 2024\n  title: T\n  summary: S [[person-{i}]].\n"
        f"  actors: [person-{i}]\n  sources: [article]\n"
        for i in range(24)
    )
    files = {"actors/people.yaml": _people(), "events/many.yaml": events}
    expected = [
        "content/actors/people.yaml:1:1: warning: this file could not be read, so references to "
        "the ids it seems to hold ('person-0', 'person-1', 'person-2' and 21 more) are not "
        "reported as unknown; they may be in this file once its error is fixed",
        "content/actors/people.yaml:20:4: error: YAML reads 'summary:' as a new field inside the "
        "text above it: if it is a field, line it up with the other fields; if the colon belongs "
        "to the text, put the whole text in quotes",
    ]
    assert problems(tmp_path, files) == expected
    content = tmp_path / "content"
    assert format_text(check_content(content, "content")).splitlines() == expected


def test_unknown_ids_elsewhere_are_still_reported(tmp_path: Path) -> None:
    files = {
        "actors/people.yaml": _people(),
        "events/tower-22.yaml": "date: 2024\ntitle: T\nsummary: S.\nactors: [person-99]\n"
        "sources: [article]\n",
    }
    found = problems(tmp_path, files)
    expected = (
        f"{TOWER}:4:10: error: unknown actor id 'person-99' in field 'actors'; did you mean "
        "'person-9'?"
    )
    assert expected in found


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("28/01/2024", "; did you mean '2024-01-28'?"),
        ("01/28/2024", "; did you mean '2024-01-28'?"),
        ("28.01.2024", "; did you mean '2024-01-28'?"),
        ("28 January 2024", "; did you mean '2024-01-28'?"),
        ("28th Jan. 2024", "; did you mean '2024-01-28'?"),
        ("Sept 3, 2023", "; did you mean '2023-09-03'?"),
        ("January 2024", "; did you mean '2024-01'?"),
        ("01/2024", "; did you mean '2024-01'?"),
        ("2024-1-5", "; did you mean '2024-01-05'?"),
        ("2024-01-28T10:00Z", "; did you mean '2024-01-28'?"),
        ("31/02/2024", ""),  # no such day either way: nothing to suggest
        ("yesterday", ""),
    ],
)
def test_date_hint(written: str, hint: str) -> None:
    assert date_hint(written) == hint


@pytest.mark.parametrize(
    ("written", "hint"),
    [
        ("example.org/a?b=1", "; did you mean 'https://example.org/a?b=1'?"),
        ("//example.org/x", "; did you mean 'https://example.org/x'?"),
        ("https//example.org", "; did you mean 'https://example.org'?"),
        ("ftp://example.org", ""),
        ("kh-statement", ""),
        ("see the article", ""),
    ],
)
def test_url_hint(written: str, hint: str) -> None:
    assert url_hint(written) == hint


def test_choice_hint_names_no_opposite() -> None:
    assert choice_hint("designated", ("designated-by", "leads")) == (
        "; did you mean 'designated-by'?"
    )
    assert choice_hint("non-confirmed", ("confirmed", "alleged")) == ""


@pytest.mark.parametrize(
    "case", ["colon in text", "tab indentation", "missing colon after kind", "quote never closed"]
)
def test_same_message_from_the_pure_python_parser(
    tmp_path: Path, case: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PyYAML's two parsers word their problems differently; the editor sees one message."""
    import yaml

    from explainer import yamltree

    monkeypatch.setattr(yamltree, "_Loader", yaml.SafeLoader)
    files, expected = CASES[case]
    assert expected in problems(tmp_path, files)
