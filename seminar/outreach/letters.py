"""Invitation letters for a visa or a travel approval, their references, and passport details.

A participant asks for a letter from their personal page; a visa letter needs their passport
details, which only the organizers see and which are erased a set number of days after the event.
The organizers issue the letter with what they fund; it then gets a reference such as
``LPZ-2026-0007-K4QX``: a running number and a check suffix keyed with the site's secret, so a
reference can be verified on a public page but not guessed.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, datetime, timedelta
from typing import Any

from babel import Locale
from flask import current_app, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from .. import audit
from ..accounts.models import User
from ..dbtypes import utcnow
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from ..links import public_url
from ..registration.capacity import event_ends_at
from ..registration.checkin import fold
from ..registration.links import self_service_token
from ..registration.models import Registration, RegistrationStatus
from . import emails
from .models import COVERAGE_ITEMS, Letter, LetterKind, LetterStatus, PassportDetails
from .settings import get_settings

# Letters a reader cannot confuse (no 0/O, 1/I): 32 symbols, 5 bits each.
CHECK_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CHECK_LENGTH = 4

KIND_LABELS = {LetterKind.VISA: _l("For a visa"), LetterKind.TRAVEL: _l("For travel approval")}
COVERAGE_LABELS = {
    "travel": _l("Travel"),
    "accommodation": _l("Accommodation"),
    "per_diem": _l("Per diem"),
}

audit.ACTION_LABELS.update(
    {
        "letter.requested": _l("Invitation letter requested"),
        "letter.issued": _l("Invitation letter issued"),
        "passport.erased": _l("Passport details erased"),
    }
)


# --- References ------------------------------------------------------------------------------


def check_suffix(base: str) -> str:
    digest = hmac.new(
        str(current_app.config["SECRET_KEY"]).encode(), base.encode(), hashlib.sha256
    ).digest()
    number = int.from_bytes(digest[:8], "big")
    chars = []
    for _i in range(CHECK_LENGTH):
        number, index = divmod(number, len(CHECK_ALPHABET))
        chars.append(CHECK_ALPHABET[index])
    return "".join(chars)


def reference_prefix(event: Event) -> str:
    """The settings' prefix, else three letters of the city ("La Paz" -> "LAP"), else "SEM"."""
    prefix = get_settings(event).reference_prefix
    if prefix:
        return prefix
    letters = "".join(ch for ch in fold(event.city).upper() if ch.isalpha())
    return letters[:3] or "SEM"


def make_reference(event: Event, sequence: int) -> str:
    base = f"{reference_prefix(event)}-{event.starts_on.year}-{sequence:04d}"
    return f"{base}-{check_suffix(base)}"


def verify(reference: str) -> Letter | None:
    """The issued letter with this reference, or None (never says why a reference is wrong)."""
    cleaned = "".join(str(reference or "").split()).upper()
    if not cleaned or len(cleaned) > 40:
        return None
    letter = db.session.scalar(select(Letter).where(Letter.reference == cleaned))
    if letter is None or not letter.is_issued:
        return None
    base, _sep, suffix = cleaned.rpartition("-")
    return letter if hmac.compare_digest(suffix, check_suffix(base)) else None


# --- Requests --------------------------------------------------------------------------------


