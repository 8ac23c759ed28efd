"""CPU time of the render step, per kind of page, in one process (Markdown compiled first).

    PYTHONPATH=. python bench/render_kinds.py CONTENT [--plain] [--repeat R] [--profile FILE]

Prints ms of CPU (process time) per page for each top folder of the site, and the
whole render: the least of `R` renders of every page (each with new `Tools`, so
entries are rendered once per render as in a build; the machine is shared, and
the least is the least disturbed). The collector is set as `build` sets it.
`--plain` renders every entry on every page (no `Fragments`), the path the
preview server takes; `--profile` writes a cProfile of the render to FILE.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import time
from pathlib import Path

from explainer.build import plan_site, site_data
from explainer.cli import GC_THRESHOLD
from explainer.compiled import MarkdownCache, compile_texts, markdown_texts
from explainer.fragments import Fragments
from explainer.pages import PageSpec
from explainer.pipeline import read_explainer
from explainer.render import Tools, make_environment, render_page, template_cache
from explainer.theme import DEFAULT_THEME
from explainer.view import SiteData, View
from explainer.write import static_files


def planned_site(content: Path) -> tuple[SiteData, list[PageSpec]]:
    """The explainer at `content` read, checked and planned as `build` does it, with
    the collector set as `build` sets it."""
    gc.set_threshold(*GC_THRESHOLD)
    explainer, _ = read_explainer(content, str(content))
    assert explainer is not None
    data = site_data(explainer, "https://example.org/story/", False)
    return data, plan_site(data, DEFAULT_THEME)[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("--plain", action="store_true")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--profile")
    args = parser.parse_args()
    data, specs = planned_site(args.content)
    texts = sorted(set(markdown_texts(data.explainer)))
    md = MarkdownCache()
    md.add(texts, compile_texts(texts))
    env = make_environment(DEFAULT_THEME.templates, template_cache())
    static = frozenset(static_files(DEFAULT_THEME.static))
    best: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        tools = Tools(env, md=md, static=static, fragments=None if args.plain else Fragments())
        kinds = render_all(tools, View(data), specs, args.profile)
        for kind, found in kinds.items():
            if kind not in best or found[1] < best[kind][1]:
                best[kind] = found
    total = sum(found[1] for found in best.values())
    print(f"render {total:.2f} s CPU, {len(specs)} pages, {1000 * total / len(specs):.3f} ms/page")
    for kind, (n, spent, size) in sorted(best.items(), key=lambda kv: -kv[1][1])[:12]:
        per = 1000 * spent / n
        print(
            f"  {kind:16} {n:6} pages {spent:7.2f} s {per:8.3f} ms/page {size / n / 1024:8.1f} KiB"
        )


def render_all(tools: Tools, view: View, specs: list, profile_to: str | None) -> dict:
    """(pages, CPU seconds, bytes) of each top folder."""
    profile = cProfile.Profile() if profile_to else None
    kinds: dict[str, list] = {}
    if profile:
        profile.enable()
    for spec in specs:
        began = time.process_time()
        size = len(render_page(tools, view, spec))
        found = kinds.setdefault(spec.path.split("/")[0], [0, 0.0, 0])
        found[0] += 1
        found[1] += time.process_time() - began
        found[2] += size
    if profile:
        profile.disable()
        profile.dump_stats(profile_to)
    return kinds


if __name__ == "__main__":
    main()
