"""Publishing the agenda: numbered, frozen versions that every public page and export reads.

The organizers edit a working copy (rooms, themes, items, people). ``publish`` freezes it into an
``AgendaPublication`` whose ``snapshot`` follows the contract in the project notes (times in UTC ISO
8601, no e-mail addresses) and whose ``changes`` say what the public sees differently from the
previous version: items added, moved (time or room), changed (title, speakers, ...) and cancelled.
"""

from __future__ import annotations

import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import cache as shared_cache
from ..audit import ACTION_LABELS, record
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from .labels import KIND_LABELS, ROLE_LABELS, ROLE_PLURALS
from .models import (
    AgendaItem,
    AgendaPublication,
    ItemKind,
    ItemPerson,
    Person,
    PersonRole,
    Room,
    Theme,
)

ACTION_LABELS.update({"agenda.published": _l("Agenda published")})

CHANGE_KINDS = ("added", "moved", "changed", "cancelled")

# Fields compared for "changed" (a time or room change is "moved" instead).
COMPARED_FIELDS = (
    "title",
    "kind",
    "description",
    "theme_id",
    "language",
    "has_interpretation",
    "participants",
)


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat(timespec="seconds")


def latest_publication(event: Event) -> AgendaPublication | None:
    """The newest published version of the event's agenda (one query), or None."""
    return db.session.scalar(
        select(AgendaPublication)
        .where(AgendaPublication.event_id == event.id)
        .order_by(AgendaPublication.number.desc())
        .limit(1)
    )


@cache
def _latest_summary_statement() -> Any:
    """Built once (on first use, when every mapper is known): the public agenda asks per request."""
    return (
        select(
            AgendaPublication.id,
            AgendaPublication.event_id,
            AgendaPublication.number,
            AgendaPublication.published_at,
        )
        .where(AgendaPublication.event_id == bindparam("event_id"))
        .order_by(AgendaPublication.number.desc())
        .limit(1)
    )


class PublicationSummary(NamedTuple):
    """The newest version's identity: what cache keys and ETags of public pages hold."""

    id: int
    event_id: int
    number: int
    published_at: datetime


def latest_publication_summary(event: Any) -> PublicationSummary | None:
    """The newest version's summary row, or None. Publishing changes the event's version and
    time stamp (see ``publish``), so the answer is kept in the shared cache under them: a visitor's
    conditional request then needs no query for it."""

    def read() -> PublicationSummary | None:
        # Core execution on the session's connection: no ORM entities for one small row.
        connection = db.session.connection()
        row = connection.execute(_latest_summary_statement(), {"event_id": event.id}).first()
        return None if row is None else PublicationSummary(*row)

    return shared_cache.get_or_build(
        ("latest-publication", event.id, event.version, event.updated_at), read
    )


def publications(event: Event) -> list[AgendaPublication]:
    """All versions, newest first, with who published them."""
    return list(
        db.session.scalars(
            select(AgendaPublication)
            .options(selectinload(AgendaPublication.published_by))
            .where(AgendaPublication.event_id == event.id)
            .order_by(AgendaPublication.number.desc())
        )
    )


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


def _entry(item: dict[str, Any], rooms: dict[int, str]) -> dict[str, Any]:
    return {
        "uid": item["uid"],
        "title": item["title"],
        "starts_at": item["starts_at"],
        "ends_at": item["ends_at"],
        "room": rooms.get(item["room_id"], "") if item["room_id"] else "",
        "is_public": item["is_public"],
    }


