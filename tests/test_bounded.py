"""Every stage's cost is linear in its input: counting hooks guard each spot (issue #12).

Each test counts steps (regex matches, calls), never time, at two sizes; the
benchmark bench/pathological.py times the same shapes.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

import pytest
from markdown_it.token import Token

from explainer import markdown, places, yamltree
from explainer.build import build_site
from explainer.diagnostics import Position
from explainer.load import find_files
from explainer.markdown import render_markdown
from explainer.mdbounds import MAX_TABLE_CELLS
from explainer.model import OpenerPlace
from explainer.pipeline import convert_files, read_explainer
from explainer.render import TEMPLATES
from sites import write_site


class CountingPattern:
    """A compiled pattern whose `finditer` counts the matches it yields."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self.matches = 0

    def finditer(self, *args: object) -> Iterator[re.Match[str]]:
        for match in self.pattern.finditer(*args):  # type: ignore[arg-type]
            self.matches += 1
            yield match


def unknown_links(tmp_path: Path, n: int) -> Path:
    body = "".join(f"  See [[missing-{i}]] and [@nothing-{i}].\n" for i in range(n))
    actor = f"name: Iran\nkind: state\nsummary: S.\ndescription: |\n{body}"
    return write_site(tmp_path / f"c{n}", {"actors/iran.yaml": actor})


def test_locating_unknown_references_in_one_field_is_linear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    counter = CountingPattern(yamltree._OPENER)
    monkeypatch.setattr(yamltree, "_OPENER", counter)
    reads: list[str] = []
    real_reread = places.reread_source
    monkeypatch.setattr(places, "reread_source", lambda *a: reads.append(a[0]) or real_reread(*a))
    steps = []
    for n in (500, 1000):
        counter.matches = 0
        read_explainer(unknown_links(tmp_path, n), "content")
        steps.append(counter.matches)
    # 2n openers, each matched once to number it and once to place it (the old code: n²).
    assert steps[1] / steps[0] < 2.1 and steps[1] <= 2 * 2 * 1000 + 10
    assert len(reads) == 2  # the file is read again once per check, not once per problem


def test_bulk_places_equal_one_by_one_places(tmp_path: Path) -> None:
    files = {
        "events/tower-22.yaml": (
            "date: 2024\ntitle: T\nsummary: >\n  One [[iran]] line\n"
            "  and [[nope]] then\n    [[nowhere]] too [@a; @b].\nsources: [article]\n"
            'body: "quoted [[x]]\\n  ![[y]]"\n'
        ),
        "sections/s.md": "---\ntitle: T\nsummary: See [[q]] and [[r]]\n---\n\nBody [[z]].\n",
    }
    content = write_site(tmp_path / "content", files)
    jobs, _ = find_files(content, "content")
    refs = [r for r in convert_files(jobs).references if isinstance(r.place, OpenerPlace)]
    placer = places.Placer()
    assert len(refs) >= 9
    assert [placer(r.place) for r in refs] == [r.place() for r in refs]


# --- rendering: the same counting idea, as lines run in our code and templates ---

OURS = (str(Path(markdown.__file__).parent), str(TEMPLATES))


def steps(run: Callable[[], object]) -> int:
    """Lines of Python run in explainer/ and the templates while `run` runs."""
    count = 0

    def local(frame: FrameType, event: str, arg: object) -> object:
        nonlocal count
        count += event == "line"
        return local

    def calls(frame: FrameType, event: str, arg: object) -> object:
        return local if frame.f_code.co_filename.startswith(OURS) else None

    sys.settrace(calls)
    try:
        run()
    finally:
        sys.settrace(None)
    return count


def growth(run: Callable[[int], object], n: int) -> float:
    """Steps added by the second n over steps added by the first n: about 1 when linear."""
    base, once, twice = (steps(lambda k=k: run(k)) for k in (0, n, 2 * n))
    return (twice - once) / (once - base)


def build_with(tmp_path: Path, files: dict[str, str]) -> None:
    content = write_site(tmp_path / f"c{len(list(tmp_path.iterdir()))}", files)
    assert build_site(content, "content").ok


