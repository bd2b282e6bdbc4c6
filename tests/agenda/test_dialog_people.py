"""Assigning people in the timetable editor's dialog (JSON) and in the form without JavaScript."""

from __future__ import annotations

import json
import re
from html import unescape

from sqlalchemy import select

from seminar.agenda.models import AgendaItem
from tests.agenda.factories import add_role, make_item, make_person, make_room
from tests.factories import make_event


def people_of(item):
    return [(link.person.name, link.role.value) for link in item.participants]


def test_editor_state_lists_the_people_and_roles_to_choose_from(client, db, login_as):
    event = make_event()
    make_person(event, honorific="Sra.", name="Ana Quispe Mamani")
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/agenda").get_data(as_text=True)
    state = json.loads(unescape(re.search(r'data-state="([^"]*)"', page).group(1)))
    assert [p["label"] for p in state["people"]] == [
        "Sra. Ana Quispe Mamani (Jefa de Misión, OIM Ecuador)"
    ]
    assert [r["value"] for r in state["roles"]][:2] == ["speaker", "moderator"]
    assert state["urls"]["new_person"] == f"/manage/{event.slug}/people/new"


def test_new_item_from_the_dialog_gets_its_people_in_order(client, db, login_as):
    event = make_event()
    room = make_room(event)
    ana, luis = make_person(event), make_person(event, name="Luis Rojas")
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/agenda/items",
        json={"title": "Panel", "kind": "panel", "starts_at": "2026-12-02T11:00",
              "ends_at": "2026-12-02T12:00", "room_id": room.id,
              "participants": [{"person_id": luis.id, "role": "moderator"},
                               {"person_id": ana.id, "role": "speaker"}]},
    )  # fmt: skip
    assert response.status_code == 201
    assert [p["name"] for p in response.get_json()["item"]["people"]] == [
        "Sra. Luis Rojas", "Sra. Ana Quispe Mamani",
    ]  # fmt: skip
    assert people_of(db.scalar(select(AgendaItem))) == [
        ("Luis Rojas", "moderator"), ("Ana Quispe Mamani", "speaker"),
    ]  # fmt: skip


def test_dialog_changes_and_removes_people_of_an_item(client, db, login_as):
    event = make_event()
    item = make_item(event)
    ana, luis = make_person(event), make_person(event, name="Luis Rojas")
    add_role(item, ana, "speaker")
    add_role(item, luis, "speaker", position=1)
    login_as("organizer", event)
    response = client.patch(
        f"/manage/{event.slug}/agenda/items/{item.id}",
        json={
            "version": item.version,
            "participants": [{"person_id": luis.id, "role": "moderator"}],
        },
    )
    assert response.status_code == 200
    db.refresh(item)
    assert people_of(item) == [("Luis Rojas", "moderator")]


def test_a_move_without_people_leaves_them_alone(client, db, login_as):
    event = make_event()
    item = make_item(event)
    add_role(item, make_person(event), "speaker")
    login_as("organizer", event)
    client.patch(
        f"/manage/{event.slug}/agenda/items/{item.id}",
        json={
            "version": item.version,
            "starts_at": "2026-12-02T10:00",
            "ends_at": "2026-12-02T11:00",
        },
    )
    db.refresh(item)
    assert people_of(item) == [("Ana Quispe Mamani", "speaker")]


def test_dialog_refuses_someone_of_another_event_and_saves_nothing(client, db, login_as):
    event, other = make_event(), make_event()
    stranger = make_person(other, name="Pedro Otro")
    item = make_item(event, title="Before")
    login_as("organizer", event)
    response = client.patch(
        f"/manage/{event.slug}/agenda/items/{item.id}",
        json={"version": item.version, "title": "After",
              "participants": [{"person_id": stranger.id, "role": "speaker"}]},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.get_json()["detail"] == "Choose people of this event."
    db.refresh(item)
    assert item.title == "Before"
    assert people_of(item) == []


def test_dialog_refuses_a_role_that_does_not_exist(client, db, login_as):
    event = make_event()
    ana = make_person(event)
    item = make_item(event)
    login_as("organizer", event)
    response = client.patch(
        f"/manage/{event.slug}/agenda/items/{item.id}",
        json={"version": item.version, "participants": [{"person_id": ana.id, "role": "king"}]},
    )
    assert response.get_json()["detail"] == "Choose a role from the list."
    response = client.patch(
        f"/manage/{event.slug}/agenda/items/{item.id}",
        json={"version": item.version, "participants": "Ana"},
    )
    assert response.status_code == 400


def test_form_without_javascript_adds_a_row_without_saving(client, db, login_as):
    event = make_event()
    people = [make_person(event, name=f"Persona {n}") for n in range(4)]
    login_as("organizer", event)
    data = {"title": "Panel", "kind": "panel", "day": "2026-12-02", "starts": "11:00",
            "ends": "12:00", "room": "", "theme": "", "language": "es", "is_public": "y"}  # fmt: skip
    for n, person in enumerate(people[:3]):
        data |= {f"participants-{n}-person": str(person.id), f"participants-{n}-role": "speaker"}
    page = client.post(
        f"/manage/{event.slug}/agenda/items/new", data={**data, "add_row": "Add a row"}
    ).get_data(as_text=True)
    assert 'name="participants-3-person"' in page
    assert db.scalar(select(AgendaItem)) is None
    data |= {"participants-3-person": str(people[3].id), "participants-3-role": "moderator"}
    client.post(f"/manage/{event.slug}/agenda/items/new", data=data)
    assert people_of(db.scalar(select(AgendaItem))) == [
        ("Persona 0", "speaker"), ("Persona 1", "speaker"), ("Persona 2", "speaker"),
        ("Persona 3", "moderator"),
    ]  # fmt: skip
