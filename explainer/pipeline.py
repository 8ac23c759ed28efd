"""Content folder to checked explainer: load, convert, validate."""

from __future__ import annotations

import gc
from pathlib import Path

from .diagnostics import Diagnostic, sort_diagnostics
from .load import load_content
from .model import convert_all
from .validate import Explainer, validate


def read_explainer(
    content: Path, content_arg: str | None = None
) -> tuple[Explainer | None, list[Diagnostic]]:
    """Read and check a content folder; `content_arg` is how paths are shown (default: as given)."""
    # The cyclic garbage collector would walk the growing tree of nodes again and again
    # (a third of the time at 50,000 records); nothing here makes cycles worth collecting.
    collecting = gc.isenabled()
    gc.disable()
    try:
        loaded = load_content(content, str(content) if content_arg is None else content_arg)
        converted = convert_all(loaded.site, loaded.records)
        explainer, problems = validate(converted)
    finally:
        if collecting:
            gc.enable()
    return explainer, sort_diagnostics(loaded.diagnostics + problems)
