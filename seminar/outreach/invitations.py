"""Invitations: inviting institutions and people, their answers and nominations.

An institution's focal point nominates up to its quota of delegates, each of whom then completes
their own registration from a personal link; a named invitee registers directly, and their seat
is held (``capacity.SEAT_HOLDS``) until a date, after which the hold lapses. Every link is signed,
bound to the event and to the invitation's salt, and expires when the event ends.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from babel import Locale
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from .. import audit
from ..accounts.models import User
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..links import public_url
from ..registration import capacity
from ..registration import services as registration_services
from ..registration.models import InstitutionType, Registration
from . import emails
from .models import (
    Invitation,
    InvitationKind,
    InvitationStatus,
    Nomination,
    NominationStatus,
)
from .tokens import invitation_url, nomination_token

MAX_QUOTA = 50

audit.ACTION_LABELS.update(
    {
        "invitation.created": _l("Invitation sent"),
        "invitation.resent": _l("Invitation sent again"),
        "invitation.declined": _l("Invitation declined"),
        "invitation.nominated": _l("Delegate nominated"),
        "invitation.registered": _l("Invitee registered"),
        "invitation.lapsed": _l("Reserved seat lapsed"),
        "invitation.imported": _l("Invitations imported from a list"),
    }
)


# --- Seats held for named invitees -----------------------------------------------------------


def held_seats(event: Event, now: datetime | None = None) -> int:
    """Named invitees who have not answered and whose reserved seat has not lapsed."""
    return int(
        db.session.scalar(
            select(func.count())
            .select_from(Invitation)
            .where(
                Invitation.event_id == event.id,
                Invitation.kind == InvitationKind.PERSON,
                Invitation.status == InvitationStatus.PENDING,
                Invitation.seat_reserved_until > (now or utcnow()),
            )
        )
        or 0
    )


capacity.SEAT_HOLDS.append(held_seats)


def _holds_seat(invitation: Invitation) -> bool:
    until = invitation.seat_reserved_until
    return (
        invitation.kind == InvitationKind.PERSON
        and invitation.status == InvitationStatus.PENDING
        and until is not None
        and until > utcnow()
    )


# --- Inviting --------------------------------------------------------------------------------


def end_of_day(event: Event, day: date) -> datetime:
    """The last moment of ``day`` in the event's time zone."""
    return datetime.combine(day + timedelta(days=1), time(0), ZoneInfo(event.timezone))


