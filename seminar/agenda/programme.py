"""Reading a published version: its snapshot resolved for pages and exports (local times, rooms,
themes, people by role, days and parallel sessions), with the labels they show. A version never
changes, so each process keeps the programmes it built (``programme_for``)."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from ..i18n import _sort_key
from .labels import KIND_LABELS, ROLE_LABELS, ROLE_PLURALS
from .models import AgendaPublication, ItemKind, PersonRole

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
