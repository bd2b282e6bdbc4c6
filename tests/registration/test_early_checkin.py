"""Checking in for another day than today (in the event's time zone) is allowed with a reason,
which is recorded with the check-in, in the registration's history and in the activity log."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from seminar.audit import AuditEntry
from seminar.errors import DomainError
from seminar.registration import checkin as service
from seminar.registration.models import CheckIn
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings

TODAY = datetime.now(ZoneInfo("America/La_Paz")).date()
TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz", starts_on=TOMORROW, ends_on=TOMORROW + timedelta(days=1))
    make_settings(event)
    return event


def _checkins(db, registration):
    return db.scalars(select(CheckIn).where(CheckIn.registration_id == registration.id)).all()


def test_needs_a_reason_only_on_another_day_than_today_in_the_event_zone(db):
    event = make_event(timezone="America/La_Paz")
    # 23:30 on 1 December in La Paz is already 2 December in UTC.
    late = datetime(2026, 12, 2, 3, 30, tzinfo=UTC)
    assert not service.needs_reason(event, late.date() - timedelta(days=1), late)
    assert service.needs_reason(event, late.date(), late)


def test_service_refuses_an_early_check_in_without_a_reason(app, db, event):
    ana = make_registration(event)
    with app.test_request_context(), pytest.raises(DomainError) as refused:
        service.check_in(ana, day=TOMORROW, reason="   ")
    assert refused.value.field == "reason"
    assert "is not today" in refused.value.message
    assert _checkins(db, ana) == []


def test_json_check_in_for_tomorrow_is_refused_next_to_the_reason_field(
    client, db, event, login_as
):
    ana = make_registration(event)
    login_as("checkin", event)
    response = client.post(f"/manage/lapaz/checkin/{ana.id}", json={"day": TOMORROW.isoformat()})
    assert response.status_code == 422
    body = response.get_json()
    assert body["field"] == "reason"
    assert "is not today" in body["detail"]
    assert _checkins(db, ana) == []


def test_early_check_in_with_a_reason_is_recorded_in_history_and_activity_log(
    client, db, event, login_as
):
    ana = make_registration(event, given_name="Ana", family_name="Quispe")
    login_as("checkin", event, name="Carmen Choque")
    response = client.post(
        f"/manage/lapaz/checkin/{ana.id}",
        json={"day": TOMORROW.isoformat(), "reason": "  Recogió la credencial   el día antes "},
    )
    assert response.get_json()["created"] is True
    [arrival] = _checkins(db, ana)
    assert arrival.reason == "Recogió la credencial el día antes"

    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "registration.checked_in"))
    assert "Recogió la credencial el día antes" in entry.summary
    login_as("organizer", event)
    activity = client.get("/manage/lapaz/activity", headers={"Accept-Language": "es"})
    assert "Recogió la credencial el día antes" in activity.get_data(as_text=True)
    history = client.get(
        f"/manage/lapaz/registrations/{ana.id}", headers={"Accept-Language": "es"}
    ).get_data(as_text=True)
    assert "Motivo: Recogió la credencial el día antes" in history
    assert "por Carmen Choque" in history


def test_without_javascript_the_list_asks_for_the_reason_on_the_persons_page(
    client, db, event, login_as
):
    ana = make_registration(event, given_name="Ana", family_name="Quispe")
    login_as("checkin", event)
    listing = client.get(f"/manage/lapaz/checkin?day={TOMORROW.isoformat()}").get_data(as_text=True)
    assert "This list is for another day than today" in listing
    assert 'name="reason"' in listing

    asked = client.post(f"/manage/lapaz/checkin/{ana.id}", data={"day": TOMORROW.isoformat()})
    assert asked.status_code == 422
    page = asked.get_data(as_text=True)
    assert "Ana Quispe" in page
    assert 'id="ci-reason-error">' in page
    assert "is not today" in page
    assert 'aria-invalid="true"' in page
    assert _checkins(db, ana) == []

    token = page.split("/checkin/scan/")[1].split('"')[0]
    done = client.post(
        f"/manage/lapaz/checkin/scan/{token}",
        data={"day": TOMORROW.isoformat(), "reason": "Credencial entregada antes"},
    )
    assert "Checked in." in done.get_data(as_text=True)
    assert _checkins(db, ana)[0].reason == "Credencial entregada antes"


def test_check_in_today_needs_no_reason_and_records_none(client, db, login_as):
    event = make_event(slug="today", starts_on=TODAY, ends_on=TODAY)
    make_settings(event)
    ana = make_registration(event)
    login_as("checkin", event)
    page = client.get("/manage/today/checkin").get_data(as_text=True)
    assert 'name="reason"' not in page
    response = client.post(
        f"/manage/today/checkin/{ana.id}", json={"day": TODAY.isoformat(), "reason": "ignored"}
    )
    assert response.get_json()["created"] is True
    assert _checkins(db, ana)[0].reason == ""
