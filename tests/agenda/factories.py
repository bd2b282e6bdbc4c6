"""Agenda test data: each builder adds and flushes."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from seminar.agenda.models import AgendaItem, ItemKind, ItemPerson, Person, PersonRole, Room, Theme
from seminar.events.models import Event
from seminar.extensions import db


def local(event: Event, day: str, hhmm: str) -> datetime:
    """An aware datetime for 'YYYY-MM-DD' 'HH:MM' in the event's time zone."""
    return datetime.fromisoformat(f"{day}T{hhmm}").replace(tzinfo=ZoneInfo(event.timezone))


def make_room(event: Event, **overrides: Any) -> Room:
    room = Room(event=event, **{"name": "Salón Illimani", "capacity": 120, **overrides})
    db.session.add(room)
    db.session.flush()
    return room


def make_theme(event: Event, **overrides: Any) -> Theme:
    theme = Theme(
        event=event, **{"name": "Migración y desarrollo", "color": "#0b5cab", **overrides}
    )
    db.session.add(theme)
    db.session.flush()
    return theme


def make_item(event: Event, **overrides: Any) -> AgendaItem:
    day = event.starts_on.isoformat()
    values: dict[str, Any] = {
        "title": "Panel: remesas y desarrollo",
        "kind": ItemKind.PANEL,
        "starts_at": local(event, day, "09:00"),
        "ends_at": local(event, day, "10:30"),
    }
    values.update(overrides)
    item = AgendaItem(event=event, **values)
    db.session.add(item)
    db.session.flush()
    return item


def make_person(event: Event, **overrides: Any) -> Person:
    values: dict[str, Any] = {
        "honorific": "Sra.",
        "name": "Ana Quispe Mamani",
        "position": "Jefa de Misión",
        "organization": "OIM Ecuador",
        "country": "EC",
    }
    values.update(overrides)
    person = Person(event=event, **values)
    db.session.add(person)
    db.session.flush()
    return person


def add_role(
    item: AgendaItem, person: Person, role: str = "speaker", position: int = 0
) -> ItemPerson:
    link = ItemPerson(item=item, person=person, role=PersonRole(role), position=position)
    db.session.add(link)
    db.session.flush()
    return link
