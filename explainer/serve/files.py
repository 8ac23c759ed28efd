"""The content files, read and converted again only when they change.

`ContentFiles.read(changed)` gives the converted records of the whole content
folder, exactly as `pipeline.convert_files` would, but re-reads and re-converts
only the files in `changed`. The folder is listed again only when a path
appears or goes (an edit of an existing file keeps the listing).
"""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import Diagnostic
from ..load import FileJob, find_files
from ..model import Converted
from ..pipeline import convert_file, merge


class ContentFiles:
    """Each content file's converted records, kept until the file changes."""

    def __init__(self, content: Path, content_arg: str) -> None:
        self.content = content.absolute()  # absolute, like the paths the watcher reports
        self.content_arg = content_arg
        self._jobs: list[FileJob] | None = None
        self._found: list[Diagnostic] = []
        self._known: set[Path] = set()
        self._converted: dict[Path, Converted] = {}

    def owns(self, path: Path) -> bool:
        return path.is_relative_to(self.content)

    def read(self, changed: set[Path] | None) -> tuple[Converted, list[Diagnostic]]:
        """All files converted (and the problems of listing them) after `changed` (None:
        anything may have changed)."""
        if changed is None:
            self._jobs, self._converted = None, {}
            changed = set()
        mine = {p for p in changed if self.owns(p)}
        if self._jobs is None or any(p not in self._known or not p.is_file() for p in mine):
            self._list()
        for path in mine:
            self._converted.pop(path, None)
        assert self._jobs is not None
        parts = [self._convert(job) for job in self._jobs]
        return merge(parts), list(self._found)

    def _list(self) -> None:
        self._jobs, self._found = find_files(self.content, self.content_arg)
        self._known = {job.path for job in self._jobs}
        for gone in self._converted.keys() - self._known:
            del self._converted[gone]

    def _convert(self, job: FileJob) -> Converted:
        found = self._converted.get(job.path)
        if found is None:
            found = self._converted[job.path] = convert_file(job)
        return found
