"""The timetable editor's pages and JSON calls: happy paths, permissions, CSRF, no-JS forms."""

from __future__ import annotations

import html
import json
import re

import pytest
from sqlalchemy import select

from seminar.agenda.models import AgendaItem, Room, Theme
from tests.agenda.factories import add_role, local, make_item, make_person, make_room
from tests.factories import make_event


def items_url(event, item=None):
    base = f"/manage/{event.slug}/agenda/items"
    return f"{base}/{item.id}" if item else base


# --- Permissions -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/agenda", "/agenda/list", "/agenda/items/new", "/agenda/rooms", "/agenda/themes",
     "/agenda/state.json", "/people"],
)  # fmt: skip
def test_anonymous_visitors_are_sent_to_sign_in(client, db, path):
    event = make_event()
    response = client.get(f"/manage/{event.slug}{path}")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


@pytest.mark.parametrize("role", ["user", "rapporteur", "checkin"])
def test_people_without_the_organizer_role_are_refused(client, db, login_as, role):
    event = make_event()
    item = make_item(event)
    login_as(role, event)
    assert client.get(f"/manage/{event.slug}/agenda").status_code == 403
    response = client.patch(items_url(event, item), json={"version": 1, "title": "Hack"})
    assert response.status_code == 403
    db.refresh(item)
    assert item.title == "Panel: remesas y desarrollo"


def test_json_writes_without_a_csrf_token_are_refused(csrf_client, db, login_as):
    event = make_event()
    item = make_item(event)
    user_login = login_as  # signs in the shared test client
    user_login("organizer", event)
    response = csrf_client.patch(items_url(event, item), json={"version": 1, "title": "Sin token"})
    assert response.status_code == 400
    assert "security token" in response.get_json()["detail"]
    db.refresh(item)
    assert item.title == "Panel: remesas y desarrollo"


def test_organizers_of_another_event_are_refused(client, db, login_as):
    event, other = make_event(), make_event()
    item = make_item(event)
    login_as("organizer", other)
    assert client.delete(items_url(event, item), json={"version": 1}).status_code == 403


# --- The grid page and its JSON calls ----------------------------------------------------------------


def test_editor_page_carries_the_grid_state_in_the_event_time_zone(client, db, login_as):
    event = make_event()
    room = make_room(event)
    person = make_person(event)
    item = make_item(event, room=room)
    add_role(item, person)
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/agenda").get_data(as_text=True)
    assert "<h1>Timetable</h1>" in page
    embedded = json.loads(html.unescape(re.search(r'data-state="([^"]*)"', page).group(1)))
    assert [(i["title"], i["start"]) for i in embedded["items"]] == [(item.title, 540)]
    state = client.get(f"/manage/{event.slug}/agenda/state.json").get_json()
    [shown] = state["items"]
    assert (shown["day"], shown["start"], shown["end"]) == ("2026-12-02", 540, 630)
    assert shown["room_id"] == room.id
    assert shown["people"][0]["name"] == "Sra. Ana Quispe Mamani"
    assert [d["date"] for d in state["days"]] == ["2026-12-02", "2026-12-03"]


def test_create_item_through_json_saves_it_and_returns_it(client, db, login_as):
    event = make_event()
    room = make_room(event)
    login_as("organizer", event)
    response = client.post(
        items_url(event),
        json={"title": "Apertura", "kind": "opening", "starts_at": "2026-12-02T08:30",
              "ends_at": "2026-12-02T09:00", "room_id": room.id},
    )  # fmt: skip
    assert response.status_code == 201
    body = response.get_json()
    assert body["item"]["title"] == "Apertura"
    assert body["item"]["start"] == 510
    saved = db.scalar(select(AgendaItem))
    assert saved.starts_at == local(event, "2026-12-02", "08:30")
    assert saved.room_id == room.id


def test_move_through_json_saves_and_reports_speaker_overlap(client, db, login_as):
    event = make_event()
    illimani, sajama = make_room(event), make_room(event, name="Salón Sajama")
    person = make_person(event)
    keynote = make_item(event, title="Conferencia", room=illimani)
    panel = make_item(
        event,
        title="Panel",
        room=sajama,
        starts_at=local(event, "2026-12-02", "14:00"),
        ends_at=local(event, "2026-12-02", "15:00"),
    )
    add_role(keynote, person)
    add_role(panel, person)
    login_as("organizer", event)
    response = client.patch(
        items_url(event, panel),
        json={"version": 1, "starts_at": "2026-12-02T09:30", "ends_at": "2026-12-02T10:30",
              "room_id": sajama.id},
    )  # fmt: skip
    assert response.status_code == 200
    body = response.get_json()
    assert body["item"]["version"] == 2
    [warning] = body["conflicts"]
    assert warning["severity"] == "warning"
    assert "Sra. Ana Quispe Mamani is in" in warning["message"]
    db.refresh(panel)
    assert panel.starts_at == local(event, "2026-12-02", "09:30")


