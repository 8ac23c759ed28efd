"""The preview server's site equals a full build, after random edits of everything.

Edits are generated from the field definitions (tests/edits.py): every field of
every record kind, indexed ones included, plus additions, deletions, renames,
template and static changes, and now and then a save with an error in it (the
server must keep the last good site and catch up after). After each burst the
served files are read at once (so the server keeps every page, and the next
burst is served from the pages it kept and those it found stale) and kept
with a copy of the folders; one child process per seed then builds every copy
with the plain one-shot build (`build.build_command`,
what `python build.py build` runs, given the copied templates and static files,
without the search index, which the preview server does not make),
and each output must equal what was served, byte for byte.
"""

from __future__ import annotations

import copy
import difflib
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
from edits import TAGS, Editor, Explainer

from explainer.build import STATIC
from explainer.diagnostics import has_errors
from explainer.output import MARKER
from explainer.pipeline import read_explainer
from explainer.render import TEMPLATES
from explainer.serve.site import LiveSite
from explainer.theme import find_theme

ROOT = Path(__file__).resolve().parent.parent
SEEDS = (11, 22, 33, 44)
BURSTS, PER_BURST = 10, 6  # 60 edits per seed, 240 in all
# The preview server has no search index (`build` writes it beside the pages), so the
# child's builds skip it; everything else is the plain build.
FULL_BUILDS = """
import sys
from pathlib import Path
from explainer import build
from explainer.build import build_command
build.write_index = lambda folder, data: None
for folder in map(Path, sys.argv[1:]):
    args = (folder / "content", "content", folder / "out", None)
    if build_command(*args, folder / "templates", folder / "static") != 0:
        sys.exit(f"the full build of {folder} failed")
"""


def valid(content: Path) -> bool:
    return not has_errors(read_explainer(content, "content")[1])


def fresh_site(editor: Editor) -> None:
    """A new small explainer without errors (random aliases may clash: then another)."""
    editor.start()
    while not valid(editor.site.root):
        shutil.rmtree(editor.site.root)
        editor.start()


def kept_valid(editor: Editor, site: LiveSite, rng: random.Random) -> set[Path]:
    """One random edit; a content edit that leaves an error is shown to the server now
    and then (which must fail and keep the last good site), then undone."""
    what = rng.choices(["content", "template", "static"], [16, 2, 2])[0]
    if what == "template":
        return editor.template_edit()
    if what == "static":
        return editor.static_edit()
    saved = copy.deepcopy(editor.site.records)
    touched = editor.content_edit()
    if valid(editor.site.root):
        return touched
    if rng.random() < 0.3:
        assert not site.update(touched).ok
    editor.site.records = saved
    owners = {editor.site.path(k, i): (k, i) for k, table in saved.items() for i in table}
    for path in touched:
        if path in owners:
            editor.site.write(*owners[path])
        else:
            path.unlink(missing_ok=True)
    return touched


def keep_copy(tmp: Path, name: str, folders: list[Path]) -> Path:
    target = tmp / "bursts" / name
    for folder in folders:
        shutil.copytree(folder, target / folder.name)
    return target


def full_builds(folders: list[Path]) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", FULL_BUILDS, *map(str, folders)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]


def differences(out: Path, served: Mapping[str, bytes]) -> list[str]:
    built = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != MARKER
    }
    problems = [f"only in the full build: {p}" for p in sorted(built.keys() - served.keys())]
    problems += [f"only served: {p}" for p in sorted(served.keys() - built.keys())]
    for path in sorted(built.keys() & served.keys()):
        if built[path] != served[path]:
            a = built[path].decode("utf-8", "replace").splitlines()
            b = served[path].decode("utf-8", "replace").splitlines()
            diff = difflib.unified_diff(a, b, "full build", "served", lineterm="", n=1)
            problems.append(f"{path} differs:\n" + "\n".join(list(diff)[:30]))
    return problems


