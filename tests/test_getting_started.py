"""docs/getting-started.md, run as written, with the installed `explainer` command.

The doc's fenced blocks are taken in order: every line of a `sh` block is run
(a `cd` moves the following ones); a block whose preceding line ends with
"`path`:" is written to that file, or appended to it after "at the end of
`path`:". Three kinds of line are stood in for, each asserted to read as the
test expects: making and activating the virtual environment (the session's
`venv` fixture is one, on PATH), `pip install` of the engine (the wheel, from
the running environment's packages, not the network), and `explainer serve`
(started on a free port, asked for the home page, stopped with Ctrl-C).
"""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import threading
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from test_build import broken_links

from explainer.assets import minify_css
from explainer.cli import main
from installed import ROOT, clean_env

DOC = ROOT / "docs" / "getting-started.md"
FENCE = re.compile(r"^```(\w*)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
CAPTION = re.compile(r"(at the end of )?`([^`\s]+)`:$")
VENV_LINES = {"python3 -m venv ~/explainer-env", ". ~/explainer-env/bin/activate"}
PIP_LINES = {"pip install ./explainer", "pip install --upgrade ./explainer"}


@dataclass(frozen=True, slots=True)
class Step:
    """A command to run, or a file to write (`write`) or extend (`append`)."""

    action: str
    text: str
    path: str = ""


def doc_steps(text: str) -> list[Step]:
    """The doc's steps, in order."""
    steps, last = [], 0
    for fence in FENCE.finditer(text):
        before = text[last : fence.start()].strip().splitlines()
        caption = CAPTION.search(before[-1]) if before else None
        last = fence.end()
        language, body = fence.group(1), fence.group(2)
        if language == "sh":
            steps += [Step("run", line) for line in body.splitlines() if line.strip()]
        elif caption:
            steps.append(Step("append" if caption[1] else "write", body, caption[2]))
    return steps


class Reader:
    """A session with the doc's steps: the current folder and the environment."""

    def __init__(self, venv: Path, cwd: Path, wheel: Path) -> None:
        self.venv, self.cwd, self.wheel = venv, cwd, wheel
        self.env = clean_env(
            PATH=f"{venv}:{clean_env()['PATH']}",
            GIT_AUTHOR_NAME="Editor",
            GIT_AUTHOR_EMAIL="editor@example.org",
            GIT_COMMITTER_NAME="Editor",
            GIT_COMMITTER_EMAIL="editor@example.org",
        )

    def shell(self, line: str) -> None:
        done = subprocess.run(
            ["bash", "-c", line], cwd=self.cwd, env=self.env, capture_output=True, text=True,
            timeout=300,
        )  # fmt: skip
        assert done.returncode == 0, (
            f"`{line}` exited {done.returncode}:\n{done.stdout}{done.stderr}"
        )

    def run(self, line: str) -> None:
        if line in VENV_LINES:
            return  # the venv fixture made the environment; its bin/ is first on PATH
        if line.startswith("pip "):
            assert line in PIP_LINES, f"an install line the test does not know: {line}"
            self.shell(
                f"python -m pip install -q --no-deps --no-index --force-reinstall {self.wheel}"
            )
        elif line == "explainer serve":
            self.serve()
        elif line.startswith("cd "):
            self.cwd = (self.cwd / line.removeprefix("cd ")).resolve()
        else:
            self.shell(line)

    def edit(self, step: Step) -> None:
        path = self.cwd / step.path
        assert path.parent.is_dir(), f"{step.path}: no such folder"
        if step.action == "append":
            assert path.is_file(), f"{step.path}: nothing to append to"
            path.write_text(path.read_text(encoding="utf-8") + step.text, encoding="utf-8")
        else:
            path.write_text(step.text, encoding="utf-8")

    def serve(self) -> None:
        """`explainer serve` on a free port: the home page is served, Ctrl-C stops it."""
        server = subprocess.Popen(
            ["explainer", "serve", "--port", "0"], cwd=self.cwd, env=self.env, text=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [lines.put(x) for x in server.stderr], daemon=True).start()
        try:
            url = None
            while url is None:
                found = re.search(r"http://127\.0\.0\.1:\d+/", lines.get(timeout=60))
                url = found and found[0]
            with urllib.request.urlopen(url, timeout=10) as response:
                assert response.status == 200
                assert b"The harbour bridge closure" in response.read()
            server.send_signal(signal.SIGINT)
            assert server.wait(timeout=20) == 0
        finally:
            if server.poll() is None:
                server.kill()
                server.wait()


def test_the_doc_has_every_step() -> None:
    steps = doc_steps(DOC.read_text(encoding="utf-8"))
    commands = [s.text for s in steps if s.action == "run"]
    for needed in ("explainer init ", "explainer new ", "explainer serve", "explainer build",
                   "explainer theme copy 404.html", "explainer theme copy static/style.css",
                   "git commit", "pip install --upgrade"):  # fmt: skip
        assert any(c.startswith(needed) for c in commands), needed
    written = {s.path for s in steps if s.action != "run"}
    assert {"templates/404.html", "static/style.css", "content/site.yaml"} <= written


def test_getting_started_runs_as_written(venv: Path, dist: dict[str, Path], tmp_path: Path) -> None:
    reader = Reader(venv, tmp_path, dist["wheel"])
    for step in doc_steps(DOC.read_text(encoding="utf-8")):
        reader.run(step.text) if step.action == "run" else reader.edit(step)
    story = tmp_path / "harbour-bridge"
    assert reader.cwd == story
    site = story / "_site"
    assert "<h1>Not here</h1>" in (site / "404.html").read_text(encoding="utf-8")
    css = (site / "static" / "style.css").read_text(encoding="utf-8")
    default = (ROOT / "static" / "style.css").read_text(encoding="utf-8")
    assert css.startswith(minify_css(default))  # minified as written to the site
    assert css.endswith("--link-visited:#e0a5ff}}")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "What is happening" in home and "Harbour Authority" in home
    assert not list(story.glob("content/*/example-*"))
    assert broken_links(site) == []
    log = subprocess.run(["git", "log", "--oneline"], cwd=story, capture_output=True, text=True)
    assert "First draft of the explainer" in log.stdout


def test_the_folder_tree_shown_is_what_init_writes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = DOC.read_text(encoding="utf-8")
    tree = text.split("The new folder holds:\n\n```text\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    assert main(["init", "harbour-bridge"]) == 0
    stack: list[str] = []
    shown = []
    for line in tree.splitlines():
        depth, name = (len(line) - len(line.lstrip())) // 2, line.split()[0]
        stack[depth:] = [name]
        shown.append(tmp_path / "".join(stack))
    assert shown and all(path.exists() for path in shown), [p for p in shown if not p.exists()]
    top = {p.name for p in (tmp_path / "harbour-bridge").iterdir()}
    assert top == {p.relative_to(tmp_path / "harbour-bridge").parts[0] for p in shown[1:]}
