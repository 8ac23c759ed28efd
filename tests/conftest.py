"""Fixtures shared by test modules, and one Hypothesis profile for the whole suite."""

import os

from hypothesis import settings

from installed import dist, venv

__all__ = ["dist", "venv"]  # session fixtures: the wheel, and a venv with it installed

# The suite runs the same generated examples every time, so CI is never red by chance;
# EXPLAINER_EXPLORE=1 draws new examples (and keeps failures in .hypothesis/) to hunt bugs.
settings.register_profile("suite", derandomize=True, database=None)
settings.register_profile("explore")
settings.load_profile("explore" if os.environ.get("EXPLAINER_EXPLORE") else "suite")
