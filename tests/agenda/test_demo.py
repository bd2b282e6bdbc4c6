"""The La Paz demo programme: complete, idempotent, published as version 1."""

from __future__ import annotations

from collections import Counter

from seminar.agenda.demo import load_demo as load_agenda_demo
from seminar.agenda.models import AgendaItem, AgendaPublication, Person, Room, Theme
from seminar.events.demo import load_demo as load_event_demo


def _counts(db, event):
    return tuple(
        db.query(model).filter_by(event_id=event.id).count()
        for model in (Room, Theme, Person, AgendaItem, AgendaPublication)
    )


def test_demo_programme_covers_two_days_two_rooms_and_the_four_themes(db):
    event = load_agenda_demo(load_event_demo(None))
    db.commit()

    rooms = {r.name: r.capacity for r in db.query(Room).filter_by(event_id=event.id)}
    themes = {t.name for t in db.query(Theme).filter_by(event_id=event.id)}
    items = db.query(AgendaItem).filter_by(event_id=event.id).all()
    kinds = Counter(i.kind.value for i in items)
    people = {p.position + " / " + p.organization for p in db.query(Person)}

    assert rooms == {"Salón Illimani": 120, "Salón Sajama": 40}
    assert len(themes) == 4
    assert "Remesas e inclusión financiera" in themes
    assert len(items) >= 14
    assert {i.room.name for i in items if i.room} == set(rooms)
    assert {i.starts_at.astimezone(event_zone(event)).date() for i in items} == set(event.days)
    assert kinds["opening"] == 1
    assert kinds["closing"] == 1
    assert kinds["keynote"] >= 2
    assert kinds["panel"] >= 4
    assert kinds["working_group"] >= 4
    assert kinds["break"] >= 3
    assert kinds["meal"] == 2
    assert "Representante Regional para los Países Andinos" in " ".join(people)
    assert "Jefe de Misión / OIM Ecuador" in people
    assert "Jefa de Misión / OIM Guatemala" in people
    assert any("Ministerio de Trabajo y Economía Social de España" in p for p in people)
    closing = next(i for i in items if i.kind.value == "closing")
    assert "recomendaciones" in closing.title
    publication = db.query(AgendaPublication).filter_by(event_id=event.id).one()
    assert publication.number == 1


def test_loading_the_demo_twice_changes_nothing(db):
    event = load_agenda_demo(load_event_demo(None))
    db.commit()
    first = _counts(db, event)

    load_agenda_demo(load_event_demo(None))
    db.commit()

    assert _counts(db, event) == first


def event_zone(event):
    from zoneinfo import ZoneInfo

    return ZoneInfo(event.timezone)
