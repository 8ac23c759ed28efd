"""The loader: positions, YAML surprises, hostile input, and round trips."""

from __future__ import annotations

import os
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer.diagnostics import format_text
from explainer.pipeline import read_explainer
from explainer.yamltree import Mapping, Scalar, Sequence, SourceText, parse_yaml
from sites import write_site

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def problems(tmp_path: Path, files: dict[str, str | bytes | None]) -> list[str]:
    content = write_site(tmp_path / "content", files)
    _, found = read_explainer(content, "content")
    return format_text(found).splitlines()


def test_text_fields_keep_what_was_written(tmp_path: Path) -> None:
    content = write_site(
        tmp_path / "c",
        {
            "actors/iran.yaml": "name: 007\nkind: state\nsummary: yes\ncountry: no\n"
            "aliases: [1e3, null-ish, 'on']\n",
        },
    )
    explainer, found = read_explainer(content)
    assert found == []
    iran = explainer.actors["iran"]
    assert (iran.name, iran.summary, iran.country) == ("007", "yes", "no")
    assert iran.aliases == ("1e3", "null-ish", "on")


def test_unquoted_dates_and_years_are_partial_dates(tmp_path: Path) -> None:
    content = write_site(
        tmp_path / "c",
        {
            "events/tower-22.yaml": "date: 2007\nend: 2009-07\ntitle: T\nsummary: S.\n"
            "sources: [article]\n",
        },
    )
    explainer, found = read_explainer(content)
    assert found == []
    event = explainer.events["tower-22"]
    assert (event.date.iso(), event.end.iso()) == ("2007", "2009-07")


def test_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    text = "\ufeffname: Iran\nkind: state\nsummary: A state.\n"
    assert problems(tmp_path, {"actors/iran.yaml": text.encode("utf-8")}) == []


def test_windows_line_endings_are_read(tmp_path: Path) -> None:
    text = "name: Iran\r\nkind: nope\r\nsummary: A state.\r\n"
    found = problems(tmp_path, {"actors/iran.yaml": text})
    assert found[0].startswith("content/actors/iran.yaml:2:7: error: field 'kind'")


def test_references_inside_code_are_literal(tmp_path: Path) -> None:
    body = "---\ntitle: T\n---\n\nUse `[[no-such-id]]` or:\n\n```\n![[nothing]] [@none]\n```\n"
    assert problems(tmp_path, {"sections/what-happened.md": body}) == []


def test_reference_in_folded_scalar_points_at_its_line(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        {
            "events/tower-22.yaml": "date: 2024\ntitle: T\nsummary: >\n  One line\n"
            "  and [[iran]] then\n    [[nowhere]] too.\nsources: [article]\n",
        },
    )
    assert found == ["content/events/tower-22.yaml:6:5: error: unknown id 'nowhere' in [[nowhere]]"]


def test_all_problems_in_one_run_sorted(tmp_path: Path) -> None:
    found = problems(
        tmp_path,
        {
            "actors/iran.yaml": "name: Iran\nkind: empire\nsummary: A state.\nfounded: 2024-13\n",
            "actors/aaa.yaml": "kind: state\n",
            "sources/article.yaml": "title: A\npublisher: P\nkind: article\nurl: ftp://x\n",
        },
    )
    places = [line.split(": error")[0] for line in found]
    assert places == [
        "content/actors/aaa.yaml:1:1",
        "content/actors/aaa.yaml:1:1",
        "content/actors/iran.yaml:2:7",
        "content/actors/iran.yaml:4:10",
        "content/sources/article.yaml:4:6",
    ]


def test_symlink_out_of_content_is_refused(tmp_path: Path) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("name: Secret\nkind: state\nsummary: S.\n")
    content = write_site(tmp_path / "content", {})
    os.symlink(outside, content / "actors" / "secret.yaml")
    inside = content / "actors" / "iran.yaml"
    os.symlink(inside, content / "actors" / "persia.yaml")
    explainer, found = read_explainer(content, "content")
    assert format_text(found).splitlines() == [
        "content/actors/secret.yaml:1:1: error: this file is a link that leads out of the "
        "content folder; it is not followed"
    ]
    assert "persia" in explainer.actors  # a link inside the folder is followed


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 12)]
    found = problems(tmp_path, {"actors/iran.yaml": "\n".join(lines) + "\n"})
    assert any("YAML aliases (*a0) are not allowed" in line for line in found)


def test_oversized_file_is_refused(tmp_path: Path) -> None:
    big = "name: Iran\nkind: state\nsummary: " + "x" * (9 * 1024 * 1024) + "\n"
    found = problems(tmp_path, {"actors/iran.yaml": big})
    assert found == ["content/actors/iran.yaml:1:1: error: file is larger than 8 MiB; split it"]


def test_deep_nesting_is_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, {"actors/iran.yaml": "a: " + "[" * 200 + "]" * 200 + "\n"})
    assert found == [
        "content/actors/iran.yaml:1:67: error: the YAML is nested more than 64 levels deep"
    ]


def test_two_documents_are_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, {"actors/iran.yaml": "name: Iran\n---\nname: Other\n"})
    assert (
        "content/actors/iran.yaml:2:1: error: a file holds one YAML document; remove this "
        "'---'" in found
    )


@FUZZ
@given(st.binary(max_size=300))
def test_arbitrary_bytes_only_ever_give_problems(tmp_path: Path, data: bytes) -> None:
    content = write_site(
        tmp_path / "fuzz", {"actors/iran.yaml": data, "sections/what-happened.md": data}
    )
    _, found = read_explainer(content)
    assert all(d.line >= 1 and d.column >= 1 for d in found)


YAML_TEXT = st.lists(
    st.sampled_from([*"ab:-[]{}&*!|>'\"#@`~\n ?,.%<=\t", "  ", "\n- ", ": ", "id", "[[a]]"]),
    max_size=60,
).map("".join)


@FUZZ
@given(YAML_TEXT)
def test_arbitrary_yaml_only_ever_gives_problems(tmp_path: Path, text: str) -> None:
    content = write_site(tmp_path / "fuzz", {"events/tower-22.yaml": text, "site.yaml": text})
    _, found = read_explainer(content)
    assert all(d.severity in ("error", "warning") for d in found)


SCALARS = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=20
).filter(lambda s: s.strip() == s)
KEYS = st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True)
TREES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, min_size=1, max_size=4)
        | st.dictionaries(KEYS, inner, min_size=1, max_size=4)
    ),
    max_leaves=12,
)


def plain(node: object) -> object:
    if isinstance(node, Mapping):
        return {k: plain(v) for k, (_, v) in node.items.items()}
    if isinstance(node, Sequence):
        return [plain(v) for v in node.items]
    assert isinstance(node, Scalar)
    return node.value


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(KEYS, TREES, min_size=1, max_size=5))
def test_values_round_trip_and_keys_point_at_their_lines(data: dict) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, default_style='"', sort_keys=True)
    root, found = parse_yaml(SourceText("x.yaml", text))
    assert found == []
    assert plain(root) == data
    lines = text.splitlines()
    for name, (key, _) in root.items.items():
        assert lines[key.line - 1][key.column - 1 :].startswith(f'"{name}"')
