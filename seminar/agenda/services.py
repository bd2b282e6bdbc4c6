"""Agenda writes and reused queries: the working agenda's items; finding its rooms and themes.

Every change of an item goes through here, whether it comes from the timetable editor's JSON calls,
a plain form, the demo loader or a test. Functions flush and never commit; a broken rule raises a
``DomainError`` whose message the organizer can read. The people of the agenda are in
``person_services``; rooms and themes are written in ``rooms`` and ``themes``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit, edits
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..i18n import _sort_key
from . import conflicts
from .models import AgendaItem, ItemKind, ItemPerson, Person, PersonRole, Room, Theme

SNAP_MINUTES = 5

ACTION_LABELS = {
    "agenda.item_created": _l("Agenda item created"),
    "agenda.item_updated": _l("Agenda item changed"),
    "agenda.item_moved": _l("Agenda item moved"),
    "agenda.item_deleted": _l("Agenda item deleted"),
    "agenda.participants_changed": _l("Agenda item's people changed"),
    "agenda.room_created": _l("Room added"),
    "agenda.room_updated": _l("Room changed"),
    "agenda.room_deleted": _l("Room deleted"),
    "agenda.theme_created": _l("Theme added"),
    "agenda.theme_updated": _l("Theme changed"),
    "agenda.theme_deleted": _l("Theme deleted"),
}
audit.ACTION_LABELS.update(ACTION_LABELS)

ITEM_FIELDS = (
    "title", "kind", "starts_at", "ends_at", "room", "theme", "description", "language",
    "has_interpretation", "is_public",
)  # fmt: skip


class ScheduleConflict(DomainError):
    """A change would make the programme impossible; ``conflicts`` says exactly why."""

    def __init__(self, found: Sequence[conflicts.Conflict]) -> None:
        errors = [c for c in found if c.is_error]
        field = {"ends_before_start": "ends_at", "outside_days": "starts_at"}.get(
            errors[0].kind, "room"
        )
        super().__init__(" ".join(c.message for c in errors), field=field)
        self.conflicts = list(found)


# --- Times --------------------------------------------------------------------------------------


def snap(moment: datetime) -> datetime:
    """Round to the editor's 5-minute grid (nearest step)."""
    step = SNAP_MINUTES * 60
    seconds = moment.minute * 60 + moment.second + moment.microsecond / 1e6
    snapped = round(seconds / step) * step
    return moment.replace(minute=0, second=0, microsecond=0) + timedelta(seconds=snapped)


def parse_local(event: Event, value: str | datetime) -> datetime:
    """A time typed in the event's zone ('2026-12-02T09:00'), or any aware ISO time, as UTC."""
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.strip())
        except ValueError as exc:
            raise DomainError(_("Enter a date and time such as 2026-12-02 09:00.")) from exc
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo(event.timezone))
    try:
        return snap(value.astimezone(ZoneInfo("UTC")))
    except OverflowError as exc:  # year 9999 (or 1) shifted by the zone's offset
        raise DomainError(_("Enter a date and time such as 2026-12-02 09:00.")) from exc


# --- Queries ------------------------------------------------------------------------------------


def items_for(event: Event) -> list[AgendaItem]:
    """The working agenda with rooms, themes and people loaded (a fixed number of queries)."""
    return list(
        db.session.scalars(
            select(AgendaItem)
            .options(
                selectinload(AgendaItem.room),
                selectinload(AgendaItem.theme),
                selectinload(AgendaItem.participants).selectinload(ItemPerson.person),
            )
            .where(AgendaItem.event_id == event.id)
            .order_by(AgendaItem.starts_at, AgendaItem.id)
        )
    )


def rooms_for(event: Event) -> list[Room]:
    return list(
        db.session.scalars(
            select(Room).where(Room.event_id == event.id).order_by(Room.position, Room.id)
        )
    )


def themes_for(event: Event) -> list[Theme]:
    return list(
        db.session.scalars(
            select(Theme).where(Theme.event_id == event.id).order_by(Theme.position, Theme.id)
        )
    )


def get_item(event: Event, item_id: int) -> AgendaItem | None:
    item = db.session.get(AgendaItem, item_id)
    return item if item is not None and item.event_id == event.id else None


def get_room(event: Event, room_id: int | None) -> Room | None:
    """The event's room with this id; an id of another event is refused, never used."""
    if room_id is None:
        return None
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        raise DomainError(_("Choose a room of this event."), field="room")
    return room


def get_theme(event: Event, theme_id: int | None) -> Theme | None:
    if theme_id is None:
        return None
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.event_id != event.id:
        raise DomainError(_("Choose a theme of this event."), field="theme")
    return theme


# --- Messages and names ------------------------------------------------------------------------


def _stale_item_message() -> str:
    return _(
        "Someone else changed this item since you loaded it. Their version is shown; "
        "your change was not saved."
    )


def fold(text: str) -> str:
    """Case- and accent-insensitive form of a name, for sorting and finding duplicates."""
    return " ".join(_sort_key(text).split())


# --- Items --------------------------------------------------------------------------------------


def _clean_item_values(event: Event, values: dict[str, Any]) -> dict[str, Any]:
    clean = dict(values)
    if "title" in clean:
        clean["title"] = (clean["title"] or "").strip()
        if not clean["title"]:
            raise DomainError(_("Give the item a title."), field="title")
        if len(clean["title"]) > 300:
            raise DomainError(_("The title can have at most 300 characters."), field="title")
    if "kind" in clean:
        try:
            clean["kind"] = ItemKind(clean["kind"])
        except ValueError as exc:
            raise DomainError(_("Choose a kind of item from the list."), field="kind") from exc
    for key in ("starts_at", "ends_at"):
        if key in clean:
            if not clean[key]:
                raise DomainError(_("Enter the start and end of the item."), field=key)
            clean[key] = parse_local(event, clean[key])
    for key, model in (("room", Room), ("theme", Theme)):
        value = clean.get(key)
        if value is not None and (not isinstance(value, model) or value.event_id != event.id):
            raise DomainError(_("Choose a room or theme of this event."), field=key)
    if "language" in clean:
        clean["language"] = (clean["language"] or "").strip()[:8]
    return clean


