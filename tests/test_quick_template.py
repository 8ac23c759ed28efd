"""Templates give the same text through `quick.QuickTemplate` as through Jinja's own."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined
from markupsafe import Markup, escape

from explainer.quick import QuickContext, QuickTemplate, escape_text
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


def test_the_build_environment_uses_it() -> None:
    assert make_environment().template_class is QuickTemplate
