"""Session notes: the agenda items rapporteurs write about, and what the report may print.

Rows come from the latest published agenda (its snapshot: titles, times, people as the public saw
them), plus working-copy items not published yet. Published means public: ``SessionRow.in_report``
is true only for public items of the published agenda; the others are listed for notes and marked.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..agenda.models import AgendaItem, ItemKind, ItemPerson
from ..audit import record
from ..events.models import Event
from ..extensions import db
from .models import SessionNote
from .services import check_length, check_version, find_report, reopen_if_final

# Agenda items that never get notes.
NO_NOTES_KINDS = {ItemKind.BREAK, ItemKind.MEAL}


@dataclass
class SessionRow:
    """An agenda item as the rapporteurs see it: from the published agenda when published."""

    item_id: int
    title: str
    kind: str
    starts_at: datetime
    ends_at: datetime
    room: str
    theme_id: int | None
    is_published: bool
    is_public: bool = True
    people: list[dict[str, Any]] = field(default_factory=list)
    note: SessionNote | None = None

    @property
    def has_notes(self) -> bool:
        return self.note is not None and not self.note.is_empty

    @property
    def in_report(self) -> bool:
        """Published means public: the report prints only public items of the published agenda."""
        return self.is_published and self.is_public


def _parse(value: str) -> datetime:
    return datetime.fromisoformat(value).astimezone(UTC)


def session_rows(event: Event, *, include_all_kinds: bool = False) -> list[SessionRow]:
    """Items of the latest published agenda, plus working-copy items not yet published, in order.

    Rapporteurs may take notes on all of them; ``SessionRow.in_report`` says which the report prints.
    """
    from ..agenda.publishing import latest_publication

    publication = latest_publication(event)
    rows: list[SessionRow] = []
    seen: set[int] = set()
    working = {
        item.id: item
        for item in db.session.scalars(
            select(AgendaItem)
            .options(
                selectinload(AgendaItem.room),
                selectinload(AgendaItem.participants).selectinload(ItemPerson.person),
            )
            .where(AgendaItem.event_id == event.id)
        )
    }
    if publication is not None:
        snap = publication.snapshot
        rooms = {r["id"]: r["name"] for r in snap.get("rooms", [])}
        people = {p["id"]: p for p in snap.get("people", [])}
        for item in snap.get("items", []):
            if item["id"] not in working:
                continue  # deleted since publication: notes cannot attach to it
            seen.add(item["id"])
            rows.append(
                SessionRow(
                    item_id=item["id"],
                    title=item["title"],
                    kind=item["kind"],
                    starts_at=_parse(item["starts_at"]),
                    ends_at=_parse(item["ends_at"]),
                    room=rooms.get(item.get("room_id"), ""),
                    theme_id=item.get("theme_id"),
                    is_published=True,
                    is_public=bool(item.get("is_public", True)),
                    people=[
                        {**people[p["person_id"]], "role": p["role"]}
                        for p in sorted(item.get("participants", []), key=lambda p: p["position"])
                        if p["person_id"] in people
                    ],
                )
            )
    for item in working.values():
        if item.id in seen:
            continue
        rows.append(
            SessionRow(
                item_id=item.id,
                title=item.title,
                kind=item.kind.value,
                starts_at=item.starts_at,
                ends_at=item.ends_at,
                room=item.room.name if item.room else "",
                theme_id=item.theme_id,
                is_published=False,
                is_public=item.is_public,
                people=[
                    {
                        "id": link.person.id,
                        "honorific": link.person.honorific,
                        "name": link.person.name,
                        "position": link.person.position,
                        "organization": link.person.organization,
                        "country": link.person.country,
                        "role": link.role.value,
                    }
                    for link in item.participants
                ],
            )
        )
    if not include_all_kinds:
        rows = [r for r in rows if r.kind not in {k.value for k in NO_NOTES_KINDS}]
    rows.sort(key=lambda r: (r.starts_at, r.room, r.item_id))
    notes = {
        n.agenda_item_id: n
        for n in db.session.scalars(select(SessionNote).where(SessionNote.event_id == event.id))
    }
    for row in rows:
        row.note = notes.get(row.item_id)
    return rows


def get_item(event: Event, item_id: int) -> AgendaItem | None:
    item = db.session.get(AgendaItem, item_id)
    return item if item is not None and item.event_id == event.id else None


def note_for(event: Event, item: AgendaItem) -> SessionNote | None:
    return db.session.scalar(select(SessionNote).where(SessionNote.agenda_item_id == item.id))


def save_note(
    event: Event,
    item: AgendaItem,
    data: dict[str, str],
    *,
    expected_version: int | None,
    by: User,
) -> SessionNote:
    """Save the notes of one agenda item; a stale version raises ConflictError (nothing saved)."""
    for key in ("summary", "key_points", "statements"):
        check_length(data.get(key, ""), key)
    note = note_for(event, item)
    if note is None:
        if expected_version not in (None, 0):
            # The form was loaded when a note existed; it has been deleted since. Treat as new.
            expected_version = None
        note = SessionNote(event_id=event.id, agenda_item_id=item.id)
        db.session.add(note)
    else:
        check_version(note, expected_version or 0)
    note.summary = data.get("summary", "")
    note.key_points = data.get("key_points", "")
    note.statements = data.get("statements", "")
    note.updated_by_id = by.id
    reopen_if_final(find_report(event))
    record("report.note_saved", event=event, obj=note, summary=item.title, by=by)
    db.session.flush()
    return note


def left_out_notes(event: Event) -> list[SessionRow]:
    """Sessions with notes that the report will not print (internal, or not in the published agenda)."""
    return [row for row in session_rows(event) if row.has_notes and not row.in_report]