def _passport_values(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    number = "".join(str(data.get("passport_number") or "").split()).upper()
    if not number:
        raise DomainError(_("Enter your passport number."), field="passport_number")
    if len(number) > 40 or not number.isalnum():
        raise DomainError(
            _("Enter the passport number with letters and digits only."), field="passport_number"
        )
    nationality = str(data.get("nationality") or "").strip().upper()
    if nationality not in Locale.parse("en").territories:
        raise DomainError(_("Choose your nationality."), field="nationality")
    expires_on: date | None = data.get("passport_expires_on")
    if expires_on is None:
        raise DomainError(_("Enter the passport's expiry date."), field="passport_expires_on")
    if expires_on <= event.ends_on:
        raise DomainError(
            _("The passport must be valid after the seminar."), field="passport_expires_on"
        )
    birth_date: date | None = data.get("birth_date")
    if birth_date is None:
        raise DomainError(_("Enter your date of birth."), field="birth_date")
    if birth_date >= event.starts_on or birth_date.year < 1900:
        raise DomainError(_("Enter a real date of birth."), field="birth_date")
    return {
        "number": number,
        "nationality": nationality,
        "expires_on": expires_on,
        "birth_date": birth_date,
    }


def request_letter(
    registration: Registration, kind: LetterKind | str, data: dict[str, Any]
) -> Letter:
    """A participant asks for a letter; a visa letter keeps their passport details until the
    organizers' retention period after the event ends."""
    kind = LetterKind(kind)
    event = registration.event
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
        raise DomainError(_("A letter can be issued only for an active registration."))
    if utcnow() >= event_ends_at(event):
        raise DomainError(_("The seminar is over: letters can no longer be requested."))
    letter = db.session.scalar(
        select(Letter).where(Letter.registration_id == registration.id, Letter.kind == kind)
    )
    if letter is not None and letter.is_issued:
        raise DomainError(_("This letter has already been issued; download it from your page."))
    if kind == LetterKind.VISA:
        values = _passport_values(event, data)
        passport = db.session.scalar(
            select(PassportDetails).where(PassportDetails.registration_id == registration.id)
        )
        if passport is None:
            passport = PassportDetails(registration_id=registration.id)
            db.session.add(passport)
        for key, value in values.items():
            setattr(passport, key, value)
        passport.erased_at = None
    if letter is None:
        letter = Letter(event_id=event.id, registration_id=registration.id, kind=kind)
        db.session.add(letter)
    db.session.flush()
    audit.record(
        "letter.requested",
        event=event,
        obj=letter,
        summary=f"{registration.full_name}: {kind.value}",
    )
    return letter


def passport_for(registration_id: int) -> PassportDetails | None:
    return db.session.scalar(
        select(PassportDetails).where(PassportDetails.registration_id == registration_id)
    )


def letters_for(registration: Registration) -> list[Letter]:
    return list(
        db.session.scalars(
            select(Letter).where(Letter.registration_id == registration.id).order_by(Letter.kind)
        )
    )


# --- Issuing ---------------------------------------------------------------------------------


def issue(
    letter: Letter, coverage: list[str], *, expected_version: int, by: User | None = None
) -> Letter:
    """Give the letter its reference and what the organizers fund, and tell the participant."""
    if expected_version != letter.version:
        raise ConflictError(
            _("Someone else changed this letter at the same time. Review it and try again.")
        )
    if letter.is_issued:
        raise DomainError(_("This letter has already been issued."))
    unknown = set(coverage) - set(COVERAGE_ITEMS)
    if unknown:
        raise DomainError(_("Choose what the organizers fund from the list."))
    event = letter.event
    registration = letter.registration
    if registration.status in (RegistrationStatus.CANCELLED, RegistrationStatus.DECLINED):
        raise DomainError(_("The registration is no longer active; no letter can be issued."))
    if letter.kind == LetterKind.VISA:
        passport = passport_for(registration.id)
        if passport is None or passport.is_erased:
            raise DomainError(_("The passport details are missing; ask the participant again."))
    sequence = (
        db.session.scalar(select(func.max(Letter.sequence)).where(Letter.event_id == event.id)) or 0
    ) + 1
    letter.sequence = sequence
    letter.reference = make_reference(event, sequence)
    letter.coverage = [item for item in COVERAGE_ITEMS if item in coverage]
    letter.status = LetterStatus.ISSUED
    letter.issued_at = utcnow()
    letter.issued_by_id = getattr(by, "id", None)
    db.session.flush()
    audit.record(
        "letter.issued",
        event=event,
        obj=letter,
        summary=f"{letter.reference}: {registration.full_name}",
        by=by,
    )
    _send_issued(letter)
    return letter


def _send_issued(letter: Letter) -> None:
    registration = letter.registration
    event = registration.event
    link = public_url(
        "registration.self_service", slug=event.slug, token=self_service_token(registration)
    )

    def compose() -> dict[str, Any]:
        return {
            "subject": _("Your invitation letter is ready: %(event)s", event=event.title),
            "greeting": _("Dear %(name)s,", name=registration.display_name),
            "headline": _("Your invitation letter is ready."),
            "paragraphs": [
                _(
                    "Download it from your registration page. Its reference is %(reference)s; "
                    "anyone can check it on the seminar's website.",
                    reference=letter.reference,
                )
            ],
            "button": _("Download my letter"),
            "link": link,
            "link_note": _("This link is personal: do not share it."),
        }

    emails.send(
        event,
        to=registration.email,
        to_name=registration.full_name,
        language=registration.preferred_language,
        compose=compose,
        kind="outreach.letter",
        related=letter,
    )


# --- The document ----------------------------------------------------------------------------


def signatories(event: Event) -> list[dict[str, str | None]]:
    """Who signs: the event's signatories (at most three), else the name and title in the
    outreach settings, else nobody (the letter then reads "for the organizers")."""
    if event.signatories:
        return [
            {
                "name": s.name,
                "title": s.title,
                "organization": s.organization,
                "signature_url": s.signature_url,
            }
            for s in event.signatories[:3]
        ]
    settings = get_settings(event)
    if settings.signatory_name:
        return [
            {
                "name": settings.signatory_name,
                "title": settings.signatory_title,
                "organization": "",
                "signature_url": None,
            }
        ]
    return []


def letter_html(letter: Letter) -> str:
    """The letter in the participant's language, ready for ``documents.respond``."""
    registration = letter.registration
    event = registration.event
    with emails.recipient_locale(registration.preferred_language, event) as language:
        return render_template(
            "outreach/pdf/letter.html",
            letter=letter,
            event=event,
            r=registration,
            lang=language,
            coverage=[str(COVERAGE_LABELS[item]) for item in letter.coverage],
            signers=signatories(event),
            verify_url=public_url("outreach.verify_letter"),
        )


# --- Erasing passport details ----------------------------------------------------------------


def erase_passports(now: datetime | None = None) -> int:
    """Erase the passport details of every event whose retention period after its end is over,
    with one activity-log entry per event; returns how many were erased."""
    from ..events.models import Event as EventModel

    now = now or utcnow()
    rows = db.session.execute(
        select(PassportDetails, Registration.event_id)
        .join(Registration, Registration.id == PassportDetails.registration_id)
        .where(PassportDetails.erased_at.is_(None))
    ).all()
    erased: dict[int, int] = {}
    for passport, event_id in rows:
        event = db.session.get(EventModel, event_id)
        if event is None:
            continue
        days = get_settings(event).passport_retention_days
        if now < event_ends_at(event) + timedelta(days=days):
            continue
        passport.number, passport.nationality = "", ""
        passport.expires_on = passport.birth_date = None
        passport.erased_at = now
        erased[event_id] = erased.get(event_id, 0) + 1
    for event_id, count in erased.items():
        audit.record(
            "passport.erased",
            event=db.session.get(EventModel, event_id),
            summary=_("Passport details of %(n)d participants erased", n=count),
        )
    db.session.flush()
    return sum(erased.values())
