"""Helpers shared by every area's forms."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask_wtf import FlaskForm
from wtforms import SelectChoice

from .errors import DomainError


def attach_error(form: FlaskForm, error: DomainError) -> None:
    """Show a service's error next to the field it names, or at the top of the form."""
    field = getattr(form, error.field, None) if error.field else None
    if field is not None and hasattr(field, "errors"):
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def strip(value: object) -> object:
    """WTForms filter: surrounding spaces typed or pasted by people are never meaningful."""
    return value.strip() if isinstance(value, str) else value


def choices(pairs: Iterable[tuple[Any, Any]]) -> list[SelectChoice]:
    """(value, label) pairs as WTForms select choices; labels may be lazy translations."""
    return [SelectChoice(str(value), label) for value, label in pairs]
