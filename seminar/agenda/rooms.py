"""Rooms: the timetable's columns, in the order organizers choose."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from .models import AgendaItem, Room
from .services import fold, rooms_for


def _clean_room(event: Event, name: str, capacity: int | None, room: Room | None) -> str:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the room a name."), field="name")
    if capacity is not None and capacity < 1:
        raise DomainError(_("Capacity is a number of seats, at least 1."), field="capacity")
    for other in rooms_for(event):
        if fold(other.name) == fold(name) and (room is None or other.id != room.id):
            raise DomainError(_("This event already has a room with this name."), field="name")
    return name


def create_room(event: Event, *, name: str, capacity: int | None, by: Any = None) -> Room:
    name = _clean_room(event, name, capacity, None)
    position = (
        db.session.scalar(select(func.max(Room.position)).where(Room.event_id == event.id)) or 0
    )
    room = Room(event=event, name=name, capacity=capacity, position=position + 1)
    db.session.add(room)
    db.session.flush()
    audit.record("agenda.room_created", event=event, obj=room, summary=room.name, by=by)
    return room


def update_room(room: Room, *, name: str, capacity: int | None, by: Any = None) -> Room:
    name = _clean_room(room.event, name, capacity, room)
    changes = audit.diff(room, {"name": name, "capacity": capacity})
    if changes:
        room.name, room.capacity = name, capacity
        audit.record(
            "agenda.room_updated",
            event=room.event,
            obj=room,
            summary=name,
            changes=changes,
            by=by,
        )
        db.session.flush()
    return room


def move_room(room: Room, *, offset: int, by: Any = None) -> None:
    """Move a room left (-1) or right (+1) among the editor's columns."""
    rooms = rooms_for(room.event)
    index = next(i for i, r in enumerate(rooms) if r.id == room.id)
    target = max(0, min(len(rooms) - 1, index + offset))
    rooms.insert(target, rooms.pop(index))
    for position, each in enumerate(rooms, start=1):
        each.position = position
    db.session.flush()


def delete_room(room: Room, *, by: Any = None) -> None:
    """Delete an empty room; a room with items keeps them from being silently unplaced."""
    count = db.session.scalar(
        select(func.count(AgendaItem.id)).where(AgendaItem.room_id == room.id)
    )
    if count:
        raise DomainError(
            _(
                "%(room)s still has %(n)d items. Move them to another room first.",
                room=room.name,
                n=count,
            )
        )
    audit.record("agenda.room_deleted", event=room.event, obj=room, summary=room.name, by=by)
    db.session.delete(room)
    db.session.flush()
