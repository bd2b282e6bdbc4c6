"""The audit trail: who changed what, when. Every area records its changes through ``record``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask import has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, Index, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship, selectinload

from .dbtypes import UTCDateTime, utcnow
from .extensions import db

# Human labels for actions, shown in the activity log; each area adds its own.
ACTION_LABELS: dict[str, Any] = {
    "event.created": _l("Event created"),
    "event.updated": _l("Event settings changed"),
    "membership.added": _l("Team member added"),
    "membership.removed": _l("Team member removed"),
    "user.password_reset": _l("Password reset"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


class AuditEntry(db.Model):  # type: ignore[name-defined]
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_event_at", "event_id", "created_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("event.id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user.id", ondelete="SET NULL"))
    action: Mapped[str] = mapped_column(String(60))  # e.g. "event.updated", "membership.added"
    object_type: Mapped[str] = mapped_column(String(60), default="")
    object_id: Mapped[str] = mapped_column(String(60), default="")
    summary: Mapped[str] = mapped_column(String(500), default="")
    changes: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user = relationship("User")


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


def diff(obj: Any, data: dict[str, Any]) -> dict[str, list[Any]]:
    """The fields of ``data`` whose value differs on ``obj``, as {field: [old, new]}."""
    changes = {}
    for key, new in data.items():
        old = getattr(obj, key)
        if old != new:
            changes[key] = [_plain(old), _plain(new)]
    return changes


def record(
    action: str,
    *,
    event: Any = None,
    obj: Any = None,
    summary: str = "",
    changes: dict[str, Any] | None = None,
    by: Any = None,
) -> AuditEntry:
    """Add an audit entry to the session (the caller's transaction commits it with the change)."""
    if by is None and has_request_context() and current_user.is_authenticated:
        by = current_user
    entry = AuditEntry(
        event_id=getattr(event, "id", None),
        user_id=getattr(by, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "id", "") or ""),
        summary=summary[:500],
        changes=changes or None,
    )
    db.session.add(entry)
    return entry


def entries_for(event: Any, *, page: int = 1, per_page: int = 50) -> Any:
    query = (
        select(AuditEntry)
        .options(selectinload(AuditEntry.user))
        .where(AuditEntry.event_id == event.id)
        .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc())
    )
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
