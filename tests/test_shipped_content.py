"""Checks on the shipped explainer in content/ against its source article.

Plain pytest, independent of the engine: every quote is verbatim in the
article, every URL in a source is printed in the article, every event is
sourced.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SEED = Path(__file__).resolve().parents[2] / "shared/seeds/000_5043119e9180fcd9.txt"

# Typographic quote marks compared as their ASCII forms.
QUOTE_MARKS = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def normalise(text: str) -> str:
    """Fold typographic quote marks to ASCII and collapse whitespace."""
    return re.sub(r"\s+", " ", text.translate(QUOTE_MARKS)).strip()


def load_records(kind: str) -> list[tuple[str, dict]]:
    """Every record of one kind, as (label, mapping), from one- or many-record files."""
    records: list[tuple[str, dict]] = []
    for path in sorted((CONTENT / kind).glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8-sig"))
        items = data if isinstance(data, list) else [data]
        for item in items:
            assert isinstance(item, dict), f"{path}: record is not a mapping"
            records.append((f"{path.name}:{item.get('id', path.stem)}", item))
    return records


@pytest.fixture(scope="module")
def article() -> str:
    if not SEED.is_file():
        pytest.skip(f"seed article not found at {SEED}")
    return SEED.read_text(encoding="utf-8")


def test_quotes_are_verbatim_in_the_article(article: str) -> None:
    quotes = load_records("quotes")
    assert quotes, "no quotes found"
    haystack = normalise(article)
    missing = [label for label, quote in quotes if normalise(str(quote["text"])) not in haystack]
    assert not missing, f"quotes not found verbatim in the article: {missing}"


def test_source_urls_are_printed_in_the_article(article: str) -> None:
    stray = [
        (label, field, source[field])
        for label, source in load_records("sources")
        for field in ("url", "archive_url")
        if field in source and str(source[field]) not in article
    ]
    assert not stray, f"URLs that the article does not give: {stray}"


def test_every_event_has_a_source() -> None:
    events = load_records("events")
    assert events, "no events found"
    unsourced = [
        label
        for label, event in events
        if not isinstance(event.get("sources"), list) or not event["sources"]
    ]
    assert not unsourced, f"events without sources: {unsourced}"


def test_words_quoted_in_key_facts_are_verbatim_in_the_article(article: str) -> None:
    site = yaml.safe_load((CONTENT / "site.yaml").read_text(encoding="utf-8"))
    items = site.get("key_facts", []) + site.get("open_questions", [])
    assert items, "site.yaml has no key facts or open questions"
    haystack = normalise(article)
    quoted = [q for item in items for q in re.findall(r'"([^"]+)"', normalise(item))]
    assert quoted and [q for q in quoted if q not in haystack] == []