def diff_snapshots(
    old: dict[str, Any] | None, new: dict[str, Any], *, public_only: bool = True
) -> dict[str, list[dict[str, Any]]]:
    """What changed between two snapshots, item by item (matched on ``uid``).

    With ``public_only`` the comparison is what a visitor sees: an item made internal counts as
    cancelled, an internal item made public as added.
    """
    changes: dict[str, list[dict[str, Any]]] = {kind: [] for kind in CHANGE_KINDS}
    if old is None:
        return changes

    def visible(snapshot: dict[str, Any]) -> dict[str, dict[str, Any]]:
        return {
            item["uid"]: item for item in snapshot["items"] if item["is_public"] or not public_only
        }

    old_items, new_items = visible(old), visible(new)
    old_rooms = {r["id"]: r["name"] for r in old["rooms"]}
    new_rooms = {r["id"]: r["name"] for r in new["rooms"]}
    for uid, item in new_items.items():
        before = old_items.get(uid)
        if before is None:
            changes["added"].append(_entry(item, new_rooms))
            continue
        room_before = old_rooms.get(before["room_id"], "") if before["room_id"] else ""
        room_after = new_rooms.get(item["room_id"], "") if item["room_id"] else ""
        fields = [f for f in COMPARED_FIELDS if before.get(f) != item.get(f)]
        if not public_only and before["is_public"] != item["is_public"]:
            fields.append("is_public")
        moved = (
            before["starts_at"] != item["starts_at"]
            or before["ends_at"] != item["ends_at"]
            or room_before != room_after
        )
        if moved:
            entry = _entry(item, new_rooms)
            entry["previous"] = {
                "starts_at": before["starts_at"],
                "ends_at": before["ends_at"],
                "room": room_before,
            }
            entry["fields"] = fields
            changes["moved"].append(entry)
        elif fields:
            entry = _entry(item, new_rooms)
            entry["fields"] = fields
            changes["changed"].append(entry)
    for uid, item in old_items.items():
        if uid not in new_items:
            changes["cancelled"].append(_entry(item, old_rooms))
    for entries in changes.values():
        entries.sort(key=lambda e: (e["starts_at"], e["title"]))
    return changes


def has_changes(changes: dict[str, list[Any]]) -> bool:
    return any(changes.get(kind) for kind in CHANGE_KINDS)


def pending_changes(event: Event) -> tuple[AgendaPublication | None, dict[str, list[Any]]]:
    """The latest version and what the working copy changes against it (all items)."""
    latest = latest_publication(event)
    current = build_snapshot(event)
    if latest is None:
        added = diff_snapshots({"items": [], "rooms": []}, current, public_only=False)
        return None, added
    return latest, diff_snapshots(latest.snapshot, current, public_only=False)


