"""Importing a list of invited officials (CSV or XLSX): read, check every row, then all or nothing.

The organizer uploads the ministry's spreadsheet; ``read_rows`` understands UTF-8 (with or without
BOM), Windows-1252/Latin-1, ';' or ',' separators and the first sheet of an .xlsx workbook, and
matches column headings in English or Spanish. Files from outside are hostile until checked
(``safe_files``): a workbook is inspected as a zip and its XML prologs before openpyxl opens it, and
every cell has a length limit. ``check_rows`` lists every row's problems without
writing anything. ``import_rows`` registers every row through ``services.register`` in the caller's
transaction and refuses to start if any row has a problem, so one bad row writes nothing.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from .. import audit, storage
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from . import capacity, services
from .checkin import fold
from .models import InstitutionType, Registration, RegistrationStatus, Sex
from .safe_files import MAX_COLUMNS, check_cell, check_workbook

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
UPLOAD_SALT = "seminar.registration.import"
UPLOAD_MAX_AGE = 2 * 60 * 60  # the preview stays confirmable for two hours
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

audit.ACTION_LABELS.update({"registration.imported": _l("Registrations imported from a list")})

# Column headings we recognize (folded: lower case, no accents, letters and digits only).
HEADINGS: dict[str, tuple[str, ...]] = {
    "honorific": ("honorific", "title", "salutation", "tratamiento", "titulo", "trato"),
    "given_name": ("givenname", "givennames", "firstname", "firstnames", "name", "nombre",
                   "nombres", "forename"),
    "family_name": ("familyname", "lastname", "surname", "surnames", "apellido", "apellidos"),
    "position": ("position", "jobtitle", "role", "function", "cargo", "puesto", "funcion"),
    "institution": ("institution", "organization", "organisation", "agency", "ministry",
                    "institucion", "organizacion", "organismo", "entidad", "ministerio"),
    "institution_type": ("institutiontype", "typeofinstitution", "type", "tipodeinstitucion",
                         "tipoinstitucion", "tipo"),
    "country": ("country", "pais", "nationality", "nacionalidad"),
    "sex": ("sex", "gender", "sexo", "genero"),
    "email": ("email", "emailaddress", "mail", "correo", "correoelectronico", "correoe"),
    "phone": ("phone", "telephone", "mobile", "telefono", "celular", "movil"),
    "preferred_language": ("language", "preferredlanguage", "idioma", "lengua"),
    "dietary_needs": ("dietaryneeds", "diet", "dietary", "alimentacion", "dieta",
                      "necesidadesalimentarias"),
    "accessibility_needs": ("accessibilityneeds", "accessibility", "accesibilidad",
                            "necesidadesdeaccesibilidad"),
}  # fmt: skip

SEXES: dict[str, Sex] = {
    **{s.value.replace("_", ""): s for s in Sex},
    "f": Sex.FEMALE, "woman": Sex.FEMALE, "femenino": Sex.FEMALE, "mujer": Sex.FEMALE,
    "m": Sex.MALE, "man": Sex.MALE, "masculino": Sex.MALE, "hombre": Sex.MALE, "varon": Sex.MALE,
    "otro": Sex.OTHER, "prefernottosay": Sex.UNDISCLOSED, "prefieronodecir": Sex.UNDISCLOSED,
    "prefieronodecirlo": Sex.UNDISCLOSED,
}  # fmt: skip

INSTITUTION_TYPES: dict[str, InstitutionType] = {
    **{t.value.replace("_", ""): t for t in InstitutionType},
    "gobierno": InstitutionType.GOVERNMENT,
    "governmental": InstitutionType.GOVERNMENT,
    "gubernamental": InstitutionType.GOVERNMENT,
    "internationalorganization": InstitutionType.INTERNATIONAL,
    "internationalorganisation": InstitutionType.INTERNATIONAL,
    "organismointernacional": InstitutionType.INTERNATIONAL,
    "organizacioninternacional": InstitutionType.INTERNATIONAL,
    "sociedadcivil": InstitutionType.CIVIL_SOCIETY,
    "ngo": InstitutionType.CIVIL_SOCIETY,
    "ong": InstitutionType.CIVIL_SOCIETY,
    "academia": InstitutionType.ACADEMIA,
    "university": InstitutionType.ACADEMIA,
    "universidad": InstitutionType.ACADEMIA,
    "otro": InstitutionType.OTHER,
    "otra": InstitutionType.OTHER,
}

LANGUAGES = {"es": "es", "spanish": "es", "espanol": "es", "castellano": "es",
             "en": "en", "english": "en", "ingles": "en"}  # fmt: skip


def _key(text: Any) -> str:
    return re.sub(r"[^a-z0-9]", "", fold(str(text or "")))


def _countries() -> dict[str, str]:
    """Folded country names in English and Spanish, and ISO codes, to the ISO code."""
    table: dict[str, str] = {}
    for language in ("en", "es"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                table[_key(name)] = code
                table[_key(code)] = code
    # Everyday names that differ from the CLDR ones.
    table.update({"eeuu": "US", "usa": "US", "espana": "ES", "reinounido": "GB", "uk": "GB"})
    return table


@dataclass
class ImportRow:
    line: int  # as the spreadsheet shows it (the heading is line 1)
    values: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def is_valid(self) -> bool:
        return not self.problems

    @property
    def name(self) -> str:
        return " ".join(
            v for v in (self.values.get("given_name", ""), self.values.get("family_name", "")) if v
        )


@dataclass
class ImportPreview:
    rows: list[ImportRow]
    columns: list[str]  # our field names found in the file, in file order
    ignored_columns: list[str]

    @property
    def problem_rows(self) -> list[ImportRow]:
        return [r for r in self.rows if r.problems]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.problem_rows


# --- Reading files ---------------------------------------------------------------------------


def _decode(raw: bytes) -> str:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp1252")  # Excel on Windows: Latin-1 plus curly quotes and dashes
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _read_csv(raw: bytes) -> list[list[str]]:
    unreadable = _("This file is not a CSV list we can read. Save it as CSV (UTF-8) or .xlsx.")
    text = _decode(raw)
    if "\x00" in text:  # binary content, or UTF-16 that Excel calls "Unicode text"
        raise DomainError(unreadable, field="file")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            for column, value in enumerate(row):
                check_cell(value, line=len(rows) + 1, column=column)
            rows.append(row)
            if len(rows) > MAX_ROWS + 1:
                break
    except csv.Error as exc:  # stray carriage returns, a field beyond the csv module's limit
        raise DomainError(unreadable, field="file") from exc
    return rows


def _read_xlsx(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    unreadable = _("This file is not a spreadsheet we can read.")
    check_workbook(raw)  # sizes, compression and XML declarations, before openpyxl parses anything
    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError) as exc:
        raise DomainError(unreadable, field="file") from exc
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise DomainError(unreadable, field="file")
        rows: list[list[str]] = []
        for row in sheets[0].iter_rows(values_only=True, max_col=MAX_COLUMNS + 1):
            cells = ["" if v is None else str(v).strip() for v in row]
            for column, value in enumerate(cells):
                check_cell(value, line=len(rows) + 1, column=column)
            rows.append(cells)
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, SyntaxError, TypeError) as exc:
        raise DomainError(unreadable, field="file") from exc
    finally:
        workbook.close()


def read_rows(filename: str, raw: bytes) -> tuple[list[str], list[list[str]]]:
    """(headings, rows) of a CSV or XLSX file; DomainError(field="file") for anything unreadable."""
    if not raw:
        raise DomainError(_("The file is empty."), field="file")
    if len(raw) > MAX_BYTES:
        raise DomainError(_("The file is larger than 2 MB."), field="file")
    if raw.startswith(b"PK\x03\x04"):
        rows = _read_xlsx(raw)
    elif filename.lower().endswith((".xlsx", ".xlsm")):
        raise DomainError(_("This file is not a spreadsheet we can read."), field="file")
    elif filename.lower().endswith((".xls", ".ods")):
        raise DomainError(_("Save the list as .xlsx or .csv first (File › Save as)."), field="file")
    else:
        rows = _read_csv(raw)
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise DomainError(_("The file is empty."), field="file")
    if len(rows) - 1 > MAX_ROWS:
        raise DomainError(
            _("The list has more than %(n)d rows; split it into smaller files.", n=MAX_ROWS),
            field="file",
        )
    headings, body = rows[0], rows[1:]
    return [str(h).strip() for h in headings], body


def map_headings(headings: list[str]) -> tuple[dict[int, str], list[str]]:
    """Which column holds which field; and the headings we do not use."""
    lookup = {alias: name for name, aliases in HEADINGS.items() for alias in aliases}
    mapping: dict[int, str] = {}
    ignored = []
    for index, heading in enumerate(headings):
        name = lookup.get(_key(heading))
        if name and name not in mapping.values():
            mapping[index] = name
        elif heading:
            ignored.append(heading)
    return mapping, ignored


# --- Checking --------------------------------------------------------------------------------


def check_rows(event: Event, filename: str, raw: bytes) -> ImportPreview:
    """Read the file and list every row's problems; writes nothing."""
    headings, body = read_rows(filename, raw)
    mapping, ignored = map_headings(headings)
    missing = [f for f in ("given_name", "family_name", "email") if f not in mapping.values()]
    if missing:
        raise DomainError(
            _(
                "The first row must name the columns. We could not find: %(columns)s. Use "
                "headings such as Nombre, Apellidos, Cargo, Institución, País, Correo electrónico.",
                columns=", ".join(str(FIELD_LABELS[f]) for f in missing),
            ),
            field="file",
        )
    countries = _countries()
    registered = set(
        db.session.scalars(select(Registration.email).where(Registration.event_id == event.id))
    )
    seen: dict[str, int] = {}
    rows = []
    for offset, cells in enumerate(body):
        values = {
            name: str(cells[i]).strip() if i < len(cells) else "" for i, name in mapping.items()
        }
        row = ImportRow(line=offset + 2, values=values)
        _check_row(event, row, countries)
        email = row.data.get("email")
        if email:
            if email in registered:
                row.problems.append(_("Already registered for this event."))
            elif email in seen:
                row.problems.append(
                    _("The same e-mail address is on line %(line)d.", line=seen[email])
                )
            else:
                seen[email] = row.line
        rows.append(row)
    return ImportPreview(
        rows=rows, columns=[mapping[i] for i in sorted(mapping)], ignored_columns=ignored
    )


