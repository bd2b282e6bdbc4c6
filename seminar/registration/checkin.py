"""Check-in at the venue: signed badge tokens, search, one-tap arrival per day, live counts.

A badge's QR code carries a URL with a token signed with its own salt. The token binds the event and
the registration's uid, so it cannot be guessed, altered, or replayed at another event. It does not
expire: badges are printed weeks ahead and the token only lets signed-in staff find the person.
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import current_app
from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, Signer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import audit
from ..accounts.models import User
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from ..validation import InvalidValue, iso_day
from .models import CheckIn, Registration, RegistrationStatus

CHECKIN_SALT = "seminar.registration.checkin"

audit.ACTION_LABELS.update(
    {
        "registration.checked_in": _l("Participant checked in"),
        "registration.checkin_undone": _l("Check-in undone"),
    }
)


def _signer() -> Signer:
    return Signer(current_app.config["SECRET_KEY"], salt=CHECKIN_SALT)


def checkin_token(registration: Registration) -> str:
    """The token printed (as a URL) in the badge's QR code: '<event id>.<uid hex>.<signature>'.

    Compact on purpose: a shorter URL makes a smaller, sparser QR code that phones read easily.
    """
    uid = registration.uid.replace("-", "")
    return _signer().sign(f"{registration.event_id}.{uid}").decode("ascii")


def registration_from_checkin_token(event: Event, token: str) -> Registration:
    """The registration a badge token names, refusing forged tokens and other events' badges."""
    try:
        event_part, uid_hex = _signer().unsign(token).decode("ascii").split(".")
        event_id, uid = int(event_part), str(uuid.UUID(hex=uid_hex))
    except (BadSignature, ValueError, UnicodeDecodeError) as exc:
        raise DomainError(_("This code is not a valid badge of this event.")) from exc
    if event_id != event.id:
        raise DomainError(_("This badge belongs to another event."))
    registration = db.session.scalar(
        select(Registration).where(Registration.event_id == event.id, Registration.uid == uid)
    )
    if registration is None:
        raise DomainError(_("This registration no longer exists."))
    return registration


def today_in_event(event: Event, now: datetime | None = None) -> date:
    return (now or utcnow()).astimezone(ZoneInfo(event.timezone)).date()


def default_day(event: Event, now: datetime | None = None) -> date:
    """Today if the event is on, otherwise its first day."""
    today = today_in_event(event, now)
    return today if today in event.days else event.starts_on


def parse_day(event: Event, value: str | None) -> date:
    """The day named in a query string, if it is one of the event's days; else the default day."""
    try:
        day = iso_day(value)
    except InvalidValue:  # not a day at all (a number, Arabic-Indic digits, year 99999)
        day = None
    return day if day in event.days else default_day(event)


def fold(text: str) -> str:
    """Lower-case without accents: 'Pérez' and 'perez' match."""
    decomposed = unicodedata.normalize("NFD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass
class Arrival:
    """One row on the check-in screen."""

    registration: Registration
    checkin: CheckIn | None
    by_name: str = ""

    @property
    def is_checked_in(self) -> bool:
        return self.checkin is not None

    @property
    def is_expected(self) -> bool:
        return self.registration.status == RegistrationStatus.CONFIRMED


def _attending(registration: Registration, day: date) -> bool:
    # An empty list of days means "all days" (registrations made before days were asked for).
    return not registration.days or day.isoformat() in registration.days


def _checkins_for(event: Event, day: date) -> dict[int, CheckIn]:
    rows = db.session.scalars(
        select(CheckIn)
        .join(Registration)
        .where(Registration.event_id == event.id, CheckIn.day == day)
    )
    return {c.registration_id: c for c in rows}


def _user_names(checkins: Any) -> dict[int, str]:
    ids = {c.by_user_id for c in checkins if c.by_user_id}
    if not ids:
        return {}
    return {u.id: u.display_name for u in db.session.scalars(select(User).where(User.id.in_(ids)))}


def search(event: Event, day: date, query: str = "", *, limit: int = 40) -> list[Arrival]:
    """Registrations matching every word of ``query`` in name, institution or e-mail.

    Confirmed participants come first; pending, wait-listed, declined and cancelled ones are shown
    too (marked), so staff can explain at the desk instead of searching in vain. Matching is done in
    Python on folded text, so accents and case never matter on either database; a seminar has
    hundreds of registrations, not millions.
    """
    words = fold(query).split()
    registrations = db.session.scalars(
        select(Registration)
        .where(Registration.event_id == event.id)
        .order_by(Registration.family_name, Registration.given_name, Registration.id)
    ).all()
    matches = []
    for registration in registrations:
        haystack = fold(
            " ".join(
                [
                    registration.given_name,
                    registration.family_name,
                    registration.institution,
                    registration.email,
                ]
            )
        )
        if all(word in haystack for word in words):
            matches.append(registration)
    if not words:
        matches = [
            r for r in matches if r.status == RegistrationStatus.CONFIRMED and _attending(r, day)
        ]
    matches.sort(key=lambda r: (r.status != RegistrationStatus.CONFIRMED, fold(r.family_name)))
    checkins = _checkins_for(event, day)
    if not words:  # the day's list: who still has to arrive comes first
        matches.sort(key=lambda r: r.id in checkins)
    matches = matches[:limit]
    names = _user_names(checkins.values())
    return [
        Arrival(
            registration=r,
            checkin=checkins.get(r.id),
            by_name=names.get(checkins[r.id].by_user_id or 0, "") if r.id in checkins else "",
        )
        for r in matches
    ]


def arrival(registration: Registration, day: date) -> Arrival:
    checkin = db.session.scalar(
        select(CheckIn).where(CheckIn.registration_id == registration.id, CheckIn.day == day)
    )
    names = _user_names([checkin] if checkin else [])
    by_name = names.get(checkin.by_user_id or 0, "") if checkin else ""
    return Arrival(registration=registration, checkin=checkin, by_name=by_name)


@dataclass
class DayCounts:
    checked_in: int
    expected: int


def day_counts(event: Event, day: date) -> DayCounts:
    """Arrivals of the day against the confirmed participants who said they would come that day."""
    confirmed = db.session.execute(
        select(Registration.id, Registration.days).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
        )
    ).all()
    expected = sum(1 for _id, days in confirmed if not days or day.isoformat() in days)
    checked_in = db.session.scalar(
        select(func.count(CheckIn.id))
        .join(Registration)
        .where(Registration.event_id == event.id, CheckIn.day == day)
    )
    return DayCounts(checked_in=int(checked_in or 0), expected=expected)


