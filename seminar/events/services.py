"""Events: creating, editing and listing them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _
from sqlalchemy import bindparam, select

from .. import audit, edits
from ..accounts.models import Membership, Role, User
from ..content.sources import main_language_changed
from ..errors import DomainError
from ..extensions import db
from ..i18n import _sort_key
from .models import Event, EventStatus, language_codes

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EDITABLE_FIELDS = (
    "title", "slug", "subtitle", "description", "venue", "city", "country", "timezone",
    "starts_on", "ends_on", "languages", "hosts", "contact_email", "status",
)  # fmt: skip
MAX_EVENT_DAYS = 31


def derive_slug(title: str, *, event: Event | None = None) -> str:
    """A free web address made from the title: "Políticas migratorias" -> "politicas-migratorias",
    then "politicas-migratorias-2", "-3"... when other events already use it."""
    base = "-".join(re.findall(r"[a-z0-9]+", _sort_key(title)))[:60].rstrip("-") or "event"
    query = select(Event.slug).where(Event.slug.like(f"{base}%"))
    if event is not None:
        query = query.where(Event.id != event.id)
    taken = set(db.session.scalars(query))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


def validate_event_data(data: dict[str, Any], *, event: Event | None = None) -> None:
    slug = data.get("slug", "")
    if not SLUG_RE.match(slug):
        raise DomainError(
            _("Use lowercase letters, digits and single hyphens, for example lapaz-2026."),
            field="slug",
        )
    taken = db.session.scalar(select(Event.id).where(Event.slug == slug))
    if taken is not None and (event is None or taken != event.id):
        raise DomainError(_("Another event already uses this address."), field="slug")
    try:
        ZoneInfo(data.get("timezone", ""))
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise DomainError(_("Choose a time zone from the list."), field="timezone") from exc
    starts_on: date = data["starts_on"]
    ends_on: date = data["ends_on"]
    if ends_on < starts_on:
        raise DomainError(_("The event cannot end before it starts."), field="ends_on")
    if (ends_on - starts_on).days >= MAX_EVENT_DAYS:
        raise DomainError(
            _("An event lasts at most %(n)d days.", n=MAX_EVENT_DAYS), field="ends_on"
        )


def create_event(data: dict[str, Any], *, by: User) -> Event:
    """Create an event; its creator becomes its first organizer."""
    data = {**data, "slug": data.get("slug") or derive_slug(data.get("title", ""))}
    validate_event_data(data)
    event = Event(**{key: data[key] for key in EDITABLE_FIELDS if key in data})
    db.session.add(event)
    db.session.flush()
    db.session.add(Membership(user=by, event=event, role=Role.ORGANIZER))
    audit.record("event.created", event=event, obj=event, summary=event.title, by=by)
    db.session.flush()
    return event


def update_event(event: Event, data: dict[str, Any], *, expected_version: int, by: User) -> Event:
    """Save an edit unless someone else saved the event since the editor loaded it."""

    def clean() -> dict[str, Any]:
        slug = data.get("slug") or derive_slug(data.get("title", ""), event=event)
        checked = {**data, "slug": slug}
        validate_event_data(checked, event=event)
        return {key: checked[key] for key in EDITABLE_FIELDS if key in checked}

    former_language = event.default_language
    edits.save_edit(
        event,
        expected_version=expected_version,
        stale_message=_(
            "Someone else changed this event while you were editing it. "
            "Their version is shown below; your changes were not saved."
        ),
        clean=clean,
        event=event,
        action="event.updated",
        by=by,
    )
    # The texts written so far stay in the former main language (see seminar.content.sources).
    main_language_changed(event, former_language)
    return event


def published_events() -> list[Event]:
    return list(
        db.session.scalars(
            select(Event)
            .where(Event.status == EventStatus.PUBLISHED)
            .order_by(Event.starts_on.desc(), Event.id)
        )
    )


def events_for_user(user: User) -> list[tuple[Event, list[Role]]]:
    """The events the user works on, with their roles (admins see every event)."""
    if user.is_admin:
        events = db.session.scalars(select(Event).order_by(Event.starts_on.desc())).all()
        return [(event, []) for event in events]
    rows = db.session.execute(
        select(Event, Membership.role)
        .join(Membership, Membership.event_id == Event.id)
        .where(Membership.user_id == user.id)
        .order_by(Event.starts_on.desc(), Event.id)
    ).all()
    grouped: dict[int, tuple[Event, list[Role]]] = {}
    for event, role in rows:
        grouped.setdefault(event.id, (event, []))[1].append(role)
    return list(grouped.values())


@dataclass(frozen=True)
class PublicState:
    """What a conditional request needs to know about an event, without loading it."""

    id: int
    version: int
    is_public: bool
    default_language: str


_PUBLIC_STATE = select(Event.id, Event.version, Event.status, Event.languages).where(
    Event.slug == bindparam("slug")
)


def public_state(slug: str) -> PublicState | None:
    """One Core row by address: the event's id and version (every public cache key holds them),
    whether anyone may see it and its main language."""
    row = db.session.connection().execute(_PUBLIC_STATE, {"slug": slug}).first()
    if row is None:
        return None
    languages = language_codes(row.languages)
    return PublicState(
        id=row.id,
        version=row.version,
        is_public=row.status != EventStatus.DRAFT,
        default_language=languages[0] if languages else "es",
    )


def get_event(slug: str) -> Event | None:
    return db.session.scalar(select(Event).where(Event.slug == slug))


__all__ = ["EventStatus", "create_event", "update_event", "published_events", "events_for_user"]
