"""Outgoing e-mail through SMTP, by way of a database outbox.

A request only adds a row to the outbox inside its own transaction, so a registration is never lost
because the mail server (or the job queue) is down, and sending never sits in the request's critical
path. After the commit a delivery job is queued; a job worker claims each message atomically before
sending it, so two workers never send one message twice. Failures are retried with backoff and shown
to organizers with a reason a person can read; a message that cannot even be built (a header with a
line break) fails alone and never blocks the rest. A periodic sweep delivers whatever a lost job
left behind. ``flask --app seminar send-mail`` delivers from the command line too.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any

from flask import Flask, current_app
from sqlalchemy import JSON, ForeignKey, Index, String, Text, select, update
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from .dbtypes import UTCDateTime, utcnow
from .extensions import db
from .jobs import every_minute, job, periodic

log = logging.getLogger("seminar.mail")


class OutboxMessage(db.Model):  # type: ignore[name-defined]
    """One e-mail waiting to be sent, sent, or given up on."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_status_next", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(60), default="")
    related_type: Mapped[str] = mapped_column(String(60), default="")
    related_id: Mapped[str] = mapped_column(String(60), default="")
    to_address: Mapped[str] = mapped_column(String(254))
    to_name: Mapped[str] = mapped_column(String(200), default="")
    reply_to: Mapped[str] = mapped_column(String(254), default="")
    subject: Mapped[str] = mapped_column(String(300))
    body_text: Mapped[str] = mapped_column(Text)
    body_html: Mapped[str] = mapped_column(Text, default="")
    attachments: Mapped[list[dict[str, str]] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(
        String(20), default="pending"
    )  # pending/sending/sent/failed
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str] = mapped_column(String(500), default="")
    # Why the last attempt failed, as a code with a human label (see ``failure_reason``).
    error_code: Mapped[str] = mapped_column(String(30), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def queue(
    *,
    to: str,
    subject: str,
    text: str,
    html: str = "",
    to_name: str = "",
    reply_to: str = "",
    attachments: list[tuple[str, str, bytes]] | None = None,
    event_id: int | None = None,
    kind: str = "",
    related: Any = None,
) -> OutboxMessage:
    """Add a message to the outbox; it leaves after the surrounding transaction commits."""
    message = OutboxMessage(
        to_address=to,
        to_name=to_name,
        reply_to=reply_to,
        subject=subject,
        body_text=text,
        body_html=html,
        attachments=[
            {"filename": name, "mimetype": mime, "content": base64.b64encode(data).decode()}
            for name, mime, data in (attachments or [])
        ]
        or None,
        event_id=event_id,
        kind=kind,
        related_type=type(related).__name__ if related is not None else "",
        related_id=str(getattr(related, "id", "") or ""),
    )
    db.session.add(message)
    _schedule_delivery()
    return message


def build_message(item: OutboxMessage, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = formataddr((item.to_name, item.to_address)) if item.to_name else item.to_address
    if item.reply_to:
        msg["Reply-To"] = item.reply_to
    msg["Subject"] = item.subject
    domain = sender.rpartition("@")[2].strip(">") or "localhost"
    # One Message-ID per outbox row: should a message ever go out twice (a worker killed between
    # the server's "250 OK" and our commit), mail clients recognise the copy.
    msg["Message-ID"] = (
        f"<outbox-{item.id}.{item.created_at:%Y%m%d%H%M%S}@{domain}>"
        if item.id and item.created_at
        else make_msgid(domain=domain)
    )
    msg.set_content(item.body_text)
    if item.body_html:
        msg.add_alternative(item.body_html, subtype="html")
    for att in item.attachments or []:
        maintype, _, subtype = att["mimetype"].partition("/")
        msg.add_attachment(
            base64.b64decode(att["content"]),
            maintype=maintype,
            subtype=subtype,
            filename=att["filename"],
        )
    return msg


def _connect() -> smtplib.SMTP:
    cfg = current_app.config
    smtp: smtplib.SMTP
    if cfg["MAIL_USE_SSL"]:
        smtp = smtplib.SMTP_SSL(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"])
    else:
        smtp = smtplib.SMTP(cfg["MAIL_SERVER"], cfg["MAIL_PORT"], timeout=cfg["MAIL_TIMEOUT"])
        if cfg["MAIL_USE_TLS"]:
            smtp.starttls()
    if cfg["MAIL_USERNAME"]:
        smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
    return smtp


# Failures that another attempt will not fix: the address or the message itself was refused.
PERMANENT_ERRORS = {"refused", "invalid"}


def _error_code(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return "refused"
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return "login"
    if isinstance(exc, smtplib.SMTPResponseException):
        return "refused" if 500 <= exc.smtp_code < 600 else "busy"
    if isinstance(exc, smtplib.SMTPException):
        return "rejected"
    return "unreachable"


def failure_reason(message: OutboxMessage) -> str:
    """Why a message is not delivered, in words an organizer understands (never a traceback)."""
    from flask_babel import gettext as _

    reasons = {
        "refused": _("The recipient's mail server refused this address or message."),
        "login": _("The mail server did not accept our sign-in. Check the mail settings."),
        "busy": _("The mail server was busy; another attempt will follow."),
        "rejected": _("The mail server rejected the message."),
        "unreachable": _("The mail server could not be reached; another attempt will follow."),
        "invalid": _("The message could not be written (a name or title has a line break)."),
    }
    if message.status == "sent":
        return ""
    if not message.error_code:
        return _("Waiting to be sent.") if message.status == "pending" else ""
    return reasons.get(message.error_code, reasons["rejected"])


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(30 * 2 ** (attempts - 1), 3600))


def deliver_pending(limit: int = 100) -> tuple[int, int]:
    """Send due messages. Returns (sent, failed). Safe to run from several processes at once."""
    now = utcnow()
    # Messages stuck in "sending" (a process died mid-send) go back to the queue.
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.status == "sending",
            OutboxMessage.next_attempt_at < now - timedelta(minutes=10),
        )
        .values(status="pending")
    )
    db.session.commit()
    ids = db.session.scalars(
        select(OutboxMessage.id)
        .where(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = failed = 0
    if not ids:
        return sent, failed
    smtp: smtplib.SMTP | None = None
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    try:
        for message_id in ids:
            claimed = db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == message_id, OutboxMessage.status == "pending")
                .values(status="sending", next_attempt_at=utcnow())
            )
            db.session.commit()
            if claimed.rowcount != 1:  # type: ignore[attr-defined]
                continue  # another process took it
            item = db.session.get(OutboxMessage, message_id)
            if item is None:  # deleted meanwhile
                continue
            try:
                built = build_message(item, sender)
            except Exception as exc:  # a poison message fails alone and never blocks the rest
                item.attempts += 1
                item.status, item.error_code = "failed", "invalid"
                item.last_error = f"{type(exc).__name__}: {exc}"[:500]
                failed += 1
                log.warning("mail %s cannot be built: %s", item.id, item.last_error)
            else:
                try:
                    if smtp is None:
                        smtp = _connect()
                    smtp.send_message(built)
                except (OSError, smtplib.SMTPException) as exc:
                    if smtp is not None:  # a fresh connection for the next message; close this one
                        smtp.close()
                    smtp = None
                    item.attempts += 1
                    item.last_error = f"{type(exc).__name__}: {exc}"[:500]
                    item.error_code = _error_code(exc)
                    final = item.error_code in PERMANENT_ERRORS
                    if final or item.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
                        item.status = "failed"
                    else:
                        item.status = "pending"
                        item.next_attempt_at = utcnow() + _backoff(item.attempts)
                    failed += 1
                    log.warning("mail to %s failed: %s", item.to_address, item.last_error)
                else:
                    item.status = "sent"
                    item.sent_at = utcnow()
                    item.attempts += 1
                    item.last_error = item.error_code = ""
                    sent += 1
            try:
                db.session.commit()
            except StaleDataError:  # the message was deleted while it was being sent
                db.session.rollback()
    finally:
        if smtp is not None:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
    return sent, failed


def retry(message: OutboxMessage) -> None:
    """Put a failed or delayed message back at the front of the queue."""
    message.status = "pending"
    message.next_attempt_at = utcnow()
    _schedule_delivery()


def _schedule_delivery() -> None:
    if current_app.config.get("MAIL_DISPATCH", "jobs") != "off":
        from .jobs import enqueue

        enqueue(deliver_outbox)


@job(retries=2, retry_delay=30)
def deliver_outbox() -> None:
    """Deliver what is due, in batches, until nothing is left."""
    while sum(deliver_pending(limit=100)) == 100:
        pass


@periodic(every_minute())
def sweep_outbox() -> None:
    """Messages whose job was lost (queue down, worker killed) or whose retry is due."""
    if current_app.config.get("MAIL_DISPATCH", "jobs") != "off":
        deliver_outbox.call_local()


def init_app(app: Flask) -> None:
    app.jinja_env.globals["mail_failure_reason"] = failure_reason
