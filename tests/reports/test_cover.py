"""The report cover: the hosts' logos, where and when the seminar was held in the report's
language, and the publication date, which is never before the seminar's last day."""

from __future__ import annotations

import subprocess
from datetime import UTC, date, datetime

from seminar.events.held import cover_identity, event_dates
from seminar.pdf import render_pdf
from seminar.reports import document, rendering, services
from tests.events.identity_factories import give_identity, images, use_png_logos
from tests.reports.factories import make_seminar


def _cover(seminar, *, number, finalized_at):
    report = services.ensure_report(seminar.event)
    inputs = document.collect_inputs(report, version_number=number, finalized_at=finalized_at)
    pdf = render_pdf(rendering.render_html(inputs)).pdf
    text = subprocess.run(
        ["pdftotext", "-f", "1", "-l", "1", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return pdf, " ".join(text.split())


def test_cover_shows_the_logos_where_and_when_and_the_publication_date(db):
    seminar = make_seminar(language="es,en")
    give_identity(seminar.event)  # three SVG logos ...
    use_png_logos(seminar.event, "navy", "darkgreen")  # ... the first two replaced by PNGs

    pdf, text = _cover(seminar, number=2, finalized_at=datetime(2026, 12, 4, 15, tzinfo=UTC))

    assert "Celebrado en La Paz, 2 y 3 de diciembre de 2026" in text
    assert "Versión 2 · Publicado el 4 de diciembre de 2026" in text
    assert "Oficina Regional para los Países Andinos, Lima" in text
    assert images(pdf) == 2  # the PNG logos on page 1
    assert "Relaciones Exteriores" in text  # drawn by the Ministry's SVG logo


def test_a_version_frozen_before_the_last_day_is_a_draft(db):
    seminar = make_seminar(language="es,en")

    _pdf, text = _cover(seminar, number=1, finalized_at=datetime(2026, 11, 30, 15, tzinfo=UTC))

    assert "versión 1 · borrador del 30 de noviembre de 2026" in text.lower()  # set in capitals
    assert "publicado" not in text.lower()


def test_publication_is_never_dated_before_the_events_last_day(db, app):
    seminar = make_seminar(language="es,en")
    event = seminar.event
    with app.test_request_context(headers={"Accept-Language": "en"}):
        for day, published in ((2, False), (3, True), (9, True)):
            at = datetime(2026, 12, day, 23, 30, tzinfo=UTC)  # 19:30 in La Paz, the same day
            cover = cover_identity(event, issued_at=at, is_version=True)
            assert cover["is_published"] is published
            assert cover["issued_label"].startswith("Published" if published else "Draft of")
        assert cover_identity(event, issued_at=at, is_version=False)["is_published"] is False


def test_dates_and_place_in_both_languages_and_for_one_day(db, app):
    seminar = make_seminar(language="es,en")
    event = seminar.event
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert cover_identity(event, issued_at=datetime.now(UTC), is_version=False)["held_in"] == (
            "Held in La Paz, 2–3 December 2026"
        )
        event.ends_on = date(2026, 12, 2)
        assert cover_identity(event, issued_at=datetime.now(UTC), is_version=False)["held_in"] == (
            "Held in La Paz on December 2, 2026"
        )
        event.ends_on = date(2026, 12, 5)
        assert event_dates(event) == "2–5 December 2026"
