"""The version-checked save of settings (``edits.save_edit``): the registration and outreach
settings and the event itself refuse a stale save before anything else, write only what differs,
and record it once in the activity log."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from seminar.audit import AuditEntry
from seminar.errors import ConflictError
from seminar.events.services import update_event
from seminar.outreach import settings as outreach_settings
from seminar.registration.models import Registration, RegistrationSettings, RegistrationStatus
from seminar.registration.settings import update_settings
from tests.factories import make_event, make_user
from tests.registration.factories import make_registration, make_settings


def _entries(db, action: str) -> list[AuditEntry]:
    return list(db.scalars(select(AuditEntry).where(AuditEntry.action == action)))


def test_a_stale_registration_settings_save_is_refused_and_keeps_what_was_typed(
    client, db, login_as
):
    event = make_event()
    settings = make_settings(event, capacity=60)
    loaded = str(settings.version)
    login_as("organizer", event)
    url = f"/manage/{event.slug}/registrations/settings"
    assert client.post(url, data={"capacity": "80", "version": loaded}).status_code == 302
    response = client.post(url, data={"capacity": "70", "version": loaded})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed these settings while you were editing them" in page
    assert 'name="capacity" type="number" value="70"' in page  # what this person typed stays
    db.expire_all()
    assert db.scalar(select(RegistrationSettings.capacity)) == 80
    assert len(_entries(db, "registration.settings_updated")) == 1


def test_a_settings_save_records_what_changed_and_an_unchanged_one_writes_nothing(db):
    event = make_event()
    settings = make_settings(event, capacity=60, requires_approval=False)
    organizer = make_user()
    version = settings.version
    update_settings(
        event,
        {"capacity": 45, "requires_approval": False},
        expected_version=version,
        by=organizer,
    )
    (entry,) = _entries(db, "registration.settings_updated")
    assert entry.summary == "capacity"
    assert entry.changes == {"capacity": [60, 45]}
    assert entry.user_id == organizer.id
    assert settings.version == version + 1
    update_settings(event, {"capacity": 45}, expected_version=settings.version, by=organizer)
    assert len(_entries(db, "registration.settings_updated")) == 1
    assert settings.version == version + 1


def test_more_seats_saved_promote_from_the_waiting_list(db):
    event = make_event()
    settings = make_settings(event, capacity=1)
    make_registration(event)
    waiting = make_registration(event, status=RegistrationStatus.WAITLISTED)
    update_settings(event, {"capacity": 2}, expected_version=settings.version)
    assert db.get(Registration, waiting.id).status == RegistrationStatus.CONFIRMED


def test_outreach_settings_refuse_a_stale_version_before_checking_the_values(db):
    event = make_event()
    saved = outreach_settings.get_settings(event)
    values = {"reminder_max": "99", "reminder_days": "5", "passport_retention_days": "15"}
    with pytest.raises(ConflictError, match="Someone else changed these settings"):
        outreach_settings.update_settings(event, values, expected_version=saved.version + 1)
    assert saved.reminder_max != 99
    assert _entries(db, "outreach.settings_updated") == []


def test_a_stale_event_save_keeps_its_own_message_and_the_saved_title(db):
    event = make_event(title="Saved first")
    with pytest.raises(ConflictError, match="Someone else changed this event"):
        update_event(
            event,
            {"title": "Saved second"},
            expected_version=event.version + 1,
            by=make_user(),
        )
    assert event.title == "Saved first"
    assert _entries(db, "event.updated") == []
