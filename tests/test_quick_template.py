"""Templates give the same text through `quick.QuickTemplate` as through Jinja's own."""

from __future__ import annotations

import pytest
from jinja2 import DictLoader, Environment, StrictUndefined, Template
from markupsafe import Markup, escape

from explainer.quick import QuickTemplate, escape_text
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
    "macros.html": "{% macro box(v) %}[{{ v }}]{% endmacro %}",
    "page.html": (
        "{% extends 'base.html' %}{% from 'macros.html' import box %}{% block body %}"
        "{% set held %}<p>{{ x }}</p>{% endset %}{{ held }}{{ box(held) }}{{ box(x) | upper }}"
        "{% filter upper %}{{ x }}<em>{{ html }}</em>{% endfilter %}{{ x ~ html }}"
        "{{ [x, html] | join(', ') }}{{ n }}{{ none }}{{ obj }}{{ x | e }}"
        "{% for i in range(2) %}{% include 'inc.html' %}{% endfor %}{% endblock %}"
    ),
}


def render(template_class: type[Template]) -> str:
    env = Environment(loader=DictLoader(PARTS), undefined=StrictUndefined, autoescape=True)
    env.template_class = template_class
    values = {"x": "<&'\">", "html": Markup("<b>&amp;</b>"), "n": 7, "none": None}
    return env.get_template("page.html").render(title="T<", obj=Html(), **values)


def test_a_template_renders_as_with_jinjas_own_template_class() -> None:
    assert render(QuickTemplate) == render(Template)
    assert "&lt;&amp;&#39;&#34;&gt;" in render(QuickTemplate)


def test_the_build_environment_uses_it() -> None:
    assert make_environment().template_class is QuickTemplate
