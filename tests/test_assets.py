"""Static files as the site serves them: stylesheets minified without changing what they mean."""

from __future__ import annotations

from pathlib import Path

import pytest

from explainer.assets import minify_css, static_bytes
from explainer.theme import DEFAULT_STATIC


@pytest.mark.parametrize(
    ("css", "served"),
    [
        (
            "/* note */\nbody {\n  color: red;\n  margin: 0 auto;\n}\n",
            "body{color:red;margin:0 auto}",
        ),
        ("a , b > c { x: 1 }", "a,b>c{x:1}"),
        # a space before `:` is a descendant combinator; `calc` and `and (` need their spaces
        ("main :focus { outline: none; }", "main :focus{outline:none}"),
        ("p { width: calc(100% - 2rem); }", "p{width:calc(100% - 2rem)}"),
        (
            "@media print and (min-width: 1px) { a { b: c } }",
            "@media print and (min-width: 1px){a{b:c}}",
        ),
        # strings are kept exactly, comment markers and all
        (
            'q::after { content: " /* not a comment */ , ; " }',
            'q::after{content:" /* not a comment */ , ; "}',
        ),
        ("li::after { content: ', '; }", "li::after{content:', '}"),
        # two tokens a comment kept apart stay apart
        ("a/**/b { x: 0.5rem 10.5em -0.5px }", "a b{x:.5rem 10.5em -0.5px}"),
        (":root { --font: a, b; x: url(img/0.5.png) }", ":root{--font:a,b;x:url(img/0.5.png)}"),
        ("a { b: c } /* unterminated", "a{b:c}"),
    ],
)
def test_minify_css(css: str, served: str) -> None:
    assert minify_css(css) == served


def test_static_bytes_minifies_stylesheets_only(tmp_path: Path) -> None:
    css, js = tmp_path / "x.css", tmp_path / "x.js"
    css.write_text("a {\n  b: c;\n}\n")
    js.write_text("// kept\nvar a = 1;\n")
    assert static_bytes(css) == b"a{b:c}"
    assert static_bytes(js) == js.read_bytes()
    latin = tmp_path / "y.css"
    latin.write_bytes(b"a { content: '\xe9' }")
    assert static_bytes(latin) == latin.read_bytes()  # not UTF-8: left to the browser


def test_the_default_stylesheet_keeps_every_rule() -> None:
    """The theme's style.css served: smaller, and the same rules (each `{` and `}` kept)."""
    source = (DEFAULT_STATIC / "style.css").read_text()
    served = static_bytes(DEFAULT_STATIC / "style.css").decode()
    assert len(served) < 0.9 * len(source)
    assert served.count("{") == source.count("{") and served.count("}") == source.count("}")
    assert "/*" not in served and "\n" not in served