def section(body: str) -> dict[str, str]:
    return {"sections/long.md": f"---\ntitle: Long\norder: 2\n---\n\n{body}\n"}


def test_heading_ids_of_many_same_headings_are_linear() -> None:
    assert growth(lambda n: render_markdown("## Same\n\n" * n, PageResolverStub()), 400) < 1.3
    html = render_markdown("## Same\n\n## Same 2\n\n## Same\n\n## Same\n", PageResolverStub())
    assert re.findall(r'id="([^"]+)"', html) == ["same", "same-2", "same-3", "same-4"]


def test_one_source_cited_many_times_is_linear(tmp_path: Path) -> None:
    assert growth(lambda n: build_with(tmp_path, section("Claim [@article]. " * n)), 200) < 1.3


def test_many_embeds_are_linear(tmp_path: Path) -> None:
    assert growth(lambda n: build_with(tmp_path, section("![[suspension]]\n\n" * n)), 100) < 1.3


def test_a_huge_table_is_shown_as_text_and_makes_few_tokens(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    made = 0
    real = Token.__post_init__

    def counting(self: Token) -> None:
        nonlocal made
        made += 1
        real(self)

    monkeypatch.setattr(Token, "__post_init__", counting)
    columns, rows = 300, MAX_TABLE_CELLS // 300 + 10
    table = "|" + "|".join(["c"] * columns) + "|\n|" + "|".join(["-"] * columns) + "|\n"
    row = "|" + "|".join(["x"] * columns) + "|\n"
    html = render_markdown(table + row * rows, PageResolverStub())
    assert "<table>" not in html and made < 4 * rows  # a paragraph's lines, not its cells
    assert "<table>" in render_markdown("|a|b|\n|-|-|\n|1|2|\n", PageResolverStub())


class PageResolverStub:
    """A resolver that writes references back as text."""

    def link(self, target: str, label: str | None) -> str:
        return target

    def embed(self, target: str) -> str:
        return target

    def cite(self, targets: list[str]) -> str:
        return ",".join(targets)


class ScanCountingStr(str):
    """A string whose `count` and `rfind` add up how many characters they scan."""

    scanned = 0

    def count(self, sub: str, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        ScanCountingStr.scanned += (len(self) if end is None else end) - start
        return super().count(sub, start, end)

    def rfind(self, sub: str, start: int = 0, end: int | None = None) -> int:  # type: ignore[override]
        ScanCountingStr.scanned += (len(self) if end is None else end) - start
        return super().rfind(sub, start, end)


def test_placing_many_references_in_a_section_scans_its_body_about_once() -> None:
    from explainer.load import RawRecord
    from explainer.model import body_positions
    from explainer.yamltree import Mapping

    body = ScanCountingStr("Claim [@a] here.\n" * 2000)
    record = RawRecord("section", Mapping(Position("s.md")), "s.md", "s", body=body, body_line=5)
    offsets = [m.start() for m in re.finditer(r"\[@", body)]
    ScanCountingStr.scanned = 0
    found = body_positions(record, offsets)
    assert ScanCountingStr.scanned <= 2 * len(body)  # the old code: once per reference
    assert found[0] == Position("s.md", 5, 7) and found[-1] == Position("s.md", 2004, 7)


def test_a_markdown_text_too_long_to_render_is_an_error_at_check(tmp_path: Path) -> None:
    from explainer.mdbounds import MAX_MARKDOWN_CHARS

    long = "x\n\n" * (MAX_MARKDOWN_CHARS // 3 + 1)
    actor = (
        f"name: Iran\nkind: state\nsummary: S.\ndescription: |\n  {long.replace(chr(10), ' ')}\n"
    )
    content = write_site(tmp_path / "content", {**section(long), "actors/iran.yaml": actor})
    _, problems = read_explainer(content, "content")
    assert [(d.path, d.line, d.severity) for d in problems] == [
        ("content/actors/iran.yaml", 4, "error"),
        ("content/sections/long.md", 5, "error"),
    ]
    assert all("at most 1,000,000 are rendered" in d.message for d in problems)
