"""Incremental rebuilds give exactly what a full build gives, after random changes."""

from __future__ import annotations

import os
import random
import re
import shutil
from pathlib import Path

import pytest

from explainer import render
from explainer.build import STATIC, build_site
from explainer.deps import dependency_value
from explainer.incremental import SiteBuilder, changed_keys
from explainer.render import TEMPLATES
from explainer.write import static_files

SHIPPED = Path(__file__).resolve().parent.parent / "content"
EDITABLE = re.compile(r"^(title|name|summary|publisher): ([^\"'|>\n].*)$", re.MULTILINE)


class Workspace:
    """A copy of the shipped explainer, templates and static files, changed at random."""

    def __init__(self, root: Path, rng: random.Random) -> None:
        self.content = root / "content"
        self.templates = root / "templates"
        self.static = root / "static"
        shutil.copytree(SHIPPED, self.content)
        shutil.copytree(TEMPLATES, self.templates)
        shutil.copytree(STATIC, self.static)
        self.rng = rng
        self.added: list[Path] = []
        self.counter = 0
        self.clock = 1_700_000_000_000_000_000

    def files(self, folder: str) -> list[Path]:
        return sorted((self.content / folder).glob("*"))

    def ids(self, folder: str) -> list[str]:
        return [p.stem for p in self.files(folder)]

    def touch(self, path: Path) -> Path:
        """A distinct modification time, so a rescan by stat sees every write."""
        self.clock += 1_000_000
        if path.exists():
            os.utime(path, ns=(self.clock, self.clock))
        return path

    def write(self, path: Path, text: str) -> Path:
        path.write_text(text, encoding="utf-8")
        return self.touch(path)

    # --- changes; each returns the paths it touched ---

    def edit_field(self) -> list[Path]:
        folder = self.rng.choice(["actors", "events", "quotes", "sources"])
        path = self.rng.choice(self.files(folder))
        text = path.read_text(encoding="utf-8")
        fields = list(EDITABLE.finditer(text))
        if not fields:
            return []
        match = self.rng.choice(fields)
        self.counter += 1
        extra = f" edit {self.counter}"
        if match.group(1) == "summary" and self.rng.random() < 0.5:
            extra += f" about [[{self.rng.choice(self.ids('actors'))}]]"
        if match.group(1) == "summary" and self.rng.random() < 0.3:  # numbering shifts
            extra += f" [@{self.rng.choice(self.ids('sources'))}]"
        text = text[: match.end()] + extra + text[match.end() :]
        return [self.write(path, text)]

    def edit_section(self) -> list[Path]:
        path = self.rng.choice(self.files("sections"))
        target = self.rng.choice(self.ids("events") + self.ids("actors"))
        self.counter += 1
        text = path.read_text(encoding="utf-8") + f"\nMore {self.counter} on [[{target}]].\n"
        return [self.write(path, text)]

    def add_event(self) -> list[Path]:
        self.counter += 1
        path = self.content / "events" / f"added-{self.counter}.yaml"
        actors = self.rng.sample(self.ids("actors"), 2)
        text = (
            f"date: 20{self.rng.randint(10, 24)}-0{self.rng.randint(1, 9)}\n"
            f"title: Added event {self.counter}\n"
            f"summary: Involving [[{actors[0]}]] [@{self.rng.choice(self.ids('sources'))}].\n"
            f"actors: [{', '.join(actors)}]\n"
            f"sources: [{self.rng.choice(self.ids('sources'))}]\n"
        )
        self.added.append(path)
        return [self.write(path, text)]

    def add_quote(self) -> list[Path]:
        self.counter += 1
        path = self.content / "quotes" / f"added-quote-{self.counter}.yaml"
        event = f"event: {self.rng.choice(self.ids('events'))}\n" if self.rng.random() < 0.5 else ""
        text = (
            f"speaker: {self.rng.choice(self.ids('actors'))}\n"
            f"text: Words number {self.counter}.\n"
            f"date: 2024-02-0{self.rng.randint(1, 9)}\n"
            f"source: {self.rng.choice(self.ids('sources'))}\n{event}"
        )
        self.added.append(path)
        return [self.write(path, text)]

    def rename(self) -> list[Path]:
        pool = [p for p in self.added if p.exists()] or self.files("events")
        old = self.rng.choice(pool)
        self.counter += 1
        new = old.with_name(f"renamed-{self.counter}{old.suffix}")
        old.rename(new)
        self.added.append(new)
        return [old, self.touch(new)]

    def delete(self) -> list[Path]:
        pool = [p for p in self.added if p.exists()]
        if not pool or self.rng.random() < 0.2:
            pool = self.files(self.rng.choice(["events", "quotes", "actors"]))
        path = self.rng.choice(pool)
        path.unlink()
        return [path]

    def edit_template(self) -> list[Path]:
        self.counter += 1
        name = self.rng.choice(["base.html", "partials/embed_event.html", "event.html"])
        path = self.templates / name
        text = path.read_text(encoding="utf-8")
        marker = f"<!-- change {self.counter} -->"
        if "</body>" in text:
            text = text.replace("</body>", marker + "</body>")
        elif "{% endblock %}" in text:
            text = text.replace("{% endblock %}", marker + "{% endblock %}", 1)
        else:
            text += marker
        return [self.write(path, text)]

    def edit_static(self) -> list[Path]:
        self.counter += 1
        path = self.rng.choice(sorted(self.static.glob("*")))
        return [self.write(path, path.read_text() + f"\n/* change {self.counter} */\n")]

    def random_change(self) -> list[Path]:
        change = self.rng.choices(
            [
                self.edit_field,
                self.edit_section,
                self.add_event,
                self.add_quote,
                self.rename,
                self.delete,
                self.edit_template,
                self.edit_static,
            ],
            weights=[6, 2, 3, 2, 2, 2, 1, 1],
        )[0]
        return change()


