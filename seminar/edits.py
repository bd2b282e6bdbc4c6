"""No lost edits: what an edit form shows when someone else saved the same thing first.

Every edit form carries the version of the object it was loaded from (a hidden ``version`` field);
the service compares it (``expected_version``) and the database compares it again when the row is
written (``version_id_col``), so a stale save and a real race both end in a ``ConflictError`` on
``work().conflict``. The view then builds an ``EditConflict``: the other person's saved values next
to the text this person typed, field by field. The typed text stays in the form, and the form's
hidden version becomes theirs, so the next save is a deliberate overwrite.

The services' side of the same protocol is here too: ``refuse_stale`` (the comparison),
``stale_guard`` (the database's) and ``save_edit``, the whole version-checked save of a
settings-like row (an event, its registration or outreach settings).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from flask_babel import gettext as _
from sqlalchemy.orm.exc import StaleDataError
from wtforms import Field

from . import audit
from .errors import ConflictError
from .extensions import db

if TYPE_CHECKING:
    from .accounts.models import User
    from .events.models import Event

# Fields that are not something a person typed or chose.
_NOT_COMPARED = {"HiddenField", "CSRFTokenField", "FileField", "SubmitField"}


@dataclass(frozen=True)
class FieldDifference:
    """One field whose saved value differs from what this person typed (both as text)."""

    label: str
    theirs: str
    mine: str


@dataclass
class EditConflict:
    """What the 409 page shows: the message, who saved when, and the fields that differ."""

    message: str
    differences: list[FieldDifference] = field(default_factory=list)
    saved_by: str | None = None
    saved_at: datetime | None = None


def expected_version(form: Any) -> int:
    """The version the form was loaded from; a missing or mangled one never matches a saved row."""
    raw = str(form.version.data or "0").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else -1


def _as_text(f: Field) -> str:
    if hasattr(f, "iter_choices"):  # selects, radio buttons, check box lists: their labels
        return ", ".join(str(choice.label) for choice in f.iter_choices() if choice.selected)
    if f.type == "BooleanField":
        return _("Yes") if f.data else _("No")
    value = f._value() if hasattr(f, "_value") else f.data
    return str(value if value is not None else "").replace("\r\n", "\n").strip()


def differences(mine: Any, theirs: Any) -> list[FieldDifference]:
    """Field by field, where the submitted form ``mine`` differs from ``theirs`` (the same form
    class filled from the saved object)."""
    found = []
    for typed in mine:
        if typed.type in _NOT_COMPARED or typed.name not in theirs:
            continue
        saved_text, typed_text = _as_text(theirs[typed.name]), _as_text(typed)
        if saved_text != typed_text:
            found.append(FieldDifference(str(typed.label.text), saved_text, typed_text))
    return found


def conflict_for(
    error: ConflictError,
    mine: Any,
    theirs: Any,
    *,
    saved_by: str | None = None,
    saved_at: datetime | None = None,
) -> EditConflict:
    """The conflict to show; the submitted form now carries the saved version (next save wins)."""
    mine.version.data = theirs.version.data
    return EditConflict(error.message, differences(mine, theirs), saved_by, saved_at)


def status(form: Any, conflict: EditConflict | None) -> int:
    """409 for a conflict, 400 for a form with errors, 200 otherwise."""
    return 409 if conflict else 400 if form.errors else 200


# --- The saving side: what services call --------------------------------------------------------


def stale_settings_message() -> str:
    """What a settings page says when someone else saved the same settings first."""
    return _(
        "Someone else changed these settings while you were editing them. Their values "
        "are shown now; your changes were not saved."
    )


def refuse_stale(obj: Any, expected_version: int | None, message: str) -> None:
    """A ``ConflictError`` with ``message`` unless the caller loaded the object's current version
    (``None``, a form without one, never matches)."""
    if expected_version != obj.version:
        raise ConflictError(message)


@contextmanager
def stale_guard(message: str) -> Iterator[None]:
    """Flush the writes made inside; a concurrent write between the version check and the UPDATE
    (``version_id_col``) is refused with ``message`` too."""
    try:
        yield
        db.session.flush()
    except StaleDataError as exc:
        raise ConflictError(message) from exc


def save_edit(
    row: Any,
    *,
    expected_version: int,
    stale_message: str,
    clean: Callable[[], dict[str, Any]],
    event: Event,
    action: str,
    by: User | None,
) -> dict[str, list[Any]]:
    """Save an edit form's values on ``row`` unless someone saved it since the form was loaded.

    In this order: ``refuse_stale`` (the view shows the 409 page with both versions); ``clean()``
    checks and normalizes the submitted values (a ``DomainError`` names the field); the values that
    differ are set and recorded in the activity log as ``action``, the changed fields as its
    summary; the flush moves the row's version on. Returns the changes (``{field: [old, new]}``);
    empty when nothing differed, and then nothing is written.
    """
    refuse_stale(row, expected_version, stale_message)
    values = clean()
    changes = audit.diff(row, values)
    if not changes:
        return changes
    for key, value in values.items():
        setattr(row, key, value)
    audit.record(
        action,
        event=event,
        obj=row,
        summary=", ".join(sorted(changes)),
        changes=changes,
        by=by,
    )
    db.session.flush()
    return changes
