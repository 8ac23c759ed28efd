"""What the loader meets besides record files: said at its path, never a hang or silence (#12)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from explainer.cli import main
from explainer.diagnostics import PER_FILE
from explainer.pipeline import read_explainer
from sites import write_site

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return write_site(tmp_path / "content", {})


def places(problems: list, severity: str | None = None) -> list[tuple[str, str]]:
    return [(d.path, d.severity) for d in problems if severity in (None, d.severity)]


def run_cli(*args: str, cwd: Path, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8:strict"}
    return subprocess.run(
        [sys.executable, "-m", "explainer", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def test_a_fifo_named_site_yaml_is_an_error_not_a_hang(site: Path) -> None:
    (site / "site.yaml").unlink()
    os.mkfifo(site / "site.yaml")
    result = run_cli("check", cwd=site.parent, timeout=30)
    assert result.returncode == 1
    expected = "content/site.yaml:1:1: error: is a FIFO (named pipe), not a regular file"
    assert expected in result.stdout


def test_a_character_device_is_never_read(site: Path) -> None:
    try:
        os.mknod(site / "actors" / "zero.yaml", stat.S_IFCHR | 0o644, os.makedev(1, 5))
    except PermissionError:
        pytest.skip("this machine does not let us make a device file")
    _, problems = read_explainer(site, "content")
    assert places(problems, "error") == [("content/actors/zero.yaml", "error")]
    assert "is a character device, not a regular file" in problems[0].message


def test_a_fifo_or_folder_named_like_a_record_file_is_an_error(site: Path) -> None:
    os.mkfifo(site / "actors" / "pipe.yaml")
    (site / "events" / "folder.yaml").mkdir()
    _, problems = read_explainer(site, "content")
    assert places(problems) == [
        ("content/actors/pipe.yaml", "error"),
        ("content/events/folder.yaml", "error"),
    ]
    assert "is a folder, not a regular file" in problems[1].message


def test_subfolders_and_unknown_folders_are_warned_about(site: Path) -> None:
    write_site(site, {"actors/crew/pilot.yaml": "name: P\n", "images/map.png": b"\x89PNG"})
    _, problems = read_explainer(site, "content")
    assert places(problems) == [
        ("content/actors/crew", "warning"),
        ("content/images", "warning"),
    ]
    assert "move its files up" in problems[0].message
    assert "reads only site.yaml and the folders actors, events" in problems[1].message


def test_a_file_name_that_is_not_utf8_is_one_clear_error(site: Path) -> None:
    (site / "actors" / os.fsdecode(b"caf\xe9.yaml")).write_text("name: X\nkind: state\n")
    for form in ("text", "json", "github"):
        result = run_cli("check", "--format", form, cwd=site.parent)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "xe9.yaml" in result.stdout and "not valid UTF-8; rename it" in result.stdout
    assert result.stdout.count("::error") == 1


def test_an_unreadable_folder_is_an_error_at_its_path_and_the_rest_is_checked(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(site, {"events/bad.yaml": "date: 2024-02-30\n"})
    real = os.scandir

    def scandir(path: object = ".") -> object:
        if Path(str(path)).name == "actors":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    _, problems = read_explainer(site, "content")
    assert ("content/actors", "error") in places(problems)
    assert "cannot read this folder: Permission denied" in problems[0].message
    assert any(d.path == "content/events/bad.yaml" for d in problems)


def test_an_unreadable_content_folder_is_one_error_not_a_traceback(
    site: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def scandir(path: object = ".") -> object:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert "content:1:1: error: cannot read this folder: Permission denied" in out


def test_an_unreadable_file_is_an_error_and_the_rest_is_checked(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_site(site, {"events/bad.yaml": "date: 2024-02-30\n"})
    real = os.open

    def fake_open(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith("iran.yaml"):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", fake_open)
    _, problems = read_explainer(site, "content")
    assert ("content/actors/iran.yaml", "error") in places(problems)
    assert any(d.path == "content/events/bad.yaml" for d in problems)


def test_an_empty_list_is_valid_with_a_warning(site: Path) -> None:
    write_site(site, {"events/none.yaml": "[]\n"})
    explainer, problems = read_explainer(site, "content")
    assert explainer is not None
    assert [(d.path, d.severity, d.message) for d in problems] == [
        ("content/events/none.yaml", "warning", "file holds an empty list: no records")
    ]


def test_problems_per_file_are_capped(site: Path, capsys: pytest.CaptureFixture[str]) -> None:
    keys = "".join(f"unknown{i}: x\n" for i in range(3000))
    write_site(site, {"actors/iran.yaml": f"name: Iran\nkind: state\nsummary: S.\n{keys}"})
    assert main(["check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == PER_FILE + 1
    assert lines[-1].startswith(f"content/actors/iran.yaml:{PER_FILE + 4}:1: error: and 2,900 more")


def test_any_kind_of_problem_is_capped_per_file() -> None:
    from explainer.diagnostics import Diagnostic, sort_diagnostics

    many = [Diagnostic("a.yaml", i, 1, "warning", f"w{i}") for i in range(1, 251)]
    few = [Diagnostic("b.yaml", i, 1, "error", "e") for i in range(1, 102)]
    shown = sort_diagnostics([*many, *few], per_file=100)
    assert len(shown) == 100 + 1 + 101  # 101 is shown whole: one line never replaces one
    more = shown[100]
    assert (more.path, more.line, more.severity) == ("a.yaml", 101, "warning")
    assert more.message.startswith("and 150 more problems in this file (0 errors)")
