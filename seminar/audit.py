"""The audit trail: who changed what, when. Every area records its changes through ``record``."""

from __future__ import annotations

from collections.abc import Callable
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


# How an action's details read in the activity log. Stored summaries keep internal values
# (statuses, field keys, roles) and stay as they were written; each area maps its values to the
# reader's labels when the log is shown. Actions without a formatter show the stored summary.
DETAIL_FORMATTERS: dict[str, Callable[[AuditEntry], str]] = {}


def details(entry: AuditEntry) -> str:
    formatter = DETAIL_FORMATTERS.get(entry.action)
    return formatter(entry) if formatter is not None else entry.summary


def relabel_tail(summary: str, stored: str, label: str) -> str:
    """``summary`` with its ending ``stored`` (after "name: ") replaced by ``label``."""
    if summary.endswith(stored):
        return summary[: len(summary) - len(stored)] + label
    return summary


def relabel_changed_keys(entry: AuditEntry, label: Callable[[str], str]) -> str:
    """A summary ending in the sorted keys of ``entry.changes`` ("name: a, b"), with labels."""
    keys = sorted(entry.changes or {})
    return relabel_tail(entry.summary, ", ".join(keys), ", ".join(label(key) for key in keys))


def form_label(form_class: Any, key: str) -> str:
    """The label of ``form_class``'s field ``key`` in the reader's language (else the key)."""
    field = getattr(form_class, key, None)
    if field is None or not hasattr(field, "field_class"):  # not a form field: show it as stored
        return key
    return str(field.kwargs.get("label") or (field.args[0] if field.args else key))


def _event_details(entry: AuditEntry) -> str:
    from .events.forms import EventForm

    return relabel_changed_keys(entry, lambda key: form_label(EventForm, key))


def _role_label(role: str) -> str:
    from .accounts.forms import ROLE_LABELS
    from .accounts.models import Role

    try:
        return str(ROLE_LABELS[Role(role)])
    except ValueError:  # a role this version does not know: show it as stored
        return role


def _membership_details(entry: AuditEntry) -> str:
    _who, _sep, role = entry.summary.rpartition(": ")
    return relabel_tail(entry.summary, role, _role_label(role)) if _sep else entry.summary


DETAIL_FORMATTERS.update(
    {
        "event.updated": _event_details,
        "membership.added": _membership_details,
        "membership.removed": _membership_details,
    }
)


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
    # Done by the participant through their own link (no account): shown as such, not as "System".
    by_participant: Mapped[bool] = mapped_column(default=False)
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
    by_participant: bool = False,
) -> AuditEntry:
    """Add an audit entry to the session (the caller's transaction commits it with the change);
    ``by_participant``: a participant did it through their personal link or the public form."""
    if (
        by is None
        and not by_participant
        and has_request_context()
        and current_user.is_authenticated
    ):
        by = current_user
    entry = AuditEntry(
        event_id=getattr(event, "id", None),
        user_id=getattr(by, "id", None),
        action=action,
        object_type=type(obj).__name__ if obj is not None else "",
        object_id=str(getattr(obj, "id", "") or ""),
        summary=summary[:500],
        changes=changes or None,
        by_participant=by_participant and by is None,
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