def validate_invitation(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    """Check and normalize an invitation's fields (from the form or an imported row)."""
    kind = InvitationKind(data.get("kind") or InvitationKind.INSTITUTION)
    values: dict[str, Any] = {"kind": kind}
    for key, limit in (("institution", 200), ("contact_name", 200)):
        values[key] = " ".join(str(data.get(key) or "").split())
        if len(values[key]) > limit:
            raise DomainError(_("Use at most %(n)d characters.", n=limit), field=key)
    if kind == InvitationKind.INSTITUTION and not values["institution"]:
        raise DomainError(_("Enter the institution you invite."), field="institution")
    if kind == InvitationKind.PERSON and not values["contact_name"]:
        raise DomainError(_("Enter the name of the person you invite."), field="contact_name")
    values["email"] = registration_services.normalize_email(str(data.get("email") or ""))
    try:
        values["institution_type"] = InstitutionType(data.get("institution_type") or "government")
    except ValueError as exc:
        raise DomainError(
            _("Choose a type of institution from the list."), field="institution_type"
        ) from exc
    country = str(data.get("country") or "").strip().upper()
    if country and country not in Locale.parse("en").territories:
        raise DomainError(_("Choose a country from the list."), field="country")
    values["country"] = country
    language = data.get("language") or event.default_language
    if language not in current_app.config["LANGUAGES"]:
        raise DomainError(_("Choose a language from the list."), field="language")
    values["language"] = language
    quota = int(data.get("quota") or 1) if kind == InvitationKind.INSTITUTION else 1
    if not 1 <= quota <= MAX_QUOTA:
        raise DomainError(_("Allow between 1 and %(n)d delegates.", n=MAX_QUOTA), field="quota")
    values["quota"] = quota
    until = data.get("seat_reserved_until")
    values["seat_reserved_until"] = None
    if kind == InvitationKind.PERSON and until:
        if until > event.ends_on:
            raise DomainError(
                _("Hold the seat until a date before the end of the seminar."),
                field="seat_reserved_until",
            )
        values["seat_reserved_until"] = end_of_day(event, until)
    existing = db.session.scalar(
        select(Invitation.id).where(
            Invitation.event_id == event.id, Invitation.email == values["email"]
        )
    )
    if existing is not None:
        raise DomainError(_("This address has already been invited to this event."), field="email")
    return values


def invite(
    event: Event, data: dict[str, Any], *, by: User | None = None, send: bool = True
) -> Invitation:
    """Invite an institution or a person; the e-mail leaves after the commit when ``send``.

    A named invitee's seat is held until ``seat_reserved_until`` (when given); a held seat needs a
    free seat now, so holds never push the event past its capacity.
    """
    values = validate_invitation(event, data)
    if values["seat_reserved_until"] is not None:
        settings = capacity.lock_capacity(event)
        if settings.capacity is not None and capacity.seats_taken(event) >= settings.capacity:
            raise DomainError(
                _("No seat is free to hold. Invite without holding a seat, or raise the capacity."),
                field="seat_reserved_until",
            )
    invitation = Invitation(event=event, **values)
    db.session.add(invitation)
    db.session.flush()
    audit.record(
        "invitation.created",
        event=event,
        obj=invitation,
        summary=f"{invitation.name} <{invitation.email}>",
        by=by,
    )
    if send:
        send_invitation(invitation)
    return invitation


def send_invitation(invitation: Invitation, *, reminder: bool = False) -> None:
    """Queue the invitation (or a reminder of it) in the invitee's language."""
    event = invitation.event
    link = invitation_url(invitation)

    def compose() -> dict[str, Any]:
        greeting = (
            _("Dear %(name)s,", name=invitation.contact_name)
            if invitation.contact_name
            else _("Dear colleagues,")
        )
        if invitation.is_institution:
            headline = _(
                "%(institution)s is invited to the seminar “%(event)s”.",
                institution=invitation.institution,
                event=event.title,
            )
            paragraphs = [
                ngettext(
                    "Please nominate the delegate who will represent your institution.",
                    "Please nominate up to %(num)d delegates who will represent your institution.",
                    invitation.quota,
                ),
                _(
                    "Each delegate you nominate receives an e-mail with a personal link to "
                    "complete their own registration."
                ),
            ]
            button = _("Nominate delegates")
        else:
            headline = _("You are invited to the seminar “%(event)s”.", event=event.title)
            paragraphs = [
                _("Please register with the link below, or let us know if you cannot attend.")
            ]
            if invitation.seat_reserved_until is not None:
                paragraphs.append(
                    _(
                        "A seat is reserved for you until %(date)s.",
                        date=_local_date(
                            event, invitation.seat_reserved_until - timedelta(seconds=1)
                        ),
                    )
                )
            button = _("Answer the invitation")
        if reminder:
            paragraphs.insert(0, _("We have not received your answer yet, so we write again."))
        subject = (
            _("Reminder: invitation to %(event)s", event=event.title)
            if reminder
            else _("Invitation: %(event)s", event=event.title)
        )
        return {
            "subject": subject,
            "greeting": greeting,
            "headline": headline,
            "paragraphs": paragraphs,
            "button": button,
            "link": link,
            "link_note": _(
                "This link is personal: do not share it. It works until the seminar ends."
            ),
        }

    emails.send(
        event,
        to=invitation.email,
        to_name=invitation.contact_name,
        language=invitation.language,
        compose=compose,
        kind="outreach.reminder" if reminder else "outreach.invitation",
        related=invitation,
    )
    now = utcnow()
    if reminder:
        invitation.reminder_count += 1
        invitation.last_reminded_at = now
    else:
        invitation.sent_count += 1
        invitation.last_sent_at = now


def _local_date(event: Event, moment: datetime) -> str:
    from flask_babel import format_date

    return format_date(moment.astimezone(ZoneInfo(event.timezone)).date(), "long")


def resend(invitation: Invitation, *, by: User | None = None) -> None:
    if invitation.status == InvitationStatus.DECLINED:
        raise DomainError(_("This invitation was declined; it cannot be sent again."))
    send_invitation(invitation)
    audit.record(
        "invitation.resent", event=invitation.event, obj=invitation, summary=invitation.email, by=by
    )
    db.session.flush()


# --- Answers ---------------------------------------------------------------------------------


def _answered(invitation: Invitation, status: InvitationStatus) -> None:
    # Every answer writes the invitation's row, so its version check serializes two answers that
    # arrive at the same moment (the second one is refused as a conflict, never over the quota).
    invitation.status = status
    invitation.answered_at = utcnow()


def decline(invitation: Invitation) -> None:
    if invitation.status == InvitationStatus.DECLINED:
        return
    if invitation.status == InvitationStatus.REGISTERED or invitation.active_nominations:
        raise DomainError(
            _("You have already answered this invitation. Write to the organizers to change it.")
        )
    _answered(invitation, InvitationStatus.DECLINED)
    audit.record(
        "invitation.declined", event=invitation.event, obj=invitation, summary=invitation.name
    )
    db.session.flush()


def nominate(invitation: Invitation, data: dict[str, Any]) -> Nomination:
    """The focal point names a delegate (within the quota); the delegate is e-mailed a link."""
    if not invitation.is_institution:
        raise DomainError(_("Only an invited institution nominates delegates."))
    if invitation.status == InvitationStatus.DECLINED:
        raise DomainError(_("Your institution has declined this invitation."))
    if invitation.places_left <= 0:
        raise DomainError(
            ngettext(
                "Your institution may nominate %(num)d delegate, and has done so. Write to the "
                "organizers if you need another place.",
                "Your institution may nominate %(num)d delegates, and all places are taken. Write "
                "to the organizers if you need another place.",
                invitation.quota,
            )
        )
    values: dict[str, Any] = {}
    for key, limit, message in (
        ("given_name", 120, _("Enter the delegate's given name.")),
        ("family_name", 120, _("Enter the delegate's family name.")),
        ("position", 200, ""),
    ):
        values[key] = " ".join(str(data.get(key) or "").split())
        if message and not values[key]:
            raise DomainError(message, field=key)
        if len(values[key]) > limit:
            raise DomainError(_("Use at most %(n)d characters.", n=limit), field=key)
    values["email"] = registration_services.normalize_email(str(data.get("email") or ""))
    if any(n.email == values["email"] for n in invitation.active_nominations):
        raise DomainError(_("This delegate has already been nominated."), field="email")
    language = data.get("language") or invitation.language
    values["language"] = (
        language if language in current_app.config["LANGUAGES"] else invitation.language
    )
    withdrawn = next((n for n in invitation.nominations if n.email == values["email"]), None)
    if withdrawn is not None:
        for key, value in values.items():
            setattr(withdrawn, key, value)
        withdrawn.status = NominationStatus.NOMINATED
        nomination = withdrawn
    else:
        nomination = Nomination(**values)
        invitation.nominations.append(nomination)
    _answered(invitation, InvitationStatus.NOMINATED)
    db.session.flush()
    audit.record(
        "invitation.nominated",
        event=invitation.event,
        obj=invitation,
        summary=f"{invitation.institution}: {nomination.full_name} <{nomination.email}>",
    )
    _send_nomination(nomination)
    return nomination


def _send_nomination(nomination: Nomination) -> None:
    invitation = nomination.invitation
    event = invitation.event
    link = public_url(
        "outreach.nominee_register", slug=event.slug, token=nomination_token(nomination)
    )

    def compose() -> dict[str, Any]:
        return {
            "subject": _("You are nominated for %(event)s", event=event.title),
            "greeting": _("Dear %(name)s,", name=nomination.full_name),
            "headline": _(
                "%(institution)s has nominated you as its delegate to the seminar “%(event)s”.",
                institution=invitation.institution,
                event=event.title,
            ),
            "paragraphs": [
                _(
                    "Please complete your registration: the form already holds what your "
                    "institution told us; check it and add what is missing."
                )
            ],
            "button": _("Complete my registration"),
            "link": link,
            "link_note": _(
                "This link is personal: do not share it. It works until the seminar ends."
            ),
        }

    emails.send(
        event,
        to=nomination.email,
        to_name=nomination.full_name,
        language=nomination.language,
        compose=compose,
        kind="outreach.nomination",
        related=nomination,
    )


def prefill(invitation: Invitation, nomination: Nomination | None = None) -> dict[str, Any]:
    """What the registration form starts with for an invitee or a nominee."""
    data: dict[str, Any] = {
        "institution": invitation.institution,
        "institution_type": invitation.institution_type.value,
        "country": invitation.country,
        "preferred_language": invitation.language,
    }
    if nomination is not None:
        data.update(
            given_name=nomination.given_name,
            family_name=nomination.family_name,
            email=nomination.email,
            position=nomination.position,
            preferred_language=nomination.language,
        )
    else:
        given, _sep, family = invitation.contact_name.partition(" ")
        data.update(given_name=given, family_name=family, email=invitation.email)
    return data


def register_invitee(
    invitation: Invitation, data: dict[str, Any], *, nomination: Nomination | None = None
) -> Registration:
    """Register a named invitee (in their held seat, while it holds) or a nominee, through the
    registration rules (capacity, approval, e-mails) like any other registration."""
    if invitation.status == InvitationStatus.DECLINED:
        raise DomainError(_("This invitation was declined."))
    done = nomination.registration_id if nomination is not None else invitation.registration_id
    if done is not None:
        raise DomainError(_("You have already registered with this invitation."))
    registration = registration_services.register(
        invitation.event,
        data,
        source="invitation",
        holds_seat=nomination is None and _holds_seat(invitation),
    )
    if nomination is not None:
        nomination.registration = registration
        nomination.status = NominationStatus.REGISTERED
        invitation.answered_at = utcnow()
    else:
        invitation.registration = registration
        _answered(invitation, InvitationStatus.REGISTERED)
    db.session.flush()
    audit.record(
        "invitation.registered",
        event=invitation.event,
        obj=invitation,
        summary=f"{invitation.name}: {registration.full_name}",
    )
    return registration
