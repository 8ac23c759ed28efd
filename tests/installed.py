"""The package as installed from its wheel, for tests: one build and one venv a session.

`dist` builds the sdist and, from it, the wheel (`python -m build`, offline,
with the running environment's setuptools); `venv` installs the wheel into one
fresh virtual environment whose dependencies come from the running one.
tests/conftest.py makes both fixtures available to every test module.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def clean_env(**extra: str) -> dict[str, str]:
    """The environment without PYTHONPATH, so the venv's own copy of explainer is used."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return {**env, **extra}


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    """Run a command; its stdout, or a failure that shows what it printed."""
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, f"{args} exited {done.returncode}:\n{done.stdout}{done.stderr}"
    return done.stdout


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sdist, and the wheel built from it."""
    try:  # the distribution, not the module: `import build` may find the repository's build.py
        importlib.metadata.version("build")
    except importlib.metadata.PackageNotFoundError:
        pytest.skip("the `build` package (a test extra) is not installed: it builds the wheel")
    out = tmp_path_factory.mktemp("dist")
    # Not from ROOT nor with ROOT on PYTHONPATH: `-m build` would run the repository's build.py.
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", out, ROOT, cwd=out,
        env=clean_env())  # fmt: skip
    return {"wheel": next(out.glob("*.whl")), "sdist": next(out.glob("*.tar.gz"))}


@pytest.fixture(scope="session")
def venv(tmp_path_factory: pytest.TempPathFactory, dist: dict[str, Path]) -> Path:
    """A fresh virtual environment with the wheel installed; its `bin` folder."""
    root = tmp_path_factory.mktemp("venv") / "env"
    run(sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", root,
        cwd=root.parent)  # fmt: skip
    python = root / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--ignore-installed",
        dist["wheel"], cwd=root.parent)  # fmt: skip
    return root / "bin"
