"""The pictures (explainer/draw): well-formed SVG, links, determinism, compressed gaps."""

from __future__ import annotations

import itertools
import random
import re
import xml.etree.ElementTree as ET

from explainer.dates import parse_date
from explainer.draw import scale as sc
from explainer.draw.network import draw_network, positions
from explainer.draw.relmap import Node, Tie, draw_ego
from explainer.draw.timeline import LABELLED, Mark, draw_timeline

NS = "{http://www.w3.org/2000/svg}"


def mark(date: str, title: str = "An event", status: str = "reported", **kw: object) -> Mark:
    end = kw.pop("end", None)
    return Mark(
        f"../events/{title.lower().replace(' ', '-')}/index.html",
        title,
        parse_date(date),
        parse_date(end) if end else None,
        status=status,
        **kw,  # type: ignore[arg-type]
    )


STORY = [
    mark("2003", "Invasion", "confirmed"),
    mark("2007", "Founded"),
    mark("2023-10-07", "War begins"),
    mark("2023-10-07", "Attacks", end="2024-02", circa=True),
    mark("2024-01-28", 'Drone <attack> & "more"', "confirmed"),
    mark("2024-01-30", "Briefing"),
    mark("2024-02", "Footprints", "alleged", circa=True),
]


def parse(svg: str) -> ET.Element:
    """The picture as XML: inline in HTML it has no `xmlns`, which XML needs."""
    assert "xmlns" not in svg
    root = ET.fromstring(svg.replace("<svg ", f'<svg xmlns="{NS[1:-1]}" ', 1))
    assert root.tag == f"{NS}svg"
    return root


def links(root: ET.Element) -> list[str]:
    return [a.get("href", "") for a in root.iter(f"{NS}a")]


def test_timeline_is_well_formed_with_a_link_per_event() -> None:
    root = parse(draw_timeline(STORY, "Timeline"))
    assert root.get("aria-label") == "Timeline"
    assert sorted(links(root)) == sorted(m.href for m in STORY)
    labels = [t.text for t in root.iter(f"{NS}text")]
    assert "c. Footprints" in labels
    assert 'Drone <attack> & "more"' in labels  # escaped, and read back
    texts = "".join(t.text or "" for t in root.iter(f"{NS}text"))
    for words in ("Confirmed", "Reported", "Alleged, not confirmed", "circa"):
        assert words in texts  # the legend says the statuses in words


def test_timeline_is_deterministic_whatever_the_order() -> None:
    shuffled = STORY[:]
    random.Random(3).shuffle(shuffled)
    assert draw_timeline(STORY, "T") == draw_timeline(shuffled, "T")
    assert draw_timeline([], "T") == ""


def test_shapes_differ_by_status_not_only_by_colour() -> None:
    statuses = ["confirmed", "reported", "claimed", "alleged", "disputed"]
    drawn = [draw_timeline([mark("2024-01-01", "A", s)], "T") for s in statuses]
    shapes = set()
    for svg in drawn:
        node = next(e for e in parse(svg).iter() if (e.get("class") or "").startswith("s-"))
        shapes.add((node.tag, re.sub(r"[-\d. ]", "", node.get("d") or "")))
    # circle (filled for confirmed, a hollow ring for claimed), diamond, triangle, crossed box
    assert len(shapes) == 4
    assert all(f"s-{s}" in svg for s, svg in zip(statuses, drawn, strict=True))


def test_long_empty_stretches_are_compressed() -> None:
    intervals = [d for m in STORY for d in sc.placed(m.date, m.end)]
    scale = sc.make_scale(intervals, 0, 720)
    breaks = scale.breaks()
    assert len(breaks) >= 2
    assert all(x1 - x0 == sc.BREAK_WIDTH for x0, x1, _ in breaks)
    # 2007 to October 2023 is sixteen years, drawn as one fixed-width break
    words = [sc.gap_words(days) for *_, days in breaks]
    assert "16 years" in words
    recent = scale.clusters[-1]
    assert recent.x1 - recent.x0 > 0.35 * 720  # the crowded last weeks get most of the width
    svg = draw_timeline(STORY, "T")
    assert "16 years" in svg


def test_precision_is_shown_honestly() -> None:
    year = parse(draw_timeline([mark("2011", "Y")], "T"))
    assert any(e.get("class") == "range" for e in year.iter())  # a year is a range, not a day
    span = parse(draw_timeline([mark("2024-01-01", "S", end="2024-01-20")], "T"))
    assert any(e.get("class") == "span" and e.tag == f"{NS}rect" for e in span.iter())
    day = parse(draw_timeline([mark("2024-01-01", "D")], "T"))
    assert not any(e.get("class") in ("range", "span") for e in day.iter() if e.tag != f"{NS}text")
    circa = draw_timeline([mark("2024-01-01", "C", circa=True)], "T")
    assert 'class="circa"' in circa and "c. C" in circa


def test_many_events_are_packed_into_lanes_each_still_a_link() -> None:
    many = [mark(f"2024-{1 + i % 12:02d}-{1 + i % 28:02d}", f"E {i}") for i in range(200)]
    root = parse(draw_timeline(many, "T"))
    anchors = list(root.iter(f"{NS}a"))
    assert len(anchors) == 200 > LABELLED
    assert all(a.get("aria-label", "").endswith("(Reported)") for a in anchors)
    assert float(root.get("viewBox", "").split()[3]) < 200 * 22  # lanes, not a row per event


