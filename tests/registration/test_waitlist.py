"""The waiting list: served first come, first served, when a seat is freed or capacity grows."""

from __future__ import annotations

from datetime import timedelta

from seminar.dbtypes import utcnow
from seminar.registration import states
from seminar.registration.models import Registration, RegistrationStatus, StatusChange
from seminar.registration.settings import update_settings
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import mail_to


def _waiting(event, email, minutes_ago):
    return make_registration(
        event,
        email=email,
        status=RegistrationStatus.WAITLISTED,
        waitlisted_at=utcnow() - timedelta(minutes=minutes_ago),
        preferred_language="en",
    )


def test_cancelling_a_confirmed_seat_promotes_the_first_on_the_waiting_list(client, db, mailbox):
    event = make_event()
    make_settings(event, capacity=1)
    seated = make_registration(event, email="seated@example.org")
    second = _waiting(event, "second@example.org", minutes_ago=5)
    first = _waiting(event, "first@example.org", minutes_ago=10)
    db.commit()

    states.cancel(seated, by_participant=True)
    db.commit()

    assert db.get(Registration, first.id).status == RegistrationStatus.CONFIRMED
    assert db.get(Registration, second.id).status == RegistrationStatus.WAITLISTED
    promotion = db.query(StatusChange).filter_by(registration_id=first.id).one()
    assert (promotion.from_status, promotion.to_status) == ("waitlisted", "confirmed")
    assert "promoted from the waiting list" in promotion.reason
    (message,) = mail_to(mailbox, "first@example.org")
    assert message["Subject"].startswith("A place is now yours")
    assert "a place became free and it is now yours" in message.get_body(("plain",)).get_content()
    (cancelled,) = mail_to(mailbox, "seated@example.org")
    assert cancelled["Subject"] == f"Su inscripción ha sido cancelada: {event.title}"


def test_raising_the_capacity_promotes_as_many_as_the_new_seats(client, db, login_as, mailbox):
    event = make_event()
    settings = make_settings(event, capacity=1)
    make_registration(event)
    waiting = [_waiting(event, f"w{i}@example.org", minutes_ago=30 - i) for i in range(3)]
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/registrations/settings",
        data={"capacity": "3", "version": str(settings.version)},
        follow_redirects=True,
    )
    assert "2 people were promoted from the waiting list" in response.get_data(as_text=True)
    db.expire_all()
    statuses = [db.get(Registration, r.id).status for r in waiting]
    assert statuses == [
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.CONFIRMED,
        RegistrationStatus.WAITLISTED,
    ]
    mail_to(mailbox, "w0@example.org")
    mail_to(mailbox, "w1@example.org")
    assert mailbox.to("w2@example.org") == []


def test_removing_the_limit_promotes_everyone_waiting(client, db):
    event = make_event()
    settings = make_settings(event, capacity=1)
    make_registration(event)
    waiting = [_waiting(event, f"u{i}@example.org", minutes_ago=i) for i in range(2)]
    db.commit()
    update_settings(event, {"capacity": None}, expected_version=settings.version)
    db.commit()
    assert {db.get(Registration, r.id).status for r in waiting} == {RegistrationStatus.CONFIRMED}


def test_declining_a_confirmed_participant_frees_the_seat_for_the_list(client, db):
    event = make_event()
    make_settings(event, capacity=1)
    seated = make_registration(event)
    waiting = _waiting(event, "next@example.org", minutes_ago=1)
    db.commit()
    states.change_status(seated, RegistrationStatus.DECLINED, reason="Not an official")
    db.commit()
    assert db.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED


def test_cancelling_a_waiting_registration_promotes_nobody(client, db):
    event = make_event()
    make_settings(event, capacity=1)
    make_registration(event)
    leaving = _waiting(event, "leaving@example.org", minutes_ago=10)
    staying = _waiting(event, "staying@example.org", minutes_ago=5)
    db.commit()
    states.cancel(leaving, by_participant=True)
    db.commit()
    assert db.get(Registration, staying.id).status == RegistrationStatus.WAITLISTED
