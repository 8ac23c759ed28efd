"""Markdown rendering, and its agreement with the reference scanner."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from explainer.markdown import heading_id, is_safe_url, render_inline, render_markdown
from explainer.references import scan_references


class FakeResolver:
    """Records each call and returns recognisable HTML."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str]] = []
        self.cites: list[list[str]] = []

    def link(self, target: str, label: str | None) -> str:
        self.calls.append(("link", target))
        return f'<a href="/{target}/">{label or target.upper()}</a>'

    def embed(self, target: str) -> str:
        self.calls.append(("embed", target))
        return f'<blockquote class="embed">{target}</blockquote>'

    def cite(self, targets: list[str]) -> str:
        self.calls.extend(("cite", t) for t in targets)
        self.cites.append(targets)
        return "<sup>" + ",".join(targets) + "</sup>"


class Tags(HTMLParser):
    """Collects (tag, attrs) of start tags."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def render(text: str) -> tuple[str, FakeResolver]:
    resolver = FakeResolver()
    return render_markdown(text, resolver), resolver


def hrefs(html: str) -> list[str | None]:
    return [attrs.get("href") for tag, attrs in Tags(html).tags if tag == "a"]


# -- the extensions ---------------------------------------------------------------


def test_links_embeds_and_citations() -> None:
    html, resolver = render("See [[kh]] and [[irgc|the *Guards*]] [@s1; @s2].\n\n![[q1]]\n")
    assert resolver.calls == [
        ("link", "kh"),
        ("link", "irgc"),
        ("cite", "s1"),
        ("cite", "s2"),
        ("embed", "q1"),
    ]
    assert resolver.cites == [["s1", "s2"]]
    assert '<a href="/kh/">KH</a>' in html
    assert '<a href="/irgc/">the *Guards*</a>' in html  # the label is the resolver's to escape
    assert '<blockquote class="embed">q1</blockquote>' in html
    assert "<p><blockquote" not in html  # an embed alone is a block, not in a <p>


def test_embed_not_alone_stays_inline() -> None:
    html, resolver = render("Before ![[q1]] after")
    assert resolver.calls == [("embed", "q1")]
    assert html.startswith("<p>Before <blockquote")


def test_code_is_literal() -> None:
    html, resolver = render("`[[a]]`\n\n```\n![[b]]\n```\n\n    [@c]\n")
    assert resolver.calls == []
    assert "<code>[[a]]</code>" in html
    assert "![[b]]" in html and "[@c]" in html


def test_escaped_reference_is_text() -> None:
    html, resolver = render("\\[[a]] and \\[@s]")
    assert resolver.calls == []
    assert "[[a]]" in html


def test_labelled_link_in_a_table_cell() -> None:
    html, resolver = render("| who | note |\n|---|---|\n| [[kh|Kataib]] | [@s] |\n")
    assert resolver.calls == [("link", "kh"), ("cite", "s")]
    assert '<td><a href="/kh/">Kataib</a></td>' in html


def test_labelled_link_over_dashes_is_a_heading_not_a_table() -> None:
    html, _ = render("About [[kh|Kataib]]\n---\n")
    assert "<table>" not in html and html.startswith('<h2 id="about-kataib">')


def test_footnotes_render_with_references() -> None:
    html, resolver = render("A claim.[^1]\n\n[^1]: Reported by [[afp]] [@s].\n")
    assert resolver.calls == [("link", "afp"), ("cite", "s")]
    assert 'class="footnotes"' in html and 'href="#fn1"' in html


def test_tables_render() -> None:
    html, _ = render("| a | b |\n|---|--:|\n| 1 | 2 |\n")
    assert "<table>" in html and '<td style="text-align:right">2</td>' in html


def test_render_inline_has_no_paragraph() -> None:
    resolver = FakeResolver()
    html = render_inline("A *short* summary with [[kh]].", resolver)
    assert html == 'A <em>short</em> summary with <a href="/kh/">KH</a>.'
    assert resolver.calls == [("link", "kh")]


# -- safety -----------------------------------------------------------------------


def test_raw_html_is_escaped() -> None:
    html, _ = render('<script>alert(1)</script>\n\nText <b onclick="x">bold</b>\n')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b " not in html and "&lt;b onclick" in html


@pytest.mark.parametrize(
    "text",
    [
        "[x](javascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x]( javascript:alert(1) )",
        "[x](java&#x09;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](<javascript:alert(1)>)",
        "<javascript:alert(1)>",
        "<JAVASCRIPT:alert(1)>",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD4=)",
        "[x](file:///etc/passwd)",
        "[x]\n\n[x]: javascript:alert(1)",
        "![x](data:image/png;base64,AAAA)",
        "![x](mailto:a@example.org)",
        "![x](javascript:alert(1))",
    ],
)
def test_unsafe_urls_are_not_links(text: str) -> None:
    html, _ = render(text)
    tags = Tags(html).tags
    assert all(tag not in ("a", "img") for tag, _ in tags), html
    assert "href" not in html and "src" not in html


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("[x](https://example.org/a?b=c#d)", "https://example.org/a?b=c#d"),
        ("[x](HTTP://example.org)", "HTTP://example.org"),
        ("[x](mailto:desk@example.org)", "mailto:desk@example.org"),
        ("<https://example.org>", "https://example.org"),
        ("<desk@example.org>", "mailto:desk@example.org"),
        ("[x](../actors/kh/)", "../actors/kh/"),
        ("[x](#timeline)", "#timeline"),
        ("[x](/a/b:c)", "/a/b:c"),
    ],
)
def test_safe_urls_are_links(text: str, url: str) -> None:
    assert hrefs(render(text)[0]) == [url]


def test_images_allow_http_and_relative() -> None:
    html, _ = render("![map](https://example.org/m.png) ![b](img/b.png)")
    srcs = [attrs["src"] for tag, attrs in Tags(html).tags if tag == "img"]
    assert srcs == ["https://example.org/m.png", "img/b.png"]


def test_is_safe_url() -> None:
    assert is_safe_url("https://x") and is_safe_url("x/y") and is_safe_url("")
    assert not is_safe_url("java\nscript:x") and not is_safe_url(" javascript:x")
    assert not is_safe_url("java%09script:x")


# -- headings ---------------------------------------------------------------------


def test_heading_ids_are_stable_and_unique() -> None:
    html, _ = render("# Who is who\n\n## Who is who\n\n## Who is who\n\n## Who is who-2\n")
    ids = [attrs["id"] for tag, attrs in Tags(html).tags if tag in ("h1", "h2")]
    assert ids == ["who-is-who", "who-is-who-2", "who-is-who-3", "who-is-who-2-2"]
    assert render("# Who is who")[0] == '<h1 id="who-is-who">Who is who</h1>\n'


def test_heading_ids_use_visible_text() -> None:
    html, _ = render("## The `strike` on [[al-asad|Al-Asad]] base")
    assert '<h2 id="the-strike-on-al-asad-base">' in html


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Who is who?", "who-is-who"),
        ("  Kata'ib Hezbollah & the IRGC  ", "kata-ib-hezbollah-the-irgc"),
        ("Timeline: 2024", "timeline-2024"),
        ("Über Öl", "über-öl"),
        ("snake_case", "snake-case"),
        ("???", "section"),
    ],
)
def test_heading_id(text: str, slug: str) -> None:
    assert heading_id(text) == slug


# -- agreement with the scanner ---------------------------------------------------


def rendered_calls(text: str) -> list[tuple[str, str]]:
    return render(text)[1].calls


def scanned(text: str) -> list[tuple[str, str]]:
    return [(r.kind, r.target) for r in scan_references(text)]


TRICKY = [
    "Plain [[a]] then `[[b]]` then ``x ` [[c]] ``.",
    "```\n[[a]]\n```\n[[b]]\n~~~\n[[c]]\n~~~~\nstill [[d]]\n~~~~\n",
    "```\nunclosed fence [[a]]\n\n[[b]]",
    "   ```\n   [[a]]\n   ```\n    ```\n    [[b]]\n",
    "para\n    [[a]] continues\n\n    [[b]] is code\n",
    "\\[[a]] \\[@s] \\![[b]] \\\\[[c]] [\\[d]]",
    "- item [[a]]\n\n      [[b]] code in item\n- ```\n  [[c]]\n  ```\n[[d]]\n",
    "1. one [@s]\n2. two\n\n   ![[q]]\n",
    "> quote [[a]]\nlazy [[b]]\n\n> ```\n> [[c]]\n\n[[d]]",
    "| h | [[a]] |\n|---|---|\n| `[[b]]` | [[c|C]] |\n| [@s; @t] | x |\n",
    "Claim.[^n]\n\n[^n]: Note [[a]] and `[[b]]`.\n\n    More [[c]].\n",
    "Summary of [[kh|Kata'ib Hezbollah]], which [@s1;@s2] says.\n",
    "# Head [[a]]\n\nSetext [[b]]\n---\n\n***\n\n![[q]]\n\n- ![[q2]]\n",
    "[text [[a]]](https://x.org) and [[b]](https://y.org) and ![alt [[c]]](i.png)",
    "<https://x.org/`> [[a]] ` `[[b]]`",
    "[[ ]] [[x [[a]] [@] [@ s ]",
    "- \n\n    [[a]] is code after an empty item\n",
    "[^1]:\n\n    [[a]] in the footnote\n",
    "Line one\\\nline two [[a]]  \nthree",
    "*[[a]]* **[@s]** ~~[[b|B]]~~",
]


@pytest.mark.parametrize("text", TRICKY)
def test_renderer_and_scanner_agree(text: str) -> None:
    assert rendered_calls(text) == scanned(text)


def test_cite_calls_group_consecutive_scanner_entries() -> None:
    text = "[@a; @b] and [@c]"
    resolver = FakeResolver()
    render_markdown(text, resolver)
    assert resolver.cites == [["a", "b"], ["c"]]
    assert len({r.offset for r in scan_references(text) if r.target in "ab"}) == 1


FRAGMENTS = [
    "[[a]]", "[[e|E]]", "![[b]]", "[@c; @d]", "`", "``", "```\n", "~~~\n", "    ", "\n",
    "\n\n", "- ", "1. ", "> ", "# ", "---\n", "\\", "text ", "\n\n[^1]: ",
]  # fmt: skip


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))
def test_renderer_and_scanner_agree_on_generated_text(text: str) -> None:
    """Strict agreement on texts built from the fragments above.

    Left out, as known gaps: a bare "|" (tables: markdown-it recognises a table before
    any other block and splits cells before inline parsing), a 4-space-indented
    ">" after a block quote (markdown-it, unlike CommonMark, continues the quote),
    and a lazy line indented 4 spaces after a nested quote (`> > x` then `    ~~~`:
    markdown-it, unlike CommonMark, ends both quotes and makes the line code; a
    reference the scanner misses there is shown as its literal text, never broken).
    """
    assume("    >" not in text)
    assume(not re.search(r"(?m)^(?:> ){2}.*\n {4}", text))
    assert rendered_calls(text) == scanned(text)
