"""The menu marks the list a record's page belongs to."""

from __future__ import annotations

from explainer.nav import nav_section


def test_a_record_page_belongs_to_its_list() -> None:
    assert nav_section("actors/kataib-hezbollah/index.html") == "actors/index.html"
    assert nav_section("events/tower-22/index.html") == "timeline/index.html"
    assert nav_section("sections/what-happened/index.html") == "index.html"
    assert nav_section("index.html") == "" and nav_section("404.html") == ""