def _check_row(event: Event, row: ImportRow, countries: dict[str, str]) -> None:
    v = row.values
    data: dict[str, Any] = {
        key: v.get(key, "")
        for key in ("honorific", "given_name", "family_name", "position", "institution", "phone",
                    "dietary_needs", "accessibility_needs")
    }  # fmt: skip
    if not data["given_name"]:
        row.problems.append(_("The given name is missing."))
    if not data["family_name"]:
        row.problems.append(_("The family name is missing."))
    if not data["institution"]:
        row.problems.append(_("The institution is missing."))
    email = v.get("email", "")
    if not email:
        row.problems.append(_("The e-mail address is missing."))
    else:
        try:
            data["email"] = validate_email(email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            row.problems.append(_("“%(value)s” is not a valid e-mail address.", value=email))
    country = v.get("country", "")
    if not country:
        row.problems.append(_("The country is missing."))
    elif _key(country) in countries:
        data["country"] = countries[_key(country)]
    else:
        row.problems.append(_("Unknown country “%(value)s”.", value=country))
    kind = v.get("institution_type", "")
    if kind:
        if _key(kind) in INSTITUTION_TYPES:
            data["institution_type"] = INSTITUTION_TYPES[_key(kind)]
        else:
            row.problems.append(_("Unknown type of institution “%(value)s”.", value=kind))
    else:
        data["institution_type"] = InstitutionType.GOVERNMENT
    sex = v.get("sex", "")
    if sex:
        if _key(sex) in SEXES:
            data["sex"] = SEXES[_key(sex)]
        else:
            row.problems.append(_("Unknown answer “%(value)s” for sex.", value=sex))
    language = v.get("preferred_language", "")
    if language:
        if _key(language) in LANGUAGES:
            data["preferred_language"] = LANGUAGES[_key(language)]
        else:
            row.problems.append(_("Unknown language “%(value)s”.", value=language))
    for key, limit in services.TEXT_LIMITS.items():
        if len(" ".join(str(data.get(key, "")).split())) > limit:
            row.problems.append(
                _("%(field)s is longer than %(n)d characters.", field=FIELD_LABELS[key], n=limit)
            )
    row.data = {
        k: val for k, val in data.items() if val != "" or k in ("given_name", "family_name")
    }


# --- Importing -------------------------------------------------------------------------------


# The states an organizer may give the imported rows.
IMPORT_STATES = (
    RegistrationStatus.CONFIRMED,
    RegistrationStatus.PENDING,
    RegistrationStatus.WAITLISTED,
)


def seats_warning(event: Event, preview: ImportPreview) -> str | None:
    """Plain words for the preview when confirming every row would need more seats than are free
    (``None`` when they fit). The same rule as ``services.register``: the first rows take the free
    seats and the others join the waiting list."""
    free = capacity.seats_left(event)
    if free is None or len(preview.rows) <= free:
        return None
    return capacity.imported_beyond_seats(free, len(preview.rows))


def import_rows(
    event: Event,
    preview: ImportPreview,
    *,
    notify: bool,
    status: RegistrationStatus | None = None,
    by: Any = None,
) -> list[Registration]:
    """Register every row of a clean preview (caller commits once: all or nothing).

    ``status``: the state the organizer chose for every row (one of ``IMPORT_STATES``); confirmed
    rows take the free seats in file order under the capacity lock, the rest join the waiting list.
    ``None`` follows the event's own rule, as for the public form.
    """
    if status is not None and status not in IMPORT_STATES:
        raise DomainError(_("Choose a state for the imported registrations."), field="state")
    if not preview.is_valid:
        raise DomainError(_("Correct the rows with problems first; nothing was imported."))
    created = []
    for row in preview.rows:
        try:
            created.append(
                services.register(
                    event, dict(row.data), source="import", by=by, notify=notify, wanted=status
                )
            )
        except DomainError as error:
            raise DomainError(
                _("Line %(line)d: %(problem)s Nothing was imported.", line=row.line,
                  problem=error.message)
            ) from error  # fmt: skip
    audit.record(
        "registration.imported",
        event=event,
        summary=_("%(n)d registrations imported", n=len(created)),
        by=by,
    )
    return created


# --- The uploaded file between preview and confirmation --------------------------------------
#
# The file waits in the database store (any web node can confirm it), never under a URL, for two
# hours at most. The page carries a signed ticket naming it, valid for this event and this user.


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UPLOAD_SALT)


