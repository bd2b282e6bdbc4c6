"""Every model, imported in one place so that Alembic and the tests see the whole schema."""

from __future__ import annotations

from .accounts.models import LoginAttempt, Membership, Role, User
from .areas import area_modules
from .audit import AuditEntry
from .documents import RenderedDocument
from .events import public_state  # noqa: F401  (its listener forgets the state of changed events)
from .events.models import Event, EventStatus
from .mail import OutboxMessage
from .storage import StoredFile

area_modules("models")

__all__ = [
    "AuditEntry",
    "Event",
    "EventStatus",
    "LoginAttempt",
    "Membership",
    "OutboxMessage",
    "RenderedDocument",
    "Role",
    "StoredFile",
    "User",
]
