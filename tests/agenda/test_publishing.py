"""Publishing the agenda: numbered versions, frozen snapshots, and what changed between them."""

from __future__ import annotations

import json

import pytest

from seminar.agenda.models import AgendaPublication
from seminar.agenda.publishing import latest_publication, publish
from seminar.errors import DomainError
from tests.agenda.factories import add_role, local, make_item, make_person, make_room, make_theme
from tests.factories import make_event, make_user


def _programme(db):
    event = make_event(slug="lapaz-test")
    room = make_room(event, name="Salón Illimani")
    other = make_room(event, name="Salón Sajama", capacity=40, position=1)
    theme = make_theme(event)
    speaker = make_person(event, email="ana@example.org")
    keynote = make_item(
        event, title="Conferencia magistral", kind="keynote", room=room, theme=theme
    )
    add_role(keynote, speaker)
    panel = make_item(
        event,
        title="Panel de remesas",
        starts_at=local(event, "2026-12-02", "11:00"),
        ends_at=local(event, "2026-12-02", "12:30"),
        room=room,
    )
    lunch = make_item(
        event,
        title="Almuerzo",
        kind="meal",
        starts_at=local(event, "2026-12-02", "12:30"),
        ends_at=local(event, "2026-12-02", "14:00"),
    )
    return event, {"room": room, "other": other, "keynote": keynote, "panel": panel, "lunch": lunch}


def test_publish_numbers_versions_and_freezes_the_snapshot(db):
    event, things = _programme(db)
    user = make_user()

    first = publish(event, by=user, note="Programa preliminar")
    things["panel"].title = "Panel de remesas y desarrollo"
    db.flush()
    second = publish(event, by=user)
    db.commit()

    assert (first.number, second.number) == (1, 2)
    assert first.published_by_id == user.id
    assert first.note == "Programa preliminar"
    titles_v1 = [i["title"] for i in first.snapshot["items"]]
    assert "Panel de remesas" in titles_v1
    assert "Panel de remesas y desarrollo" in [i["title"] for i in second.snapshot["items"]]
    assert latest_publication(event).number == 2


def test_snapshot_follows_the_contract_and_never_holds_emails(db):
    event, things = _programme(db)
    publication = publish(event, by=None)

    snapshot = publication.snapshot
    assert set(snapshot) == {"event", "rooms", "themes", "people", "items"}
    assert snapshot["event"] == {
        "title": event.title,
        "timezone": "America/La_Paz",
        "starts_on": "2026-12-02",
        "ends_on": "2026-12-03",
    }
    keynote = snapshot["items"][0]
    assert keynote["title"] == "Conferencia magistral"
    assert keynote["starts_at"] == "2026-12-02T13:00:00+00:00"  # 09:00 in La Paz (UTC-4)
    assert keynote["participants"] == [
        {"person_id": snapshot["people"][0]["id"], "role": "speaker", "position": 0}
    ]
    assert keynote["id"] == things["keynote"].id
    assert keynote["uid"] == things["keynote"].uid
    assert [i["title"] for i in snapshot["items"]] == [
        "Conferencia magistral",
        "Panel de remesas",
        "Almuerzo",
    ]
    assert "ana@example.org" not in json.dumps(snapshot)
    assert "email" not in snapshot["people"][0]


