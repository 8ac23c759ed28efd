"""The quick YAML reader (`plainyaml.read_yaml`) gives what PyYAML's path gives, always.

Every comparison reads a text both ways, `yamltree.parse_yaml` (PyYAML's events) and
`plainyaml.read_yaml`, and compares the whole trees (values, lines, columns, plain or
not, spans, the places of lists and mappings, the order of keys) and the problems.
"""

from __future__ import annotations

import importlib.util
import random
import sys
from pathlib import Path

import pytest

from explainer import plainyaml
from explainer.load import read_text, split_front_matter
from explainer.yamltree import Mapping, Node, Scalar, Sequence, SourceText, parse_yaml

ROOT = Path(__file__).resolve().parent.parent


def shape(node: Node | None) -> object:
    """Everything a node holds, as plain tuples to compare."""
    if isinstance(node, Scalar):
        return ("scalar", node.value, node.line, node.column, node.plain, node.start, node.end)
    if isinstance(node, Mapping):
        items = tuple((name, shape(k), shape(v)) for name, (k, v) in node.items.items())
        return ("mapping", tuple(node.pos), items)
    if isinstance(node, Sequence):
        return ("list", tuple(node.pos), tuple(shape(item) for item in node.items))
    return node


def both_ways(text: str, line_offset: int = 0) -> tuple[object, object]:
    slow, slow_problems = parse_yaml(SourceText("f.yaml", text, line_offset=line_offset))
    quick, quick_problems = plainyaml.read_yaml(SourceText("f.yaml", text, line_offset=line_offset))
    return (shape(slow), slow_problems), (shape(quick), quick_problems)


@pytest.fixture
def fallbacks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts the quick reader left to PyYAML's path, as it runs."""
    left: list[str] = []

    def counted(source: SourceText) -> object:
        left.append(source.text)
        return parse_yaml(source)

    monkeypatch.setattr(plainyaml, "parse_yaml", counted)
    return left


def yaml_texts(folder: Path) -> list[tuple[Path, str]]:
    """The YAML of every content file under `folder`: `.yaml` files, sections' front matter
    (as `load` reads it: a blank line for the opening fence)."""
    found = []
    for path in sorted(folder.rglob("*")):
        if path.suffix not in (".yaml", ".md") or not path.is_file():
            continue
        text, _ = read_text(path, str(path))
        if text is not None and path.suffix == ".md":
            parts = split_front_matter(text)
            text = "\n" + parts[0] if parts else None
        if text is not None:
            found.append((path, text))
    return found


def assert_same(texts: list[tuple[Path, str]]) -> None:
    for path, text in texts:
        slow, quick = both_ways(text)
        assert quick == slow, path


def test_shipped_content_and_fixtures_read_the_same(fallbacks: list[str]) -> None:
    texts = yaml_texts(ROOT / "content") + yaml_texts(ROOT / "tests" / "golden")
    assert len(texts) > 40
    assert_same(texts)
    assert len(fallbacks) < len(texts) / 10  # the quick reader read nearly all of them


def test_generated_explainer_reads_the_same(tmp_path: Path, fallbacks: list[str]) -> None:
    path = ROOT / "bench" / "generate.py"
    spec = importlib.util.spec_from_file_location("bench_generate_plain", path)
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = bench
    spec.loader.exec_module(bench)
    bench.generate(30, tmp_path / "content")
    texts = yaml_texts(tmp_path / "content")
    assert_same(texts)
    assert fallbacks == []  # every generated file is plain enough


