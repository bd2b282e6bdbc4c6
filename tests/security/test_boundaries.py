"""Every request value is checked where it enters: odd digits, ids beyond a database integer,
numbers JSON does not allow, deeply nested JSON and year 9999 get a 4xx with a message, never a
500; the timetable editor's JSON obeys the same length limits as its form."""

from __future__ import annotations

import json
from typing import Any

import pytest
from sqlalchemy import select

from seminar.agenda.models import AgendaItem, Person
from seminar.registration.models import Registration, RegistrationStatus
from tests.registration.factories import make_registration, make_settings
from tests.reports.factories import make_seminar

BEYOND_64_BITS = "99999999999999999999"
WHOLE_NUMBER = "Send a whole number (such as 12) for ids and versions."


@pytest.fixture
def seminar(db: Any, login_as: Any) -> Any:
    seminar = make_seminar()
    make_settings(seminar.event)
    db.commit()
    login_as("organizer", seminar.event)
    return seminar


def patch_item(client: Any, seminar: Any, body: str) -> Any:
    item = seminar.items[0]
    return client.patch(
        f"/manage/{seminar.event.slug}/agenda/items/{item.id}",
        data=body,
        content_type="application/json",
    )


def unchanged(db: Any, seminar: Any) -> bool:
    db.expire_all()
    item = db.get(AgendaItem, seminar.items[0].id)
    return (item.title, item.version, item.description) == (
        "Panel sobre migración y desarrollo",
        1,
        seminar.items[0].description,
    )


@pytest.mark.parametrize("ids", ["²", "١٢", BEYOND_64_BITS, "12,abc"])
def test_odd_ids_in_a_query_are_a_400_with_a_message(client, db, seminar, ids):
    response = client.get(f"/manage/{seminar.event.slug}/registrations/badges.pdf?ids={ids}")
    assert response.status_code == 400
    assert WHOLE_NUMBER in response.get_data(as_text=True)


@pytest.mark.parametrize("ids", ["²", BEYOND_64_BITS])
def test_odd_ids_in_a_bulk_action_change_nobody(client, db, seminar, ids):
    registration = make_registration(seminar.event, status=RegistrationStatus.PENDING)
    db.commit()
    response = client.post(
        f"/manage/{seminar.event.slug}/registrations/status",
        data={"ids": [str(registration.id), ids], "status": "confirmed"},
    )
    assert response.status_code == 400
    assert WHOLE_NUMBER in response.get_data(as_text=True)
    db.expire_all()
    assert db.get(Registration, registration.id).status == RegistrationStatus.PENDING


