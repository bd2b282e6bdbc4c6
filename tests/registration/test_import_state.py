"""Importing a list: the organizer chooses the imported rows' state, and the preview says in plain
words what confirming does when there are fewer free seats than rows."""

from __future__ import annotations

import re

import pytest
from lxml import html
from sqlalchemy import select

from seminar.registration.models import Registration, RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings
from tests.registration.test_import import GOOD_ROWS, HEADER, upload

FIVE_ROWS = [
    *GOOD_ROWS,
    "Sr.;Carlos;Mamani;Asesor;Ministerio de Trabajo;Bolivia;carlos@example.org",
    "Sra.;Rosa;Flores;Jefa de unidad;Defensoría del Pueblo;Bolivia;rosa@example.org",
]


@pytest.fixture
def event(db):
    return make_event(slug="lapaz")


def preview_page(client, rows=FIVE_ROWS) -> str:
    return upload(client, (HEADER + "\n".join(rows)).encode("utf-8")).get_data(as_text=True)


def confirm(client, page: str, state: str):
    ticket = re.search(r'name="ticket" type="hidden" value="([^"]+)"', page).group(1)
    return client.post(
        "/manage/lapaz/registrations/import",
        data={"ticket": ticket, "state": state},
        follow_redirects=True,
    )


def states(db) -> dict[str, RegistrationStatus]:
    rows = db.execute(select(Registration.email, Registration.status)).all()
    return {email: status for email, status in rows}


def checked_state(page: str) -> str:
    return html.fromstring(page).xpath('//input[@name="state"][@checked]/@value')[0]


def test_preview_offers_the_three_states_with_the_events_rule_chosen(client, db, event, login_as):
    make_settings(event, requires_approval=True)
    login_as("organizer", event)
    page = preview_page(client)
    values = html.fromstring(page).xpath('//input[@name="state"]/@value')
    assert values == ["confirmed", "pending", "waitlisted"]
    assert checked_state(page) == "pending"
    assert "Not enough free seats" not in page  # no seat limit


def test_organizer_confirms_an_imported_list_even_when_the_event_asks_for_approval(
    client, db, event, login_as
):
    make_settings(event, requires_approval=True)
    login_as("organizer", event)
    done = confirm(client, preview_page(client), "confirmed")
    assert "5 registrations imported: 5 confirmed, 0 awaiting approval" in done.get_data(
        as_text=True
    )
    assert set(states(db).values()) == {RegistrationStatus.CONFIRMED}


def test_imported_rows_can_go_straight_to_the_waiting_list(client, db, event, login_as):
    make_settings(event, capacity=60)
    login_as("organizer", event)
    page = preview_page(client)
    assert checked_state(page) == "confirmed"
    confirm(client, page, "waitlisted")
    assert set(states(db).values()) == {RegistrationStatus.WAITLISTED}


def test_preview_warns_how_many_would_be_confirmed_and_waitlisted(client, db, event, login_as):
    make_settings(event, capacity=3)
    make_registration(event, email="first@example.org", status=RegistrationStatus.CONFIRMED)
    login_as("organizer", event)
    page = preview_page(client)
    warning = html.fromstring(page).get_element_by_id("import-seats-warning").text_content()
    assert (
        "Only 2 seats are free, so only the first 2 people would be confirmed and the other 3 "
        "would join the waiting list." in " ".join(warning.split())
    )

    done = confirm(client, page, "confirmed").get_data(as_text=True)

    assert (
        "5 registrations imported: 2 confirmed, 0 awaiting approval, 3 on the waiting list." in done
    )
    imported = states(db)
    assert [imported[e] for e in ("ana@example.org", "jose@example.org")] == [
        RegistrationStatus.CONFIRMED, RegistrationStatus.CONFIRMED,
    ]  # fmt: skip
    assert list(imported.values()).count(RegistrationStatus.WAITLISTED) == 3


def test_the_seats_taken_after_the_preview_are_respected(client, db, event, login_as):
    make_settings(event, capacity=5)
    login_as("organizer", event)
    page = preview_page(client)
    assert "import-seats-warning" not in page  # five seats for five rows
    make_registration(event, email="late@example.org", status=RegistrationStatus.CONFIRMED)
    db.commit()

    confirm(client, page, "confirmed")

    imported = states(db)
    assert list(imported.values()).count(RegistrationStatus.CONFIRMED) == 5  # never above 5
    assert imported["rosa@example.org"] == RegistrationStatus.WAITLISTED


def test_no_free_seat_says_nobody_would_be_confirmed_in_spanish(client, db, event, login_as):
    make_settings(event, capacity=1)
    make_registration(event, email="first@example.org", status=RegistrationStatus.CONFIRMED)
    login_as("organizer", event)
    client.get("/language/es")
    page = preview_page(client, GOOD_ROWS[:1])
    warning = html.fromstring(page).get_element_by_id("import-seats-warning").text_content()
    assert (
        "No hay ninguna plaza libre, así que no se confirmaría a nadie y 1 pasaría a la lista "
        "de espera." in " ".join(warning.split())
    )
