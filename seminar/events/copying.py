"""Next year's edition: copy an event into a new draft, its agenda moved to the new dates.

Every table that belongs to an event, and whether a copy takes it over:

- copied: the event's settings (a draft, with the new title, address and dates); its host
  organizations (logos included) and signatories; the team (memberships and roles); the rooms,
  themes, people and agenda items with their speakers (each item moved by the same number of
  days, keeping its wall-clock time in the event's zone across daylight-saving changes); the
  registration settings (dates moved the same way) and questions with their choices; the
  invitation and letter settings (reminders, passport retention, letter reference prefix,
  signatory: every setting, whatever columns the settings gain); the report's list of acronyms
  (stable across editions); and the translations and source languages of every copied text.
- never copied: registrations with their answers, status changes, check-ins and passport
  details; invitations, nominations and letters; messages and e-mails (the outbox); published
  agenda versions; the report itself (its cover, sections, imprint, review comments and
  versions), session notes and recommendations; rendered documents; the activity log.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect, select

from .. import audit
from ..accounts.models import Membership, User
from ..agenda.models import AgendaItem, ItemPerson, Person, Room, Theme
from ..content.models import ContentSource, ContentTranslation
from ..extensions import db
from ..outreach.models import OutreachSettings
from ..registration.models import RegistrationSettings
from ..registration.questions import RegistrationQuestion
from ..reports.models import Report, ReportAcronym
from ..reports.services import ensure_report
from .identity import HostOrganization, Signatory
from .models import Event, EventStatus
from .services import validate_event_data

audit.ACTION_LABELS["event.copied"] = _l("Event copied from a previous edition")

# Columns that a copy never takes over: identity, optimistic-lock versions and timestamps.
_NOT_COPIED = {"id", "uid", "version", "created_at", "updated_at", "event_id"}
YEAR = re.compile(r"(?<!\d)(19|20)(\d\d)(?!\d)")

M = TypeVar("M")


def next_year_title(text: str) -> str:
    """'Seminario La Paz 2026' -> 'Seminario La Paz 2027'; a text without a year stays as it is."""
    return YEAR.sub(lambda m: str(int(m.group(0)) + 1), text)


def next_year_slug(slug: str, starts_on: date) -> str:
    """The web address of next year's edition: its year moved on, or the new year appended."""
    moved = next_year_title(slug)
    return moved if moved != slug else f"{slug}-{starts_on.year}"[:80]


def next_year_start(starts_on: date) -> date:
    """The same weekday about a year later (52 weeks on)."""
    return starts_on + timedelta(weeks=52)


def shift(moment: datetime, days: int, zone: ZoneInfo) -> datetime:
    """``moment`` moved by ``days`` calendar days at the same wall-clock time in ``zone``."""
    local = moment.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
    return local.replace(tzinfo=zone).astimezone(UTC)


def _clone(obj: M, **values: Any) -> M:
    """A new row of the same model with the same column values, except identity, versions and
    timestamps, and what ``values`` sets."""
    mapper = inspect(type(obj))
    data = {
        attr.key: getattr(obj, attr.key)
        for attr in mapper.column_attrs
        if attr.key not in _NOT_COPIED and attr.key not in values
    }
    return type(obj)(**data, **values)


@dataclass
class CopyResult:
    """The new event and how many of each kind of thing were copied."""

    event: Event
    counts: dict[str, int] = field(default_factory=dict)


def _rows(model: Any, event: Event) -> list[Any]:
    return list(
        db.session.scalars(select(model).where(model.event_id == event.id).order_by(model.id))
    )


