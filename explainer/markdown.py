"""Markdown to HTML with markdown-it-py: CommonMark, tables, footnotes and references.

The extensions are `[[id]]` and `[[id|text]]` (links), `![[id]]` (an embedded quote or
event, when alone in its paragraph) and `[@a; @b]` (citations). A `Resolver` turns each
into HTML; it is called once per reference, in document order, with exactly the
references `explainer.references.scan_references` reports for the same text (the
known gaps are listed there). Raw HTML is escaped, and only http, https and mailto
links (http and https images) and relative URLs are rendered as links.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

from .mdbounds import Anchors, bounded_table
from .references import CITE_RE, EMBED_RE, cite_targets, scan_references

if TYPE_CHECKING:
    from collections.abc import Sequence

    from markdown_it import MarkdownIt
    from markdown_it.renderer import RendererHTML
    from markdown_it.rules_core import StateCore
    from markdown_it.rules_inline import StateInline
    from markdown_it.token import Token
    from markdown_it.utils import EnvType, OptionsDict

__all__ = ["Resolver", "heading_id", "is_safe_url", "render_inline", "render_markdown"]


class Resolver(Protocol):
    """Turns references into trusted HTML."""

    def link(self, target: str, label: str | None) -> str:
        """An <a> for [[id]] or [[id|text]]."""
        ...

    def embed(self, target: str) -> str:
        """A block (quote or event card) for ![[id]]."""
        ...

    def cite(self, targets: list[str]) -> str:
        """The citation markers for [@a; @b]."""
        ...


def render_markdown(text: str, resolver: Resolver) -> str:
    """Block Markdown to HTML."""
    env: dict[str, object] = {"resolver": resolver, "heading_ids": Anchors()}
    return _parser().render(_protect_pipes(text), env)


def render_inline(text: str, resolver: Resolver) -> str:
    """Inline Markdown (a summary) to HTML, without a <p>."""
    env: dict[str, object] = {"resolver": resolver, "heading_ids": Anchors()}
    return _parser().renderInline(_protect_pipes(text), env)


def heading_id(text: str) -> str:
    """A stable anchor for a heading's text: lower case, words joined by "-"."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    slug = re.sub(r"[^\w]+|_+", "-", folded).strip("-")
    return slug or "section"


_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
_IMAGE_SCHEMES = frozenset({"http", "https"})
_SCHEME_RE = re.compile(r"([^:/?#]*):")
_IGNORED_RE = re.compile(r"[\x00-\x20\x7f]|%(?:0[0-9a-f]|1[0-9a-f]|20|7f)", re.IGNORECASE)


def is_safe_url(url: str, schemes: frozenset[str] = _SAFE_SCHEMES) -> bool:
    """Whether `url` is relative, a fragment, or has one of `schemes`.

    Browsers drop control characters and white space inside a scheme
    ("java\\tscript:"), so those are removed before the scheme is read; anything
    before a ":" that comes ahead of the first "/", "?" or "#" counts as a scheme.
    """
    m = _SCHEME_RE.match(_IGNORED_RE.sub("", url))
    return m is None or m[1].lower() in schemes


# -- the parser ----------------------------------------------------------------


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    """The one configured parser; per-render state lives in `env`. (markdown-it is
    imported here, not above: a build whose Markdown is all in the cache never uses it.)"""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.footnote import footnote_plugin

    md = MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])
    md.use(footnote_plugin)
    md.block.ruler.at("table", bounded_table, {"alt": ["paragraph", "reference"]})
    md.validateLink = is_safe_url  # type: ignore[method-assign]
    md.inline.ruler.before("link", "explainer_reference", _reference_rule)
    md.core.ruler.after("block", "explainer_embed", _embed_rule)
    md.core.ruler.after("inline", "explainer_resolve", _resolve_rule)
    md.core.ruler.after("explainer_resolve", "explainer_heading_ids", _heading_ids_rule)
    md.add_render_rule("explainer_html", _render_html)
    md.add_render_rule("explainer_block", _render_html)
    md.add_render_rule("image", _render_image)
    return md


def _protect_pipes(text: str) -> str:
    """Hide the "|" of each [[id|text]] from the table rule, which would split it."""
    if "|" not in text or "[[" not in text:
        return text
    pieces, last = [], 0
    for ref in scan_references(text):
        if ref.kind == "link" and ref.label is not None:
            end = text.index("]]", ref.offset) + 2
            pieces += [text[last : ref.offset], text[ref.offset : end].replace("|", _PIPE)]
            last = end
    return "".join([*pieces, text[last:]])


