"""Conflict detection: what the editor flags and what saving refuses."""

from __future__ import annotations

from seminar.agenda import conflicts
from seminar.agenda.conflicts import Slot
from seminar.registration.models import RegistrationStatus
from tests.agenda.factories import add_role, local, make_item, make_person, make_room
from tests.factories import make_event
from tests.registration.factories import make_registration


def slot(event, start, end, *, day="2026-12-02", room=None, people=None, title="Nuevo"):
    return Slot(
        item_id=None,
        title=title,
        starts_at=local(event, day, start),
        ends_at=local(event, day, end),
        room=room,
        people=people or {},
    )


def kinds(found):
    return [(c.kind, c.severity) for c in found]


def test_item_ending_before_it_starts_is_refused(db):
    event = make_event()
    found = conflicts.check_slot(event, slot(event, "10:00", "09:30"))
    assert kinds(found) == [("ends_before_start", "error")]
    assert found[0].message == "The item must end after it starts."


def test_item_with_no_length_is_refused(db):
    event = make_event()
    assert kinds(conflicts.check_slot(event, slot(event, "10:00", "10:00"))) == [
        ("ends_before_start", "error")
    ]


def test_item_on_a_day_before_the_event_is_refused(db):
    event = make_event()
    found = conflicts.check_slot(event, slot(event, "09:00", "10:00", day="2026-12-01"))
    assert kinds(found) == [("outside_days", "error")]
    assert "December 2, 2026" in found[0].message
    assert "December 3, 2026" in found[0].message


def test_item_crossing_midnight_is_refused_but_ending_at_midnight_is_fine(db):
    event = make_event()
    crossing = slot(event, "23:00", "23:30")
    crossing.ends_at = local(event, "2026-12-03", "00:30")
    assert kinds(conflicts.check_slot(event, crossing)) == [("outside_days", "error")]
    at_midnight = slot(event, "23:00", "23:30")
    at_midnight.ends_at = local(event, "2026-12-03", "00:00")
    assert conflicts.check_slot(event, at_midnight) == []


def test_days_are_judged_in_the_event_time_zone(db):
    event = make_event()
    # 21:00 in La Paz on the last day is already the next day in UTC: still inside the event.
    assert conflicts.check_slot(event, slot(event, "21:00", "22:00", day="2026-12-03")) == []


def test_two_items_overlapping_in_one_room_are_refused_naming_both(db):
    event = make_event()
    room = make_room(event)
    make_item(event, title="Apertura", room=room)  # 09:00-10:30
    found = conflicts.check_slot(event, slot(event, "10:00", "11:00", room=room, title="Panel"))
    assert kinds(found) == [("room_overlap", "error")]
    assert (
        found[0].message
        == "“Panel” and “Apertura” (9:00\u202fAM–10:30\u202fAM) overlap in Salón Illimani."
    )


def test_adjacent_items_and_other_rooms_do_not_conflict(db):
    event = make_event()
    illimani = make_room(event)
    sajama = make_room(event, name="Salón Sajama")
    make_item(event, room=illimani)  # 09:00-10:30
    assert conflicts.check_slot(event, slot(event, "10:30", "11:00", room=illimani)) == []
    assert conflicts.check_slot(event, slot(event, "09:00", "10:00", room=sajama)) == []


def test_person_in_two_overlapping_items_is_a_warning(db):
    event = make_event()
    person = make_person(event)
    keynote = make_item(event, title="Conferencia magistral")
    add_role(keynote, person)
    found = conflicts.check_slot(
        event, slot(event, "10:00", "11:00", people={person.id: person.display_name})
    )
    assert kinds(found) == [("person_overlap", "warning")]
    assert "Sra. Ana Quispe Mamani is in “Nuevo” and in “Conferencia magistral”" in found[0].message


def test_room_smaller_than_confirmed_registrations_is_a_warning(db):
    event = make_event()
    room = make_room(event, capacity=2)
    for _ in range(2):
        make_registration(event)
    make_registration(event, status=RegistrationStatus.PENDING)
    make_registration(event, status=RegistrationStatus.CANCELLED)
    assert conflicts.check_slot(event, slot(event, "09:00", "10:00", room=room)) == []
    make_registration(event)
    found = conflicts.check_slot(event, slot(event, "09:00", "10:00", room=room))
    assert kinds(found) == [("capacity", "warning")]
    assert found[0].message == (
        "Salón Illimani seats 2, but 3 participants are confirmed for that day."
    )


def test_capacity_counts_only_participants_of_that_day(db):
    event = make_event()
    room = make_room(event, capacity=1)
    make_registration(event, days=["2026-12-02"])
    make_registration(event, days=["2026-12-03"])
    assert conflicts.check_slot(event, slot(event, "09:00", "10:00", room=room)) == []
    assert conflicts.confirmed_by_day(event)[event.starts_on] == 1


def test_find_conflicts_reports_each_pair_once_errors_first(db):
    event = make_event()
    room = make_room(event, capacity=500)
    person = make_person(event)
    first = make_item(event, title="A", room=room)
    second = make_item(
        event,
        title="B",
        room=room,
        starts_at=local(event, "2026-12-02", "10:00"),
        ends_at=local(event, "2026-12-02", "11:00"),
    )
    third = make_item(
        event,
        title="C",
        starts_at=local(event, "2026-12-02", "09:30"),
        ends_at=local(event, "2026-12-02", "09:45"),
    )
    add_role(first, person)
    add_role(third, person, "moderator")
    make_item(
        event,
        title="Después",
        room=room,
        starts_at=local(event, "2026-12-02", "11:00"),
        ends_at=local(event, "2026-12-02", "12:00"),
    )
    found = conflicts.find_conflicts(event, [first, second, third])
    assert kinds(found) == [("room_overlap", "error"), ("person_overlap", "warning")]
    assert set(found[0].item_ids) == {first.id, second.id}
    assert set(found[1].item_ids) == {first.id, third.id}
    grouped = conflicts.conflicts_by_item(found)
    assert len(grouped[first.id]) == 2
    assert len(grouped[third.id]) == 1
