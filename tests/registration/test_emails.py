"""Registration e-mails: per state, in the registrant's language, plain text and HTML, with the
self-service link and an .ics; a mail server outage never loses a registration."""

from __future__ import annotations

import time

import pytest
from icalendar import Calendar

from seminar.mail import OutboxMessage
from seminar.registration.emails import KINDS, render_status_email
from seminar.registration.models import Registration
from tests.conftest import free_port
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import form_data, mail_to, self_service_link


def _parts(message):
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    (ics,) = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
    return text, html, Calendar.from_ical(ics.get_content())


def test_confirmation_email_in_spanish_with_link_and_calendar(client, db, mailbox):
    event = make_event(title="Políticas Migratorias", venue="Hotel Presidente")
    make_settings(event)
    client.post(f"/events/{event.slug}/register", data=form_data(event, preferred_language="es"))
    (message,) = mail_to(mailbox, "mj.choque@example.org")
    assert message["Subject"] == "Su lugar está confirmado: Políticas Migratorias"
    text, html, calendar = _parts(message)
    assert "Estimado/a Lic. María José Choque Añez:" in text
    assert "Su lugar en el seminario está confirmado." in text
    assert "2–3 de diciembre de 2026" in text
    assert "miércoles, 2 de diciembre de 2026" in text
    assert "Estado de su inscripción: Confirmada" in text
    assert "Ver o modificar mi inscripción" in html
    link = self_service_link(text)
    assert link in html
    entries = calendar.walk("VEVENT")
    assert [e.decoded("dtstart").isoformat() for e in entries] == ["2026-12-02", "2026-12-03"]
    assert {str(e["status"]) for e in entries} == {"CONFIRMED"}
    assert "Hotel Presidente" in str(entries[0]["location"])
    # The link in the e-mail opens the registration.
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert "Your place is confirmed." in client.get("/" + path).get_data(as_text=True)


def test_waiting_list_email_in_english(client, db, mailbox):
    event = make_event()
    make_settings(event, capacity=1)
    make_registration(event)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"  # the page language does not decide
    client.post(
        f"/events/{event.slug}/register",
        data=form_data(
            event, preferred_language="en", email="ana@example.org", days=["2026-12-03"]
        ),
    )
    (message,) = mail_to(mailbox, "ana@example.org")
    assert message["Subject"] == f"You are on the waiting list: {event.title}"
    text, html, calendar = _parts(message)
    assert "Dear Lic. María José Choque Añez," in text
    assert "Days you attend: Thursday, December 3, 2026" in text
    assert "Status of your registration: Waiting list" in text
    assert [str(e["status"]) for e in calendar.walk("VEVENT")] == ["TENTATIVE"]


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("kind", KINDS)
def test_every_email_renders_fully_translated(client, db, kind, language):
    event = make_event(contact_email="info@example.org")
    registration = make_registration(event, preferred_language=language)
    subject, text, html = render_status_email(registration, kind, message="Traiga su pasaporte.")
    spanish_words = ("Estimado/a", "Atentamente", "Estado de su inscripción", "Seminario")
    english_words = ("Dear ", "Kind regards", "Status of your registration", "Seminar:")
    expected, foreign = (
        (spanish_words, english_words) if language == "es" else (english_words, spanish_words)
    )
    for word in expected:
        assert word in text, (kind, language, word)
    for word in foreign:
        assert word not in text, (kind, language, word)
    assert "Traiga su pasaporte." in text
    assert "Traiga su pasaporte." in html
    assert "/registration/" in text
    assert "/registration/" in html
    assert "info@example.org" in text
    assert event.title in subject
    assert "{{" not in text + html
    assert "%(" not in text + html + subject


def test_failing_mail_server_never_loses_the_registration_and_the_desk_can_retry(
    app, client, db, login_as, mailbox, monkeypatch
):
    event = make_event()
    make_settings(event)
    monkeypatch.setitem(app.config, "MAIL_PORT", free_port())  # nothing listens there
    response = client.post(f"/events/{event.slug}/register", data=form_data(event))
    assert response.status_code == 302
    assert db.query(Registration).one().email == "mj.choque@example.org"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        db.expire_all()
        message = db.query(OutboxMessage).one()
        if message.attempts:
            break
        time.sleep(0.05)
    assert message.status == "pending"
    assert message.attempts == 1
    assert message.last_error

    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/registrations").get_data(as_text=True)
    assert "E-mails not delivered" in page
    assert "mj.choque@example.org" in page
    assert "Will retry" in page
    monkeypatch.undo()  # the mail server is back
    response = client.post(
        f"/manage/{event.slug}/registrations/mail/{message.id}/retry", follow_redirects=True
    )
    assert "is being sent again" in response.get_data(as_text=True)
    (delivered,) = mail_to(mailbox, "mj.choque@example.org")
    assert delivered["Subject"].startswith("Su lugar está confirmado")
