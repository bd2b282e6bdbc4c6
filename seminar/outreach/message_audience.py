"""Who a message to participants reaches: the organizers' filter turned into a list of addresses,
each with the name and language the message is written for."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, select

from ..events.models import Event
from ..extensions import db
from ..registration.models import CheckIn, InstitutionType, Registration, RegistrationStatus
from .emails import recipient_language
from .models import Invitation, InvitationStatus

# The groups a message can go to; the country and the type of institution narrow any of them.
GROUPS = {
    "confirmed": _l("Confirmed participants"),
    "waitlisted": _l("Waiting list"),
    "registered": _l("Everyone registered (confirmed, waiting list, awaiting approval)"),
    "checked_in_first_day": _l("Checked in on the first day"),
    "invitees_pending": _l("Invitees who have not answered"),
}
_REGISTERED = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.WAITLISTED,
    RegistrationStatus.PENDING,
)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str
    language: str
    registration_id: int | None = None
    invitation_id: int | None = None


def clean_audience(data: dict[str, Any]) -> dict[str, str]:
    """The stored form of a filter: the group and the narrowing values, all strings."""
    group = str(data.get("group") or "")
    if group not in GROUPS:
        group = "confirmed"
    country = str(data.get("country") or "").upper()[:2]
    institution_type = str(data.get("institution_type") or "")
    if institution_type not in {t.value for t in InstitutionType}:
        institution_type = ""
    return {"group": group, "country": country, "institution_type": institution_type}


def _registrations(event: Event, audience: dict[str, str]) -> Select[Any]:
    query = select(Registration).where(Registration.event_id == event.id)
    group = audience["group"]
    if group == "confirmed":
        query = query.where(Registration.status == RegistrationStatus.CONFIRMED)
    elif group == "waitlisted":
        query = query.where(Registration.status == RegistrationStatus.WAITLISTED)
    elif group == "registered":
        query = query.where(Registration.status.in_(_REGISTERED))
    else:  # checked in on the first day: they came, whatever their status says today
        query = query.where(
            Registration.status != RegistrationStatus.CANCELLED,
            exists().where(
                CheckIn.registration_id == Registration.id, CheckIn.day == event.starts_on
            ),
        )
    if audience["country"]:
        query = query.where(Registration.country == audience["country"])
    if audience["institution_type"]:
        query = query.where(Registration.institution_type == audience["institution_type"])
    return query.order_by(Registration.family_name, Registration.given_name, Registration.id)


def _invitations(event: Event, audience: dict[str, str]) -> Select[Any]:
    query = select(Invitation).where(
        Invitation.event_id == event.id, Invitation.status == InvitationStatus.PENDING
    )
    if audience["country"]:
        query = query.where(Invitation.country == audience["country"])
    if audience["institution_type"]:
        query = query.where(Invitation.institution_type == audience["institution_type"])
    return query.order_by(Invitation.institution, Invitation.contact_name, Invitation.id)


def recipients(event: Event, audience: dict[str, Any]) -> list[Recipient]:
    """Everyone the filter reaches today, once per address, in the order the list shows them."""
    audience = clean_audience(audience)
    found: dict[str, Recipient] = {}
    if audience["group"] == "invitees_pending":
        for invitation in db.session.scalars(_invitations(event, audience)):
            email = invitation.email.strip().lower()
            found.setdefault(
                email,
                Recipient(
                    email=email,
                    name=invitation.contact_name or invitation.institution,
                    language=recipient_language(invitation.language, event),
                    invitation_id=invitation.id,
                ),
            )
    else:
        for registration in db.session.scalars(_registrations(event, audience)):
            email = registration.email.strip().lower()
            found.setdefault(
                email,
                Recipient(
                    email=email,
                    name=registration.display_name,
                    language=recipient_language(registration.preferred_language, event),
                    registration_id=registration.id,
                ),
            )
    return list(found.values())
