"""The search index's scores and files, from documents made here (not from content)."""

from __future__ import annotations

import base64
import json

from explainer.search_index import (
    MAX_SCORE,
    Document,
    build_index,
    shard,
    word_scores,
)


def doc(*fields: tuple[int, str]) -> Document:
    return Document("event", "title", "events/e/index.html", "excerpt", fields)


def test_a_score_is_weight_times_count_summed_over_fields() -> None:
    scores = word_scores(doc((10, "Oil oil"), (3, "oil port"), (1, "port"), (1, "OIL")))
    assert scores == {"oil": 10 * 2 + 3 + 1, "port": 3 + 1}


def test_a_score_is_capped_only_where_it_would_overflow() -> None:
    assert word_scores(doc((1, "a " * MAX_SCORE))) == {"a": MAX_SCORE}
    scores = word_scores(doc((3, "b " * MAX_SCORE), (1, "c d")))
    assert scores == {"b": MAX_SCORE, "c": 1, "d": 1}
    [(_, posting)] = build_index([doc((20, "e " * 300))]).postings.items()
    assert list(posting) == [MAX_SCORE]  # document 0


def test_a_shard_is_the_json_the_generic_encoder_writes() -> None:
    index = build_index([doc((1, "Muhandís straße ka kb")), doc((3, "ka Ἀθῆναι 2024"))])
    words = sorted(index.postings)
    encoded = {w: base64.b64encode(index.postings[w].tobytes()).decode() for w in words}
    generic = json.dumps(encoded, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    assert shard(index.postings, words) == generic.encode()
    assert "αθηναι" in words and "strasse" in words
