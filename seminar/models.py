"""Every model, imported in one place so that Alembic and the tests see the whole schema."""

from __future__ import annotations

import importlib

from . import AREAS
from .accounts.models import LoginAttempt, Membership, Role, User
from .audit import AuditEntry
from .events.models import Event, EventStatus
from .mail import OutboxMessage

for _area in AREAS:
    try:
        importlib.import_module(f"seminar.{_area}.models")
    except ModuleNotFoundError as exc:
        if exc.name != f"seminar.{_area}.models":
            raise

__all__ = [
    "AuditEntry",
    "Event",
    "EventStatus",
    "LoginAttempt",
    "Membership",
    "OutboxMessage",
    "Role",
    "User",
]
