"""Seats and the registration window: settings, counts, and the capacity lock.

Capacity is enforced inside the database transaction: every operation that can take or free a seat
first takes the event's capacity lock (a row lock on the event's ``RegistrationSettings`` on
PostgreSQL, the database write lock on SQLite), then counts confirmed seats. Two submissions for the
last seat are therefore serialized, whatever the number of workers or threads.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import ngettext
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


# Seats held for someone who has not registered yet (a named invitee's reserved seat, see
# seminar.outreach): each function counts an event's held seats, which count against the capacity.
SEAT_HOLDS: list[Callable[[Event], int]] = []


def held_count(event: Event) -> int:
    return sum(count(event) for count in SEAT_HOLDS)


def seats_taken(event: Event) -> int:
    """Confirmed registrations plus the seats held for invitees: what the capacity limits."""
    return confirmed_count(event) + held_count(event)


def seats_left(event: Event, settings: RegistrationSettings | None = None) -> int | None:
    """Free seats, or None when the capacity is unlimited."""
    settings = settings or get_settings(event)
    if settings.capacity is None:
        return None
    return max(settings.capacity - seats_taken(event), 0)


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


# One set of messages about seats, shared by the public form, the desk and the services, so the
# same situation is always described the same way (and with the plural each language needs).


def seats_note(seats_left: int | None, *, requires_approval: bool) -> str:
    """The short line about seats beside the registration form and on the desk."""
    if seats_left is None:
        return _("No seat limit")
    if seats_left > 0:
        return ngettext("%(num)d seat left", "%(num)d seats left", seats_left)
    if requires_approval:
        return _("Full: new registrations await approval")
    return _("Full: new registrations join the waiting list")


def full_notice(*, requires_approval: bool) -> str:
    """What someone about to register should know when every seat is taken."""
    if requires_approval:
        return _(
            "You can still register: the organizers review every registration and will write to "
            "you; a registration can be confirmed only when a seat becomes free."
        )
    return _(
        "You can still register: you will join the waiting list, and we will write to you as "
        "soon as a seat becomes free."
    )


def no_seat_for(capacity: int) -> str:
    """Why one registration cannot be confirmed: every seat is taken."""
    return ngettext(
        "The only seat is taken. Raise the capacity in the registration settings, or put this "
        "registration on the waiting list.",
        "All %(num)d seats are taken. Raise the capacity in the registration settings, or put "
        "this registration on the waiting list.",
        capacity,
    )


def _free_seats(free: int) -> str:
    return (
        _("No seat is free,")
        if free == 0
        else ngettext("Only %(num)d seat is free,", "Only %(num)d seats are free,", free)
    )


def not_enough_seats(free: int, needed: int) -> str:
    """Why confirming several registrations at once is refused."""
    free = max(free, 0)
    available = _free_seats(free)
    wanted = ngettext(
        "and %(num)d registration would need one.",
        "and %(num)d registrations would need one.",
        needed,
    )
    return f"{available} {wanted} {_('Raise the capacity or select fewer.')}"


def imported_beyond_seats(free: int, needed: int) -> str:
    """What confirming an imported list does when it has more people than free seats: the first
    rows take the free seats, the others join the waiting list (nothing is refused)."""
    free = max(free, 0)
    confirmed = (
        _("so nobody would be confirmed")
        if free == 0
        else ngettext(
            "so only the first person would be confirmed",
            "so only the first %(num)d people would be confirmed",
            free,
        )
    )
    waiting = ngettext(
        "and %(num)d would join the waiting list.",
        "and the other %(num)d would join the waiting list.",
        needed - free,
    )
    return f"{_free_seats(free)} {confirmed} {waiting}"
