"""Each event's registration settings: when the form is open, the seats, approval and the privacy
notice. More seats (or no limit any more) promote from the waiting list at once."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit, edits
from ..accounts.models import User
from ..errors import DomainError
from ..events.models import Event
from .capacity import confirmed_count, lock_capacity
from .models import RegistrationSettings
from .states import promote_waitlist

audit.ACTION_LABELS.update({"registration.settings_updated": _l("Registration settings changed")})

FIELDS = ("opens_at", "closes_at", "capacity", "requires_approval", "privacy_notice")


def _clean(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    opens_at, closes_at = data.get("opens_at"), data.get("closes_at")
    if opens_at and closes_at and closes_at <= opens_at:
        raise DomainError(_("Registration must close after it opens."), field="closes_at")
    capacity = data.get("capacity")
    if capacity is not None:
        if capacity < 1:
            raise DomainError(
                _("Enter a number of seats, or leave it empty for no limit."), field="capacity"
            )
        confirmed = confirmed_count(event)
        if capacity < confirmed:
            raise DomainError(
                _(
                    "%(n)d participants are already confirmed; the capacity cannot be lower. "
                    "Cancel or wait-list some of them first.",
                    n=confirmed,
                ),
                field="capacity",
            )
    return {key: data[key] for key in FIELDS if key in data}


def update_settings(
    event: Event, data: dict[str, Any], *, expected_version: int, by: User | None = None
) -> RegistrationSettings:
    """Change when and how the event takes registrations; more seats promote from the waiting list."""
    settings = lock_capacity(event)
    capacity_before = settings.capacity
    changes = edits.save_edit(
        settings,
        expected_version=expected_version,
        stale_message=edits.stale_settings_message(),
        clean=lambda: _clean(event, data),
        event=event,
        action="registration.settings_updated",
        by=by,
    )
    grew = "capacity" in data and (
        data["capacity"] is None
        or (capacity_before is not None and data["capacity"] > capacity_before)
    )
    if changes and grew:
        promote_waitlist(event, by=by)
    return settings