@pytest.mark.parametrize("day", ["²", "١٢", BEYOND_64_BITS, "-1"])
def test_an_odd_day_filter_shows_the_whole_public_agenda(client, db, seminar, day):
    response = client.get(f"/events/{seminar.event.slug}/agenda?day={day}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Panel sobre migración y desarrollo" in page  # day one
    assert "Remesas y costos de envío" in page  # day two


@pytest.mark.parametrize("day", ["٢٠٢٦-١٢-٠٣", "9999-12-31", "99999-01-01"])
def test_an_odd_day_at_check_in_falls_back_to_the_default_day(client, db, seminar, day):
    response = client.get(f"/manage/{seminar.event.slug}/checkin/search.json?day={day}&q=a")
    assert response.status_code == 200
    assert response.get_json()["day"] == "2026-12-02"


@pytest.mark.parametrize(
    "body",
    [
        '{"version": "²"}',
        '{"version": "١"}',
        f'{{"version": {2**70}}}',
        '{"version": 1.5}',
        '{"version": true}',
        f'{{"version": 1, "room_id": {BEYOND_64_BITS}}}',
        '{"version": 1, "theme_id": "١٢"}',
    ],
)
def test_json_ids_and_versions_must_be_database_integers(client, db, seminar, body):
    response = patch_item(client, seminar, body)
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["detail"] == WHOLE_NUMBER
    assert unchanged(db, seminar)


@pytest.mark.parametrize(
    "body",
    [
        '{"version": 1e999, "title": "Nuevo"}',
        '{"version": 1, "title": NaN}',
        '{"version": Infinity, "title": "Nuevo"}',
        '{"version": -Infinity, "title": "Nuevo"}',
        "[" * 100_000 + "]" * 100_000,
        '{"version": 1, "title": "Nuevo", "x": ' + "[" * 40 + "]" * 40 + "}",
    ],
    ids=["1e999", "NaN", "Infinity", "-Infinity", "nested-100000", "nested-40"],
)
def test_json_that_the_standard_does_not_allow_is_a_400(client, db, seminar, body):
    response = patch_item(client, seminar, body)
    assert response.status_code == 400
    assert response.get_json()["detail"] == "Send the change as a JSON object."
    assert unchanged(db, seminar)


@pytest.mark.parametrize("moment", ["9999-12-31T23:00", "9999-12-31T20:30"])
def test_year_9999_is_a_message_not_an_overflow(client, db, seminar, moment):
    response = client.post(
        f"/manage/{seminar.event.slug}/agenda/items",
        data=json.dumps({"title": "Cierre", "starts_at": moment, "ends_at": moment}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "Enter a date and time such as 2026-12-02 09:00." in response.get_json()["detail"]
    assert db.scalar(select(AgendaItem).where(AgendaItem.title == "Cierre")) is None


def test_the_json_api_enforces_the_form_length_limits(client, db, seminar):
    too_long = patch_item(client, seminar, json.dumps({"version": 1, "description": "x" * 20001}))
    assert too_long.status_code == 400
    assert too_long.get_json()["detail"] == "This text is longer than 20000 characters."
    assert too_long.get_json()["field"] == "description"
    assert unchanged(db, seminar)

    longest = patch_item(client, seminar, json.dumps({"version": 1, "description": "x" * 20000}))
    assert longest.status_code == 200
    db.expire_all()
    assert len(db.get(AgendaItem, seminar.items[0].id).description) == 20000

    title = client.post(
        f"/manage/{seminar.event.slug}/agenda/items",
        data=json.dumps({"title": "x" * 301, "starts_at": "2026-12-02T12:00",
                         "ends_at": "2026-12-02T13:00"}),
        content_type="application/json",
    )  # fmt: skip
    assert title.status_code == 400
    assert title.get_json()["detail"] == "This text is longer than 300 characters."


@pytest.mark.parametrize("version", ["²", BEYOND_64_BITS])
def test_a_mangled_version_in_an_edit_form_is_refused_with_a_message(client, db, seminar, version):
    person = seminar.people[0]
    response = client.post(
        f"/manage/{seminar.event.slug}/people/{person.id}",
        data={"name": "Otra Persona", "country": "", "version": version},
    )
    assert 400 <= response.status_code < 500
    body = response.get_data(as_text=True)
    assert WHOLE_NUMBER in body or "Someone else changed" in body
    db.expire_all()
    assert db.get(Person, person.id).name == "Ana Quispe Mamani"


def test_an_event_in_year_9999_is_refused_at_its_form(client, db, seminar):
    event = seminar.event
    response = client.post(
        f"/manage/{event.slug}/",
        data={"title": event.title, "slug": event.slug, "timezone": "America/La_Paz",
              "starts_on": "9999-12-30", "ends_on": "9999-12-31", "main_language": "es",
              "languages": ["es"], "status": "published", "version": str(event.version),
              "country": "BO"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Enter a date between 1900 and 2999." in response.get_data(as_text=True)
    assert client.get(f"/events/{event.slug}/register").status_code == 200


def test_registration_closing_in_year_9999_is_refused_at_its_form(client, db, seminar):
    response = client.post(
        f"/manage/{seminar.event.slug}/registrations/settings",
        data={"closes_at": "9999-12-31T23:00", "capacity": "50"},
    )
    assert 400 <= response.status_code < 500
    assert "Enter a date between 1900 and 2999." in response.get_data(as_text=True)
