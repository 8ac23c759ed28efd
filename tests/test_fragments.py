"""Entries rendered once per build with holes give the bytes each page renders itself."""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest

from explainer.build import Theme, plan_site, site_data
from explainer.fragments import Fragments
from explainer.page import one_line
from explainer.pipeline import read_explainer
from explainer.render import TEMPLATES, Tools, make_environment, render_page
from explainer.view import View

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
from generate import generate

GOLDEN = Path(__file__).resolve().parent / "golden"
ENTRIES = {"event_item", "quote_item", "source_text"}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("fragments") / "content"
    generate(60, root)
    return root


def both_ways(content: Path, templates: tuple[Path, ...] = (TEMPLATES,)) -> Fragments:
    """Render every page plainly and with entries rendered once; assert they are equal."""
    explainer, _ = read_explainer(content, "content")
    assert explainer is not None
    data = site_data(explainer, "https://example.org/story/")
    specs, _ = plan_site(data, Theme(templates))
    plain = Tools(make_environment(templates))  # every page renders every entry itself
    fast = Tools(make_environment(templates), fragments=Fragments())
    for spec in specs:
        assert render_page(fast, View(data), spec) == render_page(plain, View(data), spec), spec
    assert fast.fragments is not None
    return fast.fragments


@pytest.mark.parametrize("name", ["minimal", "full"])
def test_every_golden_page_is_the_same_both_ways(name: str) -> None:
    done = both_ways(GOLDEN / name / "content").done
    assert all(entry is not None for entry in done.values())  # none fell back


def test_every_generated_page_is_the_same_both_ways(generated: Path) -> None:
    done = both_ways(generated).done
    assert all(entry is not None for entry in done.values())
    assert {key[0] for key in done} == ENTRIES
    explainer, _ = read_explainer(generated, "content")
    assert explainer is not None
    assert {key[1] for key in done if key[0] == "event_item"} == set(explainer.events)


def theme_with(tmp_path: Path, name: str, text: str) -> tuple[Path, ...]:
    folder = tmp_path / "theme"
    (folder / "partials").mkdir(parents=True)
    (folder / "partials" / f"{name}.html").write_text(text, encoding="utf-8")
    return (folder, TEMPLATES)


def test_an_entry_that_reads_the_page_is_rendered_on_every_page(
    generated: Path, tmp_path: Path
) -> None:
    default = (TEMPLATES / "partials" / "event_item.html").read_text(encoding="utf-8")
    mine = default.replace("<li class", "<li data-on='{{ page.path }}' class")
    fragments = both_ways(generated, theme_with(tmp_path, "event_item", mine))
    fell_back = {key[0] for key, entry in fragments.done.items() if entry is None}
    assert fell_back == {"event_item"}


def test_calls_are_repeated_in_the_templates_order(generated: Path, tmp_path: Path) -> None:
    """A citation made but not shown still takes its number; a link shown twice is one
    call; a call's result reshaped by the template makes the entry fall back."""
    mine = (
        "{% set unused = page.cite(event.sources[1:]) %}{% set u = page.url(event.id) %}"
        "<li id='ev_{{ event.id }}'><a href='{{ u }}'>{{ event.title }}</a> {{ u }}"
        " {{ page.cite(event.sources[:1]) }}</li>"
    )
    fragments = both_ways(generated, theme_with(tmp_path, "event_item", mine))
    assert all(e is not None for e in fragments.done.values())
    reshaped = "<li>{{ page.link(page.url(event.id)) }}</li>"
    shutil.rmtree(tmp_path / "theme")
    fragments = both_ways(generated, theme_with(tmp_path, "event_item", reshaped))
    fell_back = {key[0] for key, entry in fragments.done.items() if entry is None}
    assert fell_back == {"event_item"}


def test_an_entry_given_an_option_that_cannot_be_a_key_is_rendered_on_every_page(
    generated: Path, tmp_path: Path
) -> None:
    item = "<li>{{ marks | default([]) | join }} {{ page.link(event.id) }}</li>"
    folder = theme_with(tmp_path, "event_item", item)
    tag = (TEMPLATES / "tag.html").read_text(encoding="utf-8")
    marked = 'page.entry("event_item", event, marks=["*"])'
    mine = tag.replace('page.entry("event_item", event)', marked)
    assert mine != tag
    (folder[0] / "tag.html").write_text(mine, encoding="utf-8")
    fragments = both_ways(generated, folder)
    assert not any(key[0] == "event_item" and len(key) > 2 for key in fragments.done)


@pytest.mark.parametrize(
    "text",
    ["a  b\tc\n d", " lead, trail ", "word .  next ;x\u00a0\u2003y\x1c z !", "", "   ", "a , b"],
)
def test_one_line_is_what_the_regular_expressions_gave(text: str) -> None:
    """Descriptions' spacing, made with str.split: the same as `\\s+` made it."""
    assert one_line(text) == re.sub(r"\s+([.,;:!?])", r"\1", re.sub(r"\s+", " ", text).strip())
