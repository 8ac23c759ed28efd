"""`check` reports `validate_problems`: the very problems `validate` finds, in every case."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from explainer.diagnostics import sort_diagnostics
from explainer.load import find_files
from explainer.pipeline import convert_files
from explainer.validate import validate, validate_problems
from sites import write_site

ROOT = Path(__file__).resolve().parent.parent


def assert_same_problems(content: Path) -> list[str]:
    jobs, _ = find_files(content, "content")
    converted = convert_files(jobs)
    made = sort_diagnostics(validate(converted)[1])
    assert sort_diagnostics(validate_problems(converted)) == made
    return [str(problem) for problem in made]


@pytest.mark.parametrize("folder", ["content", "tests/golden/full/content"])
def test_shipped_and_fixture_content(folder: str) -> None:
    assert_same_problems(ROOT / folder)


# Edits that change which sources are kept and cited: unused, cited only by the site, by
# itself, by a duplicate, defined twice or as another kind, broken, named by an alias.
EDITS: dict[str, dict[str, str | bytes]] = {
    "unused": {"sources/unused.yaml": "title: U\npublisher: P\nkind: report\n"},
    "cited by the site": {
        "sources/unused.yaml": "title: U\npublisher: P\nkind: report\n",
        "site.yaml": "title: T\nsummary: Cited here [@unused].\n",
    },
    "cited by itself": {
        "sources/unused.yaml": "title: U\npublisher: P\nkind: report\nnote: see [@unused]\n",
    },
    "cited only in a broken record": {
        "sources/unused.yaml": "title: U\npublisher: P\nkind: report\n",
        "events/broken.yaml": "date: 2024-02-30\ntitle: B\nsummary: S [@unused].\n",
    },
    "a source that is also an actor": {
        "actors/article.yaml": "name: A\nkind: state\nsummary: S.\n",
    },
    "an actor that is also a source": {
        "sources/iran.yaml": "title: U\npublisher: P\nkind: report\n",
    },
    "two sources in one list file": {
        "sources/more.yaml": (
            "- id: dup\n  title: A\n  publisher: P\n  kind: report\n"
            "- id: dup\n  title: B\n  publisher: P\n  kind: report\n"
            "- id: broken\n  title: C\n"
        ),
    },
    "a source named as an alias": {
        "sources/kh.yaml": "title: U\npublisher: P\nkind: report\n",
        "events/tower-22.yaml": "date: 2024-01-28\ntitle: T\nsummary: S [@kh].\nsources: [KH]\n",
    },
    "an unknown citation": {
        "events/tower-22.yaml": "date: 2024-01-28\ntitle: T\nsummary: S [@artcle].\nsources: [x]\n",
    },
    "no site": {"site.yaml": "title: [x]\n"},
    "an unreadable source": {"sources/article.yaml": b"title: \xff\n"},
}


@pytest.mark.parametrize("name", EDITS)
def test_edited_explainers(tmp_path: Path, name: str) -> None:
    assert_same_problems(write_site(tmp_path / "content", EDITS[name]))


@pytest.mark.parametrize("seed", range(3))
def test_random_mixes_of_edits(tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    for number in range(6):
        files: dict[str, str | bytes] = {}
        for name in rng.sample(sorted(EDITS), 3):
            files.update(EDITS[name])
        assert_same_problems(write_site(tmp_path / str(number), files))
