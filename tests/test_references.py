"""The fast reference scanner: syntax, code is literal, offsets, alone-ness."""

from __future__ import annotations

import random

import pytest

from explainer import references
from explainer.references import TextReference, code_ranges, scan_references


def refs(text: str) -> list[tuple[str, str]]:
    return [(r.kind, r.target) for r in scan_references(text)]


def test_fast_path_returns_nothing_without_brackets() -> None:
    assert scan_references("plain text with [a link](https://x.org)") == []


def test_the_four_forms() -> None:
    text = "See [[kh]], [[irgc|the Guards]] and [@s1; @s2].\n\n![[q1]]\n"
    assert scan_references(text) == [
        TextReference("link", "kh", 4),
        TextReference("link", "irgc", 12, "the Guards"),
        TextReference("cite", "s1", text.index("[@")),
        TextReference("cite", "s2", text.index("[@")),
        TextReference("embed", "q1", text.index("![["), alone=True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("[[ kh ]]", [("link", "kh")]),
        ("[[Bad Id]]", [("link", "Bad Id")]),  # reported as written; the validator rejects it
        ("[[ ]] and [[]]", []),
        ("[[open and never closed", []),
        ("[@ a ;@b;  @c ]", [("cite", "a"), ("cite", "b"), ("cite", "c")]),
        ("[@]", []),
        ("[[a\\|b]]", [("link", "a")]),
        ("![[a|b]]", [("link", "a")]),  # an embed takes no text: "!" and a link
        ("[[a\nb]]", []),
        ("[[x [[a]]", [("link", "a")]),
    ],
)
def test_syntax_edges(text: str, expected: list[tuple[str, str]]) -> None:
    assert refs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "`[[a]]`",
        "``code ` [[a]] ``",
        "```\n[[a]]\n```",
        "~~~~ python\n[[a]]\n~~~\nstill code [@s]\n",
        "```\nnever closed\n![[a]]",
        "    [[a]] indented code",
        "\t[@s] tab-indented code",
        "para\n\n    [[a]]",
        "- item\n\n      [[a]] code inside the item",
        "> ```\n> [[a]]\n> ```",
        "\\[[a]]",
        "\\[@s]",
        "<https://example.org/[[a]]>",
    ],
)
def test_code_and_escapes_are_literal(text: str) -> None:
    assert refs(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "para\n    [[a]] is a continuation, not code",
        "- item\n\n  [[a]] in the item",
        "``no closing run [[a]]",
        "`` ` `[[a]]",
        "\\`[[a]]`",
        "\\\\[[a]]",
        "```\ncode\n```\n[[a]]",
        "- ```\n  code\n[[a]] ends the item and its fence",
        "<javascript:[[a]]>",  # not an autolink the renderer accepts, so text
    ],
)
def test_references_outside_code_are_found(text: str) -> None:
    assert refs(text) == [("link", "a")]


def test_offsets_point_at_the_brackets() -> None:
    text = "a `x` [[one]]\n\n> ![[two]] b\n\nc [@s; @t]"
    for ref in scan_references(text):
        assert text[ref.offset : ref.offset + 2] in ("[[", "![", "[@")
    assert [r.offset for r in scan_references(text)] == [6, 17, 31, 31]


@pytest.mark.parametrize(
    ("text", "alone"),
    [
        ("![[q]]", True),
        ("  ![[q]]  \n\nnext", True),
        ("- ![[q]]", True),
        ("> ![[q]]", True),
        ("[^1]: ![[q]]", True),
        ("text ![[q]]", False),
        ("![[q]]\nmore", False),
        ("# ![[q]]", False),
        ("![[q]]\n---", False),  # a setext heading, not a paragraph
        ("![[q]] ![[q]]", False),
    ],
)
def test_embed_alone_in_its_paragraph(text: str, alone: bool) -> None:
    embeds = [r for r in scan_references(text) if r.kind == "embed"]
    assert embeds and all(r.alone is alone for r in embeds)


def test_code_ranges() -> None:
    text = "a `b` c\n\n```\nx\n```\n\n    y\n"
    assert [text[a:b] for a, b in code_ranges(text)] == ["`b`", "```\nx\n```", "    y"]


def test_many_unmatched_backtick_runs_leave_the_reference_found() -> None:
    # Correctness only: speed belongs in a benchmark under bench/, not a timed unit test.
    text = " ".join("`" * n for n in range(1, 200)) * 5 + " [[a]]"
    assert [r.target for r in scan_references(text)] == ["a"]


def test_a_paragraph_with_three_references() -> None:
    words = "The militia said on Telegram that it had struck the base, officials said. "
    text = (words * 7)[:440] + " [[kh]] and [[irgc|the Guards]] [@s1]"
    assert [r.target for r in scan_references(text)] == ["kh", "irgc", "s1"]


PROSE = [
    "[[a]]", "[[b|B]]", "[@s; @t]", "[@", "]]", "[[", "word ", "x", "\n", "\n\n", "  ", " ",
    "- ", "1. ", "2) ", "# ", "---\n", "===\n", "***\n", "|", "* ", "!", "[",
]  # fmt: skip
BLOCKS = [
    "![[q]]", "    ", "> ", ">    ", "[^1]: ", "[^a[@s]: ", "`", "```\n", "~~~\n", "\t", "\\",
    "<https://x.org/", "<https://x.org/[[a]]>", "`[[a]]`", "\u2028", "\x85",
]  # fmt: skip


def _text(rng: random.Random, blocks: int) -> str:
    """Prose of random pieces with `blocks` pieces of block syntax put in."""
    pieces = rng.choices(PROSE, k=rng.randint(1, 40))
    for _ in range(blocks):
        pieces.insert(rng.randint(0, len(pieces)), rng.choice(BLOCKS))
    return "".join(pieces)


def test_the_prose_path_finds_what_the_block_pass_finds(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(8)
    texts = [_text(rng, n % 3) for n in range(6000)]
    texts += [text.replace("\n", " ") for text in texts[:3000]]  # one-line texts too
    plain = [t for t in texts if references._plain_prose(t) and "[[" in t]
    assert len(plain) > 1000  # the prose path is exercised, not only the block pass
    found = [scan_references(text) for text in texts]
    monkeypatch.setattr(references, "_plain_prose", lambda text: False)
    whole = lambda text, found: references._scan_inline(text, 0, len(text), True, found)  # noqa: E731
    monkeypatch.setattr(references, "_scan_openers", whole)
    for text, fast in zip(texts, found, strict=True):
        assert fast == scan_references(text), repr(text)


@pytest.mark.parametrize("prefix", ["Prose", "Prosé"])  # ASCII, and not
def test_the_prose_path_takes_only_texts_whose_line_breaks_are_newlines(prefix: str) -> None:
    """Every other line break `str.splitlines` knows sends a text to the block pass."""
    breaks = [chr(c) for c in range(0x3000) if len(f"a{chr(c)}b".splitlines()) == 2]
    assert len(breaks) == 10
    assert references._plain_prose(f"{prefix} [[a]]\nmore [@s].\n")
    for brk in breaks:
        text = f"{prefix} [[a]]{brk}more [@s].\n"
        assert references._plain_prose(text) == (brk == "\n"), repr(brk)
        assert [r.target for r in scan_references(text)] == ["a", "s"]
