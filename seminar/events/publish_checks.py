"""What publishing a draft event does to its registration, said before the organizer does it.

A published event takes registrations at once with the settings it has; an event nobody has
configured yet would take anyone, without limit and without approval.
"""

from __future__ import annotations

from sqlalchemy import select

from ..extensions import db
from ..registration.models import RegistrationSettings
from .models import Event, EventStatus


def opens_unlimited_registration(event: Event | None) -> bool:
    """True when the event (None: a new one) is a draft whose registration, once published, is
    open to anyone: unlimited seats and no approval (no settings saved yet means exactly that)."""
    if event is None:
        return True
    if event.status != EventStatus.DRAFT:
        return False
    settings = db.session.scalar(
        select(RegistrationSettings).where(RegistrationSettings.event_id == event.id)
    )
    return settings is None or (settings.capacity is None and not settings.requires_approval)
