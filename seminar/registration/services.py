"""Registering and editing: what a registrant fills in and how it is checked, registering (the
public form, invitations, the desk and imports all come through ``register``), editing a
registration, and sending an undelivered e-mail of the event again.

The state a registration takes is decided inside the capacity lock (see ``capacity``); later state
changes and the waiting list are in ``states``, the event's settings in ``settings``.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit, edits, mail
from ..accounts.models import User
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..mail import OutboxMessage
from .capacity import lock_capacity, seats_taken, window_state
from .models import InstitutionType, Registration, RegistrationStatus, Sex
from .states import email_kind, set_status

audit.ACTION_LABELS.update(
    {
        "registration.created": _l("Registration received"),
        "registration.updated": _l("Registration edited"),
        "registration.mail_retried": _l("E-mail sent again"),
    }
)

# Fields a registrant (or an organizer on their behalf) may set.
EDITABLE_FIELDS = (
    "honorific", "given_name", "family_name", "position", "institution", "institution_type",
    "country", "email", "phone", "preferred_language", "days", "dietary_needs",
    "accessibility_needs", "needs_interpretation", "consents_to_list", "sex",
)  # fmt: skip
TEXT_LIMITS = {
    "honorific": 40, "given_name": 120, "family_name": 120, "position": 200, "institution": 200,
    "phone": 40, "dietary_needs": 500, "accessibility_needs": 500,
}  # fmt: skip
REQUIRED_TEXT = {
    "given_name": _l("Enter your given name."),
    "family_name": _l("Enter your family name."),
    "institution": _l("Enter your institution."),
}


# --- Validation ------------------------------------------------------------------------------


def normalize_email(value: str) -> str:
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise DomainError(
            _("Enter a valid e-mail address, for example name@example.org."), field="email"
        ) from exc
    return result.normalized.lower()


def _clean_days(event: Event, days: Iterable[Any]) -> list[str]:
    valid = {d.isoformat() for d in event.days}
    chosen = set()
    for day in days or []:
        iso = day.isoformat() if isinstance(day, date) else str(day).strip()
        if iso not in valid:
            raise DomainError(_("Choose days of the event only."), field="days")
        chosen.add(iso)
    if not chosen:
        raise DomainError(_("Choose at least one day you will attend."), field="days")
    return sorted(chosen)


def validate_data(
    event: Event, data: dict[str, Any], *, registration: Registration | None = None
) -> dict[str, Any]:
    """Check and normalize a registrant's data; returns values ready to set on the model."""
    values: dict[str, Any] = {}
    for key in EDITABLE_FIELDS:
        if key not in data:
            continue
        value = data[key]
        if key in TEXT_LIMITS:
            value = " ".join(str(value or "").split())
            if len(value) > TEXT_LIMITS[key]:
                raise DomainError(_("Use at most %(n)d characters.", n=TEXT_LIMITS[key]), field=key)
        values[key] = value
    if registration is None:
        for key in ("given_name", "family_name", "email"):
            values.setdefault(key, "")
    for key, message in REQUIRED_TEXT.items():
        if key in values and not values[key]:
            raise DomainError(str(message), field=key)
    if "email" in values:
        if not str(values["email"] or "").strip():
            raise DomainError(_("Enter your e-mail address."), field="email")
        values["email"] = normalize_email(str(values["email"]))
        _refuse_duplicate(event, values["email"], registration)
    if "institution_type" in values:
        try:
            values["institution_type"] = InstitutionType(values["institution_type"] or "other")
        except ValueError as exc:
            raise DomainError(
                _("Choose a type of institution from the list."), field="institution_type"
            ) from exc
    if "sex" in values:
        try:
            values["sex"] = Sex(values["sex"] or Sex.NOT_STATED.value)
        except ValueError as exc:
            raise DomainError(_("Choose an answer from the list."), field="sex") from exc
    if "country" in values:
        code = str(values["country"] or "").strip().upper()
        if code and code not in Locale.parse("en").territories:
            raise DomainError(_("Choose a country from the list."), field="country")
        if not code:
            raise DomainError(_("Choose your country."), field="country")
        values["country"] = code
    if "preferred_language" in values:
        language = values["preferred_language"] or event.default_language
        if language not in current_app.config["LANGUAGES"]:
            raise DomainError(_("Choose a language from the list."), field="preferred_language")
        values["preferred_language"] = language
    if "days" in values:
        values["days"] = _clean_days(event, values["days"])
    for key in ("needs_interpretation", "consents_to_list"):
        if key in values:
            values[key] = bool(values[key])
    return values


class DuplicateRegistration(DomainError):
    """The e-mail is already registered for the event (the form offers to re-send the link)."""


def _refuse_duplicate(event: Event, email: str, registration: Registration | None) -> None:
    query = select(Registration.id).where(
        Registration.event_id == event.id, Registration.email == email
    )
    if registration is not None:
        query = query.where(Registration.id != registration.id)
    if db.session.scalar(query) is not None:
        raise DuplicateRegistration(
            _(
                "This e-mail address is already registered for this event. We can send the link "
                "to view or change that registration to this address."
            ),
            field="email",
        )


def find_by_email(event: Event, email: str) -> Registration | None:
    try:
        normalized = normalize_email(email)
    except DomainError:
        return None
    return db.session.scalar(
        select(Registration).where(
            Registration.event_id == event.id, Registration.email == normalized
        )
    )


def register_or_send_link(event: Event, data: dict[str, Any]) -> Registration | None:
    """The public form: register, or -- when the address already holds a registration for the
    event -- e-mail that registration's link to it and return None. The form then answers the same
    way whether or not the address was registered, so it tells nobody who is."""
    try:
        return register(event, data)
    except DuplicateRegistration:
        send_self_service_link(event, str(data.get("email") or ""))
        return None


