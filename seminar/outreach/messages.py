"""Messages from the organizers to a filtered group of participants or invitees.

A message is written once per event language, saved as a draft, previewed, then sent at once or
scheduled. Sending writes one recipient row and one outbox message per address inside the sending
transaction, so the log shows each recipient's live delivery status. A scheduled message is
claimed by a conditional UPDATE of its state before it is sent, so two workers never send it twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from flask import render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from .. import audit, mail
from ..accounts.models import User
from ..dbtypes import utcnow
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from ..links import public_url
from ..text import render_markdown
from .emails import recipient_locale
from .message_audience import Recipient, clean_audience, recipients
from .models import MessageRecipient, MessageState, ParticipantMessage

audit.ACTION_LABELS.update(
    {
        "message.sent": _l("Message to participants sent"),
        "message.scheduled": _l("Message to participants scheduled"),
        "message.cancelled": _l("Scheduled message cancelled"),
    }
)

PLACEHOLDERS = ("name",)
_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
MAIL_KIND = "participant_message"
# A claim this old belongs to a worker that died while sending: the message is due again.
STALE_CLAIM = timedelta(minutes=10)


@dataclass(frozen=True)
class Rendered:
    """One language of a message as its recipients see it (``{name}`` still in place)."""

    language: str
    subject: str
    text: str
    html: Markup


def _unknown_placeholder(text: str) -> str | None:
    for name in _PLACEHOLDER.findall(text):
        if name not in PLACEHOLDERS:
            return name
    return None


def check_texts(event: Event, subjects: dict[str, str], bodies: dict[str, str]) -> None:
    """Subject and body in the event's main language; in another language both or neither; only
    known placeholders. Each error names its field (``subject_es``, ``body_en``)."""
    main = event.default_language
    for lang in event.language_list:
        subject, body = subjects.get(lang, ""), bodies.get(lang, "")
        if lang == main or subject or body:
            if not subject:
                raise DomainError(_("Write the subject in this language."), field=f"subject_{lang}")
            if not body:
                raise DomainError(_("Write the message in this language."), field=f"body_{lang}")
        for field, text in ((f"subject_{lang}", subject), (f"body_{lang}", body)):
            unknown = _unknown_placeholder(text)
            if unknown is not None:
                raise DomainError(
                    _(
                        "{%(unknown)s} is not a placeholder we can fill in. Use {name} for the "
                        "recipient's name.",
                        unknown=unknown,
                    ),
                    field=field,
                )


def _texts(event: Event, data: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    subjects, bodies = {}, {}
    for lang in event.language_list:
        subject = " ".join(str(data.get(f"subject_{lang}") or "").split())[:250]
        body = str(data.get(f"body_{lang}") or "").replace("\r\n", "\n").strip()
        if subject:
            subjects[lang] = subject
        if body:
            bodies[lang] = body
    return subjects, bodies


def save_draft(
    event: Event,
    data: dict[str, Any],
    *,
    by: User | None,
    message: ParticipantMessage | None = None,
    expected_version: int | None = None,
) -> ParticipantMessage:
    """Create a draft or change one (only while it is a draft, from the version it was loaded)."""
    subjects, bodies = _texts(event, data)
    check_texts(event, subjects, bodies)
    if message is None:
        message = ParticipantMessage(event_id=event.id, created_by_id=getattr(by, "id", None))
        db.session.add(message)
    else:
        _check_version(message, expected_version)
        if not message.is_editable:
            raise DomainError(_("This message has been sent or scheduled; it cannot be changed."))
    message.subjects, message.bodies = subjects, bodies
    message.audience = clean_audience(data)
    db.session.flush()
    return message


def _check_version(message: ParticipantMessage, expected_version: int | None) -> None:
    if expected_version is not None and expected_version != message.version:
        raise ConflictError(
            _(
                "Someone else changed this message while you were editing it. Their version is "
                "shown now; your changes were not saved."
            )
        )


def language_of(message: ParticipantMessage, language: str) -> str:
    """The language a recipient reads: theirs when the message was written in it, else the
    event's main language."""
    return language if message.subjects.get(language) else message.event.default_language


