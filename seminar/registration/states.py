"""A registration's state: changes with who, when and why, cancelling, bulk changes and the
waiting list.

Every change that can take or free a seat first takes the event's capacity lock (see
``capacity``), so a freed seat goes to the first of the waiting list exactly once.
"""

from __future__ import annotations

from collections.abc import Sequence

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..accounts.models import User
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from .capacity import SEAT_TAKING, lock_capacity, no_seat_for, not_enough_seats, seats_taken
from .models import Registration, RegistrationStatus, StatusChange

audit.ACTION_LABELS.update({"registration.status_changed": _l("Registration status changed")})


def email_kind(old: RegistrationStatus | None, new: RegistrationStatus) -> str:
    """Which registration e-mail (``emails.KINDS``) tells the registrant about this change."""
    if new == RegistrationStatus.CONFIRMED and old == RegistrationStatus.WAITLISTED:
        return "promoted"
    return {
        RegistrationStatus.PENDING: "received",
        RegistrationStatus.CONFIRMED: "confirmed",
        RegistrationStatus.WAITLISTED: "waitlisted",
        RegistrationStatus.DECLINED: "declined",
        RegistrationStatus.CANCELLED: "cancelled",
    }[new]


def set_status(
    registration: Registration,
    new_status: RegistrationStatus,
    *,
    old: RegistrationStatus | None,
    by: User | None,
    reason: str = "",
    by_participant: bool = False,
) -> StatusChange:
    """Put the registration in ``new_status`` and add it to its history; a change from an earlier
    state (``old``) is also recorded in the activity log. No seat check: the callers make it."""
    registration.status = new_status
    if new_status == RegistrationStatus.WAITLISTED:
        registration.waitlisted_at = utcnow()
    change = StatusChange(
        from_status=old.value if old else None,
        to_status=new_status.value,
        reason=reason[:500],
        by_user_id=getattr(by, "id", None),
        by_participant=by_participant,
    )
    registration.history.append(change)
    if old is not None:
        audit.record(
            "registration.status_changed",
            event=registration.event,
            obj=registration,
            summary=f"{registration.full_name}: {old.value} → {new_status.value}"
            + (f" ({reason})" if reason else ""),
            changes={"status": [old.value, new_status.value]},
            by=by,
            by_participant=by_participant,
        )
    return change


def change_status(
    registration: Registration,
    new_status: RegistrationStatus | str,
    *,
    by: User | None = None,
    reason: str = "",
    notify: bool = True,
    by_participant: bool = False,
    promote: bool = True,
) -> Registration:
    """Move a registration to another state, recorded with who, when and why.

    Confirming needs a free seat. When a confirmed registration leaves its seat, the first of the
    waiting list is promoted (unless ``promote`` is False, for bulk changes that promote once).
    The ``reason`` is recorded and, when the organizers give one, included in the e-mail.
    """
    new_status = RegistrationStatus(new_status)
    event = registration.event
    settings = lock_capacity(event)
    db.session.flush()
    db.session.refresh(registration)
    old = registration.status
    if old == new_status:
        return registration
    if (
        new_status == SEAT_TAKING
        and settings.capacity is not None
        and seats_taken(event) >= settings.capacity
    ):
        raise DomainError(no_seat_for(settings.capacity))
    set_status(
        registration, new_status, old=old, by=by, reason=reason, by_participant=by_participant
    )
    db.session.flush()
    if notify:
        from .emails import send_status_email

        send_status_email(
            registration,
            email_kind(old, new_status),
            message="" if by_participant else reason,
        )
    if promote and old == SEAT_TAKING:
        promote_waitlist(event, by=by)
    return registration


def cancel(
    registration: Registration, *, by_participant: bool, reason: str = "", by: User | None = None
) -> list[Registration]:
    """Cancel a registration (by its owner or the organizers); a freed seat goes to the waiting
    list. Returns the registrations promoted to it (none when nobody was waiting)."""
    lock_capacity(registration.event)
    db.session.refresh(registration)
    if registration.status == RegistrationStatus.CANCELLED:
        raise DomainError(_("This registration is already cancelled."))
    freed = registration.status == SEAT_TAKING
    change_status(
        registration,
        RegistrationStatus.CANCELLED,
        by=by,
        reason=reason or (_("Cancelled by the participant") if by_participant else ""),
        by_participant=by_participant,
        promote=False,
    )
    return promote_waitlist(registration.event, by=by) if freed else []


def waiting_list(event: Event) -> list[Registration]:
    """The event's waiting list in the order seats go to it: first come, first served."""
    return list(
        db.session.scalars(
            select(Registration)
            .where(
                Registration.event_id == event.id,
                Registration.status == RegistrationStatus.WAITLISTED,
            )
            .order_by(Registration.waitlisted_at, Registration.id)
        )
    )


def promote_waitlist(event: Event, *, by: User | None = None) -> list[Registration]:
    """Give free seats to the waiting list, first come first served, and tell each one by e-mail."""
    from .emails import send_status_email

    settings = lock_capacity(event)
    free = None if settings.capacity is None else settings.capacity - seats_taken(event)
    promoted: list[Registration] = []
    for registration in waiting_list(event):
        if free is not None and free <= 0:
            break
        set_status(
            registration,
            RegistrationStatus.CONFIRMED,
            old=RegistrationStatus.WAITLISTED,
            by=by,
            reason=_("A seat became free: promoted from the waiting list"),
        )
        send_status_email(registration, "promoted")
        promoted.append(registration)
        if free is not None:
            free -= 1
    db.session.flush()
    return promoted


def bulk_change_status(
    event: Event,
    registration_ids: Sequence[int],
    new_status: RegistrationStatus | str,
    *,
    by: User | None = None,
    reason: str = "",
    notify: bool = True,
) -> list[Registration]:
    """Change many registrations at once; all or nothing (confirming more than the free seats fails)."""
    new_status = RegistrationStatus(new_status)
    settings = lock_capacity(event)
    registrations = list(
        db.session.scalars(
            select(Registration)
            .where(Registration.event_id == event.id, Registration.id.in_(registration_ids))
            .order_by(Registration.id)
        )
    )
    if not registrations:
        raise DomainError(_("Select at least one registration."))
    changing = [r for r in registrations if r.status != new_status]
    if new_status == SEAT_TAKING and settings.capacity is not None:
        free = settings.capacity - seats_taken(event)
        if len(changing) > free:
            raise DomainError(not_enough_seats(free, len(changing)))
    freed = False
    for registration in changing:
        freed = freed or registration.status == SEAT_TAKING
        change_status(registration, new_status, by=by, reason=reason, notify=notify, promote=False)
    if freed:
        promote_waitlist(event, by=by)
    return changing