def _user_id(by: Any) -> int | None:
    return getattr(by, "id", None)


def keep_upload(event: Event, filename: str, raw: bytes, *, by: Any = None) -> str:
    """Store the file until it is confirmed (two hours at most); returns the signed ticket."""
    name = storage.put(
        raw,
        media_type=XLSX_TYPE if raw.startswith(b"PK\x03\x04") else "text/csv",
        kind="imports",
        expires_at=utcnow() + timedelta(seconds=UPLOAD_MAX_AGE),
    )
    payload = {"e": event.id, "u": _user_id(by), "n": name, "f": filename[:200]}
    return str(_signer().dumps(payload))


def _ticket(event: Event, ticket: str, by: Any) -> dict[str, Any]:
    try:
        payload = _signer().loads(ticket, max_age=UPLOAD_MAX_AGE)
    except SignatureExpired as exc:
        raise DomainError(
            _("The uploaded file has expired. Please upload it again."), field="file"
        ) from exc
    except BadSignature as exc:
        raise DomainError(_("Please upload the file again."), field="file") from exc
    if (
        not isinstance(payload, dict)
        or payload.get("e") != event.id
        or payload.get("u") != _user_id(by)
        or not isinstance(payload.get("n"), str)
    ):
        raise DomainError(_("Please upload the file again."), field="file")
    return payload


def load_upload(event: Event, ticket: str, *, by: Any = None) -> tuple[str, str, bytes]:
    """(stored name, original file name, bytes) of a ticket from this event's and user's preview."""
    payload = _ticket(event, ticket, by)
    raw = storage.read(payload["n"])
    if raw is None:
        raise DomainError(_("The uploaded file has expired. Please upload it again."), field="file")
    return payload["n"], str(payload.get("f", "")), raw


def discard_upload(name: str) -> None:
    """The list is imported: delete the stored file once the import commits."""
    storage.delete_later(name)


FIELD_LABELS: dict[str, Any] = {
    "honorific": _l("Honorific"),
    "given_name": _l("Given name"),
    "family_name": _l("Family name"),
    "position": _l("Position"),
    "institution": _l("Institution"),
    "institution_type": _l("Type of institution"),
    "country": _l("Country"),
    "sex": _l("Sex"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "preferred_language": _l("Language"),
    "dietary_needs": _l("Dietary needs"),
    "accessibility_needs": _l("Accessibility needs"),
}
