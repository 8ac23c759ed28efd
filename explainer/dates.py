"""Partial ISO-8601 dates that keep the precision they were written with."""

from __future__ import annotations

import calendar
import re
from typing import NamedTuple

_DATE = re.compile(r"([0-9]{4})(?:-([0-9]{2})(?:-([0-9]{2}))?)?")
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


class DateError(ValueError):
    """The text is not a partial ISO date, or names a day that does not exist."""


class PartialDate(NamedTuple):
    """`2007`, `2009-07` or `2024-01-28`.

    Ordering is by (year, month, day) with a missing part as 0, so a year sorts
    before every month and day inside it, and a month before its days. A named
    tuple: cheap to make and to pickle, and there are tens of thousands.
    """

    year: int
    month: int = 0
    day: int = 0

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    def iso(self) -> str:
        """The date as written: `2007`, `2009-07`, `2024-01-28`."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    __str__ = iso

    def human(self) -> str:
        """`2007`, `July 2009`, `28 January 2024`."""
        if self.day:
            return f"{self.day} {MONTHS[self.month - 1]} {self.year}"
        if self.month:
            return f"{MONTHS[self.month - 1]} {self.year}"
        return str(self.year)

    def first_day(self) -> tuple[int, int, int]:
        return (self.year, self.month or 1, self.day or 1)

    def last_day(self) -> tuple[int, int, int]:
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return (self.year, month, day)


def parse_date(text: str) -> PartialDate:
    """Parse `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; raise DateError otherwise."""
    match = _DATE.fullmatch(text)
    if not match:
        raise DateError(f"'{text}' is not a date; expected YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if year == 0:
        raise DateError(f"'{text}' is not a date: there is no year 0000")
    if match.group(2) and not 1 <= month <= 12:
        raise DateError(f"'{text}' is not a date: month {month:02d} does not exist")
    if match.group(3):
        days = calendar.monthrange(year, month)[1]
        if not 1 <= day <= days:
            raise DateError(f"'{text}' is not a date: {MONTHS[month - 1]} {year} has {days} days")
    return PartialDate(year, month, day)


def span_is_ordered(start: PartialDate, end: PartialDate) -> bool:
    """True when the end's last day is not before the start's first day."""
    return end.last_day() >= start.first_day()
