"""Templates give the same text through `quick.QuickTemplate` as through Jinja's own."""

from __future__ import annotations

from collections import ChainMap

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined, Template
from markupsafe import Markup, escape

from explainer import quick
from explainer.quick import QuickContext, QuickTemplate, escape_text, flat
from explainer.render import make_environment


class Html:
    def __html__(self) -> str:
        return "<i>mine</i>"


class Text(str):
    """A subclass of str, escaped as text."""


@pytest.mark.parametrize(
    "value",
    ["a<b>&'\"", "", Markup("<b>x</b>"), 3, 2.5, None, Html(), Text("<t>"), ["<l>"]],
)
def test_escape_text_is_markupsafe_escape_as_str(value: object) -> None:
    found = escape_text(value)
    assert type(found) in (str, Markup) and found == escape(value)


def test_flat_gives_the_items_of_a_chain_map_in_its_order() -> None:
    chain = ChainMap({"a": 1, "z": 0}, {"b": 2, "a": 3, "c": 4}, {"d": 5, "b": 6})
    assert list(flat(chain).items()) == list(dict(chain).items())


PARTS = {
    "base.html": "<{{ title }}>{% block body %}{% endblock %}|{% include 'inc.html' %}",
    "inc.html": "{% from 'macros.html' import box %}{{ box(x) }}{{ x }}{{ html }}",
    "macros.html": "{% macro box(v) %}[{{ v }}{{ mark | default('') }}]{% endmacro %}",
    "page.html": (
        "{% extends 'base.html' %}{% from 'macros.html' import box %}{% block body %}"
        "{% set held %}<p>{{ x }}</p>{% endset %}{{ held }}{{ box(held) }}{{ box(x) | upper }}"
        "{% filter upper %}{{ x }}<em>{{ html }}</em>{% endfilter %}{{ x ~ html }}"
        "{{ [x, html] | join(', ') }}{{ n }}{{ none }}{{ obj }}{{ x | e }}"
        "{% for i in range(2) %}{% include 'inc.html' %}{% endfor %}{% endblock %}"
    ),
}


def render(quick: bool, template_globals: dict | None = None) -> str:
    env = Environment(loader=DictLoader(PARTS), undefined=StrictUndefined, autoescape=True)
    if quick:
        env.template_class, env.context_class = QuickTemplate, QuickContext
    values = {"x": "<&'\">", "html": Markup("<b>&amp;</b>"), "n": 7, "none": None}
    template = env.get_template("page.html", globals=template_globals)
    return template.render(title="T<", obj=Html(), **values)


@pytest.mark.parametrize("template_globals", [None, {"mark": "!"}])
def test_a_template_renders_as_with_jinjas_own_classes(template_globals: dict | None) -> None:
    assert render(True, template_globals) == render(False, template_globals)
    assert "&lt;&amp;&#39;&#34;&gt;" in render(True, template_globals)


def test_the_build_environment_uses_it_with_the_jinja_it_was_written_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(quick, "SUPPORTED", True)
    assert make_environment().template_class is QuickTemplate
    monkeypatch.setattr(quick, "SUPPORTED", False)
    assert make_environment().template_class is Template


MACROS = (
    "{% macro one(v) %}[{{ v }}]{% endmacro %}"
    "{% macro two(a, b='<d>') %}{{ a }}/{{ b }}{% endmacro %}"
    "{% macro rest() %}{{ varargs | join(',') }};{{ kwargs | dictsort }}{% endmacro %}"
    "{% macro frame() %}<{{ caller() }}>{% endmacro %}"
    "{% macro named(caller=none) %}{{ caller }}{% endmacro %}"
    "{% macro boom() %}{{ stops() }}{% endmacro %}"
)


@pytest.mark.parametrize(
    "text",
    [
        "{{ one('<x>') }}{{ one(html) }}{{ two(1) }}{{ two(1, 2) }}{{ two(b=3, a=4) }}",
        "{% for i in [1, 2] %}{{ one(i) }}{{ two(i, loop.index) }}{% endfor %}",
        "{{ rest(1, 2, k='<v>') }}{% call frame() %}in{% endcall %}{{ named('c') }}",
        "{% set held %}{{ one('<s>') }}{% endset %}{{ held }}{{ one(x) | upper }}",
    ],
)
def test_macro_calls_give_what_jinja_gives(text: str) -> None:
    assert render_text(True, MACROS + text) == render_text(False, MACROS + text)


@pytest.mark.parametrize(
    "text", ["{{ one() }}", "{{ one(1, 2) }}", "{{ one(1, k=2) }}", "{{ boom() }}"]
)
def test_a_macro_given_the_wrong_arguments_fails_as_in_jinja(text: str) -> None:
    assert outcome(True, MACROS + text) == outcome(False, MACROS + text)


def outcome(quick: bool, text: str) -> str:
    try:
        return render_text(quick, text)
    except Exception as error:  # the error Jinja gives, compared as type and message
        return f"{type(error).__name__}: {error}"


def render_text(quick: bool, text: str) -> str:
    env = Environment(loader=DictLoader({"t": text}), undefined=StrictUndefined, autoescape=True)
    if quick:
        env.template_class, env.context_class = QuickTemplate, QuickContext

    def stops() -> str:
        raise StopIteration

    env.globals.update(stops=stops, x="<&>", html=Markup("<b>"))
    return env.get_template("t").render()


def test_quick_environment_keeps_each_loaded_template_by_name() -> None:
    loader = DictLoader({"a.html": "a{% include 'b.html' %}", "b.html": "b"})
    env = quick.QuickEnvironment(loader=loader, auto_reload=False)
    first = env.get_template("a.html")
    assert env.get_template("a.html") is first
    assert env.get_template("b.html", "a.html") is env.get_template("b.html")
    assert env.get_template(first) is first
    assert first.render() == "ab"
    assert env.get_template("a.html", globals={"x": 1}).globals["x"] == 1  # Jinja's way


def test_quick_environment_that_reloads_finds_a_changed_template() -> None:
    parts = {"a.html": "old"}
    env = quick.QuickEnvironment(loader=DictLoader(parts), auto_reload=True)
    assert env.get_template("a.html").render() == "old"
    parts["a.html"] = "new"
    assert env.get_template("a.html").render() == "new"
    assert env.loaded == {}
