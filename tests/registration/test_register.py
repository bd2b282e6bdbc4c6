"""The public registration form: fields, validation, states, duplicates, open and closed windows."""

from __future__ import annotations

from datetime import timedelta

from seminar.dbtypes import utcnow
from seminar.mail import OutboxMessage
from seminar.registration.models import (
    InstitutionType,
    Registration,
    RegistrationStatus,
    StatusChange,
)
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import form_data, mail_to


def test_form_shows_every_field_with_the_event_days_and_countries(client, db):
    event = make_event()
    make_settings(event)
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    for label in (
        "Title or honorific", "Given name(s)", "Family name(s)", "Position", "Institution",
        "Type of institution", "Country", "E-mail", "Phone", "Language for our e-mails",
        "Days you will attend", "Dietary needs", "Accessibility needs",
        "simultaneous interpretation", "published list of participants", "privacy notice",
    ):  # fmt: skip
        assert label in page, label
    assert "Wednesday, December 2, 2026" in page
    assert '<option value="BO">Bolivia</option>' in page
    # Consent to the published list is off by default.
    assert 'id="consents_to_list" name="consents_to_list" type="checkbox" value="y">' in page


def test_form_speaks_spanish_with_country_names_and_days_in_spanish(client, db):
    event = make_event()
    make_settings(event)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "miércoles, 2 de diciembre de 2026" in page
    assert '<option value="ES">España</option>' in page
    assert "Institución" in page


def test_registering_confirms_a_seat_and_records_who_and_why(client, db):
    event = make_event()
    make_settings(event, capacity=10)
    response = client.post(f"/events/{event.slug}/register", data=form_data(event))
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Thank you, María José" in page
    assert "Your place is confirmed." in page
    registration = db.query(Registration).one()
    assert registration.status == RegistrationStatus.CONFIRMED
    assert registration.full_name == "María José Choque Añez"
    assert registration.institution_type == InstitutionType.GOVERNMENT
    assert registration.days == ["2026-12-02", "2026-12-03"]
    assert registration.privacy_accepted_at is not None
    assert registration.consents_to_list is False
    change = db.query(StatusChange).one()
    assert (change.from_status, change.to_status) == (None, "confirmed")
    assert change.reason == "Registered through the public form"


def test_email_is_normalized_so_case_does_not_make_a_second_registration(client, db, mailbox):
    event = make_event()
    make_settings(event)
    client.post(
        f"/events/{event.slug}/register", data=form_data(event, email=" MJ.Choque@Example.ORG ")
    )
    assert db.query(Registration).one().email == "mj.choque@example.org"
    response = client.post(
        f"/events/{event.slug}/register", data=form_data(event, email="mj.choque@EXAMPLE.org")
    )
    assert response.status_code == 200
    assert "Check your e-mail" in response.get_data(as_text=True)
    assert db.query(Registration).count() == 1
    mail_to(mailbox, "mj.choque@example.org", count=2)


def test_duplicate_offers_the_link_by_email_instead_of_a_second_registration(client, db, mailbox):
    event = make_event()
    make_settings(event)
    make_registration(event, email="ya.inscrito@example.org", preferred_language="es")
    response = client.post(
        f"/events/{event.slug}/register/link", data={"email": "Ya.Inscrito@example.org"}
    )
    assert response.status_code == 302
    assert "we have sent the link" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    (message,) = mail_to(mailbox, "ya.inscrito@example.org")
    assert "Su enlace de inscripción" in message["Subject"]
    # An unknown address gets the same answer and no e-mail (no probing for registrations).
    response = client.post(
        f"/events/{event.slug}/register/link", data={"email": "nadie@example.org"}
    )
    assert "we have sent the link" in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    assert db.query(OutboxMessage).filter_by(to_address="nadie@example.org").count() == 0


def test_errors_are_shown_next_to_each_field_and_nothing_typed_is_lost(client, db):
    event = make_event()
    make_settings(event)
    response = client.post(
        f"/events/{event.slug}/register",
        data=form_data(
            event,
            given_name="",
            email="not-an-address",
            country="",
            days=[],
            privacy_accepted=None,
            institution="Cancillería del Ecuador",
            dietary_needs="Sin gluten",
        ),
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Enter your given name." in page
    assert "Enter a valid e-mail address" in page
    assert "Choose your country." in page
    assert "Choose at least one day you will attend." in page
    assert "Please accept the privacy notice to register." in page
    assert 'value="Cancillería del Ecuador"' in page
    assert 'value="Sin gluten"' in page
    assert 'value="Choque Añez"' in page
    assert db.query(Registration).count() == 0


def test_full_event_puts_new_registrations_on_the_waiting_list(client, db):
    event = make_event()
    make_settings(event, capacity=1)
    make_registration(event)
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "All seats are taken." in page
    response = client.post(f"/events/{event.slug}/register", data=form_data(event))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "You are on the waiting list." in page
    registration = db.query(Registration).filter_by(email="mj.choque@example.org").one()
    assert registration.status == RegistrationStatus.WAITLISTED
    assert registration.waitlisted_at is not None


def test_approval_required_keeps_registrations_pending(client, db):
    event = make_event()
    make_settings(event, requires_approval=True)
    response = client.post(f"/events/{event.slug}/register", data=form_data(event))
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your registration is awaiting approval." in page
    assert db.query(Registration).one().status == RegistrationStatus.PENDING


def test_closed_registration_says_so_and_refuses_submissions(client, db):
    event = make_event()
    make_settings(event, closes_at=utcnow() - timedelta(hours=1))
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Registration for this event is closed." in page
    assert "Send my registration" not in page
    client.post(f"/events/{event.slug}/register", data=form_data(event))
    assert db.query(Registration).count() == 0


def test_registration_not_yet_open_tells_when_it_opens(client, db):
    event = make_event()
    make_settings(event, opens_at=utcnow() + timedelta(days=3))
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Registration has not opened yet." in page
    assert "It opens on" in page
    client.post(f"/events/{event.slug}/register", data=form_data(event))
    assert db.query(Registration).count() == 0


def test_registration_closes_after_the_event_has_ended(client, db):
    from datetime import date

    event = make_event(starts_on=date(2020, 3, 1), ends_on=date(2020, 3, 2))
    make_settings(event)
    page = client.get(f"/events/{event.slug}/register").get_data(as_text=True)
    assert "Registration for this event is closed." in page


def test_draft_event_form_is_not_public(client, db):
    from seminar.events.models import EventStatus

    event = make_event(status=EventStatus.DRAFT)
    assert client.get(f"/events/{event.slug}/register").status_code == 404


def test_service_refuses_days_outside_the_event(client, db):
    import pytest

    from seminar.errors import DomainError
    from seminar.registration import services

    event = make_event()
    make_settings(event)
    data = {**form_data(event, days=["2026-12-09"]), "privacy_accepted": True}
    with pytest.raises(DomainError) as caught:
        services.register(event, data, notify=False)
    assert caught.value.field == "days"
