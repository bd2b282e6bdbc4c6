"""Invitation letters through the HTTP interface: request with passport details, issue with
coverage, the signed PDF, public verification by reference, and the scheduled erasure."""

from __future__ import annotations

from datetime import date, timedelta

from seminar.audit import AuditEntry
from seminar.outreach import letters
from seminar.outreach.models import Letter, PassportDetails
from seminar.registration import links
from seminar.registration.capacity import event_ends_at
from seminar.registration.models import Registration
from tests.factories import make_event
from tests.pdfcheck import pdf_text
from tests.registration.factories import make_registration
from tests.registration.helpers import mail_to

PASSPORT = {
    "kind": "visa",
    "passport_number": "PE 1234567",
    "nationality": "PE",
    "passport_expires_on": "2030-05-31",
    "birth_date": "1980-04-12",
}


def _self_service(app, registration) -> str:
    from seminar.extensions import db

    with app.app_context():
        token = links.self_service_token(db.session.get(Registration, registration.id))
    return f"/events/{registration.event.slug}/registration/{token}"


def _issued_visa_letter(app, client, db, login_as, mailbox):
    event = make_event(title="Políticas Migratorias, Desarrollo y Derechos Humanos",
                       venue="Hotel Casa Grande", city="La Paz")  # fmt: skip
    registration = make_registration(
        event, given_name="Rosa", family_name="Huamán", institution="Cancillería del Perú",
        country="PE", preferred_language="es", email="rosa.huaman@rree.gob.pe",
    )  # fmt: skip
    login_as("organizer", event)  # the personal link works whoever is signed in
    page = _self_service(app, registration)
    assert "Ask for an invitation letter" in client.get(page).get_data(as_text=True)
    response = client.post(page + "/letter", data=PASSPORT)
    assert response.status_code == 302
    desk = client.get(f"/manage/{event.slug}/letters").get_data(as_text=True)
    assert "PE1234567" in desk  # organizers see the passport details
    letter = db.query(Letter).one()
    response = client.post(
        f"/manage/{event.slug}/letters/{letter.id}/issue",
        data={f"l{letter.id}-coverage": ["travel", "accommodation"],
              f"l{letter.id}-version": str(letter.version)},
    )  # fmt: skip
    assert response.status_code == 302
    db.expire_all()
    return event, registration, page, db.query(Letter).one()


def test_letter_is_issued_signed_and_verifies_by_its_reference(app, client, db, login_as, mailbox):
    event, registration, page, letter = _issued_visa_letter(app, client, db, login_as, mailbox)
    assert letter.reference.startswith("LAP-2026-0001-")
    ready = mail_to(mailbox, "rosa.huaman@rree.gob.pe")[-1]
    assert letter.reference in ready.get_body(preferencelist=("plain",)).get_content()

    client.get("/logout")
    pdf = client.get(page + "/letter-visa.pdf")
    assert pdf.mimetype == "application/pdf"
    text = pdf_text(pdf.data)
    for expected in ("Rosa Huamán", "Cancillería del Perú", "Hotel Casa Grande",
                     letter.reference, "viaje, alojamiento"):  # fmt: skip
        assert expected in " ".join(text.split()), expected
    assert "PE1234567" not in text  # passport details never leave the organizers' pages

    genuine = client.get("/letters/verify", query_string={"reference": letter.reference.lower()})
    body = genuine.get_data(as_text=True)
    assert "Genuine." in body
    assert event.title in body
    assert "Huamán" not in body
    assert "PE1234567" not in body
    made_up = letter.reference[:-4] + ("AAAA" if not letter.reference.endswith("AAAA") else "BBBB")
    fake = client.get("/letters/verify", query_string={"reference": made_up}).get_data(as_text=True)
    assert "Not found." in fake
    assert "Genuine." not in fake
    assert "Not found." in client.get("/letters/verify?reference=LAP-2026-0002-XXXX").get_data(
        as_text=True
    )


def test_passport_details_are_erased_after_the_retention_period(app, client, db, login_as, mailbox):
    event, _registration, _page, letter = _issued_visa_letter(app, client, db, login_as, mailbox)
    ends = event_ends_at(event)
    with app.app_context():
        from seminar.extensions import db as app_db

        assert letters.erase_passports(ends + timedelta(days=29)) == 0
        assert letters.erase_passports(ends + timedelta(days=30, minutes=1)) == 1
        app_db.session.commit()
    db.expire_all()
    passport = db.query(PassportDetails).one()
    assert passport.erased_at is not None
    assert passport.number == ""
    assert passport.birth_date is None
    entry = db.query(AuditEntry).filter_by(action="passport.erased").one()
    assert entry.event_id == event.id
    desk = client.get(f"/manage/{event.slug}/letters").get_data(as_text=True)
    assert "PE1234567" not in desk
    assert "Passport details erased on" in desk
    activity = client.get(f"/manage/{event.slug}/activity").get_data(as_text=True)
    assert "Passport details erased" in activity
    # The letter itself still verifies.
    assert letters.verify(letter.reference) is not None


def test_a_visa_letter_needs_the_passport_details(app, client, db, login_as):
    event = make_event()
    registration = make_registration(event)
    login_as("user")
    page = _self_service(app, registration)
    response = client.post(page + "/letter", data={"kind": "visa", "passport_number": "X1"})
    assert response.status_code == 400
    assert "Choose your nationality." in response.get_data(as_text=True)
    response = client.post(page + "/letter", data={**PASSPORT, "passport_expires_on": "2026-12-01"})
    assert "The passport must be valid after the seminar." in response.get_data(as_text=True)
    assert db.query(Letter).count() == 0
    assert client.post(page + "/letter", data={"kind": "travel"}).status_code == 302
    assert db.query(PassportDetails).count() == 0


def test_letters_desk_is_for_organizers_only(client, db, login_as):
    event = make_event(starts_on=date.today() + timedelta(days=20),
                       ends_on=date.today() + timedelta(days=21))  # fmt: skip
    login_as("rapporteur", event)
    assert client.get(f"/manage/{event.slug}/letters").status_code == 403
