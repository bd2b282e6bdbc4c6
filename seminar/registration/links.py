"""Participants' self-service links: signed, bound to one event and one registration, expiring."""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import select

from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from .capacity import event_ends_at
from .models import Registration

SELF_SERVICE_SALT = "seminar.registration.self-service"  # noqa: S105 (a salt, not a secret)
SELF_SERVICE_DAYS_AFTER_EVENT = 30


def serializer(salt: str = SELF_SERVICE_SALT) -> URLSafeSerializer:
    """Signs personal links (self-service here; invitations and nominations with their own salt)."""
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=salt)


def is_expired(payload: dict[str, object]) -> bool:
    """A personal link's payload carries its expiry time as ``x`` (seconds since the epoch)."""
    return int(str(payload.get("x", 0))) < utcnow().timestamp()


def self_service_expires_at(event: Event) -> datetime:
    return event_ends_at(event) + timedelta(days=SELF_SERVICE_DAYS_AFTER_EVENT)


def self_service_token(registration: Registration) -> str:
    """A signed link token bound to the event and the registration, valid until 30 days after it."""
    expires = int(self_service_expires_at(registration.event).timestamp())
    return str(
        serializer().dumps({"e": registration.event_id, "r": registration.uid, "x": expires})
    )


def check_token(event: Event, token: str) -> tuple[Registration | None, str]:
    """The registration a self-service token names, or None and why the link cannot be used."""
    invalid = _(
        "This link is not valid. Check that you copied the whole address from the e-mail, or ask "
        "for a new link below."
    )
    try:
        payload = serializer().loads(token)
    except BadSignature:
        return None, invalid
    if not isinstance(payload, dict) or payload.get("e") != event.id:
        return None, invalid
    if is_expired(payload):
        return None, _("This link has expired. Ask for a new one below.")
    registration = db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.uid == str(payload.get("r"))
        )
    )
    return (registration, "") if registration is not None else (None, invalid)


def registration_from_token(event: Event, token: str) -> Registration:
    """The registration a self-service token names; DomainError if forged, expired or foreign."""
    registration, problem = check_token(event, token)
    if registration is None:
        raise DomainError(problem)
    return registration
