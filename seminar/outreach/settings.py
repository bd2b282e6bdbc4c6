"""Each event's outreach settings: reminders, passport retention, letter references and signatory."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit, edits
from ..accounts.models import User
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from .models import OutreachSettings

audit.ACTION_LABELS.update(
    {"outreach.settings_updated": _l("Invitation and letter settings changed")}
)


def get_settings(event: Event) -> OutreachSettings:
    """The event's outreach settings, created with the defaults when first needed."""
    settings = db.session.scalar(
        select(OutreachSettings).where(OutreachSettings.event_id == event.id)
    )
    if settings is None:
        settings = OutreachSettings(event_id=event.id)
        db.session.add(settings)
        db.session.flush()
    return settings


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {
        "reminder_max": int(data["reminder_max"]),
        "reminder_days": int(data["reminder_days"]),
        "passport_retention_days": int(data["passport_retention_days"]),
        "reference_prefix": "".join(
            ch for ch in str(data.get("reference_prefix") or "") if ch.isalnum()
        ).upper()[:8],
        "signatory_name": " ".join(str(data.get("signatory_name") or "").split())[:200],
        "signatory_title": " ".join(str(data.get("signatory_title") or "").split())[:200],
    }
    if not 0 <= values["reminder_max"] <= 10:
        raise DomainError(_("Choose between 0 and 10 reminders."), field="reminder_max")
    if not 1 <= values["reminder_days"] <= 60:
        raise DomainError(_("Choose between 1 and 60 days."), field="reminder_days")
    if not 1 <= values["passport_retention_days"] <= 365:
        raise DomainError(_("Choose between 1 and 365 days."), field="passport_retention_days")
    return values


def update_settings(
    event: Event, data: dict[str, Any], *, expected_version: int, by: User | None = None
) -> OutreachSettings:
    """Change the event's reminders, passport retention and letter details (version-checked)."""
    settings = get_settings(event)
    edits.save_edit(
        settings,
        expected_version=expected_version,
        stale_message=edits.stale_settings_message(),
        clean=lambda: _clean(data),
        event=event,
        action="outreach.settings_updated",
        by=by,
    )
    return settings
