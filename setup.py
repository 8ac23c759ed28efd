"""Packaging: the wheel carries the default theme and the new explainer's project files.

The default theme is edited where it is used, in the top-level `templates/` and
`static/`. `build_py` copies those (and the CI and publishing files that
`explainer init` gives a new explainer) into `explainer/bundled/` of the built
package; MANIFEST.in puts them in the sdist, so a wheel built from it has them too.
Everything else is in pyproject.toml.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

HERE = Path(__file__).resolve().parent
# What is copied: a path in the project -> the same path under explainer/bundled/.
BUNDLED = [
    "templates",
    "static",
    ".github/workflows/check.yml",
    ".github/workflows/deploy.yml",
    "netlify.toml",
]


def bundled_files() -> list[str]:
    """Every file to bundle, as a path relative to the project, sorted; missing ones skipped."""
    found: list[str] = []
    for name in BUNDLED:
        path = HERE / name
        if path.is_file():
            found.append(name)
        elif path.is_dir():
            found += [
                p.relative_to(HERE).as_posix()
                for p in path.rglob("*")
                if p.is_file() and "__pycache__" not in p.parts
            ]
    return sorted(found)


class BuildWithTheme(build_py):
    """build_py, then the bundled files copied into explainer/bundled/."""

    def run(self) -> None:
        super().run()
        if self.editable_mode:  # an editable install reads the repository's own folders
            return
        root = Path(self.build_lib) / "explainer" / "bundled"
        shutil.rmtree(root, ignore_errors=True)  # no file left from an earlier build
        for name in bundled_files():
            target = root / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(HERE / name, target)

    def get_outputs(self, include_bytecode: bool = True) -> list[str]:
        outputs = super().get_outputs(include_bytecode)
        if self.editable_mode:
            return outputs
        root = Path(self.build_lib) / "explainer" / "bundled"
        return outputs + [str(root / name) for name in bundled_files()]


setup(cmdclass={"build_py": BuildWithTheme})
