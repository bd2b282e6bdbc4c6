"""Importing a list of invited officials (CSV or XLSX) as registrations: the participants' kind
of list for the shared ``import_pipeline`` (read, check every row, preview, then all or nothing).

The organizer uploads the ministry's spreadsheet; headings are matched in English or Spanish.
``check_rows`` lists every row's problems without writing anything. ``import_rows`` registers
every row through ``services.register`` in the caller's transaction and refuses to start if any
row has a problem, so one bad row writes nothing.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from babel import Locale
from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from .. import audit
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from . import capacity, services
from .import_pipeline import ImportPreview, ImportRow, RowHandler, key, lookup
from .import_pipeline import check_rows as check_list
from .import_pipeline import import_rows as import_list
from .models import InstitutionType, Registration, RegistrationStatus, Sex

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


def countries() -> dict[str, str]:
    """Folded country names in English and Spanish, and ISO codes, to the ISO code."""
    table: dict[str, str] = {}
    for language in ("en", "es"):
        for code, name in Locale.parse(language).territories.items():
            if len(code) == 2 and code.isalpha():
                table[key(name)] = code
                table[key(code)] = code
    # Everyday names that differ from the CLDR ones.
    table.update({"eeuu": "US", "usa": "US", "espana": "ES", "reinounido": "GB", "uk": "GB"})
    return table


class RegistrationRows(RowHandler):
    """A list of participants to register."""

    headings = HEADINGS

    def __init__(self, event: Event) -> None:
        super().__init__(event)
        self.countries = countries()
        self.registered = set(
            db.session.scalars(select(Registration.email).where(Registration.event_id == event.id))
        )

    def check_columns(self, found: Collection[str]) -> None:
        missing = [f for f in ("given_name", "family_name", "email") if f not in found]
        if missing:
            raise DomainError(
                _(
                    "The first row must name the columns. We could not find: %(columns)s. Use "
                    "headings such as Nombre, Apellidos, Cargo, Institución, País, Correo "
                    "electrónico.",
                    columns=", ".join(str(FIELD_LABELS[f]) for f in missing),
                ),
                field="file",
            )

    def known_problem(self, email: str) -> str | None:
        return _("Already registered for this event.") if email in self.registered else None

    def check(self, row: ImportRow) -> None:
        v = row.values
        data: dict[str, Any] = {
            name: v.get(name, "")
            for name in ("honorific", "given_name", "family_name", "position", "institution", "phone",
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
        data["country"] = lookup(
            row, country, self.countries, _("Unknown country “%(value)s”.", value=country)
        )
        kind = v.get("institution_type", "")
        data["institution_type"] = lookup(
            row,
            kind,
            INSTITUTION_TYPES,
            _("Unknown type of institution “%(value)s”.", value=kind),
            InstitutionType.GOVERNMENT,
        )
        sex = v.get("sex", "")
        data["sex"] = lookup(row, sex, SEXES, _("Unknown answer “%(value)s” for sex.", value=sex))
        language = v.get("preferred_language", "")
        data["preferred_language"] = lookup(
            row, language, LANGUAGES, _("Unknown language “%(value)s”.", value=language)
        )
        for name, limit in services.TEXT_LIMITS.items():
            if len(" ".join(str(data.get(name, "")).split())) > limit:
                row.problems.append(
                    _(
                        "%(field)s is longer than %(n)d characters.",
                        field=FIELD_LABELS[name],
                        n=limit,
                    )
                )
        row.data = {
            k: val
            for k, val in data.items()
            if val not in ("", None) or k in ("given_name", "family_name")
        }


def check_rows(event: Event, filename: str, raw: bytes) -> ImportPreview:
    """Read the file and list every row's problems; writes nothing."""
    return check_list(RegistrationRows(event), filename, raw)


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
    created = import_list(
        preview,
        lambda data: services.register(
            event, data, source="import", by=by, notify=notify, wanted=status
        ),
    )
    audit.record(
        "registration.imported",
        event=event,
        summary=_("%(n)d registrations imported", n=len(created)),
        by=by,
    )
    return created


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