PLAIN = [
    "a: 1\n",
    'name: "Al Hamidawi"\nkind: person\n',
    "a:   \nb: x   \nc: 'it''s'  \nd: ~\ne: null\nf: NULL\ng: ''\nh: \"\"\n",
    "k:\n- a\n- b\nz: |\n  x\n",
    'l:\n  - "a"\n  -   b\n  - [p, q-r, 2024]\n  - []\n',
    "- id: x\n  r:\n    - t: 1\n      u: 2\n- id: y\n",
    "a: |+\n  x\n\n\nb: >\n  p\n  q\n\n\n  r\n  t\nc: |-\n   x\n    y\n\n",
    "a: >-\n  one\n  two  \n  three\n\n\n\n  four\nb: |\n  # not a comment\n  x: y\n",
    "url: https://example.org/a?b=c#d\nt: a#b and c:d, [e] {f}\n",
    't: Ünïcödé – “quotes” 😀 x\nu: "é 😀 [[x]]"\n',
    "tags: [a,b , c ,d]\nn: [null, Null, x y]\n",
    "- |\n  lit\n   x\n- >\n  f\n  g\n- k: v\n  j: |\n    x\n\n  l:\n  - m\n",
]
AWKWARD = [
    "",
    "\n\n",
    "a: 1",  # no final line break
    "a: |\n  x",
    "# comment\na: 1\n",
    "a: 1 # comment\n",
    "a: 1\n# comment\n",
    "a:\n\tb: 1\n",
    'a: "x\\ty"\n',
    'a: "x\\u0007"\n',
    'a: "two\n  lines"\n',
    "a: two\n  lines\n",
    "a: 'two\n  lines'\n",
    "a: 1\na: 2\n",
    "a: &x 1\nb: *x\n",
    "<<: {a: 1}\n",
    "a: !!str 1\n",
    "? a\n: b\n",
    "a: {b: c}\n",
    "a: [b, [c]]\n",
    "a: [b,\n  c]\n",
    "a: [b, c,]\n",
    "a: [~, b]\n",
    "a: [\"b\", 'c']\n",
    "a: |2\n   x\n",
    "a: |\n\n  x\n",
    "a: |\n  x\n   \n",
    "a: >\n  x\n    more\n  y\n",
    "a: |\nb: 1\n",
    "a:\n  b: 1\n c: 2\n",
    "a:\n  - 1\n - 2\n",
    "- - a\n- b\n",
    "-\n  a: 1\n",
    "- a\nb: 1\n",
    "a: 1\n- b\n",
    "a: b: c\n",
    "a: b:\n",
    "a: -1\n",
    "a: @x\n",
    "a: `x`\n",
    "---\na: 1\n",
    "a: 1\n---\nb: 2\n",
    "a: 1\n...\n",
    "%YAML 1.1\n---\na: 1\n",
    "a: x\u2028y\n",
    "a: x\x85y\n",
    "a: \ufeffx\n",
    "a: x\x7fy\n",
    "a: x\ry\n",
    "  a: 1\n  b: 2\n",
    "[a, b]\n",
    "just text\n",
    "null: 1\n",
    "a b: 1\n",
    '"a": 1\n',
    "a:\n  b:\n    c:\n      d:\n        e: 1\n",
    "".join(f"{'  ' * depth}k{depth}:\n" for depth in range(70)) + "  " * 70 + "x: 1\n",
    "k: " + "x" * 2000 + "\n",
    "k" * 1100 + ": 1\n",
]


@pytest.mark.parametrize("text", PLAIN + AWKWARD)
def test_plain_and_awkward_inputs_read_the_same(text: str) -> None:
    slow, quick = both_ways(text)
    assert quick == slow
    assert both_ways(text, line_offset=4)[1] == both_ways(text, line_offset=4)[0]


@pytest.mark.parametrize("text", PLAIN)
def test_plain_inputs_are_read_quickly(text: str, fallbacks: list[str]) -> None:
    plainyaml.read_yaml(SourceText("f.yaml", text))
    assert fallbacks == []


# What random edits insert: YAML's indicators, spaces, line breaks, and characters
# that are not read as they are.
PIECES = [*" \n-:#\"'|>[],{}&*!?%@`\\\t~", "  ", "- ", ": ", " #", "\u2028", "\x85"]
PIECES += ["\ufeff", "é", "😀", "---\n", "null", "a", "1", "\r", "|-", ">+", "''"]


def edited(text: str, rng: random.Random) -> str:
    """`text` with one to three random insertions, deletions or copies."""
    for _ in range(rng.randint(1, 3)):
        at, choice = rng.randrange(len(text) + 1), rng.random()
        if choice < 0.5:
            text = text[:at] + rng.choice(PIECES) + text[at:]
        elif choice < 0.8:
            text = text[:at] + text[at + rng.randint(1, 3) :]
        else:
            other = rng.randrange(len(text) + 1)
            text = text[:at] + text[other : other + 5] + text[at:]
    return text


@pytest.mark.parametrize("seed", range(4))
def test_random_edits_read_the_same(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(1500):
        text = edited(rng.choice(PLAIN), rng)
        slow, quick = both_ways(text, rng.choice([0, 3]))
        assert quick == slow, repr(text)
