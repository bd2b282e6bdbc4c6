"""Invitees' and nominees' personal links: signed (with the participants' link signer), bound to
the event and to the invitation's or nomination's own salt (a new salt revokes the old links),
and valid until the event ends. A link that does not work raises ``LinkInvalid``, which the
public pages answer with the invalid-link page."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from itsdangerous import BadSignature

from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..links import public_url
from ..registration.capacity import event_ends_at
from ..registration.links import is_expired, serializer
from .models import Invitation, Nomination, NominationStatus

INVITATION_SALT = "seminar.outreach.invitation"
NOMINATION_SALT = "seminar.outreach.nomination"


class LinkInvalid(DomainError):
    """A personal link that is forged, expired, replaced or points to something gone."""

    status = 404

    def __init__(self, event: Event, message: str) -> None:
        super().__init__(message)
        self.event = event


def _token(salt: str, event: Event, object_id: int, object_salt: str) -> str:
    expires = int(event_ends_at(event).timestamp())
    payload = {"e": event.id, "i": object_id, "s": object_salt, "x": expires}
    return str(serializer(salt).dumps(payload))


def _payload(salt: str, event: Event, token: str) -> dict[str, Any]:
    invalid = LinkInvalid(
        event,
        _(
            "This invitation link is not valid. Check that you copied the whole address from the "
            "e-mail, or write to the organizers."
        ),
    )
    try:
        payload = serializer(salt).loads(token)
    except BadSignature as exc:
        raise invalid from exc
    if not isinstance(payload, dict) or payload.get("e") != event.id:
        raise invalid
    if is_expired(payload):
        raise LinkInvalid(event, _("This invitation link has expired: the seminar is over."))
    return payload


def invitation_token(invitation: Invitation) -> str:
    return _token(INVITATION_SALT, invitation.event, invitation.id, invitation.token_salt)


def invitation_url(invitation: Invitation) -> str:
    return public_url(
        "outreach.invitation", slug=invitation.event.slug, token=invitation_token(invitation)
    )


def invitation_from_token(event: Event, token: str) -> Invitation:
    payload = _payload(INVITATION_SALT, event, token)
    invitation = db.session.get(Invitation, payload.get("i"))
    if invitation is None or invitation.event_id != event.id:
        raise LinkInvalid(
            event, _("This invitation no longer exists. Please write to the organizers.")
        )
    if invitation.token_salt != payload.get("s"):
        raise LinkInvalid(event, _("This invitation link has been replaced by a newer one."))
    return invitation


def nomination_token(nomination: Nomination) -> str:
    event = nomination.invitation.event
    return _token(NOMINATION_SALT, event, nomination.id, nomination.token_salt)


def nomination_from_token(event: Event, token: str) -> Nomination:
    payload = _payload(NOMINATION_SALT, event, token)
    nomination = db.session.get(Nomination, payload.get("i"))
    if (
        nomination is None
        or nomination.invitation.event_id != event.id
        or nomination.token_salt != payload.get("s")
        or nomination.status == NominationStatus.WITHDRAWN
    ):
        raise LinkInvalid(
            event, _("This nomination is no longer valid. Please write to your focal point.")
        )
    return nomination