def test_a_room_overlap_is_refused_with_a_readable_problem(client, db, login_as):
    event = make_event()
    room = make_room(event)
    make_item(event, title="Apertura", room=room)
    other = make_item(
        event,
        title="Panel",
        starts_at=local(event, "2026-12-02", "14:00"),
        ends_at=local(event, "2026-12-02", "15:00"),
    )
    login_as("organizer", event)
    response = client.patch(
        items_url(event, other),
        json={"version": 1, "starts_at": "2026-12-02T10:00", "ends_at": "2026-12-02T11:00",
              "room_id": room.id},
    )  # fmt: skip
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    body = response.get_json()
    assert body["detail"] == (
        "“Panel” and “Apertura” (9:00\u202fAM–10:30\u202fAM) overlap in Salón Illimani."
    )
    assert body["conflicts"][0]["kind"] == "room_overlap"
    db.refresh(other)
    assert other.room_id is None


def test_a_stale_edit_is_refused_with_the_current_version_in_the_body(client, db, login_as):
    event = make_event()
    item = make_item(event)
    login_as("organizer", event)
    first = client.patch(items_url(event, item), json={"version": 1, "title": "Mía"})
    assert first.status_code == 200
    stale = client.patch(
        items_url(event, item), json={"version": 1, "starts_at": "2026-12-02T15:00",
                                      "ends_at": "2026-12-02T16:00"},
    )  # fmt: skip
    assert stale.status_code == 409
    body = stale.get_json()
    assert "Someone else changed this item" in body["detail"]
    assert body["item"]["title"] == "Mía"
    assert body["item"]["version"] == 2
    assert body["item"]["start"] == 540


def test_delete_through_json_removes_the_item(client, db, login_as):
    event = make_event()
    item = make_item(event)
    url, item_id = items_url(event, item), item.id
    login_as("organizer", event)
    assert client.delete(url, json={"version": 2}).status_code == 409
    response = client.delete(url, json={"version": 1})
    assert response.get_json()["deleted"] == item_id
    assert db.scalar(select(AgendaItem)) is None


def test_json_calls_reject_bodies_that_are_not_objects_and_foreign_ids(client, db, login_as):
    event = make_event()
    item = make_item(event)
    foreign_room = make_room(make_event())
    login_as("organizer", event)
    response = client.patch(items_url(event, item), json=["nope"])
    assert response.status_code == 400
    response = client.patch(items_url(event, item), json={"version": 1, "room_id": foreign_room.id})
    assert response.status_code == 422
    assert response.get_json()["detail"] == "Choose a room of this event."
    assert client.patch(f"{items_url(event)}/999999", json={"version": 1}).status_code == 404


# --- Plain forms (no JavaScript) -------------------------------------------------------------------


def test_list_view_shows_each_day_with_items_people_and_conflicts(client, db, login_as):
    event = make_event()
    room = make_room(event, capacity=1)
    item = make_item(event, room=room)
    add_role(item, make_person(event), "moderator")
    from tests.registration.factories import make_registration

    make_registration(event)
    make_registration(event)
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/agenda/list").get_data(as_text=True)
    assert "Wednesday, December 2, 2026" in page
    assert "Thursday, December 3, 2026" in page
    assert "Panel: remesas y desarrollo" in page
    assert "Sra. Ana Quispe Mamani" in page
    assert "Moderator" in page
    assert "Salón Illimani seats 1, but 2 participants are confirmed for that day." in page
    assert "Nothing planned on this day yet." in page


