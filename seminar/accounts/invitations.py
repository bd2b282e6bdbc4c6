"""Team invitations: adding someone to an event's team, the e-mail that tells them, its status.

An invitation e-mail is written in the language the organizer chose for the invitee and goes
through the outbox like every message (so it can be queued, sent or fail with a readable reason).
Someone without a password gets a link to choose one; it lasts ``INVITATION_MAX_AGE`` (7 days)
and dies once used. Organizers see, per member who has not signed in yet, the last invitation's
status, when its link expires, can send it again, and copy a fresh link when the mail failed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..links import public_url
from ..mail import OutboxMessage
from .models import Membership, Role, User
from .services import (
    EmailedLink,
    create_user,
    get_user_by_email,
    password_stamp,
    queue_account_mail,
    validate_password,
)

KIND = "invitation"

audit.ACTION_LABELS.update(
    {
        "membership.invitation_resent": _l("Invitation sent again"),
        "user.invitation_accepted": _l("Invitation accepted"),
    }
)


def max_age() -> timedelta:
    return timedelta(seconds=current_app.config["INVITATION_MAX_AGE"])


INVITATION_LINK = EmailedLink(
    salt="team-invitation",
    max_age_setting="INVITATION_MAX_AGE",
    fingerprint=password_stamp,
    expired=_l("This invitation has expired. Please ask the organizers for a new invitation."),
    forged=_l("This invitation link is not valid. Please ask the organizers for a new invitation."),
    used=_l(
        "This invitation has already been used. Sign in with your password, or ask the "
        "organizers for a new invitation."
    ),
)
invitation_token = INVITATION_LINK.token
user_from_invitation_token = INVITATION_LINK.user


def invitation_link(user: User) -> str:
    return public_url("accounts.accept_invitation", token=invitation_token(user))


def accept_invitation(user: User, password: str) -> None:
    """The invitee chooses their first password (which makes the link unusable)."""
    validate_password(password)
    user.set_password(password)
    audit.record("user.invitation_accepted", obj=user, summary=user.email, by=user)


def add_member(
    event: Event,
    *,
    email: str,
    role: Role,
    name: str = "",
    language: str | None = None,
    by: User | None = None,
) -> Membership:
    """Give someone a role on the event's team and queue their invitation e-mail in ``language``
    (default: the event's language); new people get a link to choose a password."""
    user = get_user_by_email(email)
    if user is None:
        user = create_user(email, name=name)
    if language in current_app.config["LANGUAGES"] and not user.password_hash:
        user.locale = language  # the organizer knows which language a newcomer reads
    user.locale = user.locale or event.default_language
    exists = db.session.scalar(
        select(Membership).where(
            Membership.user_id == user.id, Membership.event_id == event.id, Membership.role == role
        )
    )
    if exists is not None:
        raise DomainError(_("%(email)s already has this role.", email=user.email), field="email")
    membership = Membership(user=user, event=event, role=role)
    db.session.add(membership)
    db.session.flush()
    audit.record(
        "membership.added",
        event=event,
        obj=membership,
        summary=f"{user.email}: {role.value}",
        by=by,
    )
    send_invitation(membership)
    return membership


def send_invitation(membership: Membership) -> None:
    """Queue the invitation e-mail in the invitee's language (a fresh 7-day link if needed)."""
    user, event = membership.user, membership.event
    needs_password = not user.password_hash
    queue_account_mail(
        user,
        "accounts/email/invitation",
        _l("You have been invited to %(event)s", event=event.title),
        kind=KIND,
        link=invitation_link(user) if needs_password else public_url("accounts.login"),
        related=membership,
        event_id=event.id,
        event=event,
        role=membership.role,
        needs_password=needs_password,
        valid_days=max_age().days,
    )


def resend_invitation(membership: Membership, *, by: User | None = None) -> None:
    """Send the invitation again (a new link: earlier ones still work until they expire)."""
    if membership.user.last_login_at is not None:
        raise DomainError(
            _(
                "%(email)s has already signed in: no invitation is needed.",
                email=membership.user.email,
            )
        )
    audit.record(
        "membership.invitation_resent",
        event=membership.event,
        obj=membership,
        summary=membership.user.email,
        by=by,
    )
    send_invitation(membership)


@dataclass
class Invitation:
    """What the team page says about a member's invitation."""

    message: OutboxMessage | None
    is_pending: bool  # the invitee has never signed in
    needs_password: bool

    @property
    def expires_at(self) -> datetime | None:
        if self.message is None or not self.needs_password:
            return None
        return self.message.created_at + max_age()

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= utcnow()

    @property
    def has_failed(self) -> bool:
        return self.message is not None and self.message.status == "failed"


def invitations(members: list[Membership]) -> dict[int, Invitation]:
    """The last invitation e-mail of each membership, with what the team page needs to say."""
    ids = [str(m.id) for m in members]
    latest: dict[str, OutboxMessage] = {}
    if ids:
        for message in db.session.scalars(
            select(OutboxMessage)
            .where(
                OutboxMessage.kind == KIND,
                OutboxMessage.related_type == Membership.__name__,
                OutboxMessage.related_id.in_(ids),
            )
            .order_by(OutboxMessage.id)
        ):
            latest[message.related_id] = message
    return {
        m.id: Invitation(
            message=latest.get(str(m.id)),
            is_pending=m.user.last_login_at is None,
            needs_password=not m.user.password_hash,
        )
        for m in members
    }