def send_self_service_link(event: Event, email: str) -> bool:
    """E-mail the self-service link if the address is registered; the caller says nothing either way."""
    from .emails import send_status_email

    registration = find_by_email(event, email)
    if registration is None:
        return False
    send_status_email(registration, "link")
    return True


# --- Registering and editing ---------------------------------------------------------------


def register(
    event: Event,
    data: dict[str, Any],
    *,
    source: str = "form",
    by: User | None = None,
    notify: bool = True,
    holds_seat: bool = False,
    wanted: RegistrationStatus | None = None,
) -> Registration:
    """Register someone for the event and decide their state; never exceeds the capacity.

    ``data`` holds the fields of ``EDITABLE_FIELDS`` (``institution_type`` as a value or enum,
    ``days`` as ISO strings or dates) plus ``privacy_accepted`` (required from the public form).
    The state is pending when the event requires approval, confirmed while seats remain, and the
    waiting list otherwise. The e-mail is queued in the outbox (sent after commit) when ``notify``.
    A cancelled registration with the same address is taken up again (one per address and event);
    any other one is a ``DuplicateRegistration``. ``source="invitation"``: an invitee, who may
    register before the public form opens; ``holds_seat``: one of the held seats (``capacity.
    SEAT_HOLDS``) is theirs, and the caller releases the hold in the same transaction.
    ``wanted``: the state the organizers chose (an import): pending or the waiting list as asked,
    confirmed while seats remain and the waiting list after that.
    """
    settings = lock_capacity(event)
    if source in ("form", "invitation"):
        state = window_state(event, settings=settings)
        if state == "not_yet" and source == "form":
            raise DomainError(_("Registration has not opened yet."))
        if state == "closed":
            raise DomainError(_("Registration for this event is closed."))
        if not data.get("privacy_accepted"):
            raise DomainError(
                _("Please accept the privacy notice to register."), field="privacy_accepted"
            )
    # Someone who cancelled may register again: their registration comes back with the new data.
    cancelled = find_by_email(event, str(data.get("email") or ""))
    if cancelled is not None and cancelled.status != RegistrationStatus.CANCELLED:
        cancelled = None
    values = validate_data(event, data, registration=cancelled)
    values.setdefault("days", [d.isoformat() for d in event.days])
    values.setdefault("preferred_language", event.default_language)
    status: RegistrationStatus
    if wanted is not None and wanted in (RegistrationStatus.PENDING, RegistrationStatus.WAITLISTED):
        status = wanted
    elif settings.requires_approval and wanted is None:
        status = RegistrationStatus.PENDING
    elif settings.capacity is None or seats_taken(event) - holds_seat < settings.capacity:
        status = RegistrationStatus.CONFIRMED
    else:
        status = RegistrationStatus.WAITLISTED
    privacy_accepted_at = utcnow() if data.get("privacy_accepted") else None
    if cancelled is None:
        registration = Registration(
            event=event, source=source, privacy_accepted_at=privacy_accepted_at, **values
        )
        db.session.add(registration)
    else:
        registration = cancelled
        for key, value in values.items():
            setattr(registration, key, value)
        registration.privacy_accepted_at = privacy_accepted_at or registration.privacy_accepted_at
    reasons = {
        "form": _("Registered through the public form"),
        "import": _("Imported from a list"),
        "desk": _("Added by the organizers"),
        "invitation": _("Registered through an invitation"),
    }
    set_status(
        registration,
        status,
        old=None if cancelled is None else RegistrationStatus.CANCELLED,
        by=by,
        reason=reasons.get(source, source),
        by_participant=source in ("form", "invitation"),
    )
    db.session.flush()  # the registration's id, for the audit entry and the outbox
    audit.record(
        "registration.created",
        event=event,
        obj=registration,
        summary=f"{registration.full_name} <{registration.email}>: {status.value}",
        by=by,
        by_participant=source in ("form", "invitation"),
    )
    if notify:
        from .emails import send_status_email

        send_status_email(registration, email_kind(None, status))
    return registration


def update_registration(
    registration: Registration,
    data: dict[str, Any],
    *,
    expected_version: int,
    by: User | None = None,
    by_participant: bool = False,
) -> Registration:
    """Save an edit (by the participant or the organizers) unless someone saved it meanwhile.

    ``data`` may hold any of ``EDITABLE_FIELDS`` and, from the organizers, ``organizer_notes``;
    ``by_participant``: the participant saved it through their personal link.
    """
    edits.refuse_stale(
        registration,
        expected_version,
        _(
            "Someone else changed this registration while you were editing it. Their version "
            "is shown now; your changes were not saved."
        ),
    )
    values = validate_data(registration.event, data, registration=registration)
    if "organizer_notes" in data:
        values["organizer_notes"] = str(data["organizer_notes"] or "").strip()
    changes = audit.diff(registration, values)
    if not changes:
        return registration
    for key, value in values.items():
        setattr(registration, key, value)
    audit.record(
        "registration.updated",
        event=registration.event,
        obj=registration,
        summary=f"{registration.full_name}: {', '.join(sorted(changes))}",
        changes=changes,
        by=by,
        by_participant=by_participant,
    )
    db.session.flush()
    return registration


def retry_mail(event: Event, message_id: int, *, by: User | None = None) -> OutboxMessage:
    """Put an undelivered e-mail of this event back in the queue, now."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.event_id != event.id:
        raise DomainError(_("This e-mail does not belong to this event."))
    if message.status == "sent":
        raise DomainError(_("This e-mail has already been sent."))
    mail.retry(message)
    audit.record(
        "registration.mail_retried",
        event=event,
        obj=message,
        summary=f"{message.to_address}: {message.subject}",
        by=by,
    )
    db.session.flush()
    return message
