"""The registration's lines in the activity log, in the reader's language: stored summaries hold
status values and field keys; they are shown with the labels of the desk and its forms."""

from __future__ import annotations

from .. import audit
from .forms import STATUS_NAMES, DeskRegistrationForm, SettingsForm
from .models import RegistrationStatus


def status_label(value: str) -> str:
    try:
        return str(STATUS_NAMES[RegistrationStatus(value)])
    except ValueError:  # a status this version does not know: show it as stored
        return value


def _created(entry: audit.AuditEntry) -> str:
    _who, sep, status = entry.summary.rpartition(": ")
    return audit.relabel_tail(entry.summary, status, status_label(status)) if sep else entry.summary


def _status_changed(entry: audit.AuditEntry) -> str:
    old, new = (entry.changes or {}).get("status") or (None, None)
    if not old or not new:
        return entry.summary
    stored = f": {old} → {new}"
    return entry.summary.replace(stored, f": {status_label(old)} → {status_label(new)}", 1)


def _updated(entry: audit.AuditEntry) -> str:
    return audit.relabel_changed_keys(
        entry, lambda key: audit.form_label(DeskRegistrationForm, key)
    )


def _settings_updated(entry: audit.AuditEntry) -> str:
    return audit.relabel_changed_keys(entry, lambda key: audit.form_label(SettingsForm, key))


audit.DETAIL_FORMATTERS.update(
    {
        "registration.created": _created,
        "registration.status_changed": _status_changed,
        "registration.updated": _updated,
        "registration.settings_updated": _settings_updated,
    }
)
