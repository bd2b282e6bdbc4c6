"""Conflicts in the working agenda: what the editor highlights and what saving refuses.

Two severities. Errors make the programme impossible and are refused on save: an item that ends
before it starts, an item outside the event's days, two items in one room at once. Warnings are
saved but flagged to the organizer until resolved: a person in two items at once (often a moment
in a reshuffle), a room with fewer seats than confirmed participants.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import format_date
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..events.models import Event
from ..extensions import db
from ..i18n import format_clock
from ..registration.models import Registration, RegistrationStatus
from .models import AgendaItem, ItemPerson, Room

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Conflict:
    """One problem of the agenda, with a message a person can read and act on."""

    kind: str  # ends_before_start, outside_days, room_overlap, person_overlap, capacity
    severity: str  # ERROR (refused on save) or WARNING (saved, flagged)
    message: str
    item_ids: tuple[int, ...] = field(default_factory=tuple)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def as_json(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "severity": self.severity,
            "message": self.message,
            "item_ids": list(self.item_ids),
        }


@dataclass
class Slot:
    """The place and time an item would take, plus who is in it: the input of every check."""

    item_id: int | None
    title: str
    starts_at: datetime
    ends_at: datetime
    room: Room | None
    people: dict[int, str] = field(default_factory=dict)  # person id -> display name

    def overlaps(self, other: Slot) -> bool:
        return self.starts_at < other.ends_at and other.starts_at < self.ends_at


def slot_of(item: AgendaItem) -> Slot:
    return Slot(
        item_id=item.id,
        title=item.title,
        starts_at=item.starts_at,
        ends_at=item.ends_at,
        room=item.room,
        people={link.person_id: link.person.display_name for link in item.participants},
    )


def local_day(event: Event, moment: datetime) -> date:
    return moment.astimezone(ZoneInfo(event.timezone)).date()


def _span(event: Event, slot: Slot) -> str:
    """'09:00–10:30' in the event's zone, whatever zone the request runs in."""
    zone = ZoneInfo(event.timezone)
    starts, ends = slot.starts_at.astimezone(zone), slot.ends_at.astimezone(zone)
    return f"{format_clock(starts.time())}–{format_clock(ends.time())}"


def time_conflicts(event: Event, slot: Slot) -> list[Conflict]:
    """The item must end after it starts, within one of the event's days (midnight may end it)."""
    ids = (slot.item_id,) if slot.item_id else ()
    if slot.ends_at <= slot.starts_at:
        return [Conflict("ends_before_start", ERROR, _("The item must end after it starts."), ids)]
    zone = ZoneInfo(event.timezone)
    day = slot.starts_at.astimezone(zone).date()
    day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone)
    if day not in event.days or slot.ends_at > day_end:
        return [
            Conflict(
                "outside_days",
                ERROR,
                _(
                    "“%(title)s” is outside the event's days: items must start and end within "
                    "one day between %(first)s and %(last)s.",
                    title=slot.title,
                    first=_format_day(event.starts_on),
                    last=_format_day(event.ends_on),
                ),
                ids,
            )
        ]
    return []


def _format_day(day: date) -> str:
    return format_date(day, "long")


def overlap_conflicts(event: Event, slot: Slot, others: Iterable[Slot]) -> list[Conflict]:
    """Room overlaps (errors) and people in two places at once (warnings) against other items."""
    found: list[Conflict] = []
    for other in others:
        if other.item_id is not None and other.item_id == slot.item_id:
            continue
        if not slot.overlaps(other):
            continue
        ids = tuple(i for i in (slot.item_id, other.item_id) if i)
        if slot.room is not None and other.room is not None and slot.room.id == other.room.id:
            found.append(
                Conflict(
                    "room_overlap",
                    ERROR,
                    _(
                        "“%(title)s” and “%(other)s” (%(span)s) overlap in %(room)s.",
                        title=slot.title,
                        room=slot.room.name,
                        other=other.title,
                        span=_span(event, other),
                    ),
                    ids,
                )
            )
        for person_id, name in slot.people.items():
            if person_id in other.people:
                found.append(
                    Conflict(
                        "person_overlap",
                        WARNING,
                        _(
                            "%(person)s is in “%(title)s” and in “%(other)s” (%(span)s) at "
                            "the same time.",
                            person=name,
                            title=slot.title,
                            other=other.title,
                            span=_span(event, other),
                        ),
                        ids,
                    )
                )
    return found


def confirmed_by_day(event: Event) -> dict[date, int]:
    """Confirmed registrations per event day (a registration without days counts on every day)."""
    counts: dict[date, int] = dict.fromkeys(event.days, 0)
    rows = db.session.scalars(
        select(Registration.days).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    )
    for days in rows:
        chosen = {d for d in (days or []) if d}
        for day in counts:
            if not chosen or day.isoformat() in chosen:
                counts[day] += 1
    return counts


def capacity_conflicts(event: Event, slot: Slot, counts: dict[date, int]) -> list[Conflict]:
    room = slot.room
    if room is None or room.capacity is None:
        return []
    expected = counts.get(local_day(event, slot.starts_at), 0)
    if expected <= room.capacity:
        return []
    return [
        Conflict(
            "capacity",
            WARNING,
            _(
                "%(room)s seats %(capacity)d, but %(count)d participants are confirmed for "
                "that day.",
                room=room.name,
                capacity=room.capacity,
                count=expected,
            ),
            (slot.item_id,) if slot.item_id else (),
        )
    ]


def check_slot(event: Event, slot: Slot, *, others: Sequence[Slot] | None = None) -> list[Conflict]:
    """Every conflict the slot would have, errors first. Loads the day's other items if needed."""
    found = time_conflicts(event, slot)
    if found and found[0].kind == "ends_before_start":
        return found
    if others is None:
        others = [slot_of(item) for item in _overlapping_items(event, slot)]
    found += overlap_conflicts(event, slot, others)
    found += capacity_conflicts(event, slot, confirmed_by_day(event))
    return sorted(found, key=lambda c: c.severity != ERROR)


def _overlapping_items(event: Event, slot: Slot) -> list[AgendaItem]:
    return list(
        db.session.scalars(
            select(AgendaItem)
            .options(
                selectinload(AgendaItem.room),
                selectinload(AgendaItem.participants).selectinload(ItemPerson.person),
            )
            .where(
                AgendaItem.event_id == event.id,
                AgendaItem.starts_at < slot.ends_at,
                AgendaItem.ends_at > slot.starts_at,
            )
        )
    )


def find_conflicts(event: Event, items: Sequence[AgendaItem]) -> list[Conflict]:
    """All conflicts of the agenda, each pair reported once (for the editor and the list view).

    ``items`` are the event's items with rooms and participants loaded (see services.items_for).
    """
    slots = sorted((slot_of(item) for item in items), key=lambda s: s.starts_at)
    counts = confirmed_by_day(event)
    found: list[Conflict] = []
    for index, slot in enumerate(slots):
        found += time_conflicts(event, slot)
        later = []
        for other in slots[index + 1 :]:
            if other.starts_at >= slot.ends_at:
                break
            later.append(other)
        found += overlap_conflicts(event, slot, later)
        found += capacity_conflicts(event, slot, counts)
    return sorted(found, key=lambda c: c.severity != ERROR)


def conflicts_by_item(conflicts: Iterable[Conflict]) -> dict[int, list[Conflict]]:
    grouped: dict[int, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        for item_id in conflict.item_ids:
            grouped[item_id].append(conflict)
    return dict(grouped)
