"""Each preview-server cache equals its plain path, after random edits of every field.

`LiveCheck` (validate fed with the changed files only, when no cross-record
fact changed) must give what `pipeline.check_converted` gives for all files,
errors included; `LiveIndexes` (the last indexes kept when no field they were
built from changed) what `build_indexes` gives; `changed_keys` every key whose
value differs. Edits are single saves, as an editor makes them, and now and then
a burst; some leave errors in (and are undone later). The caches must be used,
not only be correct: the counts of local checks and kept indexes are checked too.
"""

from __future__ import annotations

import copy
import random
import shutil
from pathlib import Path

import pytest
from edits import Editor, Explainer

from explainer.build import STATIC, site_data
from explainer.diagnostics import has_errors
from explainer.indexes import build_indexes
from explainer.pipeline import check_converted, merge, read_explainer
from explainer.render import TEMPLATES
from explainer.serve.changes import changed_keys
from explainer.serve.check import LiveCheck
from explainer.serve.files import ContentFiles
from explainer.serve.index import LiveIndexes
from explainer.view import View, read

SEEDS = (3, 4, 5)
EDITS = 60


def start(tmp_path: Path, seed: int) -> Editor:
    content, templates, static = tmp_path / "content", tmp_path / "templates", tmp_path / "static"
    shutil.copytree(TEMPLATES, templates)
    shutil.copytree(STATIC, static)
    editor = Editor(seed, Explainer(content), templates, static)
    editor.start()
    while has_errors(read_explainer(content, "content")[1]):
        shutil.rmtree(content)
        editor.start()
    return editor


def all_keys(data_views: list[View]) -> set[tuple[object, ...]]:
    """Every key a page could read of these builds' data."""
    keys: set[tuple[object, ...]] = {("site",), ("settings",)}
    for view in data_views:
        data = view._data
        for record_id in data.explainer.kinds:
            keys |= {("kind", record_id), ("record", record_id)}
        for name, entries in data.indexes.lookups.items():
            keys |= {("lookup", name, key) for key in entries}
        keys |= {("ordered", name) for name in data.indexes.orders}
    return keys


@pytest.mark.parametrize("seed", SEEDS)
def test_live_check_and_indexes_equal_the_plain_path(tmp_path: Path, seed: int) -> None:
    editor = start(tmp_path, seed)
    rng = random.Random(seed)
    files = ContentFiles(editor.site.root, "content")
    live, indexes = LiveCheck(), LiveIndexes()
    changed: set[Path] | None = None
    last, saved = None, copy.deepcopy(editor.site.records)
    for _ in range(EDITS):
        read_files = files.read(changed)
        explainer, problems = live.check(read_files)
        plain = check_converted(merge(list(read_files.parts.values())), read_files.found)
        assert (explainer, problems) == plain
        changed = set()
        if explainer is not None and not has_errors(problems):
            assert indexes.of(explainer, live.touched) == build_indexes(explainer)
            data = site_data(explainer, None)
            if last is not None:
                compare_keys(last, data, live.touched)
            last, saved = data, copy.deepcopy(editor.site.records)
            live.touched = set()  # as the server does when it publishes a build
        elif rng.random() < 0.7:
            changed = undo(editor, saved)
        for _ in range(1 if rng.random() < 0.8 else 3):
            changed |= editor.content_edit()
    assert live.local > EDITS // 5, live.local  # the local path is taken, often
    assert indexes.kept > EDITS // 10, indexes.kept


def undo(editor: Editor, saved: dict[str, dict[str, dict[str, object]]]) -> set[Path]:
    """Back to the last records without errors: the files that differ, written again."""
    site, touched = editor.site, set()
    for kind, table in site.records.items():
        for record_id in table.keys() - saved.get(kind, {}).keys():
            touched.add(site.path(kind, record_id))
            site.path(kind, record_id).unlink(missing_ok=True)
    site.records = copy.deepcopy(saved)
    for kind, table in saved.items():
        touched |= {site.write(kind, record_id) for record_id in table}
    return touched


def compare_keys(old: object, new: object, touched: set[str] | None) -> None:
    """`changed_keys` finds every key whose value differs (it may name more)."""
    found = changed_keys(old, new, touched)  # type: ignore[arg-type]
    if found is None:
        return
    before, after = View(old), View(new)  # type: ignore[arg-type]
    for key in all_keys([before, after]):
        if read(before, key) != read(after, key):
            assert key in found, key
