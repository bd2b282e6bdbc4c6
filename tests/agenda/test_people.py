"""The organizer's people pages: list, add, edit with photo, merge duplicates, their items."""

from __future__ import annotations

import io

from PIL import Image
from sqlalchemy import select

from seminar.agenda.models import Person
from tests.agenda.factories import add_role, make_item, make_person
from tests.factories import make_event


def photo() -> tuple[io.BytesIO, str]:
    buffer = io.BytesIO()
    Image.new("RGB", (60, 60), "#6b3fa0").save(buffer, format="JPEG")
    buffer.seek(0)
    return buffer, "retrato.jpg"


def test_people_page_lists_people_with_roles_and_flags_duplicates(client, db, login_as):
    event = make_event()
    ana = make_person(event)
    make_person(event, honorific="", name="ana quispe mamani")
    add_role(make_item(event), ana, "moderator")
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/people").get_data(as_text=True)
    assert "Sra. Ana Quispe Mamani" in page
    assert "Jefa de Misión, OIM Ecuador · Ecuador" in page
    assert "1 agenda item: Moderator" in page
    assert "look like the same person" in page


def test_people_search_matches_without_accents(client, db, login_as):
    event = make_event()
    make_person(event, name="José Pérez", organization="Ministerio de Trabajo")
    make_person(event, name="María Choque")
    login_as("organizer", event)
    page = client.get(f"/manage/{event.slug}/people?q=perez").get_data(as_text=True)
    assert "José Pérez" in page
    assert "María Choque" not in page
    assert "1 of 2 people" in page


def test_add_a_person_with_a_photo(client, db, login_as, app):
    event = make_event()
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/people/new",
        data={"honorific": "Dr.", "name": "Rodrigo Alcázar", "position": "Director General",
              "organization": "Ministerio de Trabajo de España", "country": "ES",
              "bio": "Economista.", "email": "r.alcazar@example.org", "photo": photo()},
        content_type="multipart/form-data",
        follow_redirects=True,
    )  # fmt: skip
    assert "Dr. Rodrigo Alcázar has been added." in response.get_data(as_text=True)
    person = db.scalar(select(Person))
    assert person.photo.startswith("photos/")
    assert person.photo.endswith(".jpg")
    with client.get(f"/media/{person.photo}") as served:
        assert served.mimetype == "image/jpeg"


def test_a_file_that_is_not_an_image_is_refused_next_to_the_photo_field(client, db, login_as):
    event = make_event()
    person = make_person(event)
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/people/{person.id}",
        data={"name": person.name, "version": "1",
              "photo": (io.BytesIO(b"MZ\x90\x00 not a photo"), "foto.jpg")},
        content_type="multipart/form-data",
    )  # fmt: skip
    assert response.status_code == 422
    assert "This file is not an image we can read" in response.get_data(as_text=True)
    db.refresh(person)
    assert person.photo is None


def test_edit_page_shows_the_persons_items_and_refuses_a_stale_save(client, db, login_as):
    event = make_event()
    person = make_person(event)
    add_role(make_item(event, title="Panel 1: remesas"), person)
    login_as("organizer", event)
    url = f"/manage/{event.slug}/people/{person.id}"
    page = client.get(url).get_data(as_text=True)
    assert "Panel 1: remesas" in page
    assert "Speaker" in page
    client.post(url, data={"name": "Ana Quispe", "version": "1"})
    response = client.post(url, data={"name": "Ana Q.", "version": "1"})
    assert response.status_code == 409
    assert "Someone else changed this person" in response.get_data(as_text=True)
    db.refresh(person)
    assert person.name == "Ana Quispe"


def test_merge_duplicates_moves_roles_and_deletes_the_copy(client, db, login_as):
    event = make_event()
    keep = make_person(event)
    copy = make_person(event, name="Ana Quispe", bio="Economista.")
    add_role(make_item(event, title="Panel"), copy, "discussant")
    keep_id = keep.id
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/people/merge",
        data={"keep": str(keep.id), "duplicate": str(copy.id)},
        follow_redirects=True,
    )
    page = response.get_data(as_text=True)
    assert "The duplicate has been merged into Sra. Ana Quispe Mamani." in page
    assert "Panel" in page
    [left] = db.scalars(select(Person)).all()
    assert left.id == keep_id
    assert left.bio == "Economista."


def test_merging_a_person_into_themselves_is_refused(client, db, login_as):
    event = make_event()
    person = make_person(event)
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/people/merge",
        data={"keep": str(person.id), "duplicate": str(person.id)},
    )
    assert response.status_code == 422
    assert "Choose two different people to merge." in response.get_data(as_text=True)


def test_delete_a_person(client, db, login_as):
    event = make_event()
    person = make_person(event)
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/people/{person.id}/delete", data={}, follow_redirects=True
    )
    assert "Sra. Ana Quispe Mamani has been deleted." in response.get_data(as_text=True)
    assert db.scalar(select(Person)) is None


def test_people_pages_are_for_organizers_only(client, db, login_as):
    event = make_event()
    person = make_person(event)
    login_as("rapporteur", event)
    assert client.get(f"/manage/{event.slug}/people").status_code == 403
    assert (
        client.post(f"/manage/{event.slug}/people/{person.id}/delete", data={}).status_code == 403
    )
    assert db.scalar(select(Person)) is not None
