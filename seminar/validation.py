"""Request values checked at the boundary: odd input is a 4xx with a message, never a 500.

- Bodies: a urlencoded form obeys the same ``MAX_FORM_PARTS`` / ``MAX_FORM_MEMORY_SIZE`` limits
  Werkzeug applies to multipart forms (it does not for urlencoded ones), counted on the raw bytes
  before anything is parsed; JSON refuses ``NaN``, ``Infinity``, numbers that overflow a float and
  nesting deeper than ``MAX_JSON_DEPTH``.
- Values: ``db_int`` (digits, ASCII only, within a database integer), ``iso_day`` and the form
  validator ``InRange`` (calendar days whose arithmetic cannot overflow) and ``check_lengths`` for
  JSON text fields, with the same limits as the forms.
"""

from __future__ import annotations

import io
import json
import math
import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import IO, Any

from flask import Flask
from flask.json.provider import DefaultJSONProvider
from flask_babel import gettext as _
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.formparser import FormDataParser
from wtforms.validators import ValidationError

from .errors import DomainError

MAX_DB_INT = 2**31 - 1  # PostgreSQL INTEGER; SQLite stores more, but ids never get there
MAX_JSON_DEPTH = 32
_DIGITS = re.compile(r"[0-9]{1,10}")  # ASCII only: str.isdigit() also accepts "١٢" and "²"
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2999, 12, 31)  # far from datetime's edges


class InvalidValue(DomainError):
    """A request value that cannot mean anything (a 400, shown next to its field)."""

    status = 400


# --- Bodies ------------------------------------------------------------------------------------


class BoundedFormDataParser(FormDataParser):
    """Applies ``max_form_parts`` and ``max_form_memory_size`` to urlencoded bodies as well.

    Werkzeug parses a urlencoded body whole, with no limit but ``MAX_CONTENT_LENGTH``: 15 MB of
    ``a=&a=&...`` is 1.5 million fields to decode and clean. Counting separators in the raw bytes
    costs milliseconds and refuses such a body with a 413 before any of that work."""

    def _parse_urlencoded(
        self,
        stream: IO[bytes],
        mimetype: str,
        content_length: int | None,
        options: dict[str, str],
    ) -> Any:
        body = stream.read()
        if self.max_form_memory_size is not None and len(body) > self.max_form_memory_size:
            raise RequestEntityTooLarge()
        if self.max_form_parts is not None and body.count(b"&") >= self.max_form_parts:
            raise RequestEntityTooLarge()
        return super()._parse_urlencoded(io.BytesIO(body), mimetype, content_length, options)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _depth(value: Any) -> int:
    deepest, stack = 0, [(value, 1)]
    while stack:
        current, level = stack.pop()
        if isinstance(current, dict):
            current = list(current.values())
        if isinstance(current, list):
            deepest = max(deepest, level)
            if level > MAX_JSON_DEPTH:
                break
            stack.extend((child, level + 1) for child in current)
    return deepest


class StrictJSONProvider(DefaultJSONProvider):
    """JSON as the standard defines it: a bad body becomes Flask's 400, never a 500 later."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        kwargs.setdefault("parse_constant", _refuse_constant)
        kwargs.setdefault("parse_float", _finite)
        try:
            value = json.loads(s, **kwargs)
        except RecursionError as exc:
            raise ValueError("JSON nested too deeply") from exc
        if _depth(value) > MAX_JSON_DEPTH:
            raise ValueError("JSON nested too deeply")
        return value


# --- Values ------------------------------------------------------------------------------------


def db_int(value: Any, *, field: str | None = None) -> int | None:
    """An id or version as the database can hold it; None for no value. Raises ``InvalidValue``
    for text that is not plain ASCII digits, booleans, floats and numbers out of range."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        value = int(value.strip())
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_DB_INT:
        return value
    raise InvalidValue(_("Send a whole number (such as 12) for ids and versions."), field=field)


def db_ints(values: Iterable[Any], *, field: str | None = None) -> list[int]:
    """Ids chosen in a list (``?ids=1,2`` or repeated fields); one odd value refuses them all."""
    found = []
    for value in values:
        for part in value.split(",") if isinstance(value, str) else [value]:
            number = db_int(part, field=field)
            if number is not None:
                found.append(number)
    return found


def optional_int(value: Any) -> int | None:
    """A filter such as ``?day=2``: a value that is not an id just filters nothing."""
    try:
        return db_int(value)
    except InvalidValue:
        return None


def iso_day(value: Any, *, field: str | None = None) -> date | None:
    """A day written 2026-12-02 (ASCII digits), within 1900-2999; None for no value."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and _DAY.fullmatch(value.strip()):
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            day = None
        if day is not None and FIRST_DAY <= day <= LAST_DAY:
            return day
    raise InvalidValue(_("Enter a date such as 2026-12-02."), field=field)


class InRange:
    """WTForms validator: a date or date-time within 1900-2999, so that adding a time zone's offset
    or a day to it can never overflow (year 9999 plus four hours is no date at all)."""

    def __call__(self, form: Any, field: Any) -> None:
        value = field.data
        day = value.date() if isinstance(value, datetime) else value
        if isinstance(day, date) and not FIRST_DAY <= day <= LAST_DAY:
            raise ValidationError(
                _(
                    "Enter a date between %(first)d and %(last)d.",
                    first=FIRST_DAY.year,
                    last=LAST_DAY.year,
                )
            )


def check_lengths(values: Mapping[str, Any], limits: Mapping[str, int]) -> None:
    """Text fields of a JSON body within the same limits as the form fields of the same name."""
    for key, limit in limits.items():
        value = values.get(key)
        if isinstance(value, str) and len(value) > limit:
            raise InvalidValue(_("This text is longer than %(n)d characters.", n=limit), field=key)


def init_app(app: Flask) -> None:
    app.json = StrictJSONProvider(app)