def publish(event: Event, *, by: Any, note: str = "") -> AgendaPublication:
    """Freeze the working copy as the next numbered version of the public agenda.

    Refuses an agenda without public items, and a version identical to the previous one.
    """
    snapshot = build_snapshot(event)
    if not any(item["is_public"] for item in snapshot["items"]):
        raise DomainError(_("The agenda has no public items yet: add some before publishing."))
    latest = latest_publication(event)
    if latest is not None and _same(latest.snapshot, snapshot):
        raise DomainError(_("Nothing has changed since version %(number)s.", number=latest.number))
    number = (
        db.session.scalar(
            select(func.max(AgendaPublication.number)).where(AgendaPublication.event_id == event.id)
        )
        or 0
    ) + 1
    changes = diff_snapshots(latest.snapshot if latest else None, snapshot, public_only=True)
    publication = AgendaPublication(
        event=event,
        number=number,
        published_at=datetime.now(UTC),
        published_by_id=getattr(by, "id", None),
        note=(note or "").strip()[:500],
        snapshot=snapshot,
        changes=changes,
    )
    db.session.add(publication)
    # A new version of the event: every public cache key and ETag holds the event's version.
    event.updated_at = publication.published_at
    try:
        db.session.flush()
    except IntegrityError as exc:  # another organizer took this number at the same moment
        raise ConflictError(
            _(
                "Another organizer has just published version %(number)s. "
                "Review the changes and publish again.",
                number=number,
            )
        ) from exc
    record(
        "agenda.published",
        event=event,
        obj=publication,
        summary=_("Version %(number)s", number=number),
        changes={kind: len(entries) for kind, entries in changes.items()} or None,
        by=by,
    )
    return publication


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Identical for visitors: same items, rooms, themes and people as published."""
    return all(
        old.get(key) == new.get(key) for key in ("event", "rooms", "themes", "people", "items")
    )


# --- Reading a publication: the programme as pages and exports show it -------------------------

ROLE_ORDER = ("moderator", "speaker", "discussant", "rapporteur")
PAUSE_KINDS = frozenset({"break", "meal"})


def role_label(role: str, count: int = 1) -> str:
    labels = ROLE_LABELS if count == 1 else ROLE_PLURALS
    return str(labels[PersonRole(role)])


def kind_label(kind: str) -> str:
    try:
        return str(KIND_LABELS[ItemKind(kind)])
    except ValueError:  # a kind this version does not know: show it as stored
        return kind


@dataclass(frozen=True)
class ProgrammeItem:
    id: int
    uid: str
    title: str
    kind: str
    starts_at: datetime  # in the event's zone
    ends_at: datetime
    room: dict[str, Any] | None
    theme: dict[str, Any] | None
    description: str
    language: str
    has_interpretation: bool
    is_public: bool
    roles: tuple[tuple[str, tuple[dict[str, Any], ...]], ...]  # (role, people) in ROLE_ORDER

    @property
    def is_pause(self) -> bool:
        return self.kind in PAUSE_KINDS

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def people(self) -> list[dict[str, Any]]:
        return [person for _role, people in self.roles for person in people]


@dataclass(frozen=True)
class ProgrammeDay:
    index: int  # 1-based, stable across filters
    date: date
    items: tuple[ProgrammeItem, ...]

    @property
    def slots(self) -> list[tuple[datetime, datetime, list[ProgrammeItem]]]:
        """(start, latest end, items) grouped by start time: parallel sessions side by side."""
        groups: dict[datetime, list[ProgrammeItem]] = {}
        for item in self.items:
            groups.setdefault(item.starts_at, []).append(item)
        return [(start, max(i.ends_at for i in items), items) for start, items in groups.items()]


class Programme:
    """A publication's snapshot, resolved for display: local times, rooms, themes, people."""

    def __init__(self, snapshot: dict[str, Any], *, public_only: bool = True) -> None:
        self.snapshot = snapshot
        self.event = snapshot["event"]
        self.zone = ZoneInfo(self.event["timezone"])
        self.rooms = {r["id"]: r for r in snapshot["rooms"]}
        self.themes = sorted(snapshot["themes"], key=lambda t: (t["position"], t["id"]))
        self.theme_by_id = {t["id"]: t for t in snapshot["themes"]}
        self.people_by_id = {p["id"]: p for p in snapshot["people"]}
        self.items = [
            self._item(raw) for raw in snapshot["items"] if raw["is_public"] or not public_only
        ]
        first = date.fromisoformat(self.event["starts_on"])
        last = date.fromisoformat(self.event["ends_on"])
        dates = sorted({first + timedelta(days=n) for n in range((last - first).days + 1)})
        dates = sorted(set(dates) | {item.starts_at.date() for item in self.items})
        self.days = [
            ProgrammeDay(
                index=n,
                date=d,
                items=tuple(i for i in self.items if i.starts_at.date() == d),
            )
            for n, d in enumerate(dates, start=1)
        ]
        self.used_rooms = [
            r
            for r in sorted(snapshot["rooms"], key=lambda r: (r["position"], r["id"]))
            if any(i.room and i.room["id"] == r["id"] for i in self.items)
        ]
        used_people = {p["id"] for i in self.items for p in i.people}
        self.speakers = sorted(
            (p for p in snapshot["people"] if p["id"] in used_people),
            key=lambda p: _sort_key(p["name"]),
        )

    @property
    def zone_name(self) -> str:
        return str(self.event["timezone"]).split("/")[-1].replace("_", " ")

    @property
    def utc_offset(self) -> str:
        """'UTC−04:00' on the first day of the event."""
        first = datetime.combine(date.fromisoformat(self.event["starts_on"]), datetime.min.time())
        offset = first.replace(tzinfo=self.zone).utcoffset() or timedelta(0)
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "\u2212"
        return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"

    def _item(self, raw: dict[str, Any]) -> ProgrammeItem:
        by_role: dict[str, list[tuple[int, dict[str, Any]]]] = {}
        for link in raw["participants"]:
            person = self.people_by_id.get(link["person_id"])
            if person is not None:
                by_role.setdefault(link["role"], []).append((link["position"], person))
        roles = tuple(
            (role, tuple(p for _pos, p in sorted(by_role[role], key=lambda x: x[0])))
            for role in ROLE_ORDER
            if role in by_role
        )
        return ProgrammeItem(
            id=raw["id"],
            uid=raw["uid"],
            title=raw["title"],
            kind=raw["kind"],
            starts_at=datetime.fromisoformat(raw["starts_at"]).astimezone(self.zone),
            ends_at=datetime.fromisoformat(raw["ends_at"]).astimezone(self.zone),
            room=self.rooms.get(raw["room_id"]) if raw["room_id"] else None,
            theme=self.theme_by_id.get(raw["theme_id"]) if raw["theme_id"] else None,
            description=raw["description"],
            language=raw["language"],
            has_interpretation=raw["has_interpretation"],
            is_public=raw["is_public"],
            roles=roles,
        )

    def item(self, uid: str) -> ProgrammeItem | None:
        return next((i for i in self.items if i.uid == uid), None)

    def filtered_days(
        self, *, day: int | None = None, theme: int | None = None
    ) -> list[ProgrammeDay]:
        """Days (all, or the one asked for) with only the items of the chosen theme.

        Breaks and meals stay in a theme's view: they frame the day.
        """
        days = [d for d in self.days if day is None or d.index == day]
        if theme is None:
            return days
        return [
            ProgrammeDay(
                index=d.index,
                date=d.date,
                items=tuple(
                    i
                    for i in d.items
                    if i.is_pause or (i.theme is not None and i.theme["id"] == theme)
                ),
            )
            for d in days
        ]

    def items_of(self, person_id: int) -> list[tuple[str, ProgrammeItem]]:
        return [
            (role, item)
            for item in self.items
            for role, people in item.roles
            if any(p["id"] == person_id for p in people)
        ]

    def local(self, iso: str) -> datetime:
        return datetime.fromisoformat(iso).astimezone(self.zone)


