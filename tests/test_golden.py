"""Golden output: two small explainers built and compared, file by file, with `expected/`.

`tests/golden/<name>/content/` is the explainer; `tests/golden/<name>/expected/`
is what building it must write (every file but `static/`, copied as it is, and
`search/`, the search index, which tests/test_search.py checks). A difference fails with a
unified diff of each changed file.

When a change to the pages is intended, regenerate the expected folders and
review their diff like code:

    EXPLAINER_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from explainer import quick
from explainer.build import build

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("EXPLAINER_UPDATE_GOLDEN") == "1"
SKIPPED = ("static/", "search/", ".explainer-site")  # copied files; the search index


def files(root: Path) -> dict[str, str]:
    """Every compared file under `root`: relative path -> text."""
    return {
        p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.relative_to(root).as_posix().startswith(SKIPPED)
    }


def differences(expected: dict[str, str], actual: dict[str, str]) -> str:
    """A unified diff of every file that differs, is missing or is new."""
    out = []
    for path in sorted(expected.keys() | actual.keys()):
        old, new = expected.get(path), actual.get(path)
        if old != new:
            out += difflib.unified_diff(
                (old or "").splitlines(keepends=True),
                (new or "").splitlines(keepends=True),
                f"expected/{path}" if old is not None else "/dev/null",
                f"built/{path}" if new is not None else "/dev/null",
            )
    return "".join(out)


@pytest.mark.parametrize("runtime", ["quick", "jinja"])
@pytest.mark.parametrize("name", ["minimal", "full"])
def test_build_matches_the_expected_output(
    name: str, runtime: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built with the quick template runtime, and with Jinja's own (as under a Jinja
    that `quick` was not written for): the same pages."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.setattr(quick, "SUPPORTED", quick.SUPPORTED and runtime == "quick")
    content = GOLDEN / name / "content"
    written, problems = build(content, "content", tmp_path / "site", None, workers=1)
    assert written and not [d for d in problems if d.severity == "error"]
    expected_folder = GOLDEN / name / "expected"
    if UPDATE and runtime == "quick":
        shutil.rmtree(expected_folder, ignore_errors=True)
        ignored = shutil.ignore_patterns("static", "search", ".explainer-site")
        shutil.copytree(tmp_path / "site", expected_folder, ignore=ignored)
    diff = differences(files(expected_folder), files(tmp_path / "site"))
    assert not diff, (
        f"the build of tests/golden/{name} differs from its expected/ folder "
        "(if intended, regenerate with EXPLAINER_UPDATE_GOLDEN=1 and review):\n" + diff
    )
