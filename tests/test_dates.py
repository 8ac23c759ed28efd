"""Partial dates: exactly the three ISO forms, precision kept, ordering."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from explainer.dates import DateError, PartialDate, parse_date, span_is_ordered


@pytest.mark.parametrize(
    ("text", "human"),
    [
        ("2007", "2007"),
        ("2009-07", "July 2009"),
        ("2024-01-28", "28 January 2024"),
        ("2024-02-29", "29 February 2024"),
    ],
)
def test_precision_is_kept(text: str, human: str) -> None:
    date = parse_date(text)
    assert (date.iso(), date.human()) == (text, human)


@pytest.mark.parametrize(
    "text",
    [
        "2024-02-30",
        "2023-02-29",
        "2024-13",
        "2024-00",
        "2024-01-00",
        "0000",
        "24",
        "2024-1",
        "2024-01-1",
        "2024/01/28",
        "28-01-2024",
        "2024-01-28T10:00",
        " 2024",
        "２０２４",
        "",
    ],
)
def test_other_forms_are_refused(text: str) -> None:
    with pytest.raises(DateError):
        parse_date(text)


def test_less_precise_sorts_first() -> None:
    dates = [parse_date(t) for t in ["2024-01-28", "2024", "2023-12-31", "2024-01", "2007"]]
    assert [d.iso() for d in sorted(dates)] == [
        "2007",
        "2023-12-31",
        "2024",
        "2024-01",
        "2024-01-28",
    ]


def test_spans() -> None:
    assert span_is_ordered(parse_date("2024-03-10"), parse_date("2024-03"))
    assert span_is_ordered(parse_date("2024"), parse_date("2024-01-01"))
    assert not span_is_ordered(parse_date("2024-03-10"), parse_date("2024-02"))


@given(st.text(alphabet="0123456789-", max_size=12))
def test_accepts_exactly_the_three_forms(text: str) -> None:
    import re

    shaped = re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", text) is not None
    try:
        date = parse_date(text)
    except DateError:
        return
    assert shaped and isinstance(date, PartialDate) and date.iso() == text
