"""Registration test data: each builder adds and flushes."""

from __future__ import annotations

import itertools
from typing import Any

from seminar.dbtypes import utcnow
from seminar.events.models import Event
from seminar.extensions import db
from seminar.registration.models import (
    InstitutionType,
    Registration,
    RegistrationSettings,
    RegistrationStatus,
)

_seq = itertools.count(1)


def make_settings(event: Event, **overrides: Any) -> RegistrationSettings:
    settings = RegistrationSettings(
        event=event, **{"capacity": 60, "requires_approval": False, **overrides}
    )
    db.session.add(settings)
    db.session.flush()
    return settings


def make_registration(event: Event, **overrides: Any) -> Registration:
    n = next(_seq)
    values: dict[str, Any] = {
        "honorific": "Sr.",
        "given_name": f"Juan {n}",
        "family_name": "Pérez Mamani",
        "position": "Director de Migración",
        "institution": "Ministerio de Relaciones Exteriores",
        "institution_type": InstitutionType.GOVERNMENT,
        "country": "BO",
        "email": f"participant{n}@example.org",
        "preferred_language": "es",
        "days": [d.isoformat() for d in event.days],
        "status": RegistrationStatus.CONFIRMED,
        "privacy_accepted_at": utcnow(),
    }
    values.update(overrides)
    registration = Registration(event=event, **values)
    db.session.add(registration)
    db.session.flush()
    return registration
