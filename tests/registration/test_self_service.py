"""Self-service through the signed link: view, edit, cancel; links are bound to event and person."""

from __future__ import annotations

from datetime import date

from itsdangerous import URLSafeSerializer

from seminar.audit import AuditEntry
from seminar.registration import links
from seminar.registration.models import Registration, RegistrationStatus, StatusChange
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import form_data, mail_to


def _link(app, registration):
    with app.app_context():
        token = links.self_service_token(db_registration(registration))
    return f"/events/{registration.event.slug}/registration/{token}"


def db_registration(registration):
    from seminar.extensions import db

    return db.session.get(Registration, registration.id)


def test_the_link_shows_the_registration_and_is_never_cached(app, client, db):
    event = make_event()
    registration = make_registration(
        event, given_name="Rosa", family_name="Quispe", dietary_needs="Vegana"
    )
    db.commit()
    response = client.get(_link(app, registration))
    page = response.get_data(as_text=True)
    assert "My registration" in page
    assert "Your place is confirmed." in page
    assert "Rosa Quispe" in page
    assert "Vegana" in page
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Robots-Tag"] == "noindex"


def test_participant_edits_their_registration(app, client, db):
    event = make_event()
    make_settings(event)
    registration = make_registration(event, dietary_needs="")
    db.commit()
    link = _link(app, registration)
    edit = client.get(link + "/edit").get_data(as_text=True)
    assert f'value="{registration.institution}"' in edit
    response = client.post(
        link + "/edit",
        data={
            **form_data(
                event, email=registration.email, days=["2026-12-03"], dietary_needs="Sin gluten"
            ),
            "version": str(registration.version),
        },
    )
    assert response.status_code == 302
    assert "Your changes have been saved." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )
    saved = db.get(Registration, registration.id)
    assert saved.days == ["2026-12-03"]
    assert saved.dietary_needs == "Sin gluten"
    entry = db.query(AuditEntry).filter_by(action="registration.updated").one()
    assert "dietary_needs" in entry.changes


def test_stale_self_service_edit_is_refused(app, client, db):
    event = make_event()
    registration = make_registration(event)
    db.commit()
    link = _link(app, registration)
    stale = str(registration.version)
    registration.position = "Changed by the organizers"
    db.commit()
    response = client.post(
        link + "/edit", data={**form_data(event, email=registration.email), "version": stale}
    )
    assert response.status_code == 409
    assert "Someone else changed this registration" in response.get_data(as_text=True)
    assert db.get(Registration, registration.id).position == "Changed by the organizers"


def test_participant_cancels_after_confirming_and_the_seat_goes_to_the_list(
    app, client, db, mailbox
):
    event = make_event()
    make_settings(event, capacity=1)
    registration = make_registration(event, email="leaves@example.org")
    waiting = make_registration(
        event, email="next@example.org", status=RegistrationStatus.WAITLISTED
    )
    db.commit()
    link = _link(app, registration)
    confirm = client.get(link + "/cancel").get_data(as_text=True)
    assert "do you really want to cancel" in confirm
    response = client.post(
        link + "/cancel", data={"reason": "Viaje oficial"}, follow_redirects=True
    )
    page = response.get_data(as_text=True)
    assert "Your registration has been cancelled." in page
    assert "Your registration is cancelled." in page
    assert "Cancel my registration" not in page
    assert db.get(Registration, registration.id).status == RegistrationStatus.CANCELLED
    change = db.query(StatusChange).filter_by(registration_id=registration.id).one()
    assert change.by_participant is True
    assert change.reason == "Viaje oficial"
    assert db.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED
    assert "Your seat has gone to the next person on the waiting list." in page
    assert "Add to my calendar" not in page
    mail_to(mailbox, "leaves@example.org")
    mail_to(mailbox, "next@example.org")


def test_cancelling_with_nobody_waiting_says_no_seat_went_to_anyone(app, client, db):
    event = make_event()
    make_settings(event, capacity=10)
    registration = make_registration(event, email="leaves@example.org")
    db.commit()
    link = _link(app, registration)
    page = client.post(link + "/cancel", data={"reason": ""}, follow_redirects=True).get_data(
        as_text=True
    )
    assert "Your registration has been cancelled." in page
    assert "waiting list" not in page
    assert "released" not in page
    assert "Add to my calendar" not in page
    assert "you can register again" in page


def test_a_participant_who_cancelled_can_register_again(app, client, db, mailbox):
    event = make_event()
    make_settings(event, capacity=10)
    registration = make_registration(
        event, email="mj.choque@example.org", status=RegistrationStatus.CANCELLED
    )
    db.commit()
    response = client.post(
        f"/events/{event.slug}/register", data=form_data(event, position="Viceministra")
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your place is confirmed." in page
    assert "already registered" not in page
    again = db.query(Registration).one()
    assert again.id == registration.id
    assert again.status == RegistrationStatus.CONFIRMED
    assert again.position == "Viceministra"
    last = (
        db.query(StatusChange)
        .filter_by(registration_id=again.id)
        .order_by(StatusChange.id.desc())
        .first()
    )
    assert (last.from_status, last.to_status) == ("cancelled", "confirmed")
    mail_to(mailbox, "mj.choque@example.org")


def test_a_link_for_one_event_does_not_open_another_event(app, client, db):
    first, second = make_event(), make_event()
    registration = make_registration(first)
    db.commit()
    token = _link(app, registration).rsplit("/", 1)[1]
    response = client.get(f"/events/{second.slug}/registration/{token}")
    assert response.status_code == 404
    assert "This link is not valid." in response.get_data(as_text=True)


def test_forged_or_truncated_links_are_refused(app, client, db):
    event = make_event()
    registration = make_registration(event)
    db.commit()
    link = _link(app, registration)
    assert client.get(link[:-3]).status_code == 404
    forged = URLSafeSerializer("guessed-secret", salt=links.SELF_SERVICE_SALT).dumps(
        {"e": event.id, "r": registration.uid, "x": 4102444800}
    )
    response = client.get(f"/events/{event.slug}/registration/{forged}")
    assert response.status_code == 404
    assert "Get a new link" in response.get_data(as_text=True)


def test_links_expire_thirty_days_after_the_event(app, client, db):
    event = make_event(starts_on=date(2024, 5, 1), ends_on=date(2024, 5, 2))
    registration = make_registration(event)
    db.commit()
    response = client.get(_link(app, registration))
    assert response.status_code == 404
    assert "This link has expired." in response.get_data(as_text=True)


def test_participant_downloads_a_calendar_file(app, client, db):
    event = make_event()
    registration = make_registration(event, days=["2026-12-02"])
    db.commit()
    response = client.get(_link(app, registration) + "/calendar.ics")
    assert response.mimetype == "text/calendar"
    body = response.get_data(as_text=True)
    assert body.count("BEGIN:VEVENT") == 1
    assert "DTSTART;VALUE=DATE:20261202" in body
