"""Name badges: A4 sheets of 2 x 4 badges of 90 x 55 mm (the common clip badge-holder insert),
with cut marks, and a QR code that opens the participant's check-in page for staff."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select

from ..events.models import Event
from ..extensions import db
from ..i18n import country_name
from ..links import public_url
from ..pdf import render_pdf
from .checkin import checkin_token
from .documents import document_html, qr_svg_data_uri
from .models import Registration, RegistrationStatus

PER_SHEET = 8  # 2 columns x 4 rows


@dataclass
class Badge:
    registration: Registration
    qr: str  # data URI
    checkin_url: str
    country: str

    @property
    def name_size(self) -> str:
        """A smaller type size for long names, so every name fits on two lines."""
        longest = max(len(self.registration.given_name), len(self.registration.family_name))
        if longest > 24:
            return "name-s"
        if longest > 17:
            return "name-m"
        return "name-l"


def checkin_url(registration: Registration) -> str:
    return public_url(
        "registration.checkin_scan", slug=registration.event.slug, token=checkin_token(registration)
    )


def badge_registrations(event: Event, ids: Sequence[int] | None = None) -> list[Registration]:
    """Confirmed registrations (or the chosen ones, of this event), in alphabetical order."""
    query = select(Registration).where(Registration.event_id == event.id)
    if ids:
        query = query.where(Registration.id.in_(list(ids)))
    else:
        query = query.where(Registration.status == RegistrationStatus.CONFIRMED)
    query = query.order_by(Registration.family_name, Registration.given_name, Registration.id)
    return list(db.session.scalars(query))


def badges_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    return render_pdf(badges_html(event, registrations)).pdf


def badges_html(event: Event, registrations: Sequence[Registration]) -> str:
    badges = []
    for registration in registrations:
        url = checkin_url(registration)
        badges.append(
            Badge(
                registration=registration,
                qr=qr_svg_data_uri(url),
                checkin_url=url,
                country=country_name(registration.country),
            )
        )
    sheets = [badges[i : i + PER_SHEET] for i in range(0, len(badges), PER_SHEET)] or [[]]
    return document_html("badges.html", event=event, sheets=sheets)