def ego() -> tuple[Node, list[tuple[Node, Tie]]]:
    center = Node("kh", "Kataib Hezbollah", "armed group", "../kh/index.html")
    iran = Node("iran", "Iran", "state", "../iran/index.html")
    irgc = Node("irgc", "IRGC", "organization", "../irgc/index.html")
    ties = [
        (iran, Tie("kh", "iran", "backed by")),
        (irgc, Tie("kh", "irgc", "subordinate to", "alleged")),
        (iran, Tie("kh", "iran", "allied with", arrow=False)),
    ]
    return center, ties


def test_ego_map_labels_ties_in_words_and_dashes_the_unsure() -> None:
    center, ties = ego()
    svg = draw_ego(center, ties, "Kataib Hezbollah and its ties")
    root = parse(svg)
    assert sorted(links(root)) == ["../iran/index.html", "../irgc/index.html", "../kh/index.html"]
    texts = [t.text for t in root.iter(f"{NS}text")]
    assert "allied with; backed by" in texts and "subordinate to (alleged)" in texts
    dashed = [e for e in root.iter(f"{NS}path") if e.get("class") == "edge dashed"]
    assert len(dashed) == 1
    assert draw_ego(center, list(reversed(ties)), "Kataib Hezbollah and its ties") == svg


def test_network_is_readable_at_fifty_actors_and_keeps_the_most_connected() -> None:
    nodes = [Node(f"a{i:02d}", f"Actor {i}", "state", f"../a{i:02d}/index.html") for i in range(60)]
    ties = [Tie(f"a{i:02d}", f"a{(i * 7 + 3) % 60:02d}", "opposes", arrow=False) for i in range(60)]
    ties += [Tie("a00", f"a{i:02d}", "backs") for i in range(1, 20)]
    svg = draw_network(nodes, ties, "Map")
    root = parse(svg)
    shown = links(root)
    assert len(shown) == 50 and "../a00/index.html" in shown  # the hub is kept
    assert draw_network(list(reversed(nodes)), list(reversed(ties)), "Map") == svg
    ys = sorted({round(y, 1) for x, y, right in positions(50, 0) if right})
    assert all(b - a >= 20 for a, b in itertools.pairwise(ys))  # labels never overlap


def test_a_huge_unpaged_timeline_draws_its_latest_events() -> None:
    from explainer.model import Event
    from explainer.pictures import MOST_DRAWN, timeline_picture

    events = [
        Event(f"e{i}", parse_date(f"{1900 + i // 12}-{1 + i % 12:02d}"), f"E{i}", "S.", ("s",))
        for i in range(MOST_DRAWN + 100)
    ]
    root = parse(timeline_picture(events, lambda i: f"../events/{i}/index.html"))
    assert len(list(root.iter(f"{NS}a"))) == MOST_DRAWN
    assert (
        root.get("aria-label")
        == f"Timeline: the latest {MOST_DRAWN} of {MOST_DRAWN + 100} events by date"
    )
    assert "../events/e0/index.html" not in links(root)


def test_an_actor_with_very_many_ties_keeps_a_readable_map() -> None:
    from explainer.draw.relmap import EGO_LIMIT

    center = Node("hub", "Hub", "state", "../hub/index.html")
    others = [
        Node(f"a{i:03d}", f"Actor {i:03d}", "state", f"../a{i:03d}/index.html") for i in range(100)
    ]
    root = parse(
        draw_ego(center, [(o, Tie("hub", o.id, "opposes", arrow=False)) for o in others], "M")
    )
    assert len(links(root)) == EGO_LIMIT + 1
    assert "and 60 more, in the list below" in [t.text for t in root.iter(f"{NS}text")]


def test_element_helpers_write_what_tag_writes() -> None:
    """The element helpers (`text`, `path`, `rect`...) are `tag` written at once: the same bytes."""
    from html import escape

    from explainer.draw.svg import circle, group, link, path, rect, tag, text

    words = ["", "plain", "a <b> & \"c\" 'd'", "M1 -2 l -3 4"]
    numbers = [0, 3, -2.5, 7.5, 12.49, -0.4, 1e3]
    for w, x, y in itertools.product(words, numbers, numbers):
        for extra in ({}, {"class_": w}, {"font_weight": "700"}, {"class_": None}):
            as_tag = tag("text", escape(w, quote=False), x=float(x), y=float(y), **extra)
            assert text(w, x, y, **extra) == as_tag  # type: ignore[arg-type]
        assert path(f"M{x} {w}", w) == tag("path", d=f"M{x} {w}", class_=w)
        assert circle(x, y, 5, w) == tag("circle", cx=float(x), cy=float(y), r=5.0, class_=w)
        assert link(w, w, w) == tag("a", w, href=w, aria_label=w)
        assert link(w, w) == tag("a", w, href=w)
        assert group(w) == tag("g", w)
        assert rect(x, y, 16, 6, w) == tag(
            "rect", x=float(x), y=float(y), width=16.0, height=6.0, class_=w
        )
        assert rect(x, y, 1, 2, w, rx=4) == tag(
            "rect", x=float(x), y=float(y), width=1.0, height=2.0, rx=4.0, class_=w
        )
