"""The snapshot of the working agenda that a published version freezes.

Its contract (see the project notes): times in UTC ISO 8601, rooms, themes and the people who take
part in items, and no e-mail addresses. Every public page and export reads a version's snapshot,
never the working copy.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..events.models import Event
from ..extensions import db
from .models import AgendaItem, ItemKind, ItemPerson, Person, PersonRole, Room, Theme


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def build_snapshot(event: Event) -> dict[str, Any]:
    """The working copy as the snapshot contract describes it (four queries, any agenda size)."""
    rooms = list(
        db.session.scalars(
            select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
        )
    )
    themes = list(
        db.session.scalars(
            select(Theme).where(Theme.event_id == event.id).order_by(Theme.position, Theme.id)
        )
    )
    items = list(
        db.session.scalars(
            select(AgendaItem)
            .options(selectinload(AgendaItem.participants))
            .where(AgendaItem.event_id == event.id)
        )
    )
    people = list(
        db.session.scalars(
            select(Person)
            .where(Person.event_id == event.id)
            .where(Person.id.in_(select(ItemPerson.person_id).join(AgendaItem)))
            .order_by(Person.name, Person.id)
        )
    )
    room_order = {room.id: (room.position, room.id) for room in rooms}
    items.sort(
        key=lambda i: (
            i.starts_at,
            room_order.get(i.room_id, (10**6, 0)) if i.room_id else (10**6, 0),
            i.ends_at,
            i.id,
        )
    )
    return {
        "event": {
            "title": event.title,
            "timezone": event.timezone,
            "starts_on": event.starts_on.isoformat(),
            "ends_on": event.ends_on.isoformat(),
        },
        "rooms": [
            {"id": r.id, "name": r.name, "capacity": r.capacity, "position": r.position}
            for r in rooms
        ],
        "themes": [
            {"id": t.id, "name": t.name, "color": t.color, "position": t.position} for t in themes
        ],
        "people": [
            {
                "id": p.id,
                "honorific": p.honorific,
                "name": p.name,
                "position": p.position,
                "organization": p.organization,
                "country": p.country,
                "bio": p.bio,
                "photo": p.photo,
            }
            for p in people
        ],
        "items": [
            {
                "id": i.id,
                "uid": i.uid,
                "title": i.title,
                "kind": ItemKind(i.kind).value,
                "starts_at": _iso(i.starts_at),
                "ends_at": _iso(i.ends_at),
                "room_id": i.room_id,
                "theme_id": i.theme_id,
                "description": i.description,
                "language": i.language,
                "has_interpretation": i.has_interpretation,
                "is_public": i.is_public,
                "participants": [
                    {
                        "person_id": p.person_id,
                        "role": PersonRole(p.role).value,
                        "position": p.position,
                    }
                    for p in sorted(i.participants, key=lambda link: (link.position, link.id))
                ],
            }
            for i in items
        ],
    }
