"""Exports of the registrations: CSV (UTF-8 with BOM, so Excel shows accents) and XLSX, with the
same filters as the organizer desk (``listing``); and the printable participants' list."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_babel import format_datetime, get_locale
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..events.models import Event
from ..extensions import db
from ..i18n import _sort_key, country_name
from . import listing
from .models import Registration, RegistrationStatus
from .question_services import answers_for, display, questions_for
from .questions import RegistrationQuestion

STATUS_LABELS: dict[str, Any] = {
    "pending": _l("Awaiting approval"),
    "confirmed": _l("Confirmed"),
    "waitlisted": _l("Waiting list"),
    "declined": _l("Declined"),
    "cancelled": _l("Cancelled"),
}
SEX_LABELS: dict[str, Any] = {
    "not_stated": _l("Not stated"),
    "female": _l("Female"),
    "male": _l("Male"),
    "other": _l("Other"),
    "undisclosed": _l("Prefer not to say"),
}
INSTITUTION_TYPE_LABELS: dict[str, Any] = {
    "government": _l("Government"),
    "international": _l("International organization"),
    "civil_society": _l("Civil society"),
    "academia": _l("Academia"),
    "other": _l("Other"),
}


@dataclass(frozen=True)
class Column:
    key: str
    label: Any
    width: int  # characters, for the spreadsheet


COLUMNS = (
    Column("status", _l("Status"), 16),
    Column("honorific", _l("Honorific"), 11),
    Column("given_name", _l("Given name"), 20),
    Column("family_name", _l("Family name"), 22),
    Column("position", _l("Position"), 34),
    Column("institution", _l("Institution"), 40),
    Column("institution_type", _l("Type of institution"), 24),
    Column("country", _l("Country"), 16),
    Column("sex", _l("Sex"), 14),
    Column("email", _l("E-mail"), 32),
    Column("phone", _l("Phone"), 18),
    Column("preferred_language", _l("Language"), 10),
    Column("days", _l("Days"), 24),
    Column("needs_interpretation", _l("Interpretation"), 14),
    Column("dietary_needs", _l("Dietary needs"), 24),
    Column("accessibility_needs", _l("Accessibility needs"), 24),
    Column("consents_to_list", _l("In the participants' list"), 14),
    Column("checked_in", _l("Checked in"), 24),
    Column("source", _l("Source"), 10),
    Column("created_at", _l("Registered at"), 18),
)


def export_registrations(event: Event, args: Mapping[str, Any]) -> list[Registration]:
    """The registrations the desk shows for the same query parameters (status, q, day, country,
    institution_type, sort, direction), all of them rather than one page."""
    filters = listing.Filters.from_args(args)
    query = listing.filtered_query(event, filters).options(selectinload(Registration.checkins))
    return list(db.session.scalars(query))


def _cell(registration: Registration, key: str) -> Any:
    if key == "status":
        return str(STATUS_LABELS[registration.status.value])
    if key == "institution_type":
        return str(INSTITUTION_TYPE_LABELS[registration.institution_type.value])
    if key == "country":
        return country_name(registration.country)
    if key == "sex":
        return str(SEX_LABELS[registration.sex.value])
    if key == "days":
        return ", ".join(registration.days or [])
    if key in ("needs_interpretation", "consents_to_list"):
        return _("Yes") if getattr(registration, key) else _("No")
    if key == "checked_in":
        return ", ".join(sorted(c.day.isoformat() for c in registration.checkins))
    if key == "created_at":
        return format_datetime(registration.created_at, "yyyy-MM-dd HH:mm")
    return getattr(registration, key) or ""


def _questions(registrations: Sequence[Registration]) -> list[RegistrationQuestion]:
    """The event's custom questions (hidden ones too: their answers are kept), a column each."""
    return questions_for(registrations[0].event, include_hidden=True) if registrations else []


def header(registrations: Sequence[Registration]) -> list[str]:
    language = str(get_locale())
    return [str(c.label) for c in COLUMNS] + [
        q.text(language)[0] for q in _questions(registrations)
    ]


def rows(registrations: Sequence[Registration]) -> list[list[Any]]:
    questions, language = _questions(registrations), str(get_locale())
    answers = answers_for(registrations) if questions else {}
    return [
        [_cell(r, c.key) for c in COLUMNS]
        + [display(q, answers.get(r.id, {}).get(q.id), language) for q in questions]
        for r in registrations
    ]


# A cell made only of digits and phone punctuation after a leading "+" or "-" ("+591 2 2123456",
# "-12.5") has no function, reference or string for a spreadsheet to act on: it stays as typed.
_PLAIN_NUMBER = re.compile(r"[+-]?[0-9(][0-9 ().\-/]*")


def _safe(value: Any) -> Any:
    """Neutralize spreadsheet formulas in text typed by registrants (CSV/formula injection).

    Following OWASP's CSV injection guidance, a cell that starts with =, +, -, @, a tab or a
    carriage return is prefixed with an apostrophe so that it is read as text, except a plain
    phone number or number, whose apostrophe people would only see as noise.
    """
    if not isinstance(value, str) or value[:1] not in ("=", "+", "-", "@", "\t", "\r"):
        return value
    if value[0] in "+-" and _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def to_csv(registrations: Sequence[Registration]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_safe(label) for label in header(registrations)])
    for row in rows(registrations):
        writer.writerow([_safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(registrations: Sequence[Registration], *, title: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None  # noqa: S101 (a new workbook always has one sheet)
    sheet.title = str(_("Registrations"))[:31]
    sheet.append(header(registrations))
    header_fill = PatternFill("solid", fgColor="0B5CAB")
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = header_fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
    for row in rows(registrations):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text typed by registrants is never a formula
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    for index in range(len(COLUMNS) + 1, sheet.max_column + 1):  # the custom questions
        sheet.column_dimensions[get_column_letter(index)].width = 24
    sheet.row_dimensions[1].height = 30
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
    workbook.properties.title = title[:200]
    workbook.properties.creator = "Seminar"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


# --- The participants' list ------------------------------------------------------------------


@dataclass
class CountryGroup:
    code: str
    name: str
    participants: list[Registration]


def participants_by_country(event: Event) -> list[CountryGroup]:
    """Confirmed participants who agreed to be listed, grouped by country (names in the UI
    language, sorted for that language), each group sorted by family name."""
    registrations = db.session.scalars(
        select(Registration).where(
            Registration.event_id == event.id,
            Registration.status == RegistrationStatus.CONFIRMED,
            Registration.consents_to_list.is_(True),
        )
    ).all()
    groups: dict[str, CountryGroup] = {}
    for registration in registrations:
        code = registration.country or ""
        if code not in groups:
            name = country_name(code) if code else _("Country not given")
            groups[code] = CountryGroup(code=code, name=name, participants=[])
        groups[code].participants.append(registration)
    for group in groups.values():
        group.participants.sort(key=lambda r: (_sort_key(r.family_name), _sort_key(r.given_name)))
    return sorted(groups.values(), key=lambda g: (not g.code, _sort_key(g.name)))
