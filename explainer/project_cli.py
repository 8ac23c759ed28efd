"""The command line's `init` and `theme`: start an explainer, list or copy theme files."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_USAGE = 0, 2


def theme_options(p: argparse.ArgumentParser) -> None:
    """--templates DIR and --static DIR: the folders that override the default theme."""
    for folder in ("templates", "static"):
        p.add_argument(
            f"--{folder}",
            metavar="DIR",
            type=Path,
            help=f"overrides of the default {folder} (default: {folder}/ beside the content)",
        )


def add_project_commands(
    commands: argparse._SubParsersAction, content_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add `init` and `theme` to the command line's sub-commands."""
    init = commands.add_parser("init", help="start a new explainer in a new or empty folder")
    init.add_argument("folder", metavar="DIR", help="the folder to create")
    init.add_argument("--title", metavar="TEXT", help="the title (default: from DIR's name)")

    theme = commands.add_parser("theme", help="list or copy the default theme's files")
    actions = theme.add_subparsers(dest="theme_command", metavar="ACTION", required=True)
    theme_list = actions.add_parser("list", help="list the theme's files and overrides")
    theme_copy = actions.add_parser("copy", help="copy a default file here to edit it")
    theme_copy.add_argument("name", metavar="NAME", help="e.g. base.html or static/style.css")
    for p in (theme_list, theme_copy):
        content_option(p)
        theme_options(p)


def run_init(args: argparse.Namespace) -> int:
    from .init import InitError, init_explainer

    folder = Path(args.folder)
    try:
        written = init_explainer(folder, args.title)
    except InitError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    for new in written:
        print(f"wrote {folder / new.path}")
    if not any(new.path == "requirements.txt" for new in written):
        print(
            "note: CI and publishing install the engine from requirements.txt; write there "
            "where your newsroom gets it (a git URL with a tag, or a wheel's address)"
        )
    print(f"next: cd {folder} && explainer serve   (see {folder / 'README.md'})")
    return EXIT_OK


def run_theme(args: argparse.Namespace) -> int:
    from .theme import ThemeError, copy_theme_file, find_theme, theme_listing

    content = Path(args.content)
    folder = content.parent
    if args.theme_command == "list":
        print("\n".join(theme_listing(find_theme(content, args.templates, args.static))))
        return EXIT_OK
    try:
        target = copy_theme_file(
            args.name, args.templates or folder / "templates", args.static or folder / "static"
        )
    except ThemeError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"copied the default {args.name} to {target}: edit it there")
    return EXIT_OK


PROJECT_COMMANDS = {"init": run_init, "theme": run_theme}
