"""CPU per page of two source trees' render, alternated batch by batch on a shared machine.

    python bench/render_ab.py CONTENT OLD_TREE NEW_TREE [--rounds R] [--kinds actor,event,all]

Starts one long-lived process per tree (each imports `explainer` from its tree,
reads CONTENT and renders every page once, so entries and templates are made as in
a build), then asks them in turn to render every page of a kind, R times, the two
in alternating order. Prints, per kind, each tree's median ms of CPU (process time)
per page with min–max, and the median of the paired ratios new/old: each pair ran
within a second of each other, so load from other work falls on both alike. It
first checks that the two trees write the same bytes (a SHA-256 of every page).
`OLD_TREE` is usually a worktree of main (`git worktree add --detach /tmp/x main`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

GROUPS = {"record": ("actor", "event", "quote")}


def serve(content: Path, tree: Path) -> None:
    """The child: render every page once, print a digest, then time the kinds asked for."""
    from render_kinds import planned_site  # this script's: the same for both trees

    import explainer
    from explainer.compiled import MarkdownCache, compile_texts, markdown_texts
    from explainer.fragments import Fragments
    from explainer.render import Tools, make_environment, render_page
    from explainer.theme import DEFAULT_THEME
    from explainer.view import View
    from explainer.write import static_files

    assert Path(explainer.__file__).is_relative_to(tree), explainer.__file__
    data, specs = planned_site(content)
    texts = sorted(set(markdown_texts(data.explainer)))
    md = MarkdownCache()
    md.add(texts, compile_texts(texts))
    static = frozenset(static_files(DEFAULT_THEME.static))
    tools = Tools(make_environment(DEFAULT_THEME.templates), md, static, Fragments())
    view = View(data)
    digest = hashlib.sha256()
    for spec in specs:
        digest.update(render_page(tools, view, spec))
    print(digest.hexdigest(), flush=True)
    for line in sys.stdin:
        kinds = GROUPS.get(line.strip(), (line.strip(),))
        chosen = [s for s in specs if "all" in kinds or s.kind in kinds]
        began = time.process_time()
        for spec in chosen:
            render_page(tools, view, spec)
        print(1000 * (time.process_time() - began) / max(len(chosen), 1), flush=True)


def start(content: Path, tree: Path) -> subprocess.Popen:
    """A child rendering with the `explainer` of `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    command = [sys.executable, __file__, "--serve", str(content), str(tree)]
    return subprocess.Popen(
        command, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


def ask(process: subprocess.Popen, kind: str) -> float:
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(kind + "\n")
    process.stdin.flush()
    return float(process.stdout.readline())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("content", type=Path)
    parser.add_argument("trees", type=Path, nargs="*")
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--kinds", default="actor,event,quote,all")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.content, args.trees[0])
    old, new = (start(args.content, tree.resolve()) for tree in args.trees)
    digests = [p.stdout.readline().strip() for p in (old, new)]  # type: ignore[union-attr]
    print("same pages" if digests[0] == digests[1] else f"PAGES DIFFER: {digests}")
    times: dict[tuple[int, str], list[float]] = {}
    for n in range(args.rounds):
        for kind in args.kinds.split(","):
            for i, process in ((0, old), (1, new)) if n % 2 == 0 else ((1, new), (0, old)):
                times.setdefault((i, kind), []).append(ask(process, kind))
    for process in (old, new):
        process.stdin.close()  # type: ignore[union-attr]
        process.wait()
    for kind in args.kinds.split(","):
        a, b = times[0, kind], times[1, kind]
        ratio = statistics.median(y / x for x, y in zip(a, b, strict=True))
        shown = [f"{statistics.median(t):.3f} ({min(t):.3f}–{max(t):.3f})" for t in (a, b)]
        print(f"{kind:8} old {shown[0]}  new {shown[1]} ms/page  new/old {ratio:.3f}")


if __name__ == "__main__":
    main()
