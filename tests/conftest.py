"""Fixtures shared by test modules, and one Hypothesis profile for the whole suite."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from installed import dist, venv

__all__ = ["dist", "venv"]  # session fixtures: the wheel, and a venv with it installed

# The suite runs the same generated examples every time, so CI is never red by chance;
# EXPLAINER_EXPLORE=1 draws new examples (and keeps failures in .hypothesis/) to hunt bugs.
settings.register_profile("suite", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile("explore" if os.environ.get("EXPLAINER_EXPLORE") else "suite")


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """The suite (and every process it starts) keeps its cache in a temporary folder,
    never in the user's own cache folder."""
    before = os.environ.get("EXPLAINER_CACHE_DIR")
    os.environ["EXPLAINER_CACHE_DIR"] = str(tmp_path_factory.mktemp("explainer-cache"))
    yield
    if before is None:
        del os.environ["EXPLAINER_CACHE_DIR"]
    else:
        os.environ["EXPLAINER_CACHE_DIR"] = before


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own, with caching on."""
    folder = tmp_path / "cache"
    monkeypatch.setenv("EXPLAINER_CACHE_DIR", str(folder))
    monkeypatch.delenv("EXPLAINER_NO_CACHE", raising=False)
    return folder