def render(message: ParticipantMessage, language: str) -> Rendered:
    """The message in ``language`` (or its fallback): the subject, the plain text and the
    sanitized HTML of the Markdown body."""
    lang = language_of(message, language)
    body = message.bodies.get(lang, "")
    return Rendered(lang, message.subjects.get(lang, ""), body, render_markdown(body))


def personal(text: str, name: str) -> str:
    return text.replace("{name}", name)


def _queue(message: ParticipantMessage, recipient: Recipient) -> MessageRecipient:
    event = message.event
    with recipient_locale(recipient.language, event):
        rendered = render(message, recipient.language)
        html_body = Markup(str(rendered.html).replace("{name}", str(escape(recipient.name))))  # noqa: S704 - the name is escaped, the rest sanitized
        context = {
            "event": event,
            "event_url": public_url("events.show", slug=event.slug),
            "subject": personal(rendered.subject, recipient.name),
        }
        text = render_template(
            "outreach/email/message_participants.txt",
            body=personal(rendered.text, recipient.name),
            **context,
        )
        html = render_template(
            "outreach/email/message_participants.html", body=html_body, **context
        )
    row = MessageRecipient(
        email=recipient.email,
        name=recipient.name,
        language=rendered.language,
        registration_id=recipient.registration_id,
        invitation_id=recipient.invitation_id,
    )
    message.recipients.append(row)
    row.outbox = mail.queue(
        to=recipient.email,
        to_name=recipient.name,
        reply_to=event.contact_email,
        subject=str(context["subject"]),
        text=text,
        html=html,
        event_id=event.id,
        kind=MAIL_KIND,
        related=message,
    )
    return row


def deliver_to_audience(message: ParticipantMessage, now: datetime) -> int:
    """Write the recipients and their outbox messages; the state becomes sent."""
    for recipient in recipients(message.event, message.audience):
        _queue(message, recipient)
    message.state = MessageState.SENT
    message.sent_at = now
    db.session.flush()
    return len(message.recipients)


def send_now(
    message: ParticipantMessage, *, by: User | None, expected_version: int | None = None
) -> int:
    """Send a draft to its audience as it is now; returns how many addresses it went to."""
    _check_version(message, expected_version)
    if not message.is_editable:
        raise DomainError(_("This message has already been sent or scheduled."))
    if not recipients(message.event, message.audience):
        raise DomainError(_("Nobody matches this filter: there is no one to send the message to."))
    count = deliver_to_audience(message, utcnow())
    audit.record(
        "message.sent",
        event=message.event,
        obj=message,
        summary=f"{message.subjects.get(message.event.default_language, '')} ({count})",
        by=by,
    )
    return count


