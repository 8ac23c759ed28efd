"""The package as a newsroom installs it: the wheel carries the default theme and works alone.

One session builds the sdist and, from it, the wheel (`python -m build`, offline,
with the running environment's setuptools), and installs the wheel into one
fresh virtual environment whose dependencies come from the running one. The
tests then run that environment's `explainer` command in folders outside the
repository.
"""

from __future__ import annotations

import shutil
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest
from test_build import broken_links
from test_html_validity import readable, run_vnu, vnu  # noqa: F401  (a fixture)

from explainer.assets import minify_css
from explainer.init import PROJECT_FILES
from installed import ROOT, clean_env, run

THEME = ["templates", "static"]
CSS_MARK = "\n.site-header { border-bottom: 4px solid #8a1538; }\n"
NOT_FOUND = (
    '{% extends "base.html" %}{% block content %}<h1>Not here</h1>'
    "<p><a href=\"{{ page.href('index.html') }}\">Home</a></p>{% endblock %}"
)


def theme_files() -> list[str]:
    """Every file of the default theme, as `templates/...` and `static/...`, sorted."""
    return sorted(
        p.relative_to(ROOT).as_posix()
        for folder in THEME
        for p in (ROOT / folder).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def test_wheel_carries_every_template_and_static_file(dist: dict[str, Path]) -> None:
    with zipfile.ZipFile(dist["wheel"]) as wheel:
        names = wheel.namelist()
    bundled = sorted(n.removeprefix("explainer/bundled/") for n in names if "/bundled/" in n)
    bundled_theme = [n for n in bundled if n.split("/")[0] in THEME]
    assert bundled_theme == theme_files()
    assert "explainer/py.typed" in names
    for path in PROJECT_FILES:  # the CI and publishing files `init` gives a new explainer
        assert f"explainer/bundled/{path}" in names
    starter = ROOT / "explainer" / "starter"
    for path in (p for p in starter.rglob("*") if p.is_file()):
        assert f"explainer/starter/{path.relative_to(starter).as_posix()}" in names


def test_wheel_built_straight_from_the_source_has_exactly_the_theme(tmp_path: Path) -> None:
    """`pip wheel .` or `python -m build --wheel`: no sdist, and an old build/ folder."""
    source = tmp_path / "source"
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "netlify.toml"):
        source.mkdir(exist_ok=True)
        shutil.copyfile(ROOT / name, source / name)
    for name in ("explainer", "templates", "static", ".github"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__"))
    stale = source / "build/lib/explainer/bundled/templates/removed-long-ago.html"
    stale.parent.mkdir(parents=True)
    stale.write_text("old")
    run(sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", tmp_path, source,
        cwd=tmp_path, env=clean_env())  # fmt: skip
    with zipfile.ZipFile(next(tmp_path.glob("*.whl"))) as wheel:
        names = wheel.namelist()
    bundled = [n.removeprefix("explainer/bundled/") for n in names if "/bundled/" in n]
    assert sorted(n for n in bundled if n.split("/")[0] in THEME) == theme_files()


def test_sdist_carries_the_theme(dist: dict[str, Path]) -> None:
    with tarfile.open(dist["sdist"]) as sdist:
        names = {n.split("/", 1)[1] for n in sdist.getnames() if "/" in n}
    assert set(theme_files()) <= names
    assert "setup.py" in names and "MANIFEST.in" in names


def test_installed_command_uses_its_own_copy(venv: Path, tmp_path: Path) -> None:
    where = run(venv / "python", "-c", "import explainer.theme as t; print(t.DEFAULT_TEMPLATES)",
                cwd=tmp_path, env=clean_env())  # fmt: skip
    assert Path(where.strip()).is_relative_to(venv.parent)
    version = run(venv / "explainer", "--version", cwd=tmp_path, env=clean_env())
    assert version.strip() == "explainer 0.1.0"


@pytest.fixture(scope="session")
def built(venv: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`explainer init story && cd story && explainer build`, outside the repository."""
    newsroom = tmp_path_factory.mktemp("newsroom")
    run(venv / "explainer", "init", "story", cwd=newsroom, env=clean_env())
    story = newsroom / "story"
    run(venv / "explainer", "check", "--strict", cwd=story, env=clean_env())
    # One template and the stylesheet overridden, the way the README tells editors.
    run(venv / "explainer", "theme", "copy", "static/style.css", cwd=story, env=clean_env())
    with (story / "static" / "style.css").open("a", encoding="utf-8") as css:
        css.write(CSS_MARK)
    (story / "templates").mkdir()
    (story / "templates" / "404.html").write_text(NOT_FOUND, encoding="utf-8")
    run(venv / "explainer", "build", cwd=story, env=clean_env())
    return story / "_site"


@pytest.fixture(scope="session")
def nu_checker(request: pytest.FixtureRequest) -> list[str]:
    """The W3C Nu HTML checker's command, from test_html_validity's `vnu` fixture."""
    return request.getfixturevalue("vnu")


def test_installed_build_is_styled_and_valid(built: Path, nu_checker: list[str]) -> None:
    default_css = (ROOT / "static/style.css").read_text(encoding="utf-8")
    served = minify_css(default_css + CSS_MARK)  # as written to the site
    assert (built / "static/style.css").read_text(encoding="utf-8") == served
    timeline_js = (ROOT / "static/timeline.js").read_bytes()
    assert (built / "static/timeline.js").read_bytes() == timeline_js
    home = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="static/style.css"' in home and "Example event" in home
    assert "<h1>Not here</h1>" in (built / "404.html").read_text(encoding="utf-8")
    assert broken_links(built) == []
    pages = sorted(built.rglob("*.html"))
    problems = [m for m in run_vnu(nu_checker, pages, "--errors-only") if m["type"] != "info"]
    assert not problems, readable(problems, [built])


def test_usage_names_the_program_as_called(venv: Path, tmp_path: Path) -> None:
    assert run(venv / "explainer", "--help", cwd=tmp_path, env=clean_env()).startswith(
        "usage: explainer "
    )
    shim = run(sys.executable, ROOT / "build.py", "--help", cwd=tmp_path)
    assert shim.startswith("usage: python build.py ")
    module = run(sys.executable, "-m", "explainer", "--help", cwd=ROOT, env=clean_env())
    assert module.startswith("usage: python -m explainer ")
    assert run(sys.executable, ROOT / "build.py", "--version", cwd=tmp_path) == "explainer 0.1.0\n"


def test_installed_init_writes_the_project_files(built: Path) -> None:
    story = built.parent
    for path in PROJECT_FILES:
        assert (story / path).read_bytes() == (ROOT / path).read_bytes(), path
