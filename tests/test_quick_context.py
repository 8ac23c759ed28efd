"""Templates call functions through `quick.QuickContext` exactly as through Jinja's own."""

from __future__ import annotations

import jinja2
import pytest
from jinja2 import DictLoader, Environment, StrictUndefined, UndefinedError, pass_context
from jinja2.runtime import Context

from explainer import quick
from explainer.quick import QuickContext
from explainer.render import make_environment


def render(context_class: type[Context], text: str) -> str:
    env = Environment(loader=DictLoader({"t": text}), undefined=StrictUndefined, autoescape=True)
    env.context_class = context_class

    @pass_context
    def seen(context: Context, name: str) -> str:
        return f"{name}={context.get(name)}"

    class Thing:
        def shout(self, word: str, times: int = 1) -> str:
            return (word.upper() + "!") * times

    def stops() -> str:
        raise StopIteration

    env.globals.update(seen=seen, thing=Thing(), stops=stops, macro_free=len)
    return env.get_template("t").render(x="<b>")


@pytest.mark.parametrize(
    "text",
    [
        "{{ thing.shout('a', times=2) }} {{ macro_free([1, 2]) }} {{ seen('x') }}",
        "{% for i in [1, 2] %}{% set y = i %}{{ seen('y') }} {{ thing.shout(x) }}{% endfor %}",
        "{% macro m(v) %}[{{ v }}]{% endmacro %}{{ m(thing.shout('b')) }}",
        "{% block b %}{% set z = 2 %}{{ seen('z') }} {{ thing.shout('c', times=z) }}{% endblock %}",
        "{% macro m(v, w=1) %}[{{ v }}{{ w }}]{% endmacro %}"
        "{% for i in [1, 2] %}{{ m(i) }}{{ m(i, w=i) }}{{ m(v=i) }}{% endfor %}",
    ],
)
def test_calls_give_what_jinja_gives(text: str) -> None:
    assert render(QuickContext, text) == render(Context, text)


def test_a_callable_that_raises_stop_iteration_gives_undefined_as_in_jinja() -> None:
    for context_class in (Context, QuickContext):
        with pytest.raises(UndefinedError, match="StopIteration"):
            render(context_class, "{{ stops() }}")


def test_the_build_environment_uses_it_with_the_jinja_it_was_written_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert jinja2.__version__.startswith("3.1.") == quick.SUPPORTED
    monkeypatch.setattr(quick, "SUPPORTED", True)
    assert make_environment().context_class is QuickContext
    monkeypatch.setattr(quick, "SUPPORTED", False)
    assert make_environment().context_class is Context
