"""The automatic reminder before the event: once per confirmed participant, a set number of days
before the first day (in the event's zone), in their language, with the venue and the agenda.

Each event's reminder is one ``ParticipantMessage`` marked automatic, so organizers see it in the
messages log with its recipients and their delivery status. The unique constraints (one automatic
reminder per event, one recipient row per address) make a second worker's copy fail at commit
instead of sending twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import g, render_template
from flask_babel import gettext as _
from flask_babel import refresh
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from .. import audit, mail
from ..agenda.publishing import latest_publication
from ..content.jinja import t
from ..content.snapshots import localized_programme
from ..dbtypes import utcnow
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from ..i18n import format_date_range
from ..links import public_url
from ..registration.checkin import today_in_event
from ..registration.emails import self_service_url
from ..registration.models import Registration, RegistrationStatus
from .emails import recipient_locale
from .models import MessageRecipient, MessageState, OutreachSettings, ParticipantMessage
from .settings import get_settings

REMINDER = "reminder"
MAIL_KIND = "event_reminder"


def is_due(event: Event, settings: OutreachSettings, now: datetime) -> bool:
    """From N days before the first day until the day before it, in the event's zone."""
    today = today_in_event(event, now)
    first = event.starts_on
    return first - timedelta(days=settings.event_reminder_days) <= today < first


def reminder_message(event: Event) -> ParticipantMessage:
    """The event's automatic reminder in the log, created on its first use."""
    message = db.session.scalar(
        select(ParticipantMessage).where(
            ParticipantMessage.event_id == event.id, ParticipantMessage.automatic == REMINDER
        )
    )
    if message is None:
        message = ParticipantMessage(
            event_id=event.id,
            automatic=REMINDER,
            audience={"group": "confirmed", "automatic": REMINDER},
            state=MessageState.SENT,
        )
        db.session.add(message)
        db.session.flush()
    return message


def _agenda(event: Event, language: str) -> list[dict[str, Any]]:
    """The published programme's days and sessions, texts in ``language``."""
    publication = latest_publication(event)
    if publication is None:
        return []
    programme = localized_programme(event, publication, language)
    return [
        {"date": day.date, "items": [i for i in day.items if i.is_public]}
        for day in programme.days
        if day.items
    ]


def _queue(message: ParticipantMessage, registration: Registration) -> None:
    event = message.event
    with recipient_locale(registration.preferred_language, event) as language:
        context = {
            "event": event,
            "title": t(event, "title", language),
            "name": registration.display_name,
            "days": _agenda(event, language),
            "agenda_url": public_url("agenda.public_agenda", slug=event.slug),
            "registration_url": self_service_url(registration),
            "event_url": public_url("events.show", slug=event.slug),
        }
        subject = _(
            "Reminder: %(title)s, %(dates)s",
            title=context["title"],
            dates=format_date_range(event.starts_on, event.ends_on),
        )
        text = render_template("outreach/email/reminder.txt", subject=subject, **context)
        html = render_template("outreach/email/reminder.html", subject=subject, **context)
    row = MessageRecipient(
        email=registration.email.strip().lower(),
        name=registration.display_name,
        language=language,
        registration_id=registration.id,
    )
    message.recipients.append(row)
    row.outbox = mail.queue(
        to=row.email,
        to_name=row.name,
        reply_to=event.contact_email,
        subject=subject,
        text=text,
        html=html,
        event_id=event.id,
        kind=MAIL_KIND,
        related=message,
    )


def remind_event(event: Event, now: datetime | None = None) -> int:
    """Queue the reminder to every confirmed participant who has not had it; returns how many."""
    message = reminder_message(event)
    reminded = {row.email for row in message.recipients}
    participants = db.session.scalars(
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
        .order_by(Registration.id)
    )
    sent = 0
    for registration in participants:
        email = registration.email.strip().lower()
        if email in reminded:
            continue
        reminded.add(email)
        _queue(message, registration)
        sent += 1
    if sent:
        message.sent_at = now or utcnow()
    db.session.flush()
    return sent


def send_reminders(now: datetime | None = None) -> int:
    """For every event whose reminder is switched on and due: remind who has not been reminded.
    Commits per event; an event another worker reminded at the same moment is skipped."""
    now = now or utcnow()
    due = [
        (settings.event_id, settings)
        for settings in db.session.scalars(
            select(OutreachSettings).where(OutreachSettings.is_event_reminder_on.is_(True))
        )
    ]
    sent = 0
    for event_id, settings in due:
        event = db.session.get(Event, event_id)
        if event is None or not is_due(event, settings, now):
            continue
        g.event = event  # times in the e-mails are shown in the event's zone
        refresh()
        try:
            count = remind_event(event, now)
            db.session.commit()
        except IntegrityError:  # another worker reminded the same people first
            db.session.rollback()
            continue
        sent += count
    return sent


def update_reminder_settings(
    event: Event, *, is_on: bool, days: int, expected_version: int, by: Any = None
) -> OutreachSettings:
    """Switch the automatic reminder on or off and choose how many days before it goes."""
    settings = get_settings(event)
    if expected_version != settings.version:
        raise ConflictError(
            _(
                "Someone else changed these settings while you were editing them. Their values "
                "are shown now; your changes were not saved."
            )
        )
    if not 1 <= days <= 30:
        raise DomainError(_("Choose between 1 and 30 days."), field="event_reminder_days")
    values = {"is_event_reminder_on": bool(is_on), "event_reminder_days": days}
    changes = audit.diff(settings, values)
    if changes:
        for key, value in values.items():
            setattr(settings, key, value)
        audit.record(
            "outreach.settings_updated",
            event=event,
            obj=settings,
            summary=", ".join(sorted(changes)),
            changes=changes,
            by=by,
        )
        db.session.flush()
    return settings
