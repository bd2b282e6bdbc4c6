"""The printable agenda: the published programme as an A4 PDF (WeasyPrint through seminar.pdf).

The document is tagged (PDF/UA-1), carries the event title in the page header and "page X of Y"
in the UI language in the footer. By default it has a title page and then one page per day: a
day whose sessions would spill onto a second page is set tighter (smaller type and time grid, down
to a size that still reads well on paper); a day that does not fit even then runs on, rather than
print too small. Days without public sessions get no page: the title page says so. ``flowing``
runs the days one after the other instead.

Fitting is decided here, before rendering, from an estimate of each day's height: PDFs are made
from the HTML alone by the render jobs, so the HTML must already carry each day's size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import render_template

from ..pdf import render_pdf
from .programme import Programme, ProgrammeDay, ProgrammeItem, person_line

# The page area of agenda-pdf.css: A4 (297 mm) less the 22 mm top and 20 mm bottom margins; 174 mm
# wide (210 mm less 2 x 18 mm). Row text starts after the 6.8 em time column.
PAGE_HEIGHT_MM = 297 - 22 - 20
PAGE_WIDTH_MM = 210 - 2 * 18
# Type size (pt) and line height of each fitting step, as in agenda-pdf.css (.fit-0 ... .fit-3).
# The last step is the smallest the agenda is set at: session details at about 7 pt.
FIT_STEPS: tuple[tuple[float, float], ...] = ((10.0, 1.35), (9.25, 1.3), (8.5, 1.27), (7.75, 1.25))
# Share of the page the estimate may fill. The estimate runs 2-14 % above the real height (measured
# on the demo agenda at every step), which is the room left for what it cannot see.
SAFETY = 0.99
PT_TO_MM = 25.4 / 72


@dataclass(frozen=True)
class PrintedDay:
    """A day as the PDF prints it: the programme's day and the fitting step it is set at."""

    day: ProgrammeDay
    fit: int


def _wrapped(length: int, chars_per_line: float) -> int:
    """Lines a paragraph of ``length`` characters takes when wrapped at ``chars_per_line``."""
    return max(1, -(-length // max(1, int(chars_per_line))))


def _lines(text: str, chars_per_line: float) -> int:
    """Lines a text takes, paragraph by paragraph."""
    paragraphs = [p for p in text.splitlines() if p.strip()] or [""]
    return sum(_wrapped(len(p), chars_per_line) for p in paragraphs)


def _item_height(item: ProgrammeItem, *, size: float, leading: float, parallel: bool) -> float:
    """Estimated height in em of one row (see the em-based sizes in agenda-pdf.css)."""
    width_em = PAGE_WIDTH_MM / (size * PT_TO_MM) - 6.8 - (1.0 if parallel else 0.0)
    # Average advance of Noto Sans: about 0.5 em for text, 0.56 em for bold titles.
    if item.is_pause:
        return 0.9 + 0.34 + leading * _lines(item.title, width_em / 0.5)
    height = 1.36 + 0.8 * leading + 0.17  # padding, kind line
    height += 1.1 * 1.25 * _lines(item.title, width_em / (1.1 * 0.56)) + 0.26
    for _role, people in item.roles:
        chars = 14 + sum(len(person_line(p)) + 2 for p in people)
        height += 0.9 * leading * _wrapped(chars, width_em / (0.9 * 0.5)) + 0.19
    if item.description:
        height += 0.88 * leading * _lines(item.description, width_em / (0.88 * 0.5)) + 0.64
    return height


def day_height_mm(day: ProgrammeDay, fit: int) -> float:
    """Estimated height of a day's section (heading and rows) at a fitting step."""
    size, leading = FIT_STEPS[fit]
    height_em = 1.4 * 1.35 + 1.28  # heading and its margin
    for _start, _end, items in day.slots:
        parallel = len(items) > 1
        for item in items:
            height_em += _item_height(item, size=size, leading=leading, parallel=parallel)
    return height_em * size * PT_TO_MM


def fit_for(day: ProgrammeDay) -> int:
    """The first fitting step at which the day fits on one page; if none does, the first."""
    for fit in range(len(FIT_STEPS)):
        if day_height_mm(day, fit) <= PAGE_HEIGHT_MM * SAFETY:
            return fit
    return 0


def printed_days(programme: Programme, *, flowing: bool) -> list[PrintedDay]:
    """Days that have public sessions, each with its fitting step (none when flowing)."""
    return [
        PrintedDay(day=day, fit=0 if flowing else fit_for(day))
        for day in programme.days
        if day.items
    ]


def agenda_html(
    programme: Programme,
    *,
    event: Any,
    number: int,
    published_at: datetime,
    flowing: bool = False,
) -> str:
    return render_template(
        "agenda/pdf/agenda.html",
        programme=programme,
        days=printed_days(programme, flowing=flowing),
        empty_days=[day for day in programme.days if not day.items],
        event=event,
        number=number,
        published_at=published_at,
        flowing=flowing,
    )


def agenda_pdf(
    programme: Programme,
    *,
    event: Any,
    number: int,
    published_at: datetime,
    flowing: bool = False,
) -> bytes:
    """PDF bytes of the published agenda, in the current UI language."""
    html = agenda_html(
        programme, event=event, number=number, published_at=published_at, flowing=flowing
    )
    return render_pdf(html).pdf