def _sort_key(text: str) -> str:
    return "".join(
        c for c in unicodedata.normalize("NFD", text.casefold()) if not unicodedata.combining(c)
    )


def person_name(person: dict[str, Any]) -> str:
    return f"{person.get('honorific') or ''} {person['name']}".strip()


def person_line(person: dict[str, Any]) -> str:
    """'Sra. Ana Quispe, Jefa de Misión, OIM Ecuador' -- a speaker with their position."""
    parts = [person_name(person), person.get("position") or "", person.get("organization") or ""]
    return ", ".join(p for p in parts if p)


class _LRU:
    """A small per-process cache of values derived from frozen publications.

    Keys include the publication's id and time stamp, so a cached value can never outlive the
    version it was built from; nothing here is needed by another worker.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[Any, Any] = OrderedDict()
        self.lock = threading.Lock()

    def get_or_build(self, key: Any, build: Callable[[], Any]) -> Any:
        with self.lock:
            if key in self.data:
                self.data.move_to_end(key)
                return self.data[key]
        value = build()
        with self.lock:
            self.data[key] = value
            while len(self.data) > self.size:
                self.data.popitem(last=False)
        return value

    def clear(self) -> None:
        with self.lock:
            self.data.clear()


_programmes = _LRU(32)


def publication_key(publication: Any) -> tuple[Any, ...]:
    return (publication.id, publication.event_id, publication.number, publication.published_at)


def programme_for(publication: AgendaPublication) -> Programme:
    """The publication's public programme, built once per process."""
    return _programmes.get_or_build(
        publication_key(publication), lambda: Programme(publication.snapshot)
    )


def to_zone(moment: datetime, timezone: str) -> datetime:
    return moment.astimezone(ZoneInfo(timezone))
