"""Jinja's templates with less work per `{{ }}` and per import, giving the same text.

`QuickContext` and `QuickTemplate` are the environment's context and template
classes (`render.make_environment`). They change pieces of Jinja's runtime that
a page pays for hundreds of times:

- Every call in a template goes through `Context.call`, which looks for
  `pass_context`-style markers with three `hasattr` each time. A Python
  function or method without the marker (in its `__dict__`, where
  `pass_context` puts it) is called here as Jinja would call it; anything
  else (filters, classes, marked functions) goes Jinja's way. A macro given
  exactly its arguments by position (the usual call) skips the same search
  and `Macro.__call__`'s sorting of arguments. Inside a block or a loop,
  Jinja passes every call the block's or loop's variables as keywords, for
  marked functions alone: taken as named parameters here, they cost no
  dictionary of keywords on each call (a third of the instructions of the call).
- Every context (each page, each `{% include %}`) made a set of the names of
  the template's globals, which only an import reads: made by the import here.
- Every `{{ value }}` of an autoescaping template is written as
  `escape(value)`, which makes a `Markup` of the escaped text (two Python
  calls and a second look for `__html__`), only for the text to be joined
  into the page. A compiled template's `escape` is ours: the same characters
  as plain `str`. What a template passes on as HTML (a macro's result, a
  `{% set %}` block, a filter block's text) Jinja marks itself, from the
  joined text, so nothing else changes.
- A page's context copied the template's globals (a `ChainMap`) key by key,
  through Python methods; here as one dict.
- Every `get_template` (the page's, each `{% include %}`'s and entry's, about
  nine a page) made a weak reference and a tuple to find the template in
  Jinja's cache: an environment that never reloads keeps each template it has
  loaded by name in a dict.
- `{% from "x.html" import m %}` compared the importing context's globals with
  the template's through a slow `Set.__rsub__`, reading each `ChainMap` by
  Python methods; here by `set.difference` of flat dicts.
"""

from __future__ import annotations

from collections import ChainMap
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from types import FunctionType, MethodType
from typing import Any

import jinja2
from jinja2 import Environment, Template
from jinja2.environment import TemplateModule
from jinja2.runtime import Context, Macro, new_context
from markupsafe import Markup
from markupsafe import escape as markup_escape

# These classes lean on Jinja 3.1's runtime (Macro's fields, Template._from_namespace):
# with another Jinja the environment keeps Jinja's own classes (slower, same pages).
SUPPORTED = jinja2.__version__.startswith("3.1.")
_STOPPED = "value was undefined because a callable raised a StopIteration exception"  # Jinja's

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


def flat(chain: ChainMap) -> dict[str, Any]:
    """A `ChainMap` as one dict: the same items, in the order iterating it gives."""
    found: dict[str, Any] = {}
    for names in reversed(chain.maps):
        found.update(names)
    return found


def _as_dict(names: Mapping[str, Any]) -> Mapping[str, Any]:
    """A mapping whose keys set operations read at C speed (a `ChainMap` made flat)."""
    return flat(names) if type(names) is ChainMap else names


class QuickContext(Context):
    """Jinja's template context, calling plain functions and methods directly."""

    def __init__(
        self,
        environment: Environment,
        parent: dict[str, Any],
        name: str | None,
        blocks: dict[str, Callable[[Context], Iterator[str]]],
        globals: MutableMapping[str, Any] | None = None,
    ) -> None:
        super().__init__(environment, parent, name, blocks)  # `globals_keys` left empty
        self.template_globals = globals  # their names are read by an import only

    def call(
        __self,
        __obj: Any,
        *args: Any,
        _loop_vars: dict[str, Any] | None = None,  # given only to a marked function; taken
        _block_vars: dict[str, Any] | None = None,  # by name, so no dict is made per call
        **kwargs: Any,
    ) -> Any:
        if type(__obj) is Macro:
            return __self._call_macro(__obj, args, kwargs)
        func = __obj.__func__ if type(__obj) is MethodType else __obj
        if type(func) is not FunctionType or "jinja_pass_arg" in func.__dict__:
            scoped = {"_loop_vars": _loop_vars, "_block_vars": _block_vars}
            return Context.call(__self, __obj, *args, **scoped, **kwargs)
        try:
            return __obj(*args, **kwargs) if kwargs else __obj(*args)
        except StopIteration:  # as Jinja does
            return __self.environment.undefined(_STOPPED)

    def _call_macro(self, macro: Macro, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """A macro given exactly its arguments, by position, runs as `Macro.__call__` runs
        it then; any other call (defaults, keywords, `caller`) goes Jinja's way."""
        if (
            len(args) != macro._argument_count
            or kwargs
            or macro.catch_kwargs
            or macro.catch_varargs
            or macro.caller
            or macro.explicit_caller
        ):
            return Context.call(self, macro, *args, **kwargs)
        try:
            return macro._invoke(list(args), self.eval_ctx.autoescape)
        except StopIteration:  # as Jinja does
            return self.environment.undefined(_STOPPED)


class QuickEnvironment(Environment):
    """Jinja's environment, finding the templates it has loaded by name in a dict."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.loaded: dict[str, Template] = {}

    def get_template(
        self,
        name: str | Template,
        parent: str | None = None,
        globals: MutableMapping[str, Any] | None = None,
    ) -> Template:
        if type(name) is not str or globals is not None:
            return super().get_template(name, parent, globals)
        if parent is not None:
            name = self.join_path(name, parent)
        found = self.loaded.get(name)
        if found is None:
            found = super().get_template(name)
            if not self.auto_reload:  # else it may change: found Jinja's way each time
                self.loaded[name] = found
        return found


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

    def new_context(
        self,
        vars: dict[str, Any] | None = None,
        shared: bool = False,
        locals: Mapping[str, Any] | None = None,
    ) -> Context:
        """As Jinja's, with the globals (a `ChainMap` of the template's over the
        environment's) copied into the page's context as one dict, not key by key."""
        names = self.globals
        if not shared and type(names) is ChainMap:
            names = flat(names)
        return new_context(self.environment, self.name, self.blocks, vars, shared, names, locals)

    def _get_default_module(self, ctx: Context | None = None) -> TemplateModule:
        if self.environment.is_async:
            return super()._get_default_module(ctx)  # which refuses, as Jinja does
        if ctx is not None:
            names = getattr(ctx, "template_globals", None)
            known = ctx.globals_keys if names is None else set(_as_dict(names))
            keys = known.difference(_as_dict(self.globals))
            if keys:
                return self.make_module({k: ctx.parent[k] for k in keys})
        if self._module is None:
            self._module = self.make_module()
        return self._module
