"""Fixtures shared by test modules."""

from installed import dist, venv

__all__ = ["dist", "venv"]  # session fixtures: the wheel, and a venv with it installed
