"""Registration e-mails: one per state, in the registrant's language, with the self-service link
and the event as an .ics attachment. They are queued in the outbox (``seminar.mail.queue``) inside
the caller's transaction and sent by the background sender after the commit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from icalendar import Calendar
from icalendar import Event as CalendarEvent

from .. import mail
from ..content.services import text as content_text
from ..dbtypes import utcnow
from ..i18n import country_name
from ..links import public_url
from .models import Registration, RegistrationStatus

KINDS = ("received", "confirmed", "waitlisted", "promoted", "declined", "cancelled", "link")

SUBJECTS = {
    "received": _l("We received your registration: %(event)s"),
    "confirmed": _l("Your place is confirmed: %(event)s"),
    "waitlisted": _l("You are on the waiting list: %(event)s"),
    "promoted": _l("A place is now yours: %(event)s"),
    "declined": _l("Your registration was not accepted: %(event)s"),
    "cancelled": _l("Your registration has been cancelled: %(event)s"),
    "link": _l("Your registration link: %(event)s"),
}
HEADLINES = {
    "received": _l("Thank you: we have received your registration."),
    "confirmed": _l("Your place at the seminar is confirmed."),
    "waitlisted": _l("The seminar is full, so you are on the waiting list."),
    "promoted": _l("Good news: a place became free and it is now yours."),
    "declined": _l("We are sorry: the organizers could not accept your registration."),
    "cancelled": _l("Your registration has been cancelled."),
    "link": _l("Here is the link to your registration, as requested."),
}
EXPLANATIONS = {
    "received": _l(
        "The organizers review each registration. You will receive another e-mail as soon as "
        "they confirm your place."
    ),
    "confirmed": _l(
        "We look forward to welcoming you. Please bring an identity document to collect your "
        "badge at the registration desk."
    ),
    "waitlisted": _l(
        "If a place becomes free, it goes to the first person on the waiting list and we will "
        "tell you by e-mail at once. You do not need to do anything else."
    ),
    "promoted": _l(
        "Someone cancelled, so your registration moved from the waiting list to confirmed. If "
        "you can no longer attend, please cancel with the link below so that the next person "
        "can take the place."
    ),
    "declined": _l("If you think this is a mistake, please reply to this message."),
    "cancelled": _l(
        "Your seat has been released. If this was a mistake, please write to the organizers."
    ),
    "link": _l("Use it to view, change or cancel your registration."),
}
STATUS_LABELS = {
    RegistrationStatus.PENDING: _l("Awaiting approval"),
    RegistrationStatus.CONFIRMED: _l("Confirmed"),
    RegistrationStatus.WAITLISTED: _l("Waiting list"),
    RegistrationStatus.DECLINED: _l("Declined"),
    RegistrationStatus.CANCELLED: _l("Cancelled"),
}


def external_url(endpoint: str, **values: Any) -> str:
    """An absolute URL on the public address (never the request's host), also from the CLI."""
    return public_url(endpoint, **values)


def _registrant_language(registration: Registration) -> str:
    languages = current_app.config["LANGUAGES"]
    language = registration.preferred_language
    if language not in languages:
        language = registration.event.default_language
    return language if language in languages else "en"


@contextmanager
def _registrant_locale(registration: Registration) -> Iterator[None]:
    with force_locale(_registrant_language(registration)):
        yield


def self_service_url(registration: Registration) -> str:
    from .links import self_service_token

    return external_url(
        "registration.self_service",
        slug=registration.event.slug,
        token=self_service_token(registration),
    )


def event_ics(registration: Registration, link: str | None = None) -> bytes:
    """The event as an all-day calendar entry for the days the registrant attends."""
    event = registration.event
    calendar = Calendar()
    calendar.add("prodid", "-//seminar//registration//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    status = {
        RegistrationStatus.CONFIRMED: "CONFIRMED",
        RegistrationStatus.DECLINED: "CANCELLED",
        RegistrationStatus.CANCELLED: "CANCELLED",
    }.get(registration.status, "TENTATIVE")
    days = registration.day_dates or event.days
    link = link or self_service_url(registration)
    event_url = external_url("events.show", slug=event.slug)
    lang = _registrant_language(registration)
    place = ", ".join(
        part
        for part in (content_text(event, "venue", lang), event.city, country_name(event.country))
        if part
    )
    for day in days:
        entry = CalendarEvent()
        entry.add("uid", f"{registration.uid}-{day.isoformat()}@seminar")
        entry.add("summary", content_text(event, "title", lang), parameters={"LANGUAGE": lang})
        entry.add("dtstart", day)
        entry.add("dtend", day + timedelta(days=1))
        entry.add("dtstamp", utcnow())
        entry.add("sequence", len(registration.history))
        entry.add("status", status)
        if place:
            entry.add("location", place)
        entry.add("url", event_url)
        entry.add("description", f"{content_text(event, 'subtitle', lang)}\n\n{link}".strip())
        calendar.add_component(entry)
    return bytes(calendar.to_ical())


def render_status_email(
    registration: Registration, kind: str, *, message: str = ""
) -> tuple[str, str, str]:
    """(subject, text, html) of a registration e-mail in the registrant's language."""
    subject, text, html, _link = _render(registration, kind, message=message)
    return subject, text, html


def _render(
    registration: Registration, kind: str, *, message: str = ""
) -> tuple[str, str, str, str]:
    event = registration.event
    link = self_service_url(registration)
    with _registrant_locale(registration):
        title = content_text(event, "title", _registrant_language(registration))
        subject = str(SUBJECTS[kind] % {"event": title})
        context = {
            "registration": registration,
            "event": event,
            "kind": kind,
            "headline": str(HEADLINES[kind]),
            "explanation": str(EXPLANATIONS[kind]),
            "status_label": str(STATUS_LABELS[registration.status]),
            "message": message.strip(),
            "link": link,
            "event_url": external_url("events.show", slug=event.slug),
            "subject": subject,
        }
        text = render_template("registration/email/status.txt", **context)
        html = render_template("registration/email/status.html", **context)
    return subject, text, html, link


def send_status_email(
    registration: Registration, kind: str, *, message: str = ""
) -> mail.OutboxMessage:
    """Queue the e-mail for a state (or the link on request); it leaves after the commit."""
    subject, text, html, link = _render(registration, kind, message=message)
    event = registration.event
    with _registrant_locale(registration):
        ics = event_ics(registration, link)
    return mail.queue(
        to=registration.email,
        to_name=registration.full_name,
        reply_to=event.contact_email,
        subject=subject,
        text=text,
        html=html,
        attachments=[(f"{event.slug}.ics", "text/calendar", ics)],
        event_id=event.id,
        kind=f"registration.{kind}",
        related=registration,
    )
