"""Against Hugo, both ways: the build with its search index, and like for like without.

    python bench/hugo.py CORPUS HUGO_BIN [RUNS]

Hugo builds no search index; `build` writes one unless told not to.
So `../shared/bench/vs_hugo.py` (which alternates the two full builds and prints
the ratio of medians) is run twice: on CORPUS as it is (search on, the default),
and on a copy whose `site.yaml` says `search: false` (the same pages without the
index and the box). The copy hard-links every other file and is removed after;
CORPUS itself is never changed. Both lines are printed, labelled.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VS_HUGO = ROOT.parent / "shared" / "bench" / "vs_hugo.py"
if not VS_HUGO.exists():
    VS_HUGO = Path("/work/shared/bench/vs_hugo.py")


def without_search(corpus: Path, folder: Path) -> Path:
    """A copy of `corpus` (hard links) whose site.yaml turns search off."""
    copy = folder / corpus.name
    shutil.copytree(corpus / "content", copy / "content", copy_function=os.link)
    site = copy / "content" / "site.yaml"
    text = site.read_text(encoding="utf-8")
    site.unlink()  # a new file: writing into the hard link would change the corpus
    site.write_text(text.rstrip("\n") + "\nsearch: false\n", encoding="utf-8")
    (copy / "hugo").symlink_to((corpus / "hugo").resolve())
    return copy


def vs_hugo(corpus: Path, hugo: str, runs: str) -> str:
    command = [sys.executable, str(VS_HUGO), sys.executable, str(ROOT), str(corpus), hugo, runs]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    return (done.stdout + done.stderr).strip()


def main() -> None:
    corpus, hugo = Path(sys.argv[1]), sys.argv[2]
    runs = sys.argv[3] if len(sys.argv) > 3 else "3"
    print(f"with search (the default):    {vs_hugo(corpus, hugo, runs)}", flush=True)
    with tempfile.TemporaryDirectory() as folder:
        bare = without_search(corpus, Path(folder))
        print(f"without search (like Hugo):   {vs_hugo(bare, hugo, runs)}", flush=True)


if __name__ == "__main__":
    main()