@pytest.mark.parametrize("seed", SEEDS)
def test_served_site_equals_a_full_build_after_random_edits(tmp_path: Path, seed: int) -> None:
    content, templates, static = tmp_path / "content", tmp_path / "templates", tmp_path / "static"
    shutil.copytree(TEMPLATES, templates)
    shutil.copytree(STATIC, static)
    editor = Editor(seed, Explainer(content), templates, static)
    fresh_site(editor)
    site = LiveSite(content, "content", find_theme(content, templates, static))
    assert site.update(None).ok
    rng = random.Random(seed)
    served: list[tuple[Path, Mapping[str, bytes]]] = []
    kept = 0  # pages served from an earlier burst's rendering
    for burst in range(BURSTS):
        changed: set[Path] = set()
        for _ in range(PER_BURST):
            changed |= kept_valid(editor, site, rng)
        update = site.update(None if rng.random() < 0.1 else changed)
        assert update.ok, update.diagnostics
        kept += len(site.cache)
        folder = keep_copy(tmp_path, str(burst), [content, templates, static])
        served.append((folder, dict(update.files)))  # every page asked for now: kept
    assert kept > 0
    full_builds([folder for folder, _ in served])
    for folder, files in served:
        assert files is not None
        problems = differences(folder / "out", files)
        assert not problems, f"burst {folder.name}:\n" + "\n".join(problems[:5])


TOPIC_TEMPLATE = """{% extends "base.html" %}
{% block content %}<h1>{{ tag }}</h1>
<ul>{% for event in events %}<li>{{ page.link(event.id) }} {{ event.date.human() }}</li>
{% endfor %}</ul>{% endblock %}
"""


def render_topic_page(view, spec, page):  # type: ignore[no-untyped-def]
    """A page kind the engine does not have: the events with one tag, at /topics/<tag>/."""
    from explainer.page_kinds import collection_meta

    events = view.records(view.lookup("events_tagged", spec.key))
    meta = collection_meta(view, spec, f"Topic: {spec.key}", f"Events tagged {spec.key}.")
    return "topic.html", {"meta": meta, "tag": spec.key, "events": events}


def test_a_new_page_kind_stays_fresh_with_no_registration(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page kind added the documented way (a plan spec, a function, a template) is kept
    fresh by the server with nothing registered for it: its reads are recorded."""
    from explainer import pages
    from explainer.build import build_site
    from explainer.page_kinds import PAGE_KINDS
    from explainer.serve.site import read_static
    from explainer.urls import page_path

    plain = pages._record_pages

    def with_topics(view, order, folder, kind):  # type: ignore[no-untyped-def]
        specs = plain(view, order, folder, kind)
        if order == "quotes":
            tags = view.ordered("tags")
            specs += [pages.PageSpec(page_path("topics", t), "topic", t) for t in tags]
        return specs

    monkeypatch.setattr(pages, "_record_pages", with_topics)
    monkeypatch.setitem(PAGE_KINDS, "topic", render_topic_page)
    content, templates, static = tmp_path / "content", tmp_path / "templates", tmp_path / "static"
    shutil.copytree(TEMPLATES, templates)
    shutil.copytree(STATIC, static)
    (templates / "topic.html").write_text(TOPIC_TEMPLATE, encoding="utf-8")
    editor = Editor(5, Explainer(content), templates, static)
    fresh_site(editor)
    theme = find_theme(content, templates, static)
    site = LiveSite(content, "content", theme)
    assert site.update(None).ok
    rng, topics = random.Random(5), 0
    for _ in range(30):
        event = rng.choice(editor.site.ids("event"))
        editor.site.records["event"][event]["tags"] = rng.sample(TAGS, rng.randint(0, 3))
        changed = {editor.site.write("event", event)} | kept_valid(editor, site, rng)
        update = site.update(changed)
        assert update.ok and update.files is not None
        full = build_site(content, "content", None, theme)
        assert full.ok, full.diagnostics
        assert {**full.pages, **read_static(theme.static)} == dict(update.files)
        topics += sum(path.startswith("topics/") for path in update.files)
    assert topics > 30  # the new pages were there, and compared