def test_changes_list_added_moved_changed_and_cancelled_items(db):
    event, things = _programme(db)
    publish(event, by=None)

    things["keynote"].starts_at = local(event, "2026-12-02", "09:30")
    things["keynote"].ends_at = local(event, "2026-12-02", "10:45")
    things["panel"].room = things["other"]
    things["lunch"].title = "Almuerzo de trabajo"
    new = make_item(
        event,
        title="Clausura",
        kind="closing",
        starts_at=local(event, "2026-12-03", "17:00"),
        ends_at=local(event, "2026-12-03", "17:30"),
    )
    internal = make_item(event, title="Reunión del comité", is_public=False)
    db.flush()
    second = publish(event, by=None)
    changes = second.changes

    assert [e["title"] for e in changes["added"]] == [new.title]
    moved = {e["title"]: e for e in changes["moved"]}
    assert set(moved) == {"Conferencia magistral", "Panel de remesas"}
    assert moved["Conferencia magistral"]["previous"]["starts_at"] == "2026-12-02T13:00:00+00:00"
    assert moved["Panel de remesas"]["room"] == "Salón Sajama"
    assert moved["Panel de remesas"]["previous"]["room"] == "Salón Illimani"
    assert [(e["title"], e["fields"]) for e in changes["changed"]] == [
        ("Almuerzo de trabajo", ["title"])
    ]
    assert changes["cancelled"] == []
    assert internal.title not in json.dumps(changes)

    db.delete(things["panel"])
    db.flush()
    third = publish(event, by=None)
    assert [e["title"] for e in third.changes["cancelled"]] == ["Panel de remesas"]


def test_an_item_made_internal_counts_as_cancelled_for_the_public(db):
    event, things = _programme(db)
    publish(event, by=None)
    things["panel"].is_public = False
    db.flush()

    second = publish(event, by=None)

    assert [e["title"] for e in second.changes["cancelled"]] == ["Panel de remesas"]


def test_publish_refuses_a_version_identical_to_the_previous_one(db):
    event, _things = _programme(db)
    publish(event, by=None)

    with pytest.raises(DomainError, match="Nothing has changed since version 1"):
        publish(event, by=None)


def test_publish_refuses_an_agenda_without_public_items(db):
    event = make_event()
    make_item(event, is_public=False)

    with pytest.raises(DomainError, match="no public items"):
        publish(event, by=None)
    assert latest_publication(event) is None


def test_publish_page_shows_unpublished_changes_and_publishes_them(client, db, login_as):
    event, things = _programme(db)
    login_as("organizer", event)

    page = client.get(f"/manage/{event.slug}/agenda/publish")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Not published yet" in text
    assert "Conferencia magistral" in text
    assert "Publish version 1" in text

    response = client.post(
        f"/manage/{event.slug}/agenda/publish", data={"note": "Programa preliminar"}
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Version 1 of the agenda is now public." in page
    assert "The public agenda is up to date" in page
    assert "Programa preliminar" in page
    assert db.query(AgendaPublication).filter_by(event_id=event.id).count() == 1
    activity = client.get(f"/manage/{event.slug}/activity").get_data(as_text=True)
    assert "Agenda published" in activity
    assert "Version 1" in activity


def test_publish_page_says_nothing_changed_on_a_second_publish(client, db, login_as):
    event, _things = _programme(db)
    publish(event, by=None)
    login_as("organizer", event)

    response = client.post(f"/manage/{event.slug}/agenda/publish", data={"note": ""})

    assert response.status_code == 422
    assert "Nothing has changed since version 1." in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ["rapporteur", "checkin", "user"])
def test_only_organizers_may_publish(client, db, login_as, role):
    event, _things = _programme(db)
    login_as(role, event)

    assert client.post(f"/manage/{event.slug}/agenda/publish", data={}).status_code == 403
    assert latest_publication(event) is None


def test_anonymous_visitors_are_sent_to_sign_in_before_publishing(client, db):
    event, _things = _programme(db)

    response = client.get(f"/manage/{event.slug}/agenda/publish")

    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_themes_css_gives_each_theme_a_class_with_readable_text(client, db):
    event = make_event()
    dark = make_theme(event, name="Remesas", color="#1d6b36")
    light = make_theme(event, name="Cooperación", color="#f2c94c")

    css = client.get(f"/events/{event.slug}/themes.css")

    body = css.get_data(as_text=True)
    assert css.mimetype == "text/css"
    assert f".theme-{dark.id}{{--theme:#1d6b36;--theme-ink:#ffffff;background-color:#1d6b36" in body
    assert f".theme-{light.id}{{--theme:#f2c94c;--theme-ink:#1b2733;" in body
    assert f".theme-accent-{light.id}{{--theme:#f2c94c}}" in body
