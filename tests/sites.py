"""Write small explainers into a folder, for tests."""

from __future__ import annotations

from pathlib import Path

VALID = {
    "site.yaml": "title: Test explainer\nsummary: A *small* explainer.\n",
    "actors/kataib-hezbollah.yaml": (
        "name: Kataib Hezbollah\n"
        "kind: armed-group\n"
        "summary: An Iraqi armed group [@article].\n"
        "aliases: [Kateb Hezbollah, KH]\n"
        "relations:\n"
        "  - type: backed-by\n"
        "    target: iran\n"
        "    sources: [article]\n"
    ),
    "actors/iran.yaml": "name: Iran\nkind: state\nsummary: A state.\n",
    "sources/article.yaml": (
        "title: An article\npublisher: Unnamed publisher\nkind: article\ndate: 2024-02-08\n"
    ),
    "events/tower-22.yaml": (
        "date: 2024-01-28\n"
        "title: Drone strike on Tower 22\n"
        "summary: Three US soldiers were killed [@article].\n"
        "actors: [kataib-hezbollah]\n"
        "status: alleged\n"
        "sources: [article]\n"
    ),
    "quotes/suspension.yaml": (
        "speaker: kataib-hezbollah\n"
        "text: We announce the suspension.\n"
        "date: 2024-01\n"
        "circa: true\n"
        "source: article\n"
        "via: statement on Telegram\n"
    ),
    "sections/what-happened.md": (
        "---\ntitle: What happened\norder: 1\n---\n\n"
        "The strike on [[tower-22]] was blamed on [[kataib-hezbollah|the group]] [@article].\n\n"
        "![[suspension]]\n"
    ),
}


def write_site(root: Path, files: dict[str, str | bytes], *, base: bool = True) -> Path:
    """Write `files` (path -> text or bytes; None deletes) over the valid site into root."""
    merged: dict[str, str | bytes | None] = {**(VALID if base else {}), **files}
    root.mkdir(parents=True, exist_ok=True)
    for relative, data in merged.items():
        path = root / relative
        if data is None:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root
