"""No lost edits: what an edit form shows when someone else saved the same thing first.

Every edit form carries the version of the object it was loaded from (a hidden ``version`` field);
the service compares it (``expected_version``) and the database compares it again when the row is
written (``version_id_col``), so a stale save and a real race both end in a ``ConflictError`` on
``work().conflict``. The view then builds an ``EditConflict``: the other person's saved values next
to the text this person typed, field by field. The typed text stays in the form, and the form's
hidden version becomes theirs, so the next save is a deliberate overwrite.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from wtforms import Field

from .errors import ConflictError

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
