"""Theme overrides: templates/ and static/ beside the content win file by file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from test_serve import fetch, wait_for

from explainer.assets import static_bytes
from explainer.build import build_command
from explainer.cli import main
from explainer.serve import PreviewServer
from explainer.theme import DEFAULT_STATIC, DEFAULT_TEMPLATES, find_theme, overlay
from sites import write_site

NOT_FOUND = '{% extends "base.html" %}{% block content %}<h1>Lost here</h1>{% endblock %}'
CSS = "body { color: rebeccapurple; }\n"
SERVED_CSS = "body{color:rebeccapurple}"


@pytest.fixture
def story(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An explainer folder (content/ only); the current folder."""
    write_site(tmp_path / "content", {})
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_one_template_and_the_stylesheet_overridden(story: Path) -> None:
    write(story / "templates" / "404.html", NOT_FOUND)
    write(story / "static" / "style.css", CSS)
    assert main(["build"]) == 0
    site = story / "_site"
    assert "<h1>Lost here</h1>" in (site / "404.html").read_text()
    home = (site / "index.html").read_text()  # from the default home.html and base.html
    assert 'href="static/style.css"' in home and "Lost here" not in home
    assert (site / "static/style.css").read_text() == SERVED_CSS  # minified (explainer/assets.py)
    assert (site / "static/timeline.js").read_bytes() == (
        DEFAULT_STATIC / "timeline.js"
    ).read_bytes()


def test_a_partial_overridden_is_used_by_the_default_pages(story: Path) -> None:
    default = (DEFAULT_TEMPLATES / "partials" / "timeline_event.html").read_text()
    write(story / "templates/partials/timeline_event.html", "<!-- mine -->" + default)
    assert main(["build"]) == 0
    assert "<!-- mine -->" in (story / "_site/timeline/index.html").read_text()


def test_templates_and_static_options_name_other_folders(story: Path) -> None:
    write(story / "theme" / "html" / "404.html", NOT_FOUND)
    write(story / "theme" / "assets" / "style.css", CSS)
    write(story / "templates" / "404.html", "ignored: --templates names another folder")
    args = ["--templates", "theme/html", "--static", "theme/assets"]
    assert main(["build", *args]) == 0
    assert "<h1>Lost here</h1>" in (story / "_site/404.html").read_text()
    assert (story / "_site/static/style.css").read_text() == SERVED_CSS
    assert main(["build", "--templates", "no-such-folder"]) == 2


def test_building_from_python_writes_the_static_files(story: Path) -> None:
    """The documented `build_command` call, with a template folder of one's own."""
    write(story / "my-templates" / "404.html", NOT_FOUND)
    out = story / "_site"
    assert build_command(Path("content"), "content", out, None, templates=Path("my-templates")) == 0
    assert (out / "static/style.css").read_bytes() == static_bytes(DEFAULT_STATIC / "style.css")
    assert "<h1>Lost here</h1>" in (out / "404.html").read_text()


def test_a_missing_stylesheet_fails_the_build_at_the_template_line(
    story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = (DEFAULT_TEMPLATES / "base.html").read_text()
    assert "page.asset('style.css')" in base
    write(story / "templates/base.html", base.replace("'style.css'", "'styles.css'"))
    line = next(
        n for n, text in enumerate(base.splitlines(), 1) if "page.asset('style.css')" in text
    )
    assert main(["build"]) == 1
    err = capsys.readouterr().err
    assert f"templates/base.html:{line}:1: error: template error: the template links " in err
    assert "'static/styles.css', but no static folder has 'styles.css'" in err
    assert not (story / "_site").exists()


def test_theme_search_path_and_overlay(story: Path) -> None:
    assert find_theme(story / "content").templates == (DEFAULT_TEMPLATES,)
    write(story / "static" / "style.css", CSS)
    write(story / "static" / "extra.js", "//")
    theme = find_theme(story / "content")
    assert theme.static == (story / "static", DEFAULT_STATIC)
    files = overlay(theme.static)
    assert files["style.css"] == story / "static/style.css"
    assert files["extra.js"] == story / "static/extra.js"
    assert files["timeline.js"] == DEFAULT_STATIC / "timeline.js"


@pytest.fixture
def server(story: Path) -> Iterator[PreviewServer]:
    write(story / "templates" / "404.html", NOT_FOUND)
    write(story / "static" / "style.css", CSS)
    preview = PreviewServer(story / "content", "content", port=0, quiet=0.05, log=lambda _: None)
    try:
        assert preview.build_now().ok
        preview.start()
        yield preview
    finally:
        preview.stop()


def test_serve_uses_and_watches_the_overrides(server: PreviewServer, story: Path) -> None:
    assert story / "templates" in server.watched() and story / "static" in server.watched()
    assert b"Lost here" in fetch(server, "/404.html")[1]
    assert fetch(server, "/static/style.css")[1] == SERVED_CSS.encode()
    write(story / "templates" / "404.html", NOT_FOUND.replace("Lost here", "Gone"))
    wait_for(lambda: b"Gone" in fetch(server, "/404.html")[1])
    write(story / "static" / "style.css", "/* changed */\nbody { color: teal; }\n")
    wait_for(lambda: fetch(server, "/static/style.css")[1] == b"body{color:teal}")
