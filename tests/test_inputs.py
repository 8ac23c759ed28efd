"""Inputs from outside the content's rules: options, control characters, shown values (#12)."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.cli import main
from explainer.diagnostics import Diagnostic, format_text
from explainer.pipeline import read_explainer
from sites import write_site


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_site(tmp_path / "content", {})


@pytest.mark.parametrize(
    "url", ["javascript:alert(document.domain)//", "ftp://example.org/", "/news/", "https://"]
)
def test_a_base_url_that_site_yaml_would_refuse_is_a_usage_error(
    site: Path, url: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["build", "--out", "out", f"--base-url={url}"]) == 2
    assert "--base-url: must be an absolute http or https URL" in capsys.readouterr().err
    assert not (site.parent / "out").exists()


def test_a_good_base_url_is_used(site: Path) -> None:
    assert main(["build", "--out", "out", "--base-url", "https://example.org/news"]) == 0
    assert "https://example.org/news/" in (site.parent / "out" / "sitemap.xml").read_text()


@pytest.mark.parametrize("port", ["99999", "65536", "-1", "http", "８０"])
def test_a_port_outside_0_to_65535_is_a_usage_error(
    site: Path, port: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from explainer import serve

    monkeypatch.setattr(serve.PreviewServer, "run", lambda self: None)  # never serve forever
    assert main(["serve", f"--port={port}"]) == 2
    assert "--port: must be a number from 0 to 65535" in capsys.readouterr().err


@pytest.mark.parametrize("escape", ["\\x02", "\\0", "\\x1b", "\\r", "\\x85", "\\u009b"])
def test_control_characters_written_as_yaml_escapes_are_errors(site: Path, escape: str) -> None:
    actor = f'name: Iran\nkind: state\nsummary: "A {escape}state."\n'
    write_site(site, {"actors/iran.yaml": actor})
    _, problems = read_explainer(site, "content")
    errors = [d for d in problems if d.severity == "error"]
    assert [(d.path, d.line, d.column) for d in errors] == [("content/actors/iran.yaml", 3, 10)]
    assert "control character U+" in errors[0].message


def test_tab_and_newline_escapes_are_fine(site: Path) -> None:
    write_site(site, {"actors/iran.yaml": 'name: Iran\nkind: state\nsummary: "A\\tstate.\\n"\n'})
    _, problems = read_explainer(site, "content")
    assert problems == []


def test_a_control_character_in_a_section_body_is_an_error_at_its_place(site: Path) -> None:
    body = "---\ntitle: T\n---\n\nFirst line.\nSecond \x1b[31mred.\n"
    write_site(site, {"sections/t.md": body})
    _, problems = read_explainer(site, "content")
    assert [(d.line, d.column, d.severity) for d in problems if d.path.endswith("t.md")] == [
        (6, 8, "error")
    ]


def test_a_value_cannot_forge_a_second_line_in_the_text_format(
    site: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    forged = "content/actors/x.yaml:1:1: error: forged"
    write_site(site, {"actors/iran.yaml": f'name: Iran\nkind: "empire\\n{forged}"\nsummary: S.\n'})
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "got 'empire\\ncontent/actors/x.yaml" in out


def test_format_text_escapes_every_control_character() -> None:
    shown = format_text([Diagnostic("a\x1b[2J.yaml", 1, 1, "error", "got 'x\ry\0z\x9b'")])
    assert shown == "a\\x1b[2J.yaml:1:1: error: got 'x\\ry\\0z\\x9b'\n"
