"""The organizers' registration desk: permissions, counts, filters, bulk actions, edits, settings."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import event as sa_event

from seminar.extensions import db as _db
from seminar.registration.models import (
    InstitutionType,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
    StatusChange,
)
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import form_data, mail_to


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    event = make_event()
    response = client.get(f"/manage/{event.slug}/registrations")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["user", "rapporteur", "checkin"])
def test_only_organizers_use_the_desk(client, db, login_as, role):
    event = make_event()
    registration = make_registration(event)
    login_as(role, event)
    assert client.get(f"/manage/{event.slug}/registrations").status_code == 403
    assert client.get(f"/manage/{event.slug}/registrations/settings").status_code == 403
    assert client.get(f"/manage/{event.slug}/registrations/{registration.id}").status_code == 403
    response = client.post(
        f"/manage/{event.slug}/registrations/status",
        data={"ids": [str(registration.id)], "action": "cancel"},
    )
    assert response.status_code == 403
    assert db.get(Registration, registration.id).status == RegistrationStatus.CONFIRMED


def test_desk_counts_by_state_day_country_and_institution_type(client, db, login_as):
    event = make_event()
    make_settings(event, capacity=50)
    for _ in range(3):
        make_registration(event, country="BO")
    make_registration(event, country="EC", days=["2026-12-03"],
                      institution_type=InstitutionType.INTERNATIONAL)  # fmt: skip
    make_registration(event, country="PE", status=RegistrationStatus.PENDING)
    make_registration(event, country="CL", status=RegistrationStatus.CANCELLED)
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/registrations").get_data(as_text=True)
    assert '4<span class="stat-of"> / 50</span>' in page
    assert "46 seats left" in page
    assert "Confirmed per day" in page
    assert 'Wednesday, December 2, 2026</a></th><td class="num">3</td>' in page
    assert 'Thursday, December 3, 2026</a></th><td class="num">4</td>' in page
    assert 'Bolivia</a></th><td class="num">3</td>' in page
    assert "Chile</a></th>" not in page  # cancelled registrations are not counted
    assert 'International organization</a></th><td class="num">1</td>' in page
    assert "6 registrations" in page


def test_search_filter_sort_and_paginate(client, db, login_as):
    event = make_event()
    for i in range(55):
        make_registration(event, family_name=f"Apellido{i:02d}", country="BO")
    make_registration(event, given_name="Carmen", family_name="Zárate", country="EC",
                      institution="Cancillería del Ecuador")  # fmt: skip
    make_registration(event, given_name="Diego", family_name="Zúñiga", country="EC",
                      status=RegistrationStatus.WAITLISTED)  # fmt: skip
    login_as("organizer", event)
    base = f"/manage/{event.slug}/registrations"
    page = client.get(base, query_string={"q": "cancillería"}).get_data(as_text=True)
    assert "Zárate, Carmen" in page
    assert "Apellido00" not in page
    assert "1 registration" in page
    page = client.get(base, query_string={"country": "EC", "status": "waitlisted"}).get_data(
        as_text=True
    )
    assert "Zúñiga, Diego" in page
    assert "Zárate" not in page
    page = client.get(base).get_data(as_text=True)
    assert "Page 1 of 2" in page
    assert "Apellido00" in page
    assert "Apellido54" not in page
    page = client.get(base, query_string={"page": 2}).get_data(as_text=True)
    assert "Apellido54" in page
    assert "Apellido00" not in page
    page = client.get(base, query_string={"sort": "name", "direction": "desc"}).get_data(
        as_text=True
    )
    assert page.index("Zúñiga") < page.index("Zárate") < page.index("Apellido54")


def test_desk_list_uses_a_fixed_number_of_queries(app, client, db, login_as):
    event = make_event()
    make_settings(event)
    login_as("organizer", event)
    for _ in range(5):
        make_registration(event)
    db.commit()

    def count_queries() -> int:
        statements: list[str] = []
        with app.app_context():
            engine = _db.engine

        def listener(*args):
            statements.append(args[2])

        sa_event.listen(engine, "before_cursor_execute", listener)
        try:
            client.get(f"/manage/{event.slug}/registrations")
        finally:
            sa_event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    few = count_queries()
    for _ in range(40):
        make_registration(event, status=RegistrationStatus.WAITLISTED)
    db.commit()
    assert count_queries() == few


def test_bulk_approval_confirms_and_emails_with_the_message(client, db, login_as, mailbox):
    event = make_event()
    make_settings(event, capacity=10, requires_approval=True)
    pending = [
        make_registration(
            event,
            status=RegistrationStatus.PENDING,
            email=f"p{i}@example.org",
            preferred_language="en",
        )  # fmt: skip
        for i in range(2)
    ]
    other = make_registration(event, status=RegistrationStatus.PENDING)
    user = login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/registrations/status",
        data={
            "ids": [str(r.id) for r in pending],
            "action": "confirm",
            "message": "Please arrive by 8:30.",
            "notify": "y",
        },  # fmt: skip
        follow_redirects=True,
    )
    assert "2 registrations changed: Confirmed." in response.get_data(as_text=True)
    for registration in pending:
        assert db.get(Registration, registration.id).status == RegistrationStatus.CONFIRMED
        change = db.query(StatusChange).filter_by(registration_id=registration.id).one()
        assert change.by_user_id == user.id
        assert change.reason == "Please arrive by 8:30."
    assert db.get(Registration, other.id).status == RegistrationStatus.PENDING
    (message,) = mail_to(mailbox, "p0@example.org")
    assert "Please arrive by 8:30." in message.get_body(("plain",)).get_content()


def test_bulk_decline_without_email(client, db, login_as, mailbox):
    event = make_event()
    registration = make_registration(
        event, status=RegistrationStatus.PENDING, email="quiet@example.org"
    )
    login_as("organizer", event)
    client.post(
        f"/manage/{event.slug}/registrations/status",
        data={"ids": [str(registration.id)], "action": "decline"},
    )
    assert db.get(Registration, registration.id).status == RegistrationStatus.DECLINED
    from seminar.mail import OutboxMessage

    assert db.query(OutboxMessage).filter_by(to_address="quiet@example.org").count() == 0


def test_organizer_edits_a_registration_with_notes(client, db, login_as):
    event = make_event()
    registration = make_registration(event)
    login_as("organizer", event)
    url = f"/manage/{event.slug}/registrations/{registration.id}"
    page = client.get(url).get_data(as_text=True)
    assert "History" in page
    assert "Organizer notes" in page
    response = client.post(
        url,
        data={
            **form_data(event, email=registration.email, institution="Ministerio de Trabajo"),
            "organizer_notes": "Viene con asesor.",
            "version": str(registration.version),
        },  # fmt: skip
    )
    assert response.status_code == 302
    saved = db.get(Registration, registration.id)
    assert saved.institution == "Ministerio de Trabajo"
    assert saved.organizer_notes == "Viene con asesor."
    assert "Note" in client.get(f"/manage/{event.slug}/registrations").get_data(as_text=True)


def test_stale_edit_on_the_desk_is_refused_and_keeps_what_was_typed(client, db, login_as):
    event = make_event()
    registration = make_registration(event)
    login_as("organizer", event)
    stale = str(registration.version)
    registration.phone = "+591 700 00000"  # a colleague saves first
    db.commit()
    response = client.post(
        f"/manage/{event.slug}/registrations/{registration.id}",
        data={
            **form_data(event, email=registration.email, institution="Mi cambio"),
            "version": stale,
        },
    )
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed this registration" in page
    assert 'value="Mi cambio"' in page
    assert db.get(Registration, registration.id).institution != "Mi cambio"


def test_settings_times_are_entered_in_the_event_time_zone(client, db, login_as):
    event = make_event()  # America/La_Paz, UTC-4
    settings = make_settings(event)
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/registrations/settings",
        data={
            "opens_at": "2026-11-01T09:00",
            "closes_at": "2026-11-30T18:00",
            "capacity": "60",
            "requires_approval": "y",
            "privacy_notice": "Datos **protegidos**.",
            "version": str(settings.version),
        },  # fmt: skip
    )
    assert response.status_code == 302
    saved = db.query(RegistrationSettings).filter_by(event_id=event.id).one()
    assert saved.opens_at == datetime(2026, 11, 1, 13, 0, tzinfo=UTC)
    assert saved.closes_at == datetime(2026, 11, 30, 22, 0, tzinfo=UTC)
    assert (saved.capacity, saved.requires_approval) == (60, True)
    form = client.get(f"/manage/{event.slug}/registrations/settings").get_data(as_text=True)
    assert 'value="2026-11-01T09:00"' in form