_PIPE = "\ue000"  # a private-use character stands in for "|" inside [[id|text]]
_LINK_RE = re.compile(r"\[\[([^\[\]|\n\ue000]*?)(?:\\?[|\ue000]([^\[\]\n]*))?\]\]")


def _reference_rule(state: StateInline, silent: bool) -> bool:
    """Inline rule for [[id]], [[id|text]], ![[id]] (not alone) and [@a; @b]."""
    src, pos, end = state.src, state.pos, state.posMax
    if src.startswith("![[", pos):
        m = EMBED_RE.match(src, pos, end)
        meta = {"kind": "embed", "target": m[1].strip()} if m and m[1].strip() else None
    elif src.startswith("[[", pos):
        m = _LINK_RE.match(src, pos, end)
        if m and m[1].strip():
            label = None if m[2] is None else m[2].replace(_PIPE, "|").strip()
            meta = {"kind": "link", "target": m[1].strip(), "label": label}
        else:
            meta = None
    elif src.startswith("[@", pos):
        m = CITE_RE.match(src, pos, end)
        targets = cite_targets(m[1]) if m else []
        meta = {"kind": "cite", "targets": targets} if targets else None
    else:
        return False
    if meta is None or m is None:
        return False
    if not silent:
        token = state.push("explainer_html", "", 0)
        token.meta = meta
    state.pos = m.end()
    return True


def _embed_rule(state: StateCore) -> None:
    """Turn each paragraph that holds only ![[id]] into an embed block."""
    from markdown_it.token import Token

    tokens = state.tokens
    i = 0
    while i + 2 < len(tokens):
        para, inline = tokens[i], tokens[i + 1]
        m = EMBED_RE.fullmatch(inline.content.strip()) if para.type == "paragraph_open" else None
        if m and m[1].strip() and tokens[i + 2].type == "paragraph_close":
            block = Token("explainer_block", "", 0)
            block.block, block.map, block.level = True, para.map, para.level
            block.meta = {"kind": "embed", "target": m[1].strip()}
            tokens[i : i + 3] = [block]
        i += 1


def _resolve_rule(state: StateCore) -> None:
    """Call the resolver for every reference, in document order."""
    resolver: Resolver = state.env["resolver"]
    _resolve(state.tokens, resolver)


def _resolve(tokens: Sequence[Token], resolver: Resolver) -> None:
    for token in tokens:
        if token.type in ("explainer_html", "explainer_block"):
            token.content = _resolve_one(token.meta, resolver)
        if token.children:
            _resolve(token.children, resolver)


def _resolve_one(meta: dict[str, object], resolver: Resolver) -> str:
    kind, target = meta["kind"], meta.get("target")
    if kind == "link":
        label = meta["label"]
        assert isinstance(target, str) and (label is None or isinstance(label, str))
        return resolver.link(target, label)
    if kind == "embed":
        assert isinstance(target, str)
        return resolver.embed(target)
    targets = meta["targets"]
    assert isinstance(targets, list)
    return resolver.cite(targets)


def _heading_ids_rule(state: StateCore) -> None:
    """Give each heading an id from its text, unique within this render."""
    anchors: Anchors = state.env["heading_ids"]
    for i, token in enumerate(state.tokens):
        if token.type == "heading_open":
            base = heading_id(_plain_text(state.tokens[i + 1].children or []))
            token.attrSet("id", anchors.make(base))


def _plain_text(tokens: Sequence[Token]) -> str:
    """The visible text of inline tokens, for heading anchors."""
    parts: list[str] = []
    for token in tokens:
        if token.type in ("text", "code_inline"):
            parts.append(token.content)
        elif token.type == "explainer_html" and token.meta.get("kind") == "link":
            parts.append(str(token.meta["label"] or token.meta["target"]))
        elif token.children:
            parts.append(_plain_text(token.children))
        elif token.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)


def _render_html(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """The resolver's HTML, as it is; a block gets its own line."""
    token = tokens[idx]
    return token.content + "\n" if token.block else token.content


def _render_image(
    self: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    """An image, or only its alt text when its source is not http(s) or relative."""
    from markdown_it.common.utils import escapeHtml

    token = tokens[idx]
    if not is_safe_url(str(token.attrGet("src") or ""), _IMAGE_SCHEMES):
        return escapeHtml(self.renderInlineAsText(token.children or [], options, env))
    return self.image(tokens, idx, options, env)
