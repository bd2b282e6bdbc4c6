"""The agenda PDF, checked as a PDF: text, pages, header and footer, embedded fonts."""

from __future__ import annotations

import io
import subprocess
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from flask_babel import force_locale
from pypdf import PdfReader

from seminar.agenda.agenda_pdf import agenda_html, agenda_pdf
from seminar.agenda.demo import load_demo as load_agenda_demo
from seminar.agenda.programme import programme_for
from seminar.agenda.publishing import latest_publication, publish
from seminar.events.demo import load_demo as load_event_demo
from tests.agenda.factories import add_role, make_item, make_person
from tests.factories import make_event
from tests.pdfcheck import pdf_text


@pytest.fixture
def demo(db):
    event = load_agenda_demo(load_event_demo(None))
    db.commit()
    return event


def _text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "agenda.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def test_agenda_pdf_has_the_programme_a_header_and_page_numbers(client, demo, tmp_path):
    response = client.get(f"/events/{demo.slug}/agenda.pdf")

    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.data))
    pages = len(reader.pages)
    assert pages >= 2  # one day per page at least
    width, height = (float(v) for v in reader.pages[0].mediabox[2:])
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = _text(response.data, tmp_path)
    assert "Políticas Migratorias, Desarrollo y Derechos Humanos" in text
    assert "Inauguración del seminario" in text
    # English times (the narrow column breaks the range after its dash)
    assert "9:00 AM–" in text
    assert "9:45 AM" in text
    assert "Sr. Javier Moreno Ibáñez" in text
    assert "Director General de Migraciones" in text
    assert "Salón Sajama" in text
    assert f"Page 1 of {pages}" in text
    assert f"Page {pages} of {pages}" in text
    assert "Version 1" in text
    second_page = text.split("\f")[1]
    assert "Políticas Migratorias, Desarrollo y Derechos Humanos" in second_page  # running header


def test_agenda_pdf_embeds_its_fonts(client, demo, tmp_path):
    path = tmp_path / "agenda.pdf"
    path.write_bytes(client.get(f"/events/{demo.slug}/agenda.pdf").data)

    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]

    assert fonts
    for line in fonts:
        emb, sub, uni = line.split()[-5:-2]
        assert (emb, sub, uni) == ("yes", "yes", "yes"), line


def test_agenda_pdf_speaks_spanish(client, demo, tmp_path):
    response = client.get(f"/events/{demo.slug}/agenda.pdf", headers={"Accept-Language": "es"})

    text = _text(response.data, tmp_path)
    pages = len(PdfReader(io.BytesIO(response.data)).pages)
    assert f"Día 1 · {format_date(demo.starts_on, 'full', locale='es')}" in text
    assert f"Página 1 de {pages}" in text
    assert "Versión 1" in text
    assert "interpretación simultánea" in text.lower()


def test_agenda_pdf_shows_the_published_version_only(client, db, demo, tmp_path):
    first = _text(client.get(f"/events/{demo.slug}/agenda.pdf").data, tmp_path)
    from seminar.agenda.models import AgendaItem

    opening = db.query(AgendaItem).filter_by(title="Inauguración del seminario").one()
    opening.title = "Inauguración solemne del seminario"
    db.flush()
    unpublished = _text(client.get(f"/events/{demo.slug}/agenda.pdf").data, tmp_path)
    publish(demo, by=None)
    republished = _text(client.get(f"/events/{demo.slug}/agenda.pdf").data, tmp_path)

    assert "Inauguración solemne" not in first
    assert "Inauguración solemne" not in unpublished
    assert "Inauguración solemne del seminario" in republished
    assert "Version 2" in republished


def test_agenda_pdf_can_flow_days_without_page_breaks(client, demo):
    per_day = PdfReader(io.BytesIO(client.get(f"/events/{demo.slug}/agenda.pdf").data))
    flowing = PdfReader(io.BytesIO(client.get(f"/events/{demo.slug}/agenda.pdf?layout=flow").data))

    assert len(flowing.pages) <= len(per_day.pages)
    last_day = format_date(demo.ends_on, "full", locale="en")
    assert last_day in " ".join(flowing.pages[len(flowing.pages) - 1].extract_text().split())