def full_build(ws: Workspace) -> tuple[bool, dict[str, bytes], list]:
    built = build_site(ws.content, "content", templates=ws.templates, static=ws.static)
    files = dict(built.pages)
    for name in static_files(ws.static):
        files[f"static/{name}"] = (ws.static / name).read_bytes()
    return built.ok, files, built.diagnostics


@pytest.mark.parametrize("seed", [1, 2])
def test_incremental_equals_full_build_after_random_changes(tmp_path: Path, seed: int) -> None:
    check_random_changes(tmp_path, seed)


@pytest.mark.parametrize("seed", [4, 5, 6])
def test_incremental_equals_full_build_with_small_chunks(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Chunks of a few fragments: put together again, reused, renumbered after a change."""
    monkeypatch.setattr(render, "CHUNK", 3)
    check_random_changes(tmp_path, seed)


def check_random_changes(tmp_path: Path, seed: int) -> None:
    ws = Workspace(tmp_path, random.Random(seed))
    builder = SiteBuilder(ws.content, "content", templates=ws.templates, static=ws.static)
    assert builder.build().ok
    rendered_counts = []
    for step in range(14):
        touched: list[Path] = []
        for _ in range(ws.rng.choice([1, 1, 2, 3])):  # sometimes a burst of changes
            touched += ws.random_change()
        # Half the time the watcher names the paths; otherwise every file is looked at.
        changed = [p.absolute() for p in touched] if step % 2 == 0 else None
        result = builder.build(changed)
        ok, expected, diagnostics = full_build(ws)
        assert result.ok == ok, (step, result.diagnostics, diagnostics)
        if ok:
            assert sorted(builder.files) == sorted(expected)
            different = [p for p in expected if builder.files[p] != expected[p]]
            assert different == [], f"step {step}: stale pages {different[:5]}"
            rendered_counts.append(len(result.rendered))
        else:
            assert result.diagnostics == diagnostics
    assert rendered_counts and min(rendered_counts) < len(builder.specs)  # not full every time


def test_edit_of_one_event_renders_only_the_pages_that_show_it(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, random.Random(0))
    builder = SiteBuilder(ws.content, "content", templates=ws.templates, static=ws.static)
    builder.build()
    path = ws.content / "events" / "tower-22-drone-attack.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: .*$", "title: Renamed strike", text, count=1, flags=re.M))
    result = builder.build([path.absolute()])
    assert result.ok and result.files_read == 1
    rendered = set(result.rendered)
    assert "events/tower-22-drone-attack/index.html" in rendered
    assert "timeline/index.html" in rendered
    assert "actors/jordan/index.html" not in rendered or "jordan" in text
    assert len(rendered) < len(builder.specs) / 2
    assert b"Renamed strike" in builder.files["events/tower-22-drone-attack/index.html"]
    assert b"Renamed strike" in builder.files["timeline/index.html"]


def test_changed_keys_agree_with_dependency_value(tmp_path: Path) -> None:
    ws = Workspace(tmp_path, random.Random(3))
    builder = SiteBuilder(ws.content, "content", templates=ws.templates, static=ws.static)
    builder.build()
    before, keys_used = builder.data, set().union(*builder.deps.values())
    for _ in range(4):
        ws.edit_field()
    ws.add_event()
    assert builder.build().ok
    after = builder.data
    assert before is not None and after is not None
    computed = changed_keys(before, after)
    for key in keys_used:
        if key.startswith("template:"):
            continue
        differs = dependency_value(before, key) != dependency_value(after, key)
        assert differs == (key in computed), key
