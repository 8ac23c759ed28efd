"""One marker for a source a record's text already cites."""

from __future__ import annotations

from explainer.markers import cited_in, still_uncited


def test_sources_cited_in_the_text_are_not_cited_again() -> None:
    text = "Three soldiers were killed [@article; @post]. See `[@code]`."
    assert cited_in(text) == {"article", "post"}
    assert still_uncited(text, ("post", "briefing", "article")) == ["briefing"]
    assert still_uncited(None, ("a", "b")) == ["a", "b"]
