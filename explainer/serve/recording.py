"""Recording what a page read: the view's primitive reads, and the templates it used.

`RecordingView` is a `View` that notes each primitive read (the names in
`view.READS`) as a key `(name, *args)`; `view.read(other_view, key)` repeats it.
Because the primitives are wrapped generically, a new index or page kind is
recorded with no registration anywhere.

Templates are recorded where they are asked for: `RecordingTools` notes the
name of each template a page renders (its own and any embedded partial), and
`TemplateClosures` adds the templates those extend, include or import, found by
Jinja's own `meta.find_referenced_templates` in the source the loader gives.
`load_all` compiles every template of an environment at once, so that a build's
pages, rendered later on request, see the templates as they were at that build.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from jinja2 import Environment, TemplateNotFound, meta

from ..render import Tools
from ..view import READS, Key, View

ANY_TEMPLATE = "*"  # a page that names a template dynamically depends on all of them
SUFFIXES = (".html", ".xml", ".txt", ".json", ".js", ".css", ".svg")  # template files


class RecordingView(View):
    """A view that adds the key of every primitive read to `keys`."""

    __slots__ = ("keys",)

    def __init__(self, data: Any, keys: set[Key]) -> None:
        super().__init__(data)
        self.keys = keys


def _recorded(name: str) -> Callable[..., Any]:
    primitive = getattr(View, name)

    def method(self: RecordingView, *args: Any) -> Any:
        self.keys.add((name, *args))
        return primitive(self, *args)

    method.__name__ = name
    method.__doc__ = primitive.__doc__
    return method


for _name in READS:
    setattr(RecordingView, _name, _recorded(_name))


@dataclass(slots=True)
class TemplateClosures:
    """For one Jinja environment: each template's name with all it extends/includes."""

    env: Environment
    found: dict[str, frozenset[str]] = field(default_factory=dict)

    def of(self, name: str) -> frozenset[str]:
        closure = self.found.get(name)
        if closure is None:
            closure = self.found[name] = frozenset(self._walk(name))
        return closure

    def _walk(self, name: str) -> set[str]:
        seen, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            todo += self._referenced(current)
        return seen

    def _referenced(self, name: str) -> list[str]:
        assert self.env.loader is not None
        try:
            source = self.env.loader.get_source(self.env, name)[0]
        except TemplateNotFound:
            return []
        names = list(meta.find_referenced_templates(self.env.parse(source)))
        return [ANY_TEMPLATE if n is None else n for n in names]


@dataclass(slots=True)
class RecordingTools(Tools):
    """Tools that note each template a page renders, with its closure, in `templates`."""

    closures: TemplateClosures | None = None
    templates: set[str] = field(default_factory=set)

    def render_template(self, name: str, context: dict[str, Any]) -> str:
        assert self.closures is not None
        self.templates |= self.closures.of(name)
        return self.env.get_template(name).render(context)


def load_all(env: Environment) -> TemplateClosures:
    """Compile every template now, so that pages rendered later from this environment never
    read a template file again (a syntax error is raised here), with each one's closure."""
    closures = TemplateClosures(env)
    names = env.list_templates(filter_func=_is_template)
    for name in names:
        env.get_template(name)
    for name in names:
        closures.of(name)
    return closures


def _is_template(name: str) -> bool:
    """Template files, not an editor's hidden or backup files beside them."""
    return name.endswith(SUFFIXES) and not any(part.startswith(".") for part in name.split("/"))
