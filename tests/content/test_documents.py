"""Personal documents and e-mails name the event in the participant's language; the agenda PDF
in the language asked for."""

from __future__ import annotations

from datetime import date

from icalendar import Calendar

from seminar.content import services
from seminar.registration.emails import event_ics, render_status_email
from seminar.registration.models import CheckIn
from tests.agenda.test_agenda_pdf import _text
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.test_certificates import pdf_pages


def _bilingual_event(db):
    event = make_event(slug="lapaz", title="Políticas Migratorias", venue="Hotel Presidente")
    services.save(event, "title", "en", "Migration Policies", version=0, user=None)
    make_settings(event)
    db.commit()
    return event


def test_an_english_participant_gets_the_event_title_in_english(db):
    event = _bilingual_event(db)
    helen = make_registration(event, preferred_language="en", email="helen@example.org")

    subject, text, html = render_status_email(helen, "confirmed")

    assert subject == "Your place is confirmed: Migration Policies"
    assert "Seminar: Migration Policies" in text
    assert "Políticas Migratorias" not in text
    assert ">Migration Policies</a>" in html
    calendar = Calendar.from_ical(event_ics(helen, "https://example.org/x"))
    summary = calendar.walk("VEVENT")[0]["SUMMARY"]
    assert (str(summary), summary.params["LANGUAGE"]) == ("Migration Policies", "en")


def test_a_spanish_participant_gets_the_spanish_title(db):
    event = _bilingual_event(db)
    ana = make_registration(event, preferred_language="es")

    subject, text, _html = render_status_email(ana, "confirmed")

    assert subject == "Su lugar está confirmado: Políticas Migratorias"
    assert "Migration Policies" not in text


def test_each_certificate_names_the_event_in_its_participants_language(client, db, login_as):
    event = _bilingual_event(db)
    ana = make_registration(event, given_name="Ana", preferred_language="es")
    helen = make_registration(event, given_name="Helen", preferred_language="en")
    for registration in (ana, helen):
        db.add(CheckIn(registration=registration, day=date(2026, 12, 2)))
    login_as("organizer", event)

    first, second = pdf_pages(client.get("/manage/lapaz/registrations/certificates.pdf").data)

    assert "Políticas Migratorias" in first
    assert "Migration Policies" in second
    assert "Políticas Migratorias" not in second


def test_agenda_pdf_in_the_language_asked_for(client, db, bilingual, tmp_path):
    english = _text(client.get(f"/events/{bilingual.slug}/agenda.pdf?lang=en").data, tmp_path)
    spanish = _text(client.get(f"/events/{bilingual.slug}/agenda.pdf?lang=es").data, tmp_path)

    assert "Migration Policies, Development and Human" in english
    assert "Opening of the seminar" in english
    assert "Director-General for Migration" in english
    assert "Inauguración del seminario" not in english
    assert "Políticas Migratorias, Desarrollo y Derechos" in spanish
    assert "Inauguración del seminario" in spanish
    assert "Opening of the seminar" not in spanish
