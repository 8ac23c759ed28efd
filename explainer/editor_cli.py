"""The editors' commands, `new` and `diff`: their options and how they run.

`cli` adds them to its parser with `add_editor_commands` and dispatches to
`EDITOR_COMMANDS`; each returns the exit status (0 done, 1 the content has
errors, 2 the command was used wrongly).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def add_editor_commands(
    commands: argparse._SubParsersAction, content_option: Callable[[argparse.ArgumentParser], None]
) -> None:
    """Add `new` and `diff` to the command line's sub-commands."""
    from .scaffold import KINDS

    new = commands.add_parser(
        "new",
        help="start a new record file with every field explained",
        description="Write content/<folder>/ID.yaml (a section: .md) with every required "
        "field and commented hints for the optional ones, and print its path.",
    )
    content_option(new)
    new.add_argument("kind", choices=KINDS, help="the kind of record")
    new.add_argument("id", metavar="ID", help="the new record's id, e.g. tower-22-attack")
    new.add_argument(
        "--title",
        "--name",
        dest="title",
        metavar="TEXT",
        help="the record's title (an actor's name); a quote has neither",
    )

    diff = commands.add_parser(
        "diff",
        help="what a change does: records added, removed, changed; pages that change",
        description="Compare two versions of the content: each a content folder or a git "
        "revision (whose --content folder is read), e.g. `diff origin/main content`.",
    )
    content_option(diff)
    diff.add_argument("old", metavar="OLD", help="a content folder or a git revision")
    diff.add_argument("new", metavar="NEW", help="a content folder or a git revision")
    diff.add_argument(
        "--format",
        choices=("text", "markdown"),
        default="text",
        help="text for the terminal, markdown for a job summary (default: text)",
    )


def run_diff(args: argparse.Namespace) -> int:
    from .diff import diff_command

    return diff_command(args.old, args.new, args.content, args.format)


def run_new(args: argparse.Namespace) -> int:
    from .scaffold import ScaffoldError, new_record

    content = Path(args.content)
    if not content.is_dir():
        print(f"error: content folder '{args.content}' does not exist or is not a folder",
              file=sys.stderr)  # fmt: skip
        return EXIT_USAGE
    try:
        shown = new_record(content, args.content, args.kind, args.id, args.title)
    except ScaffoldError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(shown)
    return EXIT_OK


EDITOR_COMMANDS = {"new": run_new, "diff": run_diff}