def schedule(
    message: ParticipantMessage,
    at: datetime,
    *,
    by: User | None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> None:
    """Send a draft later (``at`` in UTC); the periodic job sends it when it is due."""
    _check_version(message, expected_version)
    if not message.is_editable:
        raise DomainError(_("This message has already been sent or scheduled."))
    if at <= (now or utcnow()):
        raise DomainError(_("Choose a time in the future."), field="send_at")
    if not recipients(message.event, message.audience):
        raise DomainError(_("Nobody matches this filter: there is no one to send the message to."))
    message.state = MessageState.SCHEDULED
    message.scheduled_at = at
    audit.record(
        "message.scheduled",
        event=message.event,
        obj=message,
        summary=message.subjects.get(message.event.default_language, ""),
        by=by,
    )
    db.session.flush()


def cancel(message: ParticipantMessage, *, by: User | None) -> None:
    """Stop a scheduled message (or discard a draft); a message already sent stays in the log."""
    if message.state not in (MessageState.DRAFT, MessageState.SCHEDULED):
        raise DomainError(_("This message has already been sent; it cannot be cancelled."))
    was_scheduled = message.state == MessageState.SCHEDULED
    message.state = MessageState.CANCELLED
    if was_scheduled:
        audit.record(
            "message.cancelled",
            event=message.event,
            obj=message,
            summary=message.subjects.get(message.event.default_language, ""),
            by=by,
        )
    db.session.flush()


def send_due(now: datetime | None = None) -> int:
    """Send every scheduled message whose time has come; returns how many were sent.

    Each message is claimed (scheduled -> sending) and committed before its recipients are
    written, like the outbox claims its rows: a second worker finds it claimed and skips it. The
    recipients and their e-mails are written in one transaction, so a send that fails leaves
    nothing behind: the message goes back to scheduled at once, and one whose worker was killed
    after the claim goes back once the claim is older than ``STALE_CLAIM``."""
    now = now or utcnow()
    db.session.execute(
        update(ParticipantMessage)
        .where(
            ParticipantMessage.state == MessageState.SENDING,
            ParticipantMessage.updated_at < now - STALE_CLAIM,
        )
        .values(state=MessageState.SCHEDULED, version=ParticipantMessage.version + 1)
    )
    db.session.commit()
    due = db.session.scalars(
        select(ParticipantMessage.id).where(
            ParticipantMessage.state == MessageState.SCHEDULED,
            ParticipantMessage.scheduled_at <= now,
        )
    ).all()
    sent = 0
    for message_id in due:
        claimed = db.session.execute(
            update(ParticipantMessage)
            .where(
                ParticipantMessage.id == message_id,
                ParticipantMessage.state == MessageState.SCHEDULED,
            )
            .values(state=MessageState.SENDING, version=ParticipantMessage.version + 1)
        )
        db.session.commit()
        if claimed.rowcount != 1:  # type: ignore[attr-defined]
            continue  # cancelled meanwhile, or another worker took it
        message = db.session.get(ParticipantMessage, message_id)
        if message is None:
            continue
        try:
            count = deliver_to_audience(message, now)
            audit.record(
                "message.sent",
                event=message.event,
                obj=message,
                summary=f"{message.subjects.get(message.event.default_language, '')} ({count})",
            )
            db.session.commit()
        except Exception:
            db.session.rollback()
            _unclaim(message_id)
            raise
        sent += 1
    return sent


def _unclaim(message_id: int) -> None:
    db.session.execute(
        update(ParticipantMessage)
        .where(
            ParticipantMessage.id == message_id,
            ParticipantMessage.state == MessageState.SENDING,
        )
        .values(state=MessageState.SCHEDULED, version=ParticipantMessage.version + 1)
    )
    db.session.commit()


def event_messages(event: Event) -> list[ParticipantMessage]:
    """The log: newest first, the automatic reminder among them."""
    return list(
        db.session.scalars(
            select(ParticipantMessage)
            .where(ParticipantMessage.event_id == event.id)
            .options(selectinload(ParticipantMessage.created_by))
            .order_by(ParticipantMessage.created_at.desc(), ParticipantMessage.id.desc())
        )
    )


def delivery_counts(messages: list[ParticipantMessage]) -> dict[int, dict[str, int]]:
    """Per message, how many of its e-mails are sent, failed and still pending (one query)."""
    counts: dict[int, dict[str, int]] = {
        m.id: {"sent": 0, "failed": 0, "pending": 0} for m in messages
    }
    if not counts:
        return counts
    rows = db.session.execute(
        select(MessageRecipient.message_id, mail.OutboxMessage.status, func.count())
        .join(mail.OutboxMessage, MessageRecipient.outbox_id == mail.OutboxMessage.id)
        .where(MessageRecipient.message_id.in_(counts))
        .group_by(MessageRecipient.message_id, mail.OutboxMessage.status)
    )
    for message_id, status, number in rows:
        key = status if status in ("sent", "failed") else "pending"
        counts[message_id][key] += number
    return counts
