"""Where the theme comes from: the default theme, and an explainer's overrides of it.

The default theme is the top-level `templates/` and `static/` of this repository.
A wheel carries copies of them in `explainer/bundled/` (see setup.py), because an
installed package has no repository around it; a checkout uses the folders themselves.
"""

from __future__ import annotations

import difflib
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import TemplateRuntimeError

PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "bundled"  # filled only in a built wheel
REPOSITORY = PACKAGE.parent


def bundled_path(name: str) -> Path:
    """A file or folder the engine ships: the wheel's copy, else the repository's own."""
    packaged = BUNDLED / name
    return packaged if packaged.exists() else REPOSITORY / name


DEFAULT_TEMPLATES = bundled_path("templates")
DEFAULT_STATIC = bundled_path("static")

THEME_FOLDERS = ("templates", "static")


class ThemeError(Exception):
    """A theme file cannot be found or copied."""


class MissingAsset(TemplateRuntimeError):
    """A template links a static file that no static folder has."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"the template links 'static/{name}', but no static folder has '{name}' "
            "(neither the explainer's static/ nor the default theme); nothing was written"
        )


@dataclass(frozen=True, slots=True)
class Theme:
    """Where templates and static files come from; in each list the first folder wins."""

    templates: tuple[Path, ...] = (DEFAULT_TEMPLATES,)
    static: tuple[Path, ...] = (DEFAULT_STATIC,)


DEFAULT_THEME = Theme()
Folders = Path | Sequence[Path] | None  # one folder, a search path (first wins), or none


def as_folders(folders: Folders) -> tuple[Path, ...]:
    """A search path from one folder, several, or none."""
    if folders is None:
        return ()
    return (folders,) if isinstance(folders, Path) else tuple(folders)


def _search_path(override: Path, default: Path) -> tuple[Path, ...]:
    """The override folder (when it exists), then the default, each folder once."""
    folders = [override] if override.is_dir() else []
    if not any(f.resolve() == default.resolve() for f in folders):
        folders.append(default)
    return tuple(folders)


def find_theme(content: Path, templates: Path | None = None, static: Path | None = None) -> Theme:
    """The theme of the explainer whose content folder is `content`.

    `templates/` and `static/` beside the content folder (or the folders given)
    override the default theme file by file.
    """
    folder = content.parent
    return Theme(
        _search_path(templates or folder / "templates", DEFAULT_TEMPLATES),
        _search_path(static or folder / "static", DEFAULT_STATIC),
    )


def folder_files(folder: Path) -> list[str]:
    """The files under `folder`, as sorted paths relative to it."""
    if not folder.is_dir():
        return []
    return sorted(
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )


def overlay(folders: Folders) -> dict[str, Path]:
    """Each file name found in `folders` and the file it comes from: the first folder wins."""
    files: dict[str, Path] = {}
    for folder in reversed(as_folders(folders)):
        files.update({name: folder / name for name in folder_files(folder)})
    return dict(sorted(files.items()))


def default_names() -> list[str]:
    """Every file of the default theme: `templates/...` and `static/...`."""
    defaults = {"templates": DEFAULT_TEMPLATES, "static": DEFAULT_STATIC}
    return [f"{kind}/{name}" for kind in THEME_FOLDERS for name in folder_files(defaults[kind])]


def resolve_name(name: str) -> str:
    """A theme file's full name (`templates/base.html`) from what a user typed (`base.html`)."""
    names = default_names()
    wanted = name.strip().strip("/").replace("\\", "/")
    matches = [n for n in names if n == wanted or n.split("/", 1)[1] == wanted]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise ThemeError(f"'{name}' is ambiguous: say {' or '.join(matches)}")
    near = difflib.get_close_matches(wanted, names + [n.split("/", 1)[1] for n in names], 1)
    hint = f"did you mean '{near[0]}'? " if near else ""
    raise ThemeError(
        f"the default theme has no file '{name}'; {hint}its files are:\n  " + "\n  ".join(names)
    )


def copy_theme_file(name: str, templates: Path, static: Path) -> Path:
    """Copy one default theme file into the override folders; the path written."""
    full = resolve_name(name)
    kind, relative = full.split("/", 1)
    source = (DEFAULT_TEMPLATES if kind == "templates" else DEFAULT_STATIC) / relative
    target = (templates if kind == "templates" else static) / relative
    if target.exists():
        raise ThemeError(
            f"'{target}' already exists; edit it, or delete it to copy the default again"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    return target


def theme_listing(theme: Theme) -> list[str]:
    """One line per theme file: its name, and the file that is used when it is overridden."""
    lines = []
    for kind, folders in (("templates", theme.templates), ("static", theme.static)):
        default = folders[-1]
        for name, source in overlay(folders).items():
            where = "" if source == default / name else f"  (from {source})"
            lines.append(f"{kind}/{name}{where}")
    return lines
