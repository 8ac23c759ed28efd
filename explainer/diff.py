"""`explainer diff OLD NEW`: what a change does to the explainer, for a reviewer.

OLD and NEW are content folders or git revisions (`origin/main content`
compares the main branch's content with the working tree's). Both are checked
and built in memory with the same templates; the records added, removed and
changed, and the pages that differ, are printed as text for the terminal or
as Markdown for a pull request's job summary.
"""

from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from .build import build_site
from .changes import PageChanges, RecordChange, pages_changed, record_changes
from .diagnostics import format_text, has_errors
from .revisions import RevisionError, content_folder
from .validate import Explainer

PAGES_SHOWN = 40  # longer lists of pages are folded (Markdown) or cut (text)
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")
_VERBS = {"+": "Added", "-": "Removed", "~": "Changed"}
_SIGNS = {"+": "+", "-": "−", "~": "~"}


def _count(words: list[tuple[int, str]]) -> str:
    shown = [f"{n} {word}" for n, word in words if n]
    return ", ".join(shown) if shown else "none"


def _record_counts(changes: list[RecordChange]) -> str:
    return _count([(sum(c.sign == s for c in changes), _VERBS[s].lower()) for s in "+-~"])


def _page_counts(pages: PageChanges) -> str:
    words = [(len(pages.added), "added"), (len(pages.removed), "removed")]
    return _count([*words, (len(pages.changed), "changed")])


def format_text_summary(changes: list[RecordChange], pages: PageChanges) -> str:
    """The change for the terminal: one line per record, then the pages."""
    lines = [f"Records: {_record_counts(changes)}"]
    for change in changes:
        line = f"  {_SIGNS[change.sign]} {change.name}"
        if change.details:
            line += ": " + "; ".join(change.details)
        elif change.label:
            line += f" ({change.label})"
        lines.append(line)
    lines.append(f"Pages: {_page_counts(pages)}")
    listed = [("+", p) for p in pages.added] + [("−", p) for p in pages.removed]
    listed += [("~", p) for p in pages.changed]
    lines += [f"  {sign} {page}" for sign, page in listed[:PAGES_SHOWN]]
    if len(listed) > PAGES_SHOWN:
        lines.append(f"  … and {len(listed) - PAGES_SHOWN} more")
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    """Text from content, escaped so Markdown shows it as written."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _md_record(change: RecordChange) -> str:
    name = "`site.yaml`" if change.kind == "site" else f"{change.kind} `{change.id}`"
    line = f"- **{_VERBS[change.sign]}** {name}"
    if change.details:
        return line + ": " + "; ".join(_md(d) for d in change.details)
    return line + (f" ({_md(change.label)})" if change.label else "")


def _md_pages(title: str, pages: tuple[str, ...]) -> list[str]:
    if not pages:
        return []
    items = ", ".join(f"`{p}`" for p in pages[:PAGES_SHOWN])
    more = f" and {len(pages) - PAGES_SHOWN} more" if len(pages) > PAGES_SHOWN else ""
    return [f"- {title}: {items}{more}"]


def format_markdown_summary(changes: list[RecordChange], pages: PageChanges) -> str:
    """The change for a pull request's job summary."""
    lines = ["## What this change does to the explainer", ""]
    lines += [f"**Records:** {_record_counts(changes)}", ""]
    lines += [_md_record(c) for c in changes]
    lines += ["", f"**Pages:** {_page_counts(pages)}", ""]
    page_lines = _md_pages("new", pages.added) + _md_pages("gone", pages.removed)
    page_lines += _md_pages("changed", pages.changed)
    if len(pages.changed) > 10:
        lines += ["<details><summary>The pages</summary>", "", *page_lines, "", "</details>"]
    else:
        lines += page_lines
    return "\n".join(lines).rstrip("\n") + "\n"


FORMATS = {"text": format_text_summary, "markdown": format_markdown_summary}


def _built(name: str, folder: Path, shown: str) -> tuple[Explainer, dict[str, bytes]] | None:
    """Check and build one side; None (the problems printed) when its content has errors."""
    built = build_site(folder, shown)
    if built.data is None or has_errors(built.diagnostics):
        print(f"error: the content of {name} has errors:", file=sys.stderr)
        sys.stderr.write(format_text([d for d in built.diagnostics if d.severity == "error"]))
        return None
    return built.data.explainer, built.pages


def diff_command(old: str, new: str, content: str, fmt: str) -> int:
    """Print what changes from OLD to NEW; 0 done, 1 content errors, 2 a bad argument."""
    with tempfile.TemporaryDirectory(prefix="explainer-diff-") as temp:
        sides = []
        try:
            for index, name in enumerate((old, new)):
                into = Path(temp, str(index))
                folder = content_folder(name, content, Path.cwd(), into)
                shown = name if folder == Path.cwd() / name else f"{name}:{content}"
                sides.append((name, folder, shown))
        except RevisionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        results = [_built(*side) for side in sides]
    if results[0] is None or results[1] is None:
        return 1
    (old_explainer, old_pages), (new_explainer, new_pages) = results
    changes = record_changes(old_explainer, new_explainer)
    sys.stdout.write(FORMATS[fmt](changes, pages_changed(old_pages, new_pages)))
    return 0
