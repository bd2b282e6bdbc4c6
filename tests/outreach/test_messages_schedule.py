"""Scheduled messages and the automatic reminder before the event, through the HTTP interface,
the periodic jobs' services (called with a later time) and the SMTP sink."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from seminar.agenda import publishing
from seminar.audit import AuditEntry
from seminar.content import services as content
from seminar.outreach import message_reminders, messages
from seminar.outreach.models import MessageRecipient, MessageState, ParticipantMessage
from seminar.outreach.settings import get_settings
from seminar.registration.models import RegistrationStatus
from tests.agenda.factories import local, make_item, make_room
from tests.factories import make_event, make_user
from tests.outreach.test_messages import _compose, _draft, _html, _plain
from tests.registration.factories import make_registration
from tests.registration.helpers import mail_to


def _scheduled(client, db, event, when: str):
    _compose(client, event)
    message = _draft(db)
    response = client.post(f"/manage/{event.slug}/messages/{message.id}/schedule",
                           data={"send_at": when, "version": message.version})  # fmt: skip
    return message, response


def test_scheduled_message_is_sent_once_when_due(app, client, db, login_as, mailbox):
    event = make_event()
    make_registration(event, email="rosa@migracion.gob.bo")
    login_as("organizer", event)
    message, response = _scheduled(client, db, event, "2030-11-30T18:00")  # La Paz, UTC-4
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Scheduled" in page
    assert "America/La_Paz" in page
    assert db.query(AuditEntry).filter_by(action="message.scheduled").count() == 1

    due = datetime(2030, 11, 30, 22, 0, tzinfo=UTC)
    with app.app_context():
        assert messages.send_due(due - timedelta(minutes=1)) == 0
        assert mailbox.messages == []
        assert messages.send_due(due) == 1
        assert messages.send_due(due + timedelta(hours=1)) == 0  # never twice
    mail_to(mailbox, "rosa@migracion.gob.bo")
    assert len(mailbox.to("rosa@migracion.gob.bo")) == 1
    db.expire_all()
    sent = db.get(ParticipantMessage, message.id)
    assert sent.state == MessageState.SENT
    assert sent.sent_at == due
    assert db.query(AuditEntry).filter_by(action="message.sent").count() == 1


def test_schedule_refuses_a_past_time_next_to_the_field(client, db, login_as):
    event = make_event()
    make_registration(event)
    login_as("organizer", event)
    message, response = _scheduled(client, db, event, "2020-01-01T09:00")
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert 'id="send_at-error"' in body
    assert "Choose a time in the future." in body
    assert _draft(db).state == MessageState.DRAFT


def test_cancelled_message_is_never_sent(app, client, db, login_as, mailbox):
    event = make_event()
    make_registration(event)
    login_as("organizer", event)
    message, _response = _scheduled(client, db, event, "2030-11-30T18:00")
    cancelled = client.post(f"/manage/{event.slug}/messages/{message.id}/cancel",
                            follow_redirects=True)  # fmt: skip
    assert "The scheduled message was cancelled." in cancelled.get_data(as_text=True)
    with app.app_context():
        assert messages.send_due(datetime(2031, 1, 1, tzinfo=UTC)) == 0
    assert mailbox.messages == []
    assert _draft(db).state == MessageState.CANCELLED
    assert db.query(AuditEntry).filter_by(action="message.cancelled").count() == 1


def _published_event(db):
    event = make_event(title="Políticas Migratorias", venue="Hotel Casa Grande, Av. Ballivián 1000",
                       contact_email="seminario@example.org")  # fmt: skip
    room = make_room(event, name="Salón Illimani")
    day = event.starts_on.isoformat()
    opening = make_item(event, title="Apertura del seminario", room=room,
                        starts_at=local(event, day, "09:00"), ends_at=local(event, day, "09:30"))  # fmt: skip
    user = make_user()
    content.save(opening, "title", "en", "Opening of the seminar", version=0, user=user)
    publishing.publish(event, by=user)
    return event


def test_automatic_reminder_goes_once_with_venue_and_agenda_in_each_language(
    app, client, db, login_as, mailbox
):
    event = _published_event(db)
    make_registration(event, given_name="Rosa", family_name="Mamani",
                      email="rosa@migracion.gob.bo", preferred_language="es")  # fmt: skip
    make_registration(event, given_name="John", family_name="Smith", honorific="",
                      email="john@iom.int", preferred_language="en")  # fmt: skip
    make_registration(event, email="waiting@example.org", status=RegistrationStatus.WAITLISTED)
    login_as("organizer", event)
    settings = client.get(f"/manage/{event.slug}/messages").get_data(as_text=True)
    assert "Automatic reminder before the event" in settings
    version = get_settings(event).version
    db.commit()
    switched = client.post(f"/manage/{event.slug}/messages/reminder", follow_redirects=True,
                           data={"is_event_reminder_on": "y", "event_reminder_days": "2",
                                 "version": version})  # fmt: skip
    assert "The automatic reminder is on." in switched.get_data(as_text=True)

    # Event on 2 December in La Paz: due from 30 November, local time.
    with app.app_context():
        assert message_reminders.send_reminders(datetime(2026, 11, 30, 3, 0, tzinfo=UTC)) == 0
        assert message_reminders.send_reminders(datetime(2026, 11, 30, 5, 0, tzinfo=UTC)) == 2
        assert message_reminders.send_reminders(datetime(2026, 11, 30, 6, 0, tzinfo=UTC)) == 0
    spanish = mail_to(mailbox, "rosa@migracion.gob.bo")
    english = mail_to(mailbox, "john@iom.int")
    assert len(spanish) == 1
    assert len(english) == 1
    es_text, en_text = " ".join(_plain(spanish[0]).split()), " ".join(_plain(english[0]).split())
    assert spanish[0]["Subject"].startswith("Recordatorio: Políticas Migratorias")
    assert "Hotel Casa Grande, Av. Ballivián 1000" in es_text
    assert "09:00–09:30 Apertura del seminario (Salón Illimani)" in es_text
    assert "miércoles, 2 de diciembre de 2026" in es_text
    assert english[0]["Subject"].startswith("Reminder: Políticas Migratorias")
    assert "9:00 AM–9:30 AM Opening of the seminar (Salón Illimani)" in en_text
    assert "Wednesday, December 2, 2026" in en_text
    assert f"/events/{event.slug}/agenda" in en_text
    assert "/registration/" in en_text
    assert "Opening of the seminar" in _html(english[0])
    assert "waiting@example.org" not in {m["To"].addresses[0].addr_spec for m in mailbox.messages}

    db.expire_all()
    reminder = db.query(ParticipantMessage).filter_by(event_id=event.id).one()
    assert reminder.is_automatic
    log = client.get(f"/manage/{event.slug}/messages").get_data(as_text=True)
    assert "automatic" in log
    page = client.get(f"/manage/{event.slug}/messages/{reminder.id}").get_data(as_text=True)
    assert "rosa@migracion.gob.bo" in page
    assert "john@iom.int" in page
    assert "Delivered: 2" in page
    assert {r.outbox.status for r in db.query(MessageRecipient)} == {"sent"}


def test_no_reminder_when_switched_off_or_before_its_day(app, db, mailbox):
    event = _published_event(db)
    make_registration(event, email="rosa@migracion.gob.bo")
    db.commit()
    with app.app_context():  # off (the default), inside the window
        assert message_reminders.send_reminders(datetime(2026, 12, 1, 12, tzinfo=UTC)) == 0
    settings = get_settings(event)
    settings.is_event_reminder_on, settings.event_reminder_days = True, 1
    db.commit()
    with app.app_context():
        assert message_reminders.send_reminders(datetime(2026, 11, 30, 12, tzinfo=UTC)) == 0
        assert message_reminders.send_reminders(datetime(2026, 12, 2, 12, tzinfo=UTC)) == 0
    assert mailbox.messages == []
    with app.app_context():  # one day before, in La Paz
        assert message_reminders.send_reminders(datetime(2026, 12, 1, 12, tzinfo=UTC)) == 1
    mail_to(mailbox, "rosa@migracion.gob.bo")


def test_demo_shows_two_sent_messages_and_a_scheduled_one(db):
    from seminar.accounts import demo as accounts_demo
    from seminar.events import demo as events_demo
    from seminar.outreach import demo
    from seminar.registration import demo as registration_demo

    event = events_demo.load_demo(accounts_demo.load_demo(None))
    registration_demo.load_demo(event)
    demo.load_demo(event)
    db.commit()
    found = db.query(ParticipantMessage).filter_by(event_id=event.id).all()
    sent = [m for m in found if m.state == MessageState.SENT]
    assert len(sent) == 2
    assert [m for m in found if m.state == MessageState.SCHEDULED]
    for message in sent:
        assert message.recipients
        assert {r.outbox.status for r in message.recipients} == {"sent"}
    logistics = next(m for m in sent if m.audience["group"] == "confirmed")
    assert {r.language for r in logistics.recipients} == {"es", "en"}
    demo.load_demo(event)  # idempotent
    db.commit()
    assert db.query(ParticipantMessage).filter_by(event_id=event.id).count() == len(found)


def test_a_message_left_sending_by_a_dead_worker_is_sent_again_once(app, client, db, login_as,
                                                                    mailbox):  # fmt: skip
    event = make_event()
    make_registration(event, email="rosa@migracion.gob.bo")
    login_as("organizer", event)
    message, _response = _scheduled(client, db, event, "2030-11-30T18:00")
    claimed_at = datetime(2030, 11, 30, 22, 0, tzinfo=UTC)
    # A worker claimed it, then was killed before its recipients were written.
    db.expire_all()
    stuck = db.get(ParticipantMessage, message.id)
    stuck.state = MessageState.SENDING
    stuck.updated_at = claimed_at
    db.commit()
    with app.app_context():
        assert messages.send_due(claimed_at + timedelta(minutes=5)) == 0  # maybe still at work
        assert mailbox.messages == []
        assert messages.send_due(claimed_at + timedelta(minutes=11)) == 1
        assert messages.send_due(claimed_at + timedelta(hours=1)) == 0
    assert len(mailbox.to("rosa@migracion.gob.bo")) == 1
    db.expire_all()
    assert db.get(ParticipantMessage, message.id).state == MessageState.SENT
