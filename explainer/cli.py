"""The command line: build, check, serve and schema. Only this module picks exit codes."""

from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path
from typing import TypeAlias

from . import __version__, cache
from .controls import control_problem
from .diagnostics import FORMATTERS, has_errors, summarize
from .editor_cli import EDITOR_COMMANDS, add_editor_commands
from .output import OutputError
from .pipeline import check_content
from .project_cli import PROJECT_COMMANDS, add_project_commands, theme_options
from .workers import WorkerDied

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


# What `add_subparsers` returns (argparse's own type is private).
Subcommands: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class UsageError(Exception):
    """The command was used wrongly (exit status 2)."""


def content_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--content",
        default="content",
        metavar="DIR",
        help="the content folder (default: content)",
    )


def cache_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--no-cache",
        action="store_true",
        help="neither read nor write the cache folder (as EXPLAINER_NO_CACHE=1)",
    )


def _parser(prog: str = "explainer") -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description="Build, check and preview a news explainer.",
    )
    parser.add_argument("--version", action="version", version=f"explainer {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    _add_build(commands)
    _add_check(commands)
    _add_serve(commands)
    add_editor_commands(commands, content_option)  # new, diff
    add_project_commands(commands, content_option)  # init, theme
    schema = commands.add_parser("schema", help="write JSON Schemas for editors' tools")
    schema.add_argument(
        "--out", default="schemas", metavar="DIR", help="the folder to write to (default: schemas)"
    )
    return parser


def _add_build(commands: Subcommands) -> None:
    build = commands.add_parser("build", help="check the content and build the site (default)")
    content_option(build)
    theme_options(build)
    cache_option(build)
    build.add_argument(
        "--out", default="_site", metavar="DIR", help="the output folder (default: _site)"
    )
    build.add_argument(
        "--base-url",
        type=_base_url,
        metavar="URL",
        help="absolute URL the site is published at (overrides site.yaml)",
    )
    build.add_argument(
        "--no-search",
        dest="search",
        action="store_false",
        help="build no search index and show no search box (as site.yaml's search: false)",
    )


def _add_check(commands: Subcommands) -> None:
    check = commands.add_parser("check", help="check the content without building")
    content_option(check)
    cache_option(check)
    check.add_argument(
        "--format",
        choices=sorted(FORMATTERS),
        default="text",
        help="how problems are printed (default: text)",
    )
    check.add_argument("--strict", action="store_true", help="fail on warnings too")


def _add_serve(commands: Subcommands) -> None:
    serve = commands.add_parser("serve", help="build, serve and rebuild on change")
    content_option(serve)
    theme_options(serve)
    cache_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port; 0 picks a free one")
    serve.add_argument(
        "--out",
        default=None,
        metavar="DIR",
        help="also write each good build here (default: serve from memory only)",
    )


def _port(text: str) -> int:
    """A TCP port from the command line: 0 (pick a free one) to 65535."""
    if not (text.isascii() and text.isdecimal()) or int(text) > 65535:
        raise argparse.ArgumentTypeError(f"must be a number from 0 to 65535, not {text!r}")
    return int(text)


def _base_url(text: str) -> str:
    """--base-url follows the rule for `base_url` in site.yaml: an absolute http(s) URL."""
    from .scalars import is_http_url

    if not is_http_url(text) or control_problem(text):
        raise argparse.ArgumentTypeError(
            f"must be an absolute http or https URL such as https://example.org/news/, not {text!r}"
        )
    return text


def _content_folder(arg: str) -> Path:
    path = Path(arg)
    if not path.is_dir():
        raise UsageError(f"content folder '{arg}' does not exist or is not a folder")
    return path


def _theme_folders(args: argparse.Namespace) -> tuple[Path | None, Path | None]:
    """--templates and --static, each a folder that must exist when given."""
    for option in ("templates", "static"):
        folder = getattr(args, option)
        if folder is not None and not folder.is_dir():
            raise UsageError(f"--{option} folder '{folder}' does not exist or is not a folder")
    return args.templates, args.static


def run_check(args: argparse.Namespace) -> int:
    content = _content_folder(args.content)
    started = time.perf_counter()
    problems = check_content(content, args.content)
    sys.stdout.write(FORMATTERS[args.format](problems))
    failed = has_errors(problems) or (args.strict and bool(problems))
    if args.format == "text":
        took = time.perf_counter() - started
        verdict = "failed" if failed else "passed"
        print(f"check {verdict}: {summarize(problems)} ({took:.2f} s)", file=sys.stderr)
    return EXIT_CONTENT if failed else EXIT_OK


def run_build(args: argparse.Namespace) -> int:
    from .build import build_command

    content = _content_folder(args.content)
    templates, static = _theme_folders(args)
    out, base_url, search = Path(args.out), args.base_url, args.search
    return build_command(content, args.content, out, base_url, templates, static, search)


def run_serve(args: argparse.Namespace) -> int:
    from .serve import serve_command

    content = _content_folder(args.content)
    templates, static = _theme_folders(args)
    return serve_command(content, args.content, args.host, args.port, args.out, templates, static)


def run_schema(args: argparse.Namespace) -> int:
    from .schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return EXIT_OK


COMMANDS = {
    "build": run_build,
    "check": run_check,
    "serve": run_serve,
    "schema": run_schema,
    **EDITOR_COMMANDS,
    **PROJECT_COMMANDS,
}


# The cyclic garbage collector runs after every 700 new container objects by default;
# loading 55,500 records makes millions of them and none forms a cycle worth freeing,
# so collections walked the growing heap again and again (a third of the load time of
# N = 10,000 in bench/run.py). Young collections every 50,000 allocations keep that
# cost small; collection is never turned off. Time in the collector, all processes,
# medians of 3 alternated runs (session 8; bench/RESULTS.md) at (700, 10, 10),
# (10_000, 10, 10), these, (200_000, 20, 100): `check --no-cache` N = 10,000 7.3, 3.8,
# 1.5, 2.0 s; `build` N = 1,000 0.63, 0.51, 0.20, 0.38 s; the preview server's build
# N = 1,000 0.39, 0.20, 0.17, 0.004 s.
GC_THRESHOLD = (50_000, 20, 100)


def main(argv: list[str] | None = None, prog: str = "explainer") -> int:
    """Run the command line; `prog` is how the program was called, for help and usage."""
    gc.set_threshold(*GC_THRESHOLD)
    parser = _parser(prog)
    argv = sys.argv[1:] if argv is None else argv
    if not argv or (argv[0].startswith("-") and argv[0] not in ("-h", "--help", "--version")):
        argv = ["build", *argv]  # `explainer` is `explainer build`
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed the usage and the problem
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    try:
        with cache.turned_off(getattr(args, "no_cache", False)):
            return COMMANDS[args.command](args)
    except UsageError as exc:
        parser.print_usage(sys.stderr)
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as exc:  # an output folder a build must not replace
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except WorkerDied as exc:  # killed from outside, e.g. by the out-of-memory killer
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_CONTENT
    except OSError as exc:  # the machine, not the content: disk full, permission denied
        where = f" ({exc.filename})" if exc.filename else ""
        print(f"error: {exc.strerror or exc}{where}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        print("stopped", file=sys.stderr)
        return 130
