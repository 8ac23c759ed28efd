"""The checked explainer kept whole between builds, for a content folder whose files are as
they were.

A checked explainer and its problems depend on the content files' bytes, kinds and paths
and on the code: what `checkcache` keys a folder by (every file's `readcache.file_key`, in
order). So when that key is the one kept, the build loads the explainer and its problems
in one piece instead of taking each file's part from the read cache, joining the parts
and validating them again; and with them the Markdown compiled for it (which depends on
the explainer's texts and the Markdown code alone, `mdcache.version_key`).

`read_model(content, content_arg)` is the one interface. With no cache folder
(`--no-cache`, `EXPLAINER_NO_CACHE=1`) it is `pipeline.read_explainer`, the plain
path, and `Model.markdown(compile)` is `compile()`. Otherwise every file is read and
keyed; unless the folder's key is the one kept, the files are checked through the read
cache (`readcache.keyed`) and the result can be kept if the files converted had the keys
read here and the files its problems are in have them still (as `checkcache` does).
`Model.markdown(compile)` gives the kept compiled Markdown, or compiles it and keeps it
with the explainer (written once, before the pages are rendered).

Where: the cache folder's `model/`, one file per content folder: a CRC-32 checksum, the
folder's key, then a pickle of the explainer, its problems, the Markdown version and the
compiled Markdown. Loading one pickle makes the records and their strings one after
another in memory, with nothing freed between them (no per-file parts, references or
places): a build's forked worker copies fewer memory pages. Pickle runs code when
loaded: the file is the user's own, in a folder only the user can write (`cache.folder`
checks), as for the read cache and Jinja's bytecode cache. A file that is missing,
damaged, of another folder state or of another shape is ignored (and written again): the
result is always the plain path's.
"""

from __future__ import annotations

import io
import pickle
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import cache, checkcache, mdcache, pipeline, readcache, statcache
from .compiled import Compiled, MarkdownCache
from .diagnostics import Diagnostic, sort_diagnostics
from .load import find_files
from .mdpack import pack
from .validate import Explainer

Kept = tuple[Explainer, list[Diagnostic], MarkdownCache | None]


@dataclass(slots=True)
class Model:
    """A checked explainer and its problems (sorted, as `read_explainer` gives them)."""

    explainer: Explainer | None
    problems: list[Diagnostic]
    path: Path | None = None  # where it is kept; None: not to be kept
    key: bytes = b""  # the folder's key
    checked: list[Diagnostic] | None = None  # the check's problems, without the listing's
    compiled: MarkdownCache | None = None  # the Markdown kept with it

    def markdown(self, compile_all: Callable[[], MarkdownCache]) -> MarkdownCache:
        """The explainer's compiled Markdown, packed to be shared (`mdpack`): kept with
        it, else `compile_all()` (then kept with it, when the explainer can be kept)."""
        if self.compiled is not None:
            return self.compiled
        md = pack(compile_all())
        version = mdcache.version_key()
        if self.path is not None and self.explainer is not None and version is not None:
            cache.write(self.path, *dump(self.key, (self.explainer, self.checked or [], md)))
        return md


def read_model(content: Path, content_arg: str) -> Model:
    """`pipeline.read_explainer(content, content_arg)`, kept whole for unchanged files."""
    folder = kept_folder()
    if folder is None:
        return Model(*pipeline.read_explainer(content, content_arg))
    cache.prune(folder)
    path = folder / f"{readcache.content_key(content)}.model"
    kept_bytes = read_meanwhile(path)
    jobs, found = find_files(content, content_arg)
    version = readcache.version_key()
    keys = statcache.read_keys(jobs, version, content)
    whole = checkcache.folder_key(version, keys)
    if (kept := load(kept_bytes(), whole)) is not None:
        explainer, checked, md = kept
        return Model(explainer, sort_diagnostics(found + checked), path, whole, checked, md)
    converted, used = readcache.keyed(jobs, pipeline.convert_content, content, keys)
    explainer, checked = pipeline.validate(converted)
    problems = sort_diagnostics(found + checked)
    if whole is None or used != keys or not checkcache.still(jobs, keys, checked, version):
        return Model(explainer, problems)  # not of one state of the folder: not kept
    return Model(explainer, problems, path, whole, checked)


def read_meanwhile(path: Path) -> Callable[[], bytes | None]:
    """`cache.read(path)` in a thread, and a function that waits for its bytes. Reading a
    file leaves Python's lock free, so it overlaps listing and keying the content files
    (at N = 10,000 a kept model of 190 MB takes 0.1-0.15 s to read)."""
    read: list[bytes | None] = [None]

    def work() -> None:
        read[0] = cache.read(path)

    thread = threading.Thread(target=work, name="read the kept model", daemon=True)
    thread.start()

    def wait() -> bytes | None:
        thread.join()
        return read.pop()

    return wait


def kept_folder() -> Path | None:
    """The cache's `model/` folder, or None when there is no cache."""
    return cache.folder("model")


class _Pickler(pickle.Pickler):
    """Compiled Markdown pickled as class and field values, like the records (`Plain`):
    a slotted dataclass's own pickling runs Python code per object."""

    def reducer_override(self, obj: object) -> object:
        kind = type(obj)
        if kind is Compiled:
            return kind, tuple([getattr(obj, name) for name in kind.__slots__])
        return NotImplemented


def dump(key: bytes, kept: Kept) -> tuple[bytes, bytes]:
    """The file's two parts: a checksum, then the folder's key and the pickled model and
    Markdown (the key first: a file of another state of the folder is not unpickled)."""
    explainer, problems, md = kept
    body = io.BytesIO()
    body.write(key)
    _Pickler(body, protocol=5).dump((explainer, problems, mdcache.version_key(), md))
    data = body.getvalue()
    return cache.checksum(data), data


def load(data: bytes | None, key: bytes | None) -> Kept | None:
    """The model kept for the folder's key (None: it has none), or None if the file is not
    whole and current; its Markdown None unless the Markdown code is the one that compiled
    it. The key is compared first: after an edit, unpickling the old model cost 1.2 s at
    N = 10,000."""
    if data is None or key is None or data[cache.CHECKSUM : cache.CHECKSUM + len(key)] != key:
        return None
    body = cache.body_of(data)
    if body is None:
        return None
    try:
        explainer, problems, version, md = pickle.loads(body[len(key) :])
    except Exception:  # whatever is wrong with the file, it is a miss
        return None
    shapes = isinstance(explainer, Explainer) and isinstance(problems, list)
    if not shapes or not all(type(p) is Diagnostic for p in problems):
        return None
    fresh = isinstance(md, MarkdownCache) and version == mdcache.version_key()
    return explainer, problems, md if fresh else None