def refusal_reason(registration: Registration) -> str | None:
    """Why this registration cannot be checked in, or None when it can."""
    if registration.status == RegistrationStatus.CONFIRMED:
        return None
    messages = {
        RegistrationStatus.CANCELLED: _("This registration was cancelled."),
        RegistrationStatus.DECLINED: _("This registration was declined."),
        RegistrationStatus.PENDING: _("This registration is still awaiting approval."),
        RegistrationStatus.WAITLISTED: _("This person is on the waiting list, not confirmed."),
    }
    return f"{messages[registration.status]} {_('Please send them to the organizers’ desk.')}"


def needs_reason(event: Event, day: date, now: datetime | None = None) -> bool:
    """Checking in for a day other than today (in the event's time zone) must be explained."""
    return day != today_in_event(event, now)


def check_in(
    registration: Registration,
    *,
    day: date,
    by: Any = None,
    reason: str = "",
    now: datetime | None = None,
) -> tuple[CheckIn, bool]:
    """Record the participant's arrival on ``day``; returns (check-in, whether it is new).

    Checking in twice is not an error: the second tap returns the first check-in, so staff see when
    and by whom. Two devices tapping at once are settled by the unique (registration, day) key.
    A check-in for another day than today (days ahead, or a day forgotten) is allowed with a
    reason, recorded with it and in the activity log.
    """
    event = registration.event
    if day not in event.days:
        raise DomainError(_("This is not a day of the event."))
    refusal = refusal_reason(registration)
    if refusal:
        raise DomainError(refusal)
    existing = arrival(registration, day).checkin
    if existing is not None:
        return existing, False
    reason = " ".join(reason.split())[:300] if needs_reason(event, day, now) else ""
    if needs_reason(event, day, now) and not reason:
        raise DomainError(
            _(
                "%(day)s is not today. To check someone in for that day, say why (for example: "
                "“collected the badge the day before”).",
                day=format_date(day, "long"),
            ),
            field="reason",
        )
    checkin = CheckIn(
        registration_id=registration.id, day=day, by_user_id=getattr(by, "id", None), reason=reason
    )
    try:
        with db.session.begin_nested():
            db.session.add(checkin)
    except IntegrityError:
        existing = arrival(registration, day).checkin
        if existing is None:  # pragma: no cover - the constraint failed for another reason
            raise
        return existing, False
    db.session.expire(registration, ["checkins"])
    audit.record(
        "registration.checked_in",
        event=event,
        obj=registration,
        summary=" · ".join(filter(None, [registration.full_name, day.isoformat(), reason])),
        by=by,
    )
    return checkin, True


def undo_check_in(registration: Registration, *, day: date, by: Any = None) -> bool:
    """Remove a check-in made by mistake; returns whether there was one."""
    existing = arrival(registration, day).checkin
    if existing is None:
        return False
    db.session.delete(existing)
    audit.record(
        "registration.checkin_undone",
        event=registration.event,
        obj=registration,
        summary=f"{registration.full_name} · {day.isoformat()}",
        by=by,
    )
    db.session.flush()
    return True


def attended_days(registration: Registration) -> list[date]:
    return sorted(c.day for c in registration.checkins)
