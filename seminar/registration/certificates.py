"""Certificates of attendance: one A4 landscape page per participant who checked in, each in the
participant's preferred language (one PDF may mix languages: every page is rendered in its own)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..dbtypes import utcnow
from ..events.models import Event
from ..extensions import db
from ..pdf import render_pdf
from .capacity import event_ends_at
from .checkin import attended_days
from .models import CheckIn, Registration


def attendees(event: Event, ids: Sequence[int] | None = None) -> list[Registration]:
    """Registrations of the event with at least one check-in, alphabetically."""
    query = (
        select(Registration)
        .where(
            Registration.event_id == event.id,
            Registration.id.in_(select(CheckIn.registration_id)),
        )
        .options(selectinload(Registration.checkins))
        .order_by(Registration.family_name, Registration.given_name, Registration.id)
    )
    if ids:
        query = query.where(Registration.id.in_(list(ids)))
    return list(db.session.scalars(query))


def self_service_refusal(registration: Registration, now: datetime | None = None) -> str | None:
    """Why a participant cannot download their certificate yet, or None."""
    if (now or utcnow()) < event_ends_at(registration.event):
        return _("Your certificate of attendance will be available here after the event.")
    if not registration.checkins:
        return _(
            "We have no record of your attendance, so we cannot issue a certificate. If you "
            "attended, please write to the organizers."
        )
    return None


def certificates_pdf(event: Event, registrations: Sequence[Registration]) -> bytes:
    return render_pdf(certificates_html(event, registrations)).pdf


def certificates_html(event: Event, registrations: Sequence[Registration]) -> str:
    pages = []
    for registration in registrations:
        language = registration.preferred_language or event.default_language
        with force_locale(language):
            pages.append(
                Markup(  # noqa: S704 (our own template's autoescaped output)
                    render_template(
                        "registration/pdf/_certificate_page.html",
                        event=event,
                        r=registration,
                        lang=language,
                        days=attended_days(registration),
                        all_days=attended_days(registration) == event.days,
                    )
                )
            )
    return render_template("registration/pdf/certificates.html", event=event, pages=pages)
