"""Check-in at the venue: search, one tap per day, the QR code's page, counts and permissions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from seminar.audit import AuditEntry
from seminar.registration import checkin as service
from seminar.registration.models import CheckIn, RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings

# Check-in happens on the day: the event starts today in La Paz (another day needs a reason,
# see test_early_checkin.py).
DAY_ONE = datetime.now(ZoneInfo("America/La_Paz")).date()
D1, D2 = DAY_ONE.isoformat(), (DAY_ONE + timedelta(days=1)).isoformat()


@pytest.fixture
def event(db):
    event = make_event(slug="lapaz", starts_on=DAY_ONE, ends_on=DAY_ONE + timedelta(days=1))
    make_settings(event)
    return event


def checkins(db, registration):
    return db.scalars(select(CheckIn).where(CheckIn.registration_id == registration.id)).all()


def test_check_in_staff_check_a_participant_in_with_one_button(client, db, event, login_as):
    ana = make_registration(event, given_name="Ana", family_name="Quispe Mamani")
    staff = login_as("checkin", event, name="Carmen Choque")

    response = client.post(
        f"/manage/lapaz/checkin/{ana.id}", data={"day": D1}, follow_redirects=True
    )

    page = response.get_data(as_text=True)
    assert "Sr. Ana Quispe Mamani is checked in." in page
    assert "Checked in at" in page
    assert "by Carmen Choque" in page
    [arrival] = checkins(db, ana)
    assert arrival.day == DAY_ONE
    assert arrival.by_user_id == staff.id
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "registration.checked_in"))
    assert entry.user_id == staff.id
    assert "Ana Quispe Mamani" in entry.summary


def test_checking_in_twice_says_already_checked_in_and_keeps_one_record(
    client, db, event, login_as
):
    ana = make_registration(event, given_name="Ana", family_name="Quispe")
    login_as("checkin", event)
    first = client.post(f"/manage/lapaz/checkin/{ana.id}", json={"day": D1})
    second = client.post(f"/manage/lapaz/checkin/{ana.id}", json={"day": D1})

    assert first.get_json()["created"] is True
    body = second.get_json()
    assert body["created"] is False
    assert body["participant"]["checked_in"] is True
    assert body["participant"]["checked_in_at"] == first.get_json()["participant"]["checked_in_at"]
    assert body["counts"] == {"checked_in": 1, "expected": 1}
    assert len(checkins(db, ana)) == 1


def test_each_day_has_its_own_check_in(client, db, event, login_as):
    ana = make_registration(event)
    login_as("checkin", event)
    client.post(f"/manage/lapaz/checkin/{ana.id}", json={"day": D1})
    client.post(f"/manage/lapaz/checkin/{ana.id}", json={"day": D2, "reason": "Early badge"})
    assert sorted(c.day.isoformat() for c in checkins(db, ana)) == [D1, D2]


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (RegistrationStatus.CANCELLED, "This registration was cancelled."),
        (RegistrationStatus.DECLINED, "This registration was declined."),
        (RegistrationStatus.WAITLISTED, "on the waiting list"),
        (RegistrationStatus.PENDING, "still awaiting approval"),
    ],
)
def test_only_confirmed_participants_can_be_checked_in(
    client, db, event, login_as, status, message
):
    person = make_registration(event, status=status)
    login_as("checkin", event)
    response = client.post(f"/manage/lapaz/checkin/{person.id}", json={"day": D1})
    assert response.status_code == 422
    assert message in response.get_json()["detail"]
    assert checkins(db, person) == []


def test_search_finds_by_part_of_the_name_ignoring_accents_and_case(client, db, event, login_as):
    make_registration(event, given_name="José", family_name="Pérez Cifuentes")
    make_registration(event, given_name="Lucía", family_name="Vargas", institution="Migraciones")
    make_registration(event, given_name="Otto", family_name="Nadie", status="cancelled")
    login_as("checkin", event)

    found = client.get(f"/manage/lapaz/checkin/search.json?q=perez&day={D1}").get_json()
    assert [r["name"] for r in found["results"]] == ["Sr. José Pérez Cifuentes"]
    by_institution = client.get("/manage/lapaz/checkin/search.json?q=MIGRACIONES").get_json()
    assert [r["name"] for r in by_institution["results"]] == ["Sr. Lucía Vargas"]
    cancelled = client.get("/manage/lapaz/checkin/search.json?q=otto").get_json()["results"]
    assert cancelled[0]["status_label"] == "Cancelled"
    assert cancelled[0]["is_expected"] is False


def test_the_page_works_without_javascript_search_and_counts(client, db, event, login_as):
    make_registration(event, given_name="Ana", family_name="Quispe")
    other = make_registration(event, given_name="Beto", family_name="Rojas")
    db.add(CheckIn(registration=other, day=DAY_ONE))
    make_registration(event, given_name="Day", family_name="Two", days=[D2])
    login_as("checkin", event)

    page = client.get(f"/manage/lapaz/checkin?day={D1}&q=quis").get_data(as_text=True)
    assert "Sr. Ana Quispe" in page
    assert "Beto Rojas" not in page
    counts = client.get(f"/manage/lapaz/checkin/search.json?day={D1}").get_json()["counts"]
    assert counts == {"checked_in": 1, "expected": 2}


def test_the_default_day_is_today_during_the_event_else_the_first_day(db):
    from datetime import UTC, datetime

    event = make_event(starts_on=date(2026, 12, 2), ends_on=date(2026, 12, 3))
    during = datetime(2026, 12, 3, 15, tzinfo=UTC)
    before = datetime(2026, 11, 1, tzinfo=UTC)
    late_evening = datetime(2026, 12, 3, 2, tzinfo=UTC)  # 22:00 on 2 December in La Paz
    assert service.default_day(event, during) == date(2026, 12, 3)
    assert service.default_day(event, before) == date(2026, 12, 2)
    assert service.default_day(event, late_evening) == date(2026, 12, 2)


def test_qr_scan_page_shows_the_participant_and_checks_in_on_post(client, db, app, event, login_as):
    ana = make_registration(event, given_name="Ana", family_name="Quispe")
    with app.test_request_context():
        token = service.checkin_token(ana)
    login_as("checkin", event)

    page = client.get(f"/manage/lapaz/checkin/scan/{token}?day={D1}").get_data(as_text=True)
    assert "Ana Quispe" in page
    assert "Check in" in page
    assert checkins(db, ana) == []
    done = client.post(f"/manage/lapaz/checkin/scan/{token}", data={"day": D1})
    assert "Checked in." in done.get_data(as_text=True)
    again = client.post(f"/manage/lapaz/checkin/scan/{token}", data={"day": D1})
    assert "Already checked in." in again.get_data(as_text=True)
    assert len(checkins(db, ana)) == 1


def test_qr_scan_refuses_other_events_forged_tokens_and_cancelled_registrations(
    client, db, app, event, login_as
):
    other_event = make_event(slug="other")
    stranger = make_registration(other_event)
    gone = make_registration(event, status=RegistrationStatus.CANCELLED)
    with app.test_request_context():
        foreign, cancelled = service.checkin_token(stranger), service.checkin_token(gone)
    login_as("checkin", event)

    wrong = client.get(f"/manage/lapaz/checkin/scan/{foreign}")
    assert wrong.status_code == 404
    assert "This badge belongs to another event." in wrong.get_data(as_text=True)
    forged = client.get(f"/manage/lapaz/checkin/scan/{foreign[:-3]}abc")
    assert "not a valid badge" in forged.get_data(as_text=True)
    refused = client.post(f"/manage/lapaz/checkin/scan/{cancelled}", data={"day": D1})
    assert refused.status_code == 422
    assert "This registration was cancelled." in refused.get_data(as_text=True)
    assert checkins(db, gone) == []


def test_undo_removes_a_mistaken_check_in(client, db, event, login_as):
    ana = make_registration(event)
    login_as("checkin", event)
    client.post(f"/manage/lapaz/checkin/{ana.id}", json={"day": D1})
    client.post(f"/manage/lapaz/checkin/{ana.id}/undo", data={"day": D1})
    assert checkins(db, ana) == []


def test_a_registration_of_another_event_cannot_be_checked_in_here(client, db, event, login_as):
    stranger = make_registration(make_event(slug="other"))
    login_as("checkin", event)
    response = client.post(f"/manage/lapaz/checkin/{stranger.id}", json={"day": D1})
    assert response.status_code == 404
    assert checkins(db, stranger) == []


def test_anonymous_visitors_are_sent_to_sign_in(client, event):
    response = client.get("/manage/lapaz/checkin")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["user", "rapporteur"])
def test_non_members_and_rapporteurs_may_not_check_in(client, db, event, login_as, role):
    ana = make_registration(event)
    login_as(role, event)
    assert client.get("/manage/lapaz/checkin").status_code == 403
    assert client.post(f"/manage/lapaz/checkin/{ana.id}", json={}).status_code == 403
    assert checkins(db, ana) == []


def test_organizers_may_check_in_too(client, db, event, login_as):
    ana = make_registration(event)
    login_as("organizer", event)
    response = client.post(f"/manage/lapaz/checkin/{ana.id}", json={"day": D1})
    assert response.get_json()["created"] is True
