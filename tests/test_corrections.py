"""Corrections: any record may carry `corrections: [{date, note}]`."""

from __future__ import annotations

from pathlib import Path

from explainer.dates import PartialDate
from explainer.diagnostics import format_text
from explainer.model import Correction
from explainer.pipeline import read_explainer
from sites import VALID, write_site

CORRECTED_EVENT = VALID["events/tower-22.yaml"] + (
    "corrections:\n"
    "  - date: 2024-02-09\n"
    "    note: The number of wounded was corrected.\n"
    "  - date: 2024-02-12\n"
    "    note: The date of the strike was corrected.\n"
)
CORRECTED_SECTION = VALID["sections/what-happened.md"].replace(
    "order: 1\n", "order: 1\ncorrections: [{date: 2024-02-10, note: A quote was misattributed.}]\n"
)
CORRECTED = {
    "events/tower-22.yaml": CORRECTED_EVENT,
    "sections/what-happened.md": CORRECTED_SECTION,
}


def test_corrections_are_read(tmp_path: Path) -> None:
    explainer, problems = read_explainer(write_site(tmp_path / "content", CORRECTED), "content")
    assert problems == [] and explainer is not None
    assert explainer.events["tower-22"].corrections == (
        Correction(PartialDate(2024, 2, 9), "The number of wounded was corrected."),
        Correction(PartialDate(2024, 2, 12), "The date of the strike was corrected."),
    )
    assert explainer.sections["what-happened"].corrections == (
        Correction(PartialDate(2024, 2, 10), "A quote was misattributed."),
    )


def test_a_correction_needs_a_date_and_a_note(tmp_path: Path) -> None:
    event = VALID["events/tower-22.yaml"] + "corrections:\n  - date: 09/02/2024\n"
    _, found = read_explainer(write_site(tmp_path / "content", {"events/tower-22.yaml": event}),
                              "content")  # fmt: skip
    assert format_text(found).splitlines() == [
        "content/events/tower-22.yaml:8:5: error: this item of 'corrections' is missing "
        "required field 'note'",
        "content/events/tower-22.yaml:8:11: error: field 'date': '09/02/2024' is not a date; "
        "expected YYYY, YYYY-MM or YYYY-MM-DD; write it as YYYY-MM-DD: '2024-02-09' if it is "
        "day/month/year, '2024-09-02' if it is month/day/year",
    ]
