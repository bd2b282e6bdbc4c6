"""Scheduled outreach work on invitations: reminders to those who have not answered, and held
seats that lapse. Each function takes the current time (the periodic jobs pass now; the tests
pass a later date) and flushes; the caller commits."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from .. import audit
from ..dbtypes import utcnow
from ..events.models import Event
from ..extensions import db
from ..registration.capacity import event_ends_at
from ..registration.states import promote_waitlist
from .invitations import send_invitation
from .models import Invitation, InvitationKind, InvitationStatus, OutreachSettings
from .settings import get_settings


def send_reminders(now: datetime | None = None) -> int:
    """Remind every invitee who has not answered, at most ``reminder_max`` times per invitation
    and never sooner than ``reminder_days`` after the last message; returns how many were sent."""
    now = now or utcnow()
    sent = 0
    pending = db.session.scalars(
        select(Invitation)
        .where(Invitation.status == InvitationStatus.PENDING)
        .order_by(Invitation.event_id, Invitation.id)
    )
    settings_by_event: dict[int, OutreachSettings] = {}
    for invitation in list(pending):
        event = invitation.event
        if now >= event_ends_at(event):
            continue
        if event.id not in settings_by_event:
            settings_by_event[event.id] = get_settings(event)
        settings = settings_by_event[event.id]
        if invitation.reminder_count >= settings.reminder_max:
            continue
        last = invitation.last_reminded_at or invitation.last_sent_at or invitation.created_at
        if now - last < timedelta(days=settings.reminder_days):
            continue
        send_invitation(invitation, reminder=True)
        invitation.last_reminded_at = now
        sent += 1
    db.session.flush()
    return sent


def lapse_reservations(now: datetime | None = None) -> int:
    """Named invitees whose held seat ran out without an answer: the hold ends (and the seat
    goes to the waiting list); returns how many lapsed."""
    now = now or utcnow()
    lapsed = list(
        db.session.scalars(
            select(Invitation).where(
                Invitation.kind == InvitationKind.PERSON,
                Invitation.status == InvitationStatus.PENDING,
                Invitation.seat_reserved_until <= now,
            )
        )
    )
    events: dict[int, Event] = {}
    for invitation in lapsed:
        invitation.status = InvitationStatus.EXPIRED
        events[invitation.event_id] = invitation.event
        audit.record(
            "invitation.lapsed", event=invitation.event, obj=invitation, summary=invitation.name
        )
    db.session.flush()
    for event in events.values():
        promote_waitlist(event)
    return len(lapsed)
