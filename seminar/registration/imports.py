"""Importing a list of invited officials (CSV or XLSX): read, check every row, then all or nothing.

The organizer uploads the ministry's spreadsheet; ``read_rows`` understands UTF-8 (with or without
BOM), Windows-1252/Latin-1, ';' or ',' separators and the first sheet of an .xlsx workbook, and
matches column headings in English or Spanish. ``check_rows`` lists every row's problems without
writing anything. ``import_rows`` registers every row through ``services.register`` in the caller's
transaction and refuses to start if any row has a problem, so one bad row writes nothing.
"""

from __future__ import annotations

import csv
import io
import re
import secrets
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select

from .. import audit
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from . import services
from .checkin import fold
from .models import InstitutionType, Registration

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
UPLOAD_SALT = "seminar.registration.import"
UPLOAD_MAX_AGE = 2 * 60 * 60  # the preview stays confirmable for two hours

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
    "email": ("email", "emailaddress", "mail", "correo", "correoelectronico", "correoe"),
    "phone": ("phone", "telephone", "mobile", "telefono", "celular", "movil"),
    "preferred_language": ("language", "preferredlanguage", "idioma", "lengua"),
    "dietary_needs": ("dietaryneeds", "diet", "dietary", "alimentacion", "dieta",
                      "necesidadesalimentarias"),
    "accessibility_needs": ("accessibilityneeds", "accessibility", "accesibilidad",
                            "necesidadesdeaccesibilidad"),
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
    text = _decode(raw)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    try:
        return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error as exc:  # binary content, stray carriage returns: not a list we can read
        raise DomainError(
            _("This file is not a CSV list we can read. Save it as CSV (UTF-8) or .xlsx."),
            field="file",
        ) from exc


def _read_xlsx(raw: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise DomainError(_("This file is not a spreadsheet we can read."), field="file") from exc
    try:
        sheet = workbook.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append(["" if v is None else str(v).strip() for v in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
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


def import_rows(
    event: Event, preview: ImportPreview, *, notify: bool, by: Any = None
) -> list[Registration]:
    """Register every row of a clean preview (caller commits once: all or nothing)."""
    if not preview.is_valid:
        raise DomainError(_("Correct the rows with problems first; nothing was imported."))
    created = []
    for row in preview.rows:
        try:
            created.append(
                services.register(event, dict(row.data), source="import", by=by, notify=notify)
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


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=UPLOAD_SALT)


def _folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "imports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def keep_upload(event: Event, filename: str, raw: bytes) -> str:
    """Store the file under a random name outside the public media paths; returns a signed ticket."""
    name = secrets.token_urlsafe(18)
    try:
        (_folder() / name).write_bytes(raw)
    except OSError as exc:  # a full disk must not look like success
        raise DomainError(
            _("The file could not be stored. Please try again later."), field="file"
        ) from exc
    return str(_signer().dumps({"e": event.id, "n": name, "f": filename[:200]}))


def load_upload(event: Event, ticket: str) -> tuple[str, bytes]:
    expired = _("The uploaded file has expired. Please upload it again.")
    try:
        payload = _signer().loads(ticket, max_age=UPLOAD_MAX_AGE)
    except SignatureExpired as exc:
        raise DomainError(expired, field="file") from exc
    except BadSignature as exc:
        raise DomainError(_("Please upload the file again."), field="file") from exc
    if payload.get("e") != event.id or not re.fullmatch(r"[A-Za-z0-9_-]+", payload.get("n", "")):
        raise DomainError(_("Please upload the file again."), field="file")
    path = _folder() / payload["n"]
    if not path.is_file():
        raise DomainError(expired, field="file")
    return str(payload.get("f", "")), path.read_bytes()


def discard_upload(ticket: str) -> None:
    try:
        payload = _signer().loads(ticket)
    except BadSignature:
        return
    name = payload.get("n", "")
    if re.fullmatch(r"[A-Za-z0-9_-]+", name):
        (_folder() / name).unlink(missing_ok=True)


FIELD_LABELS: dict[str, Any] = {
    "honorific": _l("Honorific"),
    "given_name": _l("Given name"),
    "family_name": _l("Family name"),
    "position": _l("Position"),
    "institution": _l("Institution"),
    "institution_type": _l("Type of institution"),
    "country": _l("Country"),
    "email": _l("E-mail"),
    "phone": _l("Phone"),
    "preferred_language": _l("Language"),
    "dietary_needs": _l("Dietary needs"),
    "accessibility_needs": _l("Accessibility needs"),
}
