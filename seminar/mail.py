"""Outgoing e-mail through SMTP, by way of a database outbox.

A request only adds a row to the outbox inside its own transaction, so a registration is never lost
because the mail server is down, and sending never sits in the request's critical path. After the
commit a background sender in the same process wakes up and delivers; failures are retried with
backoff and shown to organizers. ``flask --app seminar send-mail`` delivers from the command line
(or from cron) too.
"""

from __future__ import annotations

import base64
import contextlib
import logging
import smtplib
import threading
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formataddr, make_msgid
from typing import Any

from flask import Flask, current_app, has_app_context
from sqlalchemy import JSON, ForeignKey, Index, String, Text, event, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column
from sqlalchemy.orm.exc import StaleDataError

from .dbtypes import UTCDateTime, utcnow
from .extensions import db

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
    db.session.info["mail_queued"] = True
    return message


def build_message(item: OutboxMessage, sender: str) -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = formataddr((item.to_name, item.to_address)) if item.to_name else item.to_address
    if item.reply_to:
        msg["Reply-To"] = item.reply_to
    msg["Subject"] = item.subject
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2].strip(">") or "localhost")
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
                if smtp is None:
                    smtp = _connect()
                smtp.send_message(build_message(item, sender))
            except (OSError, smtplib.SMTPException) as exc:
                smtp = None
                item.attempts += 1
                item.last_error = f"{type(exc).__name__}: {exc}"[:500]
                if item.attempts >= current_app.config["MAIL_MAX_ATTEMPTS"]:
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
                item.last_error = ""
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
    db.session.info["mail_queued"] = True


class Dispatcher:
    """A per-process background sender, woken after each commit that queued mail."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.wake = threading.Event()
        self.thread: threading.Thread | None = None
        self.lock = threading.Lock()

    def notify(self) -> None:
        with self.lock:
            if self.thread is None or not self.thread.is_alive():
                self.thread = threading.Thread(
                    target=self._run, name="mail-dispatcher", daemon=True
                )
                self.thread.start()
        self.wake.set()

    def _run(self) -> None:
        while True:
            self.wake.wait(timeout=30)
            self.wake.clear()
            if self.app.config["MAIL_DISPATCH"] != "thread":
                continue
            with self.app.app_context():
                try:
                    # Drain the backlog in batches rather than one batch per wake-up.
                    while sum(deliver_pending(limit=100)) == 100:
                        pass
                except Exception:  # keep the sender alive whatever one batch did
                    log.exception("mail dispatch failed")
                    db.session.rollback()
                finally:
                    db.session.remove()


@event.listens_for(Session, "after_commit")
def _after_commit(session: Session) -> None:
    if not session.info.pop("mail_queued", False) or not has_app_context():
        return
    dispatcher = current_app.extensions.get("seminar.mail")
    if dispatcher is not None and current_app.config["MAIL_DISPATCH"] == "thread":
        dispatcher.notify()


def init_app(app: Flask) -> None:
    app.extensions["seminar.mail"] = Dispatcher(app)
