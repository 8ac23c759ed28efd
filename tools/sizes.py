"""Report the size rules of the developers' guide for `explainer/`.

    python tools/sizes.py [--check]

Lists modules over 400 lines and functions over 50 lines (counted from `def`
to the function's last line, docstring included), and prints the median
function length both that way and as lines of code (without the docstring and
blank lines; the guide aims at 6 or fewer). Nested functions count on their
own. `--check` exits 1 when a rule is broken.
"""

from __future__ import annotations

import ast
import statistics
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "explainer"
MODULE_MAX, FUNCTION_MAX, MEDIAN_MAX = 400, 50, 6


def functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    kinds = (ast.FunctionDef, ast.AsyncFunctionDef)
    return [node for node in ast.walk(tree) if isinstance(node, kinds)]


def function_length(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    start = min([node.lineno, *(d.lineno for d in node.decorator_list)])
    return (node.end_lineno or node.lineno) - start + 1


def code_lines(node: ast.FunctionDef | ast.AsyncFunctionDef, lines: list[str]) -> int:
    """Lines of code: the function's lines without its docstring and blank lines."""
    first = node.body[0] if node.body else None
    skip: set[int] = set()
    if isinstance(first, ast.Expr) and isinstance(getattr(first.value, "value", None), str):
        skip = set(range(first.lineno, (first.end_lineno or first.lineno) + 1))
    end = node.end_lineno or node.lineno
    return sum(1 for n in range(node.lineno, end + 1) if n not in skip and lines[n - 1].strip())


def median_code_lines(package: Path = PACKAGE) -> float:
    counts = []
    for path in sorted(package.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        counts += [code_lines(node, text.splitlines()) for node in functions(ast.parse(text))]
    return statistics.median(counts)


def measure(package: Path = PACKAGE) -> tuple[dict[str, int], dict[str, int]]:
    """Module -> lines, and `module:function` -> lines, for every module of `package`."""
    modules, lengths = {}, {}
    for path in sorted(package.rglob("*.py")):
        name = path.relative_to(package.parent).as_posix()
        text = path.read_text(encoding="utf-8")
        modules[name] = len(text.splitlines())
        for node in functions(ast.parse(text)):
            lengths[f"{name}:{node.lineno}:{node.name}"] = function_length(node)
    return modules, lengths


def report(modules: dict[str, int], lengths: dict[str, int]) -> tuple[list[str], float]:
    """The broken rules, one line each, and the median function length."""
    problems = [f"{m}: {n} lines (max {MODULE_MAX})" for m, n in modules.items() if n > MODULE_MAX]
    problems += [
        f"{f}: {n} lines (max {FUNCTION_MAX})" for f, n in lengths.items() if n > FUNCTION_MAX
    ]
    return problems, statistics.median(lengths.values())


def main() -> int:
    modules, lengths = measure()
    problems, median = report(modules, lengths)
    print("\n".join(problems) or "no module over 400 lines, no function over 50 lines")
    code = median_code_lines()
    print(
        f"{len(modules)} modules, {len(lengths)} functions; median function {median:g} lines "
        f"from def to end, {code:g} lines of code (without docstring and blank lines)"
    )
    broken = bool(problems) or code > MEDIAN_MAX
    return 1 if broken and "--check" in sys.argv else 0


if __name__ == "__main__":
    sys.exit(main())