def test_item_form_creates_an_item_with_people_in_order(client, db, login_as):
    event = make_event()
    room = make_room(event)
    ana, luis = make_person(event), make_person(event, name="Luis Rojas")
    login_as("organizer", event)
    form = client.get(f"/manage/{event.slug}/agenda/items/new?day=2026-12-03")
    assert '<option selected value="2026-12-03">' in form.get_data(as_text=True)
    response = client.post(
        f"/manage/{event.slug}/agenda/items/new",
        data={"title": "Panel 2: remesas", "kind": "panel", "day": "2026-12-03",
              "starts": "11:00", "ends": "12:30", "room": str(room.id), "theme": "",
              "language": "es", "is_public": "y",
              "participants-0-person": str(luis.id), "participants-0-role": "moderator",
              "participants-1-person": str(ana.id), "participants-1-role": "speaker",
              "participants-2-person": "", "participants-2-role": "speaker"},
        follow_redirects=True,
    )  # fmt: skip
    page = response.get_data(as_text=True)
    assert "“Panel 2: remesas” has been added to the agenda." in page
    item = db.scalar(select(AgendaItem))
    assert item.starts_at == local(event, "2026-12-03", "11:00")
    assert [(p.person.name, p.role.value) for p in item.participants] == [
        ("Luis Rojas", "moderator"),
        ("Ana Quispe Mamani", "speaker"),
    ]


def test_item_form_shows_a_refused_conflict_next_to_the_field(client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/agenda/items/new",
        data={"title": "Cierre", "kind": "closing", "day": "2026-12-02", "starts": "18:00",
              "ends": "17:00", "language": "es"},
    )  # fmt: skip
    assert response.status_code == 422
    assert "The item must end after it starts." in response.get_data(as_text=True)
    assert db.scalar(select(AgendaItem)) is None


def test_item_form_refuses_a_stale_save_and_shows_the_other_version(client, db, login_as):
    event = make_event()
    item = make_item(event)
    login_as("organizer", event)
    url = f"/manage/{event.slug}/agenda/items/{item.id}/edit"
    data = {"title": "Mi título", "kind": "panel", "day": "2026-12-02", "starts": "09:00",
            "ends": "10:30", "language": "es", "is_public": "y", "version": "1"}  # fmt: skip
    client.patch(items_url(event, item), json={"version": 1, "title": "Su título"})
    response = client.post(url, data=data)
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else changed this item" in page
    assert "Su título" in page
    assert 'value="Mi título"' in page
    db.refresh(item)
    assert item.title == "Su título"
    again = client.post(url, data={**data, "version": "2"}, follow_redirects=True)
    assert "Your changes to “Mi título” have been saved." in again.get_data(as_text=True)


def test_item_form_deletes_with_the_version_it_showed(client, db, login_as):
    event = make_event()
    item = make_item(event)
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/agenda/items/{item.id}/delete",
        data={"version": "1"},
        follow_redirects=True,
    )
    assert "“Panel: remesas y desarrollo” has been deleted." in response.get_data(as_text=True)
    assert db.scalar(select(AgendaItem)) is None


def test_plain_form_posts_without_csrf_are_refused(csrf_client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    response = csrf_client.post(f"/manage/{event.slug}/agenda/rooms", data={"name": "Sala 3"})
    assert response.status_code == 400
    assert db.scalar(select(Room)) is None


# --- Rooms and themes ------------------------------------------------------------------------------


def test_rooms_are_added_renamed_reordered_and_deleted(client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    base = f"/manage/{event.slug}/agenda/rooms"
    page = client.post(base, data={"name": "Salón Illimani", "capacity": "120"},
                       follow_redirects=True).get_data(as_text=True)  # fmt: skip
    assert "Salón Illimani has been added." in page
    client.post(base, data={"name": "Salón Sajama", "capacity": ""})
    first, second = db.scalars(select(Room).order_by(Room.position)).all()
    client.post(f"{base}/{second.id}/up", data={})
    assert [r.name for r in db.scalars(select(Room).order_by(Room.position))] == [
        "Salón Sajama",
        "Salón Illimani",
    ]
    client.post(f"{base}/{first.id}", data={"name": "Salón Illimani A", "capacity": "100"})
    db.refresh(first)
    assert (first.name, first.capacity) == ("Salón Illimani A", 100)
    page = client.post(f"{base}/{second.id}/delete", data={}, follow_redirects=True)
    assert "Salón Sajama has been deleted." in page.get_data(as_text=True)


def test_a_theme_colour_without_enough_contrast_is_refused_with_a_suggestion(client, db, login_as):
    event = make_event()
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/agenda/themes", data={"name": "Remesas", "color": "#ffd700"}
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "White text on this colour has a contrast of 1.4:1" in page
    assert db.scalar(select(Theme)) is None
    page = client.post(
        f"/manage/{event.slug}/agenda/themes",
        data={"name": "Remesas", "color": "#6b3fa0"},
        follow_redirects=True,
    ).get_data(as_text=True)
    assert "The theme “Remesas” has been added." in page
