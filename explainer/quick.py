"""Jinja's templates with less work per `{{ }}` and per import, giving the same text.

`QuickTemplate` is the environment's template class (`make_environment`). It
changes two pieces of Jinja's runtime that a page pays for hundreds of times:

- Every `{{ value }}` of an autoescaping template is written as
  `escape(value)`, which makes a `Markup` of the escaped text (two Python
  calls and a second look for `__html__`), only for the text to be joined
  into the page. A compiled template's `escape` is ours: the same characters
  as plain `str`. What a template passes on as HTML (a macro's result, a
  `{% set %}` block, a filter block's text) Jinja marks itself, from the
  joined text, so nothing else changes.
- `{% from "x.html" import m %}` compares the importing context's globals with
  the template's each time, through a slow `Set.__rsub__`; here by `set.difference`.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from jinja2 import Environment, Template
from jinja2.environment import TemplateModule
from jinja2.runtime import Context
from markupsafe import Markup
from markupsafe import escape as markup_escape

try:
    from markupsafe import _escape_inner as _escape_text  # the C function escape uses
except ImportError:  # pragma: no cover - a MarkupSafe without it

    def _escape_text(text: str) -> str:
        return str(markup_escape(text))


def escape_text(value: Any) -> str:
    """What `markupsafe.escape(value)` gives, as `str`: HTML as it is, other text escaped."""
    kind = type(value)
    if kind is str:
        return _escape_text(value)
    if kind is Markup:
        return value
    if hasattr(value, "__html__"):
        return str(Markup(value))
    return _escape_text(str(value))


class QuickTemplate(Template):
    """A template whose `{{ }}` escape and imports take the quick paths above."""

    @classmethod
    def _from_namespace(
        cls,
        environment: Environment,
        namespace: MutableMapping[str, Any],
        globals: MutableMapping[str, Any],
    ) -> Template:
        if environment.autoescape is True and "escape" in namespace:
            namespace["escape"] = escape_text  # only the `{{ }}` of this template use it
        return super()._from_namespace(environment, namespace, globals)

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        if self.environment.is_async:
            return super()._get_default_module(ctx)  # which refuses, as Jinja does
        if ctx is not None:
            keys = ctx.globals_keys.difference(self.globals)
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
        if self._module is None:
            self._module = self.make_module()
        return self._module
