"""Where the theme comes from: the default theme, and an explainer's overrides of it.

The default theme is the top-level `templates/` and `static/` of this repository.
A wheel carries copies of them in `explainer/bundled/` (see setup.py), because an
installed package has no repository around it; a checkout uses the folders themselves.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "bundled"  # filled only in a built wheel
REPOSITORY = PACKAGE.parent


def bundled_path(name: str) -> Path:
    """A file or folder the engine ships: the wheel's copy, else the repository's own."""
    packaged = BUNDLED / name
    return packaged if packaged.exists() else REPOSITORY / name


DEFAULT_TEMPLATES = bundled_path("templates")
DEFAULT_STATIC = bundled_path("static")
