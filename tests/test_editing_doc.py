"""docs/editing.md lists every message the checker can print: a new message fails this test.

The messages are found in the code itself: every string given to a
`Diagnostic`'s `error`/`warning` (and the parser's), to `DateError`, assigned
to `message`, or returned by the functions that word messages (the YAML and
value hints, reference checks). Each message's longest fixed piece of text must
appear in the doc, so a message added without its example and fix is caught.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "explainer"
DOC = ROOT / "docs" / "editing.md"
# Commands other than check and build word their own errors (usage, the server, the output).
NOT_CHECKER = {
    "cli.py", "editor_cli.py", "diff.py", "scaffold.py", "revisions.py", "output.py", "init.py",
    "theme.py", "trouble.py", "watch.py", "serve.py",
}  # fmt: skip
# Modules whose functions return message text, and functions elsewhere that do (besides
# every function named `…_problem` or whose docstring says it words a problem or message).
WORDING_MODULES = {"yamlhelp.py", "hints.py", "controls.py"}
WORDING_FUNCTIONS = {"check_reference", "id_problem", "unreadable_note", "read_regular"}
MIN_KEY = 6  # shorter fixed pieces ("' is ") say nothing about which message it is


def _pieces(node: ast.AST) -> list[str]:
    """The fixed text of a string expression (f-strings, + and implicit concatenation)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values if isinstance(v, ast.Constant)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _pieces(node.left) + _pieces(node.right)
    if isinstance(node, ast.IfExp):
        return []  # each branch is collected on its own
    return []


def _string_nodes(node: ast.AST) -> list[ast.AST]:
    return [n for n in ast.walk(node) if isinstance(n, ast.JoinedStr | ast.Constant)]


def _message_nodes(tree: ast.Module, module: str) -> list[ast.AST]:
    found: list[ast.AST] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = getattr(func, "attr", getattr(func, "id", ""))
            if name in ("error", "warning") and len(node.args) == 2:
                found += _string_nodes(node.args[1])
            elif name == "DateError" and node.args:
                found += _string_nodes(node.args[0])
        elif isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "message" for t in node.targets
        ):
            found += _string_nodes(node.value)
        elif isinstance(node, ast.FunctionDef) and (
            module in WORDING_MODULES
            or node.name in WORDING_FUNCTIONS
            or node.name.endswith("_problem")  # id_problem, control_problem …
            or re.search(r"\b(problem|message)", ast.get_docstring(node) or "", re.IGNORECASE)
        ):
            for inner in ast.walk(node):
                if isinstance(inner, ast.Return) and inner.value is not None:
                    found += _string_nodes(inner.value)
    return found


def _key(pieces: list[str]) -> str:
    longest = max(pieces, key=lambda p: len(p.strip(" '\";:,.()")), default="")
    return " ".join(longest.strip(" '\";:,.()").split())


def message_keys() -> dict[str, str]:
    """Each message's longest fixed piece -> where it is written (module:line)."""
    keys: dict[str, str] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in NOT_CHECKER or path.parent.name == "serve":  # the server's package
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _message_nodes(tree, path.name):
            key = _key(_pieces(node))
            if len(key) >= MIN_KEY:
                keys.setdefault(key, f"{path.relative_to(ROOT)}:{node.lineno}")
    return keys


def test_the_extraction_finds_the_messages() -> None:
    keys = message_keys()
    assert len(keys) > 60
    for known in ("tabs are not allowed for indentation in YAML; indent with spaces",
                  "is not cited by any record or section; cite it or remove it",
                  "is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD"):  # fmt: skip
        assert known in keys


def test_every_message_is_in_editing_md() -> None:
    doc = " ".join(DOC.read_text(encoding="utf-8").split())
    missing = [f"{where}: {key!r}" for key, where in message_keys().items() if key not in doc]
    assert not missing, "docs/editing.md lacks these messages:\n" + "\n".join(missing)


def test_readme_links_editing_md() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"\]\(docs/editing\.md\)", readme)
