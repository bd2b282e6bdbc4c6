"""The printable agenda: the published programme as an A4 PDF (WeasyPrint through seminar.pdf).

The document is tagged (PDF/UA-1), carries the event title in the page header and "page X of Y"
in the UI language in the footer, and starts each day on a new page unless ``flowing``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import render_template

from ..pdf import render_pdf
from .publishing import Programme


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
        days=programme.days,
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
