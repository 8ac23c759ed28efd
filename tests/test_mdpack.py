"""Compiled Markdown packed into shared chunks (explainer/mdpack.py) fills exactly as the
compiled forms it was packed from."""

from __future__ import annotations

import pickle

from explainer import mdpack
from explainer.compiled import Compiled, Hole, MarkdownCache, compile_text, fill

TEXTS = [
    ("A [[x]] and [@s; @t] then [[x|a label]].", True),
    ("*inline* ![[q]]", False),
    ("plain", False),
    ("", False),
    ("Ünïcode — 中文 and 🙂 [[y]]", True),
    ("# Heading\n\nTwo\n\nparagraphs [@s].\n", True),
]


class Filler:
    def link(self, target: str, label: str | None) -> str:
        return f"<link {target} {label}>"

    def embed(self, target: str) -> str:
        return f"<embed {target}>"

    def cite(self, targets: tuple[str, ...]) -> str:
        return f"<cite {' '.join(targets)}>"


def compiled_cache(texts: list[tuple[str, bool]]) -> MarkdownCache:
    md = MarkdownCache()
    md.add(texts, [compile_text(text, block) for text, block in texts])
    return md


def test_packed_forms_fill_as_the_compiled_ones(monkeypatch) -> None:
    monkeypatch.setattr(mdpack, "CHUNK", 40)  # several chunks, one of them wide
    md = compiled_cache(TEXTS)
    packed = mdpack.pack(md)
    assert packed.block.keys() == md.block.keys() and packed.inline.keys() == md.inline.keys()
    for text, block in TEXTS:
        form, done = (md.block if block else md.inline)[text], packed.get(text, block)
        assert isinstance(done, mdpack.Packed) and done == form
        assert fill(done, Filler()) == fill(form, Filler())
    chunks = {id(p.chunk) for p in [*packed.block.values(), *packed.inline.values()]}
    assert 1 < len(chunks) < len(TEXTS)


def test_a_form_whose_pieces_hold_a_hole_marker_is_kept_as_it_is() -> None:
    odd = Compiled(("a\x00b", "c"), (Hole("link", ("x",)),))  # not what compile_text makes
    md = MarkdownCache(block={"odd": odd})
    assert mdpack.pack(md).block["odd"] is odd


def test_packed_forms_pickle_with_their_chunks_shared() -> None:
    packed = mdpack.pack(compiled_cache(TEXTS))
    again = pickle.loads(pickle.dumps(packed))
    assert again.block == packed.block and again.inline == packed.inline
    assert len({id(p.chunk) for p in again.block.values()}) == 1


def test_equal_holes_are_packed_as_one_object() -> None:
    texts = [("See [[x]] and [@s].", True), ("[[x]] again [@s]", False)]
    packed = mdpack.pack(compiled_cache(texts))
    first, second = packed.get(texts[0][0], True), packed.get(texts[1][0], False)
    assert first.holes == second.holes == (Hole("link", ("x",)), Hole("cite", ("s",)))
    assert all(a is b for a, b in zip(first.holes, second.holes, strict=True))
