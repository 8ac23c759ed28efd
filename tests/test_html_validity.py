"""Every page of the shipped explainer is valid HTML (W3C Nu checker); feed and sitemap are XML.

The Nu HTML checker (vnu) is the `vnu-jar` npm package, run with Java. The
session fixture installs it once into `.cache/vnu/` under the repository and
the test checks every page in one JVM run (starting Java is the slow part).
The test is skipped, saying why, when `java` or `npm` is missing.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from explainer.build import build_command
from explainer.pipeline import read_explainer
from sites import write_site

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
VNU_PREFIX = ROOT / ".cache" / "vnu"
VNU_JAR = VNU_PREFIX / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BASE_URL = "https://example.org/explainer/"
ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


@pytest.fixture(scope="session")
def vnu() -> list[str]:
    """The command that runs the Nu HTML checker, installing it on first use."""
    java = shutil.which("java")
    if java is None:
        pytest.skip("java is not on PATH: the W3C Nu HTML checker (vnu.jar) needs it")
    if not VNU_JAR.is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not on PATH: it installs the W3C Nu HTML checker (vnu-jar)")
        VNU_PREFIX.mkdir(parents=True, exist_ok=True)
        done = subprocess.run(
            [npm, "install", "--no-save", "--no-audit", "--no-fund", "--prefix", VNU_PREFIX,
             "vnu-jar"],
            capture_output=True, text=True, timeout=600, check=False,
        )  # fmt: skip
        if done.returncode != 0 or not VNU_JAR.is_file():
            pytest.fail(f"npm install vnu-jar failed ({done.returncode}):\n{done.stderr}")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The shipped explainer built twice (without and with a base URL)."""
    explainer, problems = read_explainer(CONTENT, "content")
    assert explainer is not None and not [p for p in problems if p.severity == "error"]
    root = tmp_path_factory.mktemp("validity")
    sites = {"relative": root / "relative", "absolute": root / "absolute"}
    assert build_command(CONTENT, "content", sites["relative"], None) == 0
    assert build_command(CONTENT, "content", sites["absolute"], BASE_URL) == 0
    return sites


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The build tests' explainer: hostile text, translations, a URL with a quote mark."""
    from test_build import SITE  # the richest small explainer the tests have

    root = tmp_path_factory.mktemp("hostile")
    content = write_site(root / "content", SITE, base=False)
    assert build_command(content, str(content), root / "site", BASE_URL) == 0
    return root / "site"


def run_vnu(vnu: list[str], pages: list[Path], *options: str) -> list[dict]:
    """vnu's messages for all pages, from one JVM run."""
    done = subprocess.run(
        [*vnu, *options, "--format", "json", *map(str, pages)],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    try:
        report = json.loads(done.stderr or done.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"vnu gave no JSON report (exit {done.returncode}):\n{done.stderr}")
    return report["messages"]


def readable(messages: list[dict], roots: list[Path]) -> str:
    """One line per message: page:line:column: type: message, then the extract."""
    lines = []
    for m in messages:
        where = m.get("url", "").removeprefix("file:")
        for root in roots:
            where = where.replace(root.as_uri().removeprefix("file://"), root.name)
        kind = m.get("subType", m["type"])
        lines.append(
            f"{where}:{m.get('lastLine', '?')}:{m.get('firstColumn', '?')}: {kind}: {m['message']}"
        )
        if m.get("extract"):
            lines.append("    " + m["extract"].replace("\n", "⏎"))
    return "\n".join(lines)


def test_every_page_is_valid_html(vnu: list[str], shipped: dict[str, Path], hostile: Path) -> None:
    roots = [*shipped.values(), hostile]
    pages = sorted(p for root in roots for p in root.rglob("*.html"))
    assert len(pages) > 100
    messages = run_vnu(vnu, pages, "--errors-only")
    problems = [m for m in messages if m["type"] != "info"]
    assert not problems, f"vnu found {len(problems)} problems:\n" + readable(problems, roots)


def atom_feed(site: Path) -> ET.Element:
    root = ET.parse(site / "feed.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    return root


@pytest.mark.parametrize("kind", ["relative", "absolute"])
def test_feed_is_atom(shipped: dict[str, Path], kind: str) -> None:
    feed = atom_feed(shipped[kind])
    for name in ("id", "title", "updated"):
        element = feed.find(f"{ATOM}{name}")
        assert element is not None and (element.text or "").strip(), name
    assert RFC3339.match(feed.findtext(f"{ATOM}updated", ""))
    # Atom needs an author on the feed unless every entry has one.
    assert feed.find(f"{ATOM}author/{ATOM}name") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert entries
    ids = [entry.findtext(f"{ATOM}id") for entry in entries]
    assert len(set(ids)) == len(ids)
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert (entry.findtext(f"{ATOM}{name}") or "").strip(), name
        assert RFC3339.match(entry.findtext(f"{ATOM}updated", ""))
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href")
        if kind == "absolute":
            assert link.get("href", "").startswith(BASE_URL)
            assert entry.findtext(f"{ATOM}id", "").startswith(BASE_URL)
        else:
            assert entry.findtext(f"{ATOM}id", "").startswith("urn:uuid:")


@pytest.mark.parametrize("kind", ["relative", "absolute"])
def test_sitemap_is_xml(shipped: dict[str, Path], kind: str) -> None:
    root = ET.parse(shipped[kind] / "sitemap.xml").getroot()
    assert root.tag == f"{SITEMAP}urlset"
    locs = [loc.text or "" for loc in root.iter(f"{SITEMAP}loc")]
    if kind == "absolute":
        assert BASE_URL in locs and f"{BASE_URL}timeline/" in locs
        assert all(loc.startswith(BASE_URL) for loc in locs)
    else:
        assert locs == []
