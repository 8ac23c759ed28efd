"""A content folder as it is in a git revision, read into a temporary folder.

`explainer diff origin/main content` compares the content folder of a
revision with the working tree's. The revision's folder is taken with
`git archive` (only what is committed, nothing from the working tree) and
unpacked with tarfile's "data" filter, which refuses links and paths that
lead out of the folder.
"""

from __future__ import annotations

import io
import posixpath
import subprocess
import tarfile
from pathlib import Path, PurePosixPath


class RevisionError(Exception):
    """The argument is neither a folder nor a git revision holding the content folder."""


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=120)
    except FileNotFoundError as exc:
        raise RevisionError("git is not installed, so only folders can be compared") from exc


def is_revision(name: str, cwd: Path) -> bool:
    """True when `name` names a commit in the git repository around `cwd`."""
    if name.startswith("-"):
        return False
    done = _git(["rev-parse", "--verify", "--quiet", f"{name}^{{commit}}"], cwd)
    return done.returncode == 0


def _path_in_repository(content: str, cwd: Path) -> str:
    """The content folder's path from the repository's top, as git names it."""
    prefix = _git(["rev-parse", "--show-prefix"], cwd).stdout.decode().strip()
    return posixpath.normpath(str(PurePosixPath(prefix, content.replace("\\", "/"))))


def export_content(revision: str, content: str, cwd: Path, into: Path) -> Path:
    """Unpack `content` as it is in `revision` into the folder `into`; return its path there."""
    inside = _path_in_repository(content, cwd)
    top = Path(_git(["rev-parse", "--show-toplevel"], cwd).stdout.decode().strip())
    done = _git(["archive", "--format=tar", revision, "--", inside], top)
    if done.returncode != 0:
        raise RevisionError(f"revision '{revision}' has no folder '{content}'")
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as archive:
        archive.extractall(into, filter="data")
    return into / inside


def content_folder(name: str, content: str, cwd: Path, into: Path) -> Path:
    """`name` as a content folder: a folder as it is, or a revision's `content` folder."""
    folder = cwd / name
    if folder.is_dir():
        return folder
    if is_revision(name, cwd):
        return export_content(name, content, cwd, into)
    raise RevisionError(f"'{name}' is neither a folder nor a git revision")