def copy_event(
    event: Event, new_title: str, new_slug: str, new_starts_on: date, user: User
) -> CopyResult:
    """Copy ``event`` into a new draft starting on ``new_starts_on`` (see the module's docstring).
    Everything happens in the caller's transaction: the copy is complete or absent."""
    days = (new_starts_on - event.starts_on).days
    new_ends_on = event.ends_on + timedelta(days=days)
    validate_event_data(
        {
            "slug": new_slug,
            "timezone": event.timezone,
            "starts_on": new_starts_on,
            "ends_on": new_ends_on,
        }
    )
    zone = ZoneInfo(event.timezone)
    copy = _clone(
        event,
        slug=new_slug,
        title=new_title.strip(),
        starts_on=new_starts_on,
        ends_on=new_ends_on,
        status=EventStatus.DRAFT,
    )
    db.session.add(copy)
    db.session.flush()
    ids: dict[str, dict[int, int]] = {"event": {event.id: copy.id}}
    counts: dict[str, int] = {}

    def take(owner: str, model: Any, **values: Any) -> dict[int, Any]:
        made = {}
        for row in _rows(model, event):
            new = _clone(row, event_id=copy.id, **{k: v(row) for k, v in values.items()})
            db.session.add(new)
            made[row.id] = new
        db.session.flush()
        ids[owner] = {old: new.id for old, new in made.items()}
        counts[owner] = len(made)
        return made

    take("host", HostOrganization)
    take("signatory", Signatory)
    for membership in _rows(Membership, event):
        db.session.add(
            Membership(user_id=membership.user_id, event_id=copy.id, role=membership.role)
        )
    counts["membership"] = len({m.user_id for m in _rows(Membership, event)})
    rooms = take("room", Room)
    themes = take("theme", Theme)
    people = take("person", Person)
    items = take(
        "agenda_item",
        AgendaItem,
        starts_at=lambda item: shift(item.starts_at, days, zone),
        ends_at=lambda item: shift(item.ends_at, days, zone),
        room_id=lambda item: rooms[item.room_id].id if item.room_id else None,
        theme_id=lambda item: themes[item.theme_id].id if item.theme_id else None,
    )
    for old_id, item in items.items():
        roles = select(ItemPerson).where(ItemPerson.item_id == old_id).order_by(ItemPerson.id)
        for role in db.session.scalars(roles):
            db.session.add(_clone(role, item_id=item.id, person_id=people[role.person_id].id))
    take(
        "registration_settings",
        RegistrationSettings,
        opens_at=lambda s: shift(s.opens_at, days, zone) if s.opens_at else None,
        closes_at=lambda s: shift(s.closes_at, days, zone) if s.closes_at else None,
    )
    take("outreach_settings", OutreachSettings)
    for settings in ("registration_settings", "outreach_settings"):
        counts.pop(settings)
    _copy_questions(event, copy, counts)
    _copy_acronyms(event, copy, ids, counts)
    counts["translation"] = _copy_translations(event, copy, ids)
    db.session.flush()
    audit.record(
        "event.copied",
        event=copy,
        obj=copy,
        summary=f"{event.title} → {copy.title}",
        changes={"copied_from": [None, event.slug]},
        by=user,
    )
    return CopyResult(copy, counts)


def _copy_questions(event: Event, copy: Event, counts: dict[str, int]) -> None:
    questions = _rows(RegistrationQuestion, event)
    for question in questions:
        new = _clone(question, event_id=copy.id)
        new.choices = [_clone(choice, question_id=None) for choice in question.choices]
        db.session.add(new)
    counts["question"] = len(questions)


def _copy_acronyms(
    event: Event, copy: Event, ids: dict[str, dict[int, int]], counts: dict[str, int]
) -> None:
    """The report's list of acronyms, in a new draft report of the copy (nothing else of it)."""
    acronyms = list(
        db.session.scalars(
            select(ReportAcronym)
            .join(Report, Report.id == ReportAcronym.report_id)
            .where(Report.event_id == event.id)
            .order_by(ReportAcronym.position, ReportAcronym.id)
        )
    )
    counts["acronym"] = len(acronyms)
    if not acronyms:
        return
    report = ensure_report(copy)
    db.session.flush()
    made = {row.id: _clone(row, report_id=report.id) for row in acronyms}
    db.session.add_all(made.values())
    db.session.flush()
    ids["report_acronym"] = {old_id: new.id for old_id, new in made.items()}


def _copy_translations(event: Event, copy: Event, ids: dict[str, dict[int, int]]) -> int:
    """Translations and source-language choices of the copied texts, pointed at their copies
    (those of what is not copied, the report's texts, are left out)."""
    copied = 0
    for model in (ContentTranslation, ContentSource):
        for row in _rows(model, event):
            new_id = ids.get(row.owner, {}).get(row.owner_id)
            if new_id is None:
                continue
            db.session.add(_clone(row, owner_id=new_id, event_id=copy.id))
            copied += model is ContentTranslation
    return copied
