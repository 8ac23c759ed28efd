"""The command line: formats, exit codes, usage errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.cli import main
from explainer.schema import generate_schemas
from sites import write_site

ROOT = Path(__file__).resolve().parents[1]
BROKEN = {"actors/iran.yaml": "name: Iran\nkind: empire\nsummary: A state.\n"}
KIND_ERROR = (
    "field 'kind' must be one of person, organization, armed-group, government, state, media, "
    "other; got 'empire'"
)


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_site(tmp_path / "content", BROKEN)


def test_check_text(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 1
    captured = capsys.readouterr()
    assert captured.out == f"content/actors/iran.yaml:2:7: error: {KIND_ERROR}\n"
    assert "check failed: 1 error, 0 warnings" in captured.err


def test_check_paths_follow_the_content_option(site: Path, capsys) -> None:
    assert main(["check", "--content", "./content/"]) == 1
    assert capsys.readouterr().out.startswith("./content/actors/iran.yaml:2:7: error:")


def test_check_github(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "github"]) == 1
    assert capsys.readouterr().out == (
        f"::error file=content/actors/iran.yaml,line=2,col=7::{KIND_ERROR}\n"
    )


def test_check_json(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == [
        {
            "path": "content/actors/iran.yaml",
            "line": 2,
            "column": 7,
            "severity": "error",
            "message": KIND_ERROR,
        }
    ]


def test_clean_check_exits_0_and_warnings_fail_only_when_strict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    write_site(
        tmp_path / "content", {"sources/unused.yaml": "title: U\npublisher: P\nkind: report\n"}
    )
    assert main(["check"]) == 0
    assert capsys.readouterr().out == (
        "content/sources/unused.yaml:1:1: warning: source 'unused' is not cited by any record "
        "or section; cite it or remove it\n"
    )
    assert main(["check", "--strict"]) == 1


def test_usage_errors_exit_2(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", "missing"]) == 2
    assert "content folder 'missing' does not exist" in capsys.readouterr().err
    assert main(["check", "--bogus"]) == 2
    assert main(["check", "--format", "xml"]) == 2
    assert main(["frobnicate"]) == 2


def test_build_py_entry_point_runs(site: Path) -> None:
    run = subprocess.run(
        [sys.executable, str(ROOT / "build.py"), "check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stdout.startswith("content/actors/iran.yaml:2:7: error:")


def test_shipped_explainer_checks_clean(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["check", "--strict"]) == 0
    assert capsys.readouterr().out == ""


def test_committed_schemas_match_the_code() -> None:
    for name, text in generate_schemas().items():
        path = ROOT / "schemas" / name
        assert path.exists(), f"{path} is missing: run `python build.py schema`"
        assert path.read_text(encoding="utf-8") == text, (
            f"{path} is out of date: run `python build.py schema`"
        )


def test_schema_command_writes_files(tmp_path: Path, capsys) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(generate_schemas())
    actor = json.loads((tmp_path / "actor.schema.json").read_text())
    assert actor["oneOf"][0]["required"] == ["name", "kind", "summary"]


def test_build_prints_a_summary_and_progress(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from explainer import build

    monkeypatch.chdir(tmp_path)
    write_site(tmp_path / "content", {})
    real = build._progress_printer
    monkeypatch.setattr(build, "_progress_printer", lambda: real(every=0))
    assert main(["build", "--out", "site"]) == 0
    captured = capsys.readouterr()
    assert "rendered 0 of " in captured.err
    assert captured.out.startswith("built ") and " pages (" in captured.out
    assert (tmp_path / "site" / "index.html").is_file()


def test_an_unwritable_output_is_an_error_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from explainer import build

    monkeypatch.chdir(tmp_path)
    write_site(tmp_path / "content", {})

    def refuse(*_: object, **__: object) -> None:
        raise PermissionError(13, "Permission denied", str(tmp_path / "site"))

    monkeypatch.setattr(build, "replace_output", refuse)
    assert main(["build", "--out", "site"]) == 1
    assert "error: Permission denied (" in capsys.readouterr().err
