"""Agenda services: every rule and every error a user can meet."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image
from sqlalchemy import select

from seminar.agenda import person_services, rooms, services, themes
from seminar.agenda.models import AgendaItem, ItemKind, Person, PersonRole, Room
from seminar.audit import AuditEntry
from seminar.errors import ConflictError, DomainError
from tests.agenda.factories import (
    add_role,
    local,
    make_item,
    make_person,
    make_room,
    make_theme,
)
from tests.factories import make_event


def actions(db, event):
    return [
        e.action
        for e in db.scalars(
            select(AuditEntry).where(AuditEntry.event_id == event.id).order_by(AuditEntry.id)
        )
    ]


# --- Items ---------------------------------------------------------------------------------------


def test_create_item_reads_local_time_stores_utc_and_snaps_to_five_minutes(db):
    event = make_event()
    room = make_room(event)
    item = services.create_item(
        event,
        {"title": "Apertura", "kind": "opening", "starts_at": "2026-12-02T09:02",
         "ends_at": "2026-12-02T09:33", "room": room},
    )  # fmt: skip
    assert item.starts_at == datetime(2026, 12, 2, 13, 0, tzinfo=UTC)  # La Paz is UTC-4
    assert item.ends_at == datetime(2026, 12, 2, 13, 35, tzinfo=UTC)
    assert item.kind == ItemKind.OPENING
    assert item.version == 1
    assert actions(db, event) == ["agenda.item_created"]


def test_create_item_refuses_a_room_already_in_use(db):
    event = make_event()
    room = make_room(event)
    make_item(event, title="Apertura", room=room)
    with pytest.raises(services.ScheduleConflict) as caught:
        services.create_item(
            event,
            {"title": "Panel", "starts_at": "2026-12-02T10:00", "ends_at": "2026-12-02T11:00",
             "room": room},
        )  # fmt: skip
    assert "overlap in Salón Illimani" in caught.value.message
    assert caught.value.field == "room"
    assert db.scalar(select(AgendaItem).where(AgendaItem.title == "Panel")) is None


def test_create_item_refuses_times_outside_the_event(db):
    event = make_event()
    with pytest.raises(services.ScheduleConflict) as caught:
        services.create_item(
            event,
            {"title": "Visita", "starts_at": "2026-12-04T09:00", "ends_at": "2026-12-04T10:00"},
        )
    assert "outside the event's days" in caught.value.message
    assert caught.value.field == "starts_at"


def test_create_item_refuses_an_end_before_the_start(db):
    event = make_event()
    with pytest.raises(services.ScheduleConflict) as caught:
        services.create_item(
            event,
            {"title": "Pausa", "starts_at": "2026-12-02T10:00", "ends_at": "2026-12-02T09:00"},
        )
    assert caught.value.message == "The item must end after it starts."
    assert caught.value.field == "ends_at"


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"title": "  "}, "title", "Give the item a title."),
        ({"kind": "party"}, "kind", "Choose a kind of item from the list."),
        ({"starts_at": "mañana"}, None, "Enter a date and time such as 2026-12-02 09:00."),
        ({"starts_at": None}, "starts_at", "Enter the start and end of the item."),
    ],
)
def test_create_item_refuses_incomplete_or_invalid_values(db, values, field, message):
    event = make_event()
    base = {"title": "Panel", "starts_at": "2026-12-02T10:00", "ends_at": "2026-12-02T11:00"}
    with pytest.raises(DomainError) as caught:
        services.create_item(event, {**base, **values})
    assert caught.value.message == message
    assert caught.value.field == field


def test_create_item_refuses_a_room_of_another_event(db):
    event = make_event()
    foreign = make_room(make_event())
    with pytest.raises(DomainError) as caught:
        services.create_item(
            event,
            {"title": "Panel", "starts_at": "2026-12-02T10:00", "ends_at": "2026-12-02T11:00",
             "room": foreign},
        )  # fmt: skip
    assert caught.value.field == "room"
    with pytest.raises(DomainError):
        services.get_room(event, foreign.id)


def test_move_item_keeps_its_length_and_bumps_its_version(db):
    event = make_event()
    illimani, sajama = make_room(event), make_room(event, name="Salón Sajama")
    item = make_item(event, room=illimani)  # 09:00-10:30
    services.move_item(item, starts_at="2026-12-03T14:00", room=sajama, expected_version=1)
    db.flush()
    assert item.starts_at == local(event, "2026-12-03", "14:00")
    assert item.ends_at == local(event, "2026-12-03", "15:30")
    assert item.room is sajama
    assert item.version == 2
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "agenda.item_moved"))
    assert entry.changes["room"] == ["Salón Illimani", "Salón Sajama"]


def test_move_item_with_a_stale_version_is_refused_and_changes_nothing(db):
    event = make_event()
    item = make_item(event)
    services.resize_item(item, ends_at="2026-12-02T11:00", expected_version=1)
    with pytest.raises(ConflictError) as caught:
        services.move_item(item, starts_at="2026-12-02T15:00", room=None, expected_version=1)
    assert "Someone else changed this item" in caught.value.message
    assert item.starts_at == local(event, "2026-12-02", "09:00")
    assert item.version == 2


def test_move_item_onto_a_speakers_other_item_is_saved_and_flagged(db):
    event = make_event()
    person = make_person(event)
    keynote = make_item(event, title="Conferencia")
    panel = make_item(
        event,
        title="Panel",
        starts_at=local(event, "2026-12-02", "14:00"),
        ends_at=local(event, "2026-12-02", "15:00"),
    )
    add_role(keynote, person)
    add_role(panel, person)
    services.move_item(panel, starts_at="2026-12-02T09:30", room=None, expected_version=1)
    found = conflicts_of(event, panel)
    assert [c.kind for c in found] == ["person_overlap"]
    assert panel.starts_at == local(event, "2026-12-02", "09:30")


def conflicts_of(event, item):
    from seminar.agenda import conflicts

    return conflicts.check_slot(event, conflicts.slot_of(item))


def test_resize_item_refuses_an_end_before_the_start(db):
    event = make_event()
    item = make_item(event)
    with pytest.raises(services.ScheduleConflict):
        services.resize_item(item, ends_at="2026-12-02T08:55", expected_version=1)
    assert item.ends_at == local(event, "2026-12-02", "10:30")


def test_update_item_changes_details_and_records_them(db):
    event = make_event()
    theme = make_theme(event)
    item = make_item(event)
    services.update_item(
        item,
        {"title": "Panel: remesas", "theme": theme, "description": "**Debate**",
         "language": "en", "has_interpretation": True, "is_public": False},
        expected_version=1,
    )  # fmt: skip
    db.flush()
    assert (item.title, item.theme, item.language) == ("Panel: remesas", theme, "en")
    assert item.has_interpretation
    assert not item.is_public
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "agenda.item_updated"))
    assert entry.changes["theme"] == [None, "Migración y desarrollo"]


def test_update_item_without_changes_keeps_the_version(db):
    event = make_event()
    item = make_item(event)
    services.update_item(item, {"title": item.title}, expected_version=1)
    db.flush()
    assert item.version == 1
    assert actions(db, event) == []


def test_delete_item_with_a_stale_version_is_refused(db):
    event = make_event()
    item = make_item(event)
    with pytest.raises(ConflictError):
        services.delete_item(item, expected_version=7)
    services.delete_item(item, expected_version=1)
    assert db.scalar(select(AgendaItem)) is None
    assert actions(db, event) == ["agenda.item_deleted"]


def test_set_participants_keeps_order_drops_repeats_and_bumps_version(db):
    event = make_event()
    item = make_item(event)
    ana, luis = make_person(event), make_person(event, name="Luis Rojas")
    services.set_participants(
        item,
        [(luis, "moderator"), (ana, "speaker"), (luis, "moderator"), (ana, "discussant")],
        expected_version=1,
    )
    db.flush()
    assert [(p.person.name, p.role, p.position) for p in item.participants] == [
        ("Luis Rojas", PersonRole.MODERATOR, 0),
        ("Ana Quispe Mamani", PersonRole.SPEAKER, 1),
        ("Ana Quispe Mamani", PersonRole.DISCUSSANT, 2),
    ]
    assert item.version == 2
    with pytest.raises(ConflictError):
        services.set_participants(item, [], expected_version=1)


def test_set_participants_refuses_people_of_another_event_and_unknown_roles(db):
    event = make_event()
    item = make_item(event)
    stranger = make_person(make_event())
    with pytest.raises(DomainError):
        services.set_participants(item, [(stranger, "speaker")], expected_version=1)
    with pytest.raises(DomainError):
        services.set_participants(item, [(make_person(event), "chair")], expected_version=1)


# --- Rooms and themes ----------------------------------------------------------------------------


def test_rooms_are_added_in_order_and_can_be_reordered(db):
    event = make_event()
    first = rooms.create_room(event, name="Salón Illimani", capacity=120)
    second = rooms.create_room(event, name="Salón Sajama", capacity=None)
    assert [r.name for r in services.rooms_for(event)] == ["Salón Illimani", "Salón Sajama"]
    rooms.move_room(second, offset=-1)
    assert [r.id for r in services.rooms_for(event)] == [second.id, first.id]


@pytest.mark.parametrize(
    ("name", "capacity", "message"),
    [
        ("", 10, "Give the room a name."),
        ("salon illimani", 10, "This event already has a room with this name."),
        ("Sala 3", 0, "Capacity is a number of seats, at least 1."),
    ],
)
def test_create_room_refuses_bad_values(db, name, capacity, message):
    event = make_event()
    make_room(event)
    with pytest.raises(DomainError) as caught:
        rooms.create_room(event, name=name, capacity=capacity)
    assert caught.value.message == message


def test_delete_room_refuses_while_items_use_it(db):
    event = make_event()
    room = make_room(event)
    item = make_item(event, room=room)
    with pytest.raises(DomainError) as caught:
        rooms.delete_room(room)
    assert (
        caught.value.message == "Salón Illimani still has 1 items. Move them to another room first."
    )
    services.delete_item(item, expected_version=1)
    rooms.delete_room(room)
    assert db.scalar(select(Room)) is None


def test_theme_colour_must_keep_aa_contrast_with_white_text(db):
    event = make_event()
    with pytest.raises(DomainError) as caught:
        themes.create_theme(event, name="Remesas", color="#7fb3e6")
    assert caught.value.field == "color"
    assert "contrast of 2.2:1" in caught.value.message
    suggestion = caught.value.message.rsplit(" ", 1)[1].rstrip(".")
    assert themes.contrast_ratio(suggestion, "#ffffff") >= 4.5
    theme = themes.create_theme(event, name="Remesas", color=suggestion.upper())
    assert theme.color == suggestion


def test_contrast_ratio_matches_wcag_examples():
    assert themes.contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert themes.contrast_ratio("#0b5cab", "#ffffff") == pytest.approx(6.7, abs=0.05)


def test_theme_colour_must_be_a_hex_colour(db):
    with pytest.raises(DomainError) as caught:
        themes.create_theme(make_event(), name="Remesas", color="blue")
    assert caught.value.message == "Enter a colour such as #0b5cab."


def test_delete_theme_keeps_its_items(db):
    event = make_event()
    theme = make_theme(event)
    item = make_item(event, theme=theme)
    themes.delete_theme(theme)
    db.flush()
    db.refresh(item)
    assert item.theme_id is None


# --- People --------------------------------------------------------------------------------------


def test_create_person_requires_a_name_and_normalises_fields(db):
    event = make_event()
    with pytest.raises(DomainError) as caught:
        person_services.create_person(event, {"name": " "})
    assert caught.value.field == "name"
    person = person_services.create_person(
        event, {"name": " Rosa Flores ", "country": "ec", "email": "Rosa@Example.org"}
    )
    assert (person.name, person.country, person.email) == ("Rosa Flores", "EC", "rosa@example.org")


def test_update_person_with_a_stale_version_is_refused(db):
    event = make_event()
    person = make_person(event)
    person_services.update_person(person, {"position": "Directora"}, expected_version=1)
    db.flush()
    with pytest.raises(ConflictError):
        person_services.update_person(person, {"position": "Jefa"}, expected_version=1)
    assert person.position == "Directora"
    entry = db.scalar(select(AuditEntry).where(AuditEntry.action == "agenda.person_updated"))
    assert entry.changes == {"position": ["Jefa de Misión", "Directora"]}


def test_merge_people_moves_roles_fills_gaps_and_removes_the_duplicate(db):
    event = make_event()
    keep = make_person(event, bio="")
    duplicate = make_person(event, name="Ana Quispe", bio="Economista.", email="ana@example.org")
    panel, keynote = make_item(event, title="Panel"), make_item(event, title="Keynote")
    add_role(panel, keep)
    add_role(panel, duplicate)  # same role twice: kept once
    add_role(keynote, duplicate, "moderator")
    person_services.merge_people(keep, duplicate)
    db.flush()
    assert db.scalars(select(Person)).all() == [keep]
    assert keep.bio == "Economista."
    assert keep.email == "ana@example.org"
    assert sorted(
        (item.title, role.value) for item, role in person_services.person_items(keep)
    ) == [
        ("Keynote", "moderator"),
        ("Panel", "speaker"),
    ]
    assert actions(db, event)[-1] == "agenda.people_merged"


def test_merge_people_refuses_the_same_person(db):
    person = make_person(make_event())
    with pytest.raises(DomainError):
        person_services.merge_people(person, person)


def test_likely_duplicates_ignore_case_accents_and_honorifics(db):
    event = make_event()
    first = make_person(event, name="José Pérez")
    second = make_person(event, honorific="Dr.", name="jose perez")
    make_person(event, name="María Choque")
    assert person_services.likely_duplicates(person_services.people_for(event)) == [(first, second)]


def png_bytes() -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "#0b5cab").save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def test_set_photo_stores_a_checked_image_and_refuses_other_files(db, app):
    event = make_event()
    person = make_person(event)
    person_services.set_photo(person, png_bytes())
    assert person.photo.startswith("photos/")
    assert person.photo.endswith(".png")
    with pytest.raises(DomainError) as caught:
        person_services.set_photo(person, io.BytesIO(b"%PDF-1.7 not an image"))
    assert caught.value.field == "photo"
