"""Test data builders: each adds to the session and flushes; the test client commits."""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

from seminar.accounts.models import Membership, Role, User
from seminar.events.models import Event, EventStatus
from seminar.extensions import db

_seq = itertools.count(1)
PASSWORD = "correct horse battery"  # noqa: S105


def make_user(**overrides: Any) -> User:
    n = next(_seq)
    password = overrides.pop("password", PASSWORD)
    user = User(
        email=overrides.pop("email", f"user{n}@example.org"),
        name=overrides.pop("name", f"User {n}"),
    )
    for key, value in overrides.items():
        setattr(user, key, value)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def make_event(**overrides: Any) -> Event:
    n = next(_seq)
    values: dict[str, Any] = {
        "slug": f"event-{n}",
        "title": f"Seminar {n}",
        "timezone": "America/La_Paz",
        "starts_on": date(2026, 12, 2),
        "ends_on": date(2026, 12, 3),
        "city": "La Paz",
        "country": "BO",
        "languages": "es,en",
        "status": EventStatus.PUBLISHED,
    }
    values.update(overrides)
    event = Event(**values)
    db.session.add(event)
    db.session.flush()
    return event


def make_membership(user: User, event: Event, role: str | Role) -> Membership:
    membership = Membership(user=user, event=event, role=Role(role))
    db.session.add(membership)
    db.session.flush()
    return membership
