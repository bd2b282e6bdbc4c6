"""E-mails to invitees, nominees and participants, each in the recipient's own language.

Every message of the outreach area has the same shape (a greeting, a headline, a few paragraphs,
one button with a personal link, the event's key facts) and is queued in the outbox inside the
caller's transaction, so it leaves only if the change that caused it commits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale

from .. import mail
from ..events.models import Event
from ..links import public_url


def recipient_language(language: str | None, event: Event) -> str:
    """The recipient's language if the site speaks it, else the event's, else English."""
    languages = current_app.config["LANGUAGES"]
    for candidate in (language, event.default_language):
        if candidate in languages:
            return str(candidate)
    return "en"


@contextmanager
def recipient_locale(language: str | None, event: Event) -> Iterator[str]:
    chosen = recipient_language(language, event)
    with force_locale(chosen):
        yield chosen


def send(
    event: Event,
    *,
    to: str,
    to_name: str,
    language: str | None,
    compose: Callable[[], dict[str, Any]],
    kind: str,
    related: Any,
) -> mail.OutboxMessage:
    """Queue one message; ``compose`` runs in the recipient's language and returns the template's
    context: ``subject``, ``greeting``, ``headline``, ``paragraphs``, ``button``, ``link`` and
    optionally ``link_note``."""
    with recipient_locale(language, event):
        context = {
            "event": event,
            "event_url": public_url("events.show", slug=event.slug),
            "link_note": "",
            **compose(),
        }
        text = render_template("outreach/email/message.txt", **context)
        html = render_template("outreach/email/message.html", **context)
    return mail.queue(
        to=to,
        to_name=to_name,
        reply_to=event.contact_email,
        subject=str(context["subject"]),
        text=text,
        html=html,
        event_id=event.id,
        kind=kind,
        related=related,
    )
