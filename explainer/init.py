"""`explainer init DIR`: a new explainer folder, ready to check, preview and build.

It holds the starter content (one record of each kind and one section, every
field commented), a README for its editors, a .gitignore for the output and,
when the engine ships them, the CI and publishing files.
"""

from __future__ import annotations

import importlib.metadata
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .theme import PACKAGE, bundled_path

STARTER = PACKAGE / "starter"
TITLE = "__TITLE__"  # replaced by the explainer's title
# Dotfiles are not package data; they are renamed on the way out.
RENAMED = {"gitignore": ".gitignore", "pre-commit-config.yaml": ".pre-commit-config.yaml"}
# The CI and publishing files a new explainer gets when the engine has them.
PROJECT_FILES = [".github/workflows/check.yml", ".github/workflows/deploy.yml", "netlify.toml"]


class InitError(Exception):
    """The folder cannot take a new explainer."""


@dataclass(frozen=True, slots=True)
class NewFile:
    """A file of the new explainer: its path inside the folder and its text."""

    path: str
    text: str


def default_title(folder: Path) -> str:
    """A title from the folder's name: `gaza-ceasefire` gives 'Gaza ceasefire'."""
    words = folder.resolve().name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:] if words else "A new explainer"


def fill_title(path: str, text: str, title: str) -> str:
    """Put the title in: YAML gets a quoted string, so any text is valid there."""
    value = json.dumps(title, ensure_ascii=False) if path.endswith(".yaml") else title
    return text.replace(TITLE, value)


def starter_files(title: str) -> list[NewFile]:
    """Every file `init` writes, sorted by path."""
    files = []
    for source in sorted(p for p in STARTER.rglob("*") if p.is_file()):
        path = source.relative_to(STARTER).as_posix()
        path = RENAMED.get(path, path)
        files.append(NewFile(path, fill_title(path, source.read_text(encoding="utf-8"), title)))
    for path in PROJECT_FILES:
        source = bundled_path(path)
        if source.is_file():
            files.append(NewFile(path, source.read_text(encoding="utf-8")))
    requirement = engine_requirement()
    if requirement is not None:
        files.append(requirements_file(requirement))
    return sorted(files, key=lambda f: f.path)


def requirement_from(direct_url: dict[str, Any]) -> str | None:
    """A requirements line for an engine installed from a git URL (pip's direct_url.json)."""
    vcs, url = direct_url.get("vcs_info"), direct_url.get("url", "")
    if not isinstance(vcs, dict) or not url.startswith("https://"):
        return None  # a local folder or file means nothing on another machine
    revision = vcs.get("requested_revision") or vcs.get("commit_id")
    return f"explainer @ {vcs.get('vcs', 'git')}+{url}" + (f"@{revision}" if revision else "")


def engine_requirement() -> str | None:
    """Where this engine was installed from, as a requirements line, when that is a URL."""
    try:
        text = importlib.metadata.distribution("explainer").read_text("direct_url.json")
        return requirement_from(json.loads(text)) if text else None
    except (importlib.metadata.PackageNotFoundError, ValueError):
        return None


def requirements_file(requirement: str) -> NewFile:
    """requirements.txt: the engine the CI and publishing files install."""
    note = "# The explainer engine; CI and publishing install it with pip install -r."
    return NewFile("requirements.txt", f"{note}\n{requirement}\n")


def check_folder(folder: Path) -> None:
    """Refuse a folder that is a file or already holds something."""
    if folder.exists() and not folder.is_dir():
        raise InitError(f"'{folder}' exists and is not a folder; choose a new folder's name")
    if folder.is_dir():
        held = sorted(p.name for p in folder.iterdir())
        if held:
            shown = ", ".join(held[:5]) + (", ..." if len(held) > 5 else "")
            raise InitError(
                f"folder '{folder}' is not empty (it holds {shown}); init writes only into a "
                "new or empty folder, so that nothing is overwritten"
            )


def init_explainer(folder: Path, title: str | None = None) -> list[NewFile]:
    """Write a new explainer into `folder` (new or empty); the files written."""
    check_folder(folder)
    files = starter_files(title if title is not None else default_title(folder))
    for new in files:
        target = folder / new.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(new.text, encoding="utf-8")
    return files