# --- one day per page, when it fits at a readable size -----------------------------------------


def _render(event, *, flowing=False):
    """The agenda PDF and HTML of the event's latest publication, through the render functions."""
    publication = latest_publication(event)
    args = {
        "event": event,
        "number": publication.number,
        "published_at": publication.published_at,
        "flowing": flowing,
    }
    programme = programme_for(publication)
    return agenda_pdf(programme, **args), agenda_html(programme, **args)


def _page_texts(pdf: bytes) -> list[str]:
    return pdf_text(pdf).split("\f")[: len(PdfReader(io.BytesIO(pdf)).pages)]


def _day_of_sessions(event, day, count, *, minutes=30, description=""):
    start = datetime.combine(day, time(8, 0), tzinfo=ZoneInfo(event.timezone))
    for n in range(count):
        item = make_item(
            event,
            title=f"Sesión {day.day}-{n + 1}: cooperación regional en materia migratoria",
            description=description,
            starts_at=start + timedelta(minutes=minutes * n),
            ends_at=start + timedelta(minutes=minutes * (n + 1)),
        )
        add_role(item, make_person(event, name=f"Persona {day.day}-{n}"), "speaker")


def test_each_demo_day_fits_on_its_own_page(twin_app, demo):
    with twin_app.test_request_context("/"):
        pdf, _html = _render(demo)

    pages = _page_texts(pdf)
    assert len(pages) == 3  # title page, day 1, day 2: neither day spills onto a second page
    assert "Day 1 · " in pages[0]
    assert "Day 2 · " in pages[0]
    assert pages[1].count("Day 1 · ") >= 1
    assert "Day 2 · " not in pages[1].split("Page")[0]
    assert "Inauguración del seminario" in pages[1]
    assert "Day 2 · " in pages[2]
    assert "Clausura" in pages[2]  # the day's last session is on the day's page


def test_a_long_day_is_set_tighter_to_fit_and_a_too_long_one_runs_on(twin_app, db):
    event = make_event(starts_on=date(2026, 12, 2), ends_on=date(2026, 12, 3))
    long_text = "Objetivos, instrumentos y resultados del plan de integración regional. " * 2
    _day_of_sessions(event, date(2026, 12, 2), 9, description=long_text)  # too long at 10 pt
    _day_of_sessions(event, date(2026, 12, 3), 40, minutes=15)  # too long at any readable size
    publish(event, by=None)
    with twin_app.test_request_context("/"):
        pdf, html = _render(event)

    assert 'class="day fit-0" id="day-1"' not in html  # day 1 is set smaller ...
    assert 'class="day fit-0" id="day-2"' in html  # ... day 2 would be unreadable that small
    pages = _page_texts(pdf)
    first_day = [p for p in pages if "Sesión 2-" in p]
    assert len(first_day) == 1  # and day 1 fits on one page
    assert "Sesión 2-9:" in first_day[0]
    assert len([p for p in pages if "Sesión 3-" in p]) >= 2


def test_an_empty_day_gets_no_page_and_the_title_page_says_so(twin_app, db):
    event = make_event(starts_on=date(2026, 12, 2), ends_on=date(2026, 12, 4))
    _day_of_sessions(event, date(2026, 12, 2), 3)
    _day_of_sessions(event, date(2026, 12, 4), 3)
    publish(event, by=None)
    with twin_app.test_request_context("/"), force_locale("es"):
        pdf, _html = _render(event)
        flowing, _ = _render(event, flowing=True)

    pages = _page_texts(pdf)
    assert len(pages) == 3  # title page, day 1, day 3: nothing blank
    assert "Día 2 · jueves, 3 de diciembre de 2026: sin sesiones públicas" in " ".join(
        pages[0].split()
    )
    assert not any("Día 2 · " in p for p in pages[1:])
    assert "sin sesiones públicas" in pdf_text(flowing)
