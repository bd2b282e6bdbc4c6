"""Periodic outreach work: reminders to invitees who have not answered, reserved seats that
lapse, and passport details erased once their retention period after the event is over.

Each job calls a service that takes the current time as an argument (the tests pass a date after
the event) and commits its own work.
"""

from __future__ import annotations

from huey import crontab

from ..extensions import db
from ..jobs import every_minute, periodic
from . import message_reminders, messages
from .letters import erase_passports
from .schedule import lapse_reservations, send_reminders


@periodic(crontab(minute="10"))
def remind_invitees() -> int:
    """Hourly: the services send a reminder only when it is due, so the hour does not matter."""
    sent = send_reminders()
    db.session.commit()
    return sent


@periodic(crontab(minute="*/15"))
def lapse_reserved_seats() -> int:
    lapsed = lapse_reservations()
    db.session.commit()
    return lapsed


@periodic(crontab(minute="40", hour="3"))
def erase_passport_details() -> int:
    erased = erase_passports()
    db.session.commit()
    return erased


@periodic(every_minute())
def send_scheduled_messages() -> int:
    """Messages to participants whose time has come; each is claimed before it is sent."""
    return messages.send_due()


@periodic(crontab(minute="20"))
def remind_participants() -> int:
    """Hourly: the automatic reminder before the event, once per confirmed participant."""
    return message_reminders.send_reminders()
