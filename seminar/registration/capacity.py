"""Seats and the registration window: settings, counts, and the capacity lock.

Capacity is enforced inside the database transaction: every operation that can take or free a seat
first takes the event's capacity lock (a row lock on the event's ``RegistrationSettings`` on
PostgreSQL, the database write lock on SQLite), then counts confirmed seats. Two submissions for the
last seat are therefore serialized, whatever the number of workers or threads.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from ..dbtypes import utcnow
from ..events.models import Event, EventStatus
from ..extensions import db
from .models import Registration, RegistrationSettings, RegistrationStatus

# A seat is taken only by a confirmed registration.
SEAT_TAKING = RegistrationStatus.CONFIRMED


def _insert(dialect: str) -> Any:
    return postgresql.insert if dialect == "postgresql" else sqlite.insert


def get_settings(event: Event) -> RegistrationSettings:
    """The event's registration settings, created with defaults (open, unlimited) if missing."""
    settings = db.session.scalar(
        select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)
    )
    if settings is None:
        dialect = db.session.get_bind().dialect.name
        # Two first visitors may race to create the row: the loser's insert does nothing.
        db.session.execute(
            _insert(dialect)(RegistrationSettings)
            .values(event_id=event.id)
            .on_conflict_do_nothing(index_elements=["event_id"])
        )
        settings = db.session.scalars(
            select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)
        ).one()
    return settings


def lock_capacity(event: Event) -> RegistrationSettings:
    """Serialize seat-changing work on this event until the transaction ends; returns fresh settings.

    PostgreSQL: ``SELECT ... FOR UPDATE`` on the settings row. SQLite: ``BEGIN IMMEDIATE`` takes the
    database write lock before anything is read (Python's sqlite3 opens a transaction only before
    the first write, so a request that has only read so far is not inside one yet; a request that
    has already written holds the lock already).
    """
    connection = db.session.connection()
    query = (
        select(RegistrationSettings)
        .where(RegistrationSettings.event_id == event.id)
        .execution_options(populate_existing=True)
    )
    if connection.dialect.name == "sqlite":
        raw = connection.connection.driver_connection
        if raw is not None and not raw.in_transaction:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        query = query.with_for_update()
    settings = db.session.scalar(query)
    if settings is None:
        get_settings(event)
        settings = db.session.scalars(query).one()
    return settings


def count_by_status(event: Event) -> dict[RegistrationStatus, int]:
    rows = db.session.execute(
        select(Registration.status, func.count())
        .where(Registration.event_id == event.id)
        .group_by(Registration.status)
    ).all()
    counts = dict.fromkeys(RegistrationStatus, 0)
    counts.update({RegistrationStatus(status): n for status, n in rows})
    return counts


def confirmed_count(event: Event) -> int:
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Registration)
            .where(Registration.event_id == event.id, Registration.status == SEAT_TAKING)
        )
        or 0
    )


def seats_left(event: Event, settings: RegistrationSettings | None = None) -> int | None:
    """Free seats, or None when the capacity is unlimited."""
    settings = settings or get_settings(event)
    if settings.capacity is None:
        return None
    return max(settings.capacity - confirmed_count(event), 0)


def event_ends_at(event: Event) -> datetime:
    """The end of the event's last day, in UTC."""
    zone = ZoneInfo(event.timezone)
    return datetime.combine(event.ends_on + timedelta(days=1), time(0), zone).astimezone(UTC)


def window_state(
    event: Event, now: datetime | None = None, settings: RegistrationSettings | None = None
) -> str:
    """'open', 'not_yet' (before the opening time) or 'closed' (after closing, or event over)."""
    now = now or utcnow()
    settings = settings or get_settings(event)
    if event.status == EventStatus.ARCHIVED:
        return "closed"
    if settings.opens_at is not None and now < settings.opens_at:
        return "not_yet"
    if settings.closes_at is not None and now >= settings.closes_at:
        return "closed"
    if now >= event_ends_at(event):
        return "closed"
    return "open"


def is_open(event: Event, now: datetime | None = None) -> bool:
    return window_state(event, now) == "open"
