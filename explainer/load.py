"""Read the content folder: files to positioned YAML trees, and nothing outside it."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .controls import control_problem
from .diagnostics import Diagnostic, Position
from .entries import (
    entry_problem,
    is_utf8_name,
    read_regular,
    scan_folder,
    shown_name,
    unknown_folders,
)
from .mdbounds import too_long
from .plainyaml import read_yaml
from .yamltree import Mapping, Node, Scalar, Sequence, SourceText

MAX_FILE_BYTES = 8 * 1024 * 1024  # a bound on memory and time; no editor writes more

RECORD_FOLDERS = {
    "actors": "actor",
    "events": "event",
    "quotes": "quote",
    "sources": "source",
}
SECTION_FOLDER = "sections"
_LINK_OUT = "this {} is a link that leads out of the content folder; it is not followed"
_FENCE = re.compile(r"---[ \t]*\r?\n")
_FENCE_END = re.compile(r"^(?:---|\.\.\.)[ \t]*$", re.MULTILINE)


@dataclass(slots=True)
class RawRecord:
    """One record as written: its kind, its mapping, and where it came from."""

    kind: str  # actor, event, quote, source, section or site
    node: Mapping
    path: str  # as shown in messages
    stem: str  # the file's name without extension
    in_list: bool = False  # one of a list of records in one file
    body: str = ""  # a section's Markdown
    body_line: int = 1  # the file line the body starts on


def display_path(content_arg: str, relative: str) -> str:
    """The path shown to the user: `--content` as given, joined with the file's path.

    Bytes that are not UTF-8 in a name are shown as escapes (`\\xff`).
    """
    base = shown_name(content_arg.replace(os.sep, "/"))
    relative = shown_name(relative)
    return f"{base}/{relative}" if base and not base.endswith("/") else f"{base}{relative}"


def read_text(
    path: Path, shown: str, data: bytes | None = None
) -> tuple[str | None, list[Diagnostic]]:
    """Read a file as UTF-8 (a leading BOM is dropped); `data`: its bytes, read already."""
    where = Position(shown)
    if data is None:
        data = read_regular(path, MAX_FILE_BYTES)  # never opens a FIFO or a device
    if isinstance(data, str):
        return None, [Diagnostic.error(where, data)]
    if len(data) > MAX_FILE_BYTES:
        limit = MAX_FILE_BYTES // (1024 * 1024)
        return None, [Diagnostic.error(where, f"file is larger than {limit} MiB; split it")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        byte = data[exc.start]
        return None, [
            Diagnostic.error(
                where,
                f"file is not UTF-8: byte 0x{byte:02x} at byte offset {exc.start} "
                "cannot be decoded; save the file as UTF-8",
            )
        ]
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    return text, []


def _records_in(
    root: Node | None, source: SourceText, kind: str, stem: str
) -> tuple[list[RawRecord], list[Diagnostic]]:
    """A file holds one record (a mapping) or a list of records (mappings)."""
    whole = Position(source.path)
    if root is None or (isinstance(root, Scalar) and root.value is None):
        return [], [
            Diagnostic.error(whole, "file is empty; expected a record or a list of records")
        ]
    if isinstance(root, Mapping):
        return [RawRecord(kind, root, source.path, stem)], []
    if isinstance(root, Sequence):
        records, problems = [], []
        for item in root.items:
            if isinstance(item, Mapping):
                records.append(RawRecord(kind, item, source.path, stem, in_list=True))
            else:
                problems.append(
                    Diagnostic.error(
                        item.pos, "expected a record (a mapping of fields) in this list"
                    )
                )
        if not root.items:
            problems.append(Diagnostic.warning(whole, "file holds an empty list: no records"))
        return records, problems
    return [], [
        Diagnostic.error(whole, "file holds a single value; expected a record or a list of records")
    ]


def load_yaml_file(
    path: Path, shown: str, kind: str, data: bytes | None = None
) -> tuple[list[RawRecord], list[Diagnostic]]:
    text, problems = read_text(path, shown, data)
    if text is None:
        return [], problems
    source = SourceText(shown, text, file=str(path))
    root, problems = read_yaml(source)
    if problems and root is None:
        return [], problems
    records, shape_problems = _records_in(root, source, kind, path.stem)
    return records, problems + shape_problems


def split_front_matter(text: str) -> tuple[str, str, int] | None:
    """Split `---` front matter from the body: (front matter, body, body's first line)."""
    opening = _FENCE.match(text)
    if not opening:
        return None
    closing = _FENCE_END.search(text, opening.end())
    if not closing:
        return None
    front = text[opening.end() : closing.start()]
    body_start = closing.end() + 1 if closing.end() < len(text) else closing.end()
    body_line = text.count("\n", 0, body_start) + 1
    return front, text[body_start:], body_line


def load_section(
    path: Path, shown: str, data: bytes | None = None
) -> tuple[list[RawRecord], list[Diagnostic]]:
    text, problems = read_text(path, shown, data)
    if text is None:
        return [], problems
    parts = split_front_matter(text)
    if parts is None:
        return [], [
            Diagnostic.error(
                Position(shown),
                "a section starts with front matter: a line '---', YAML with at least "
                "'title:', then a line '---'; none was found",
            )
        ]
    front, body, body_line = parts
    # One blank line stands in for the opening fence, so YAML lines are file lines.
    source = SourceText(shown, "\n" + front, file=str(path), front_matter=True)
    root, problems = read_yaml(source)
    if root is None and not problems:
        problems = [Diagnostic.error(Position(shown), "front matter is empty; add 'title:'")]
    if root is None:
        return [], problems
    if not isinstance(root, Mapping):
        message = "front matter must be a mapping of fields, e.g. 'title: …'"
        return [], [*problems, Diagnostic.error(root.pos, message)]
    record = RawRecord("section", root, shown, path.stem, body=body, body_line=body_line)
    if problem := too_long(body):
        return [], [*problems, Diagnostic.error(Position(shown, body_line), problem)]
    if bad := control_problem(body):
        offset, message = bad
        line = body_line + body.count("\n", 0, offset)
        column = offset - body.rfind("\n", 0, offset)
        problems = [*problems, Diagnostic.error(Position(shown, line, column), message)]
    return [record], problems


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except (ValueError, OSError, RuntimeError):
        return False
    return True


def _list_folder(
    content: Path, root: Path, content_arg: str, folder: str, suffix: str
) -> tuple[list[tuple[str, str]], list[Diagnostic]]:
    """The files of one folder, sorted, with links out of the content folder refused."""
    directory = content / folder
    shown_dir = display_path(content_arg, folder)
    if not directory.exists() and not directory.is_symlink():
        return [], []
    if not _inside(directory, root):
        return [], [
            Diagnostic.error(
                Position(shown_dir),
                _LINK_OUT.format("folder"),
            )
        ]
    if not directory.is_dir():
        return [], [Diagnostic.error(Position(shown_dir), "expected a folder here")]
    files: list[tuple[str, str]] = []
    entries, problems = scan_folder(directory, shown_dir)  # file types without a stat each
    for entry in entries:
        name = entry.name
        if name.startswith("."):
            continue
        readable = name.endswith(suffix) and is_utf8_name(name)
        # A UTF-8 name is shown as written, after its folder (50,000 files: made cheaply).
        shown = f"{shown_dir}/{name}" if readable else display_path(content_arg, f"{folder}/{name}")
        if readable and entry.is_symlink() and not _inside(Path(entry.path), root):
            problems.append(Diagnostic.error(Position(shown), _LINK_OUT.format("file")))
        elif readable and entry.is_file():
            files.append((entry.path, shown))  # str(directory / name), without a Path each
        elif problem := entry_problem(entry, shown, suffix):
            problems.append(problem)
    return files, problems


@dataclass(frozen=True, slots=True)
class FileJob:
    """A content file to read: where it is, how it is shown, and what it holds.

    `file` is the path as a string (`str(path)`): a warm build lists 50,000 files and
    reads none of them, and making a `Path` for each cost a fifth of a second."""

    file: str
    shown: str
    kind: str  # site, actor, event, quote, source or section
    data: bytes | None = None  # its bytes, when read already (`readcache` hashes them)

    @property
    def path(self) -> Path:
        return Path(self.file)


def find_files(content: Path, content_arg: str) -> tuple[list[FileJob], list[Diagnostic]]:
    """Every content file to read, site.yaml first. Links out of `content` are refused."""
    root = content.resolve()
    problems: list[Diagnostic] = []
    jobs: list[FileJob] = []
    site_path = content / "site.yaml"
    site_shown = display_path(content_arg, "site.yaml")
    problems += unknown_folders(content, lambda relative: display_path(content_arg, relative))
    try:
        site_path.lstat()
    except FileNotFoundError:
        message = "site.yaml is missing; it needs at least title and summary"
        problems.append(Diagnostic.error(Position(site_shown), message))
    except OSError as exc:
        problems.append(Diagnostic.error(Position(site_shown), f"cannot read: {exc.strerror}"))
    else:
        if _inside(site_path, root):
            jobs.append(FileJob(str(site_path), site_shown, "site"))
        else:
            problems.append(Diagnostic.error(Position(site_shown), _LINK_OUT.format("file")))
    folders = [*RECORD_FOLDERS.items(), (SECTION_FOLDER, "section")]
    for folder, kind in folders:
        suffix = ".md" if kind == "section" else ".yaml"
        files, found = _list_folder(content, root, content_arg, folder, suffix)
        problems += found
        jobs += [FileJob(file, shown, kind) for file, shown in files]
    return jobs, problems


def load_file(job: FileJob) -> tuple[list[RawRecord], list[Diagnostic]]:
    """The records of one file, or the problems that kept them from being read."""
    if job.kind == "section":
        return load_section(job.path, job.shown, job.data)
    records, problems = load_yaml_file(job.path, job.shown, job.kind, job.data)
    if job.kind == "site" and any(r.in_list for r in records):
        message = "site.yaml holds one mapping of fields, not a list"
        return [], [*problems, Diagnostic.error(Position(job.shown), message)]
    return records, problems


def reread_source(path: str, shown: str, front_matter: bool) -> SourceText | None:
    """The SourceText a file was parsed from, read again to place a reported problem."""
    text, _ = read_text(Path(path), shown)
    if text is None:
        return None
    if not front_matter:
        return SourceText(shown, text)
    parts = split_front_matter(text)
    return SourceText(shown, "\n" + parts[0]) if parts else None