def _refuse_hard_conflicts(event: Event, item: AgendaItem | None, values: dict[str, Any]) -> None:
    def pick(key: str) -> Any:
        if key in values:
            return values[key]
        return getattr(item, key) if item is not None else None

    slot = conflicts.Slot(
        item_id=item.id if item is not None else None,
        title=pick("title") or "",
        starts_at=pick("starts_at"),
        ends_at=pick("ends_at"),
        room=pick("room"),
        people=conflicts.slot_of(item).people if item is not None else {},
    )
    found = conflicts.check_slot(event, slot)
    if any(c.is_error for c in found):
        raise ScheduleConflict(found)


def create_item(event: Event, values: dict[str, Any], *, by: Any = None) -> AgendaItem:
    """Add an item to the working agenda; refused if it is impossible (see ``conflicts``)."""
    clean = _clean_item_values(event, {"title": "", "starts_at": None, "ends_at": None, **values})
    _refuse_hard_conflicts(event, None, clean)
    item = AgendaItem(event=event, **{key: clean[key] for key in ITEM_FIELDS if key in clean})
    db.session.add(item)
    db.session.flush()
    audit.record("agenda.item_created", event=event, obj=item, summary=item.title, by=by)
    db.session.flush()
    return item


def update_item(
    item: AgendaItem, values: dict[str, Any], *, expected_version: int | None, by: Any = None
) -> AgendaItem:
    """Change any of the item's fields; only the keys given change.

    Refused with ``ConflictError`` when someone saved the item since the caller loaded
    ``expected_version``, and with ``ScheduleConflict`` when the result would be impossible.
    """
    edits.refuse_stale(item, expected_version, _stale_item_message())
    event = item.event
    clean = _clean_item_values(event, {k: v for k, v in values.items() if k in ITEM_FIELDS})
    changes = audit.diff(item, clean)
    if not changes:
        return item
    if {"starts_at", "ends_at", "room", "title"} & changes.keys():
        _refuse_hard_conflicts(event, item, clean)
    with edits.stale_guard(_stale_item_message()):
        for key, value in clean.items():
            setattr(item, key, value)
    moved = {"starts_at", "ends_at", "room"} & changes.keys()
    for key in ("room", "theme"):
        if key in changes:
            old, new = changes[key]
            changes[key] = [getattr(old, "name", None), getattr(new, "name", None)]
    audit.record(
        "agenda.item_moved" if moved and moved == changes.keys() else "agenda.item_updated",
        event=event,
        obj=item,
        summary=item.title,
        changes=changes,
        by=by,
    )
    db.session.flush()
    return item


def move_item(
    item: AgendaItem,
    *,
    starts_at: datetime | str,
    room: Room | None,
    expected_version: int | None,
    by: Any = None,
) -> AgendaItem:
    """Move an item to another time, room or day, keeping its length."""
    start = parse_local(item.event, starts_at)
    length = item.ends_at - item.starts_at
    return update_item(
        item,
        {"starts_at": start, "ends_at": start + length, "room": room},
        expected_version=expected_version,
        by=by,
    )


def resize_item(
    item: AgendaItem, *, ends_at: datetime | str, expected_version: int | None, by: Any = None
) -> AgendaItem:
    """Change when an item ends (dragging its lower edge)."""
    return update_item(item, {"ends_at": ends_at}, expected_version=expected_version, by=by)


def delete_item(item: AgendaItem, *, expected_version: int | None, by: Any = None) -> None:
    edits.refuse_stale(
        item,
        expected_version,
        _(
            "Someone else changed this item since you loaded it; it was not deleted. Check it again."
        ),
    )
    audit.record("agenda.item_deleted", event=item.event, obj=item, summary=item.title, by=by)
    db.session.delete(item)
    db.session.flush()


def set_participants(
    item: AgendaItem,
    entries: Sequence[tuple[Person, PersonRole | str]],
    *,
    expected_version: int | None,
    by: Any = None,
) -> AgendaItem:
    """Replace the item's people with ``entries`` in the given order (speakers, moderators...)."""
    edits.refuse_stale(item, expected_version, _stale_item_message())
    wanted: list[tuple[Person, PersonRole]] = []
    for person, role in entries:
        if person.event_id != item.event_id:
            raise DomainError(_("Choose people of this event."), field="participants")
        try:
            pair = (person, PersonRole(role))
        except ValueError as exc:
            raise DomainError(_("Choose a role from the list."), field="participants") from exc
        if not any(p.id == person.id and r == pair[1] for p, r in wanted):
            wanted.append(pair)
    before = [(link.person_id, link.role.value) for link in item.participants]
    after = [(person.id, role.value) for person, role in wanted]
    if before == after:
        return item
    existing = {(link.person_id, link.role): link for link in item.participants}
    kept: list[ItemPerson] = []
    for position, (person, role) in enumerate(wanted):
        link = existing.pop((person.id, role), None) or ItemPerson(person=person, role=role)
        link.position = position
        kept.append(link)
    with edits.stale_guard(_stale_item_message()):
        item.participants = kept
        item.updated_at = utcnow()  # bumps the item's version: its people are part of it
    audit.record(
        "agenda.participants_changed",
        event=item.event,
        obj=item,
        summary=item.title,
        changes={"participants": [before, after]},
        by=by,
    )
    db.session.flush()
    return item
