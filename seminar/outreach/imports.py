"""Importing a list of invitations (CSV or XLSX): read, check every row, then all or nothing.

The file goes through the registration import's safe reading (``registration.imports.read_rows``:
size limits, hostile workbooks refused before parsing) and waits between the preview and the
confirmation in the same signed, expiring store; each row is checked by the same rules as the
invitation form, and one bad row imports nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..accounts.models import User
from ..errors import DomainError
from ..events.models import Event
from ..registration import imports as registration_imports
from . import invitations
from .models import Invitation, InvitationKind

# Column headings we recognize (folded: lower case, no accents, letters and digits only).
HEADINGS: dict[str, tuple[str, ...]] = {
    "kind": ("kind", "invitationkind", "invitation", "invitacion", "tipodeinvitacion", "clase"),
    "institution": registration_imports.HEADINGS["institution"],
    "institution_type": ("institutiontype", "typeofinstitution", "tipodeinstitucion",
                         "tipoinstitucion"),
    "country": registration_imports.HEADINGS["country"],
    "contact_name": ("contact", "contactname", "focalpoint", "name", "invitee", "contacto",
                     "puntofocal", "nombre", "invitado", "invitada"),
    "email": registration_imports.HEADINGS["email"],
    "language": registration_imports.HEADINGS["preferred_language"],
    "quota": ("quota", "delegates", "places", "cupo", "cupos", "delegados", "plazas"),
}  # fmt: skip
KINDS = {"institution": InvitationKind.INSTITUTION, "institucion": InvitationKind.INSTITUTION,
         "person": InvitationKind.PERSON, "persona": InvitationKind.PERSON}  # fmt: skip
FIELD_LABELS: dict[str, Any] = {
    "kind": _l("Kind of invitation"),
    "institution": _l("Institution"),
    "institution_type": _l("Type of institution"),
    "country": _l("Country"),
    "contact_name": _l("Focal point or invitee"),
    "email": _l("E-mail"),
    "language": _l("Language"),
    "quota": _l("Delegates"),
}

audit.ACTION_LABELS.update({"invitation.imported": _l("Invitations imported from a list")})


@dataclass
class Row:
    line: int
    values: dict[str, str]
    data: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


@dataclass
class Preview:
    rows: list[Row]
    columns: list[str]

    @property
    def problem_rows(self) -> list[Row]:
        return [row for row in self.rows if row.problems]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.problem_rows


def check_rows(event: Event, filename: str, raw: bytes) -> Preview:
    """Read the file and list every row's problems; writes nothing."""
    headings, body = registration_imports.read_rows(filename, raw)
    key = registration_imports._key
    lookup = {alias: name for name, aliases in HEADINGS.items() for alias in aliases}
    mapping: dict[int, str] = {}
    for index, heading in enumerate(headings):
        name = lookup.get(key(heading))
        if name and name not in mapping.values():
            mapping[index] = name
    if "email" not in mapping.values():
        raise DomainError(
            _("The first row must name the columns; we found no column for the e-mail address."),
            field="file",
        )
    countries = registration_imports._countries()
    seen: dict[str, int] = {}
    rows = []
    for offset, cells in enumerate(body):
        values = {
            name: str(cells[i]).strip() if i < len(cells) else "" for i, name in mapping.items()
        }
        row = Row(line=offset + 2, values=values)
        _check_row(event, row, countries)
        email = row.data.get("email")
        if email in seen:
            row.problems.append(_("The same e-mail address is on line %(line)d.", line=seen[email]))
        elif email:
            seen[email] = row.line
        rows.append(row)
    return Preview(rows=rows, columns=[mapping[i] for i in sorted(mapping)])


def _check_row(event: Event, row: Row, countries: dict[str, str]) -> None:
    key = registration_imports._key
    v = row.values
    data: dict[str, Any] = {k: v.get(k, "") for k in ("institution", "contact_name", "email")}
    kind = key(v.get("kind", ""))
    if kind and kind not in KINDS:
        row.problems.append(_("Unknown kind of invitation “%(value)s”.", value=v["kind"]))
    data["kind"] = KINDS.get(kind) or (
        InvitationKind.INSTITUTION if data["institution"] else InvitationKind.PERSON
    )
    country = v.get("country", "")
    if country and key(country) not in countries:
        row.problems.append(_("Unknown country “%(value)s”.", value=country))
    data["country"] = countries.get(key(country), "")
    itype = v.get("institution_type", "")
    if itype and key(itype) not in registration_imports.INSTITUTION_TYPES:
        row.problems.append(_("Unknown type of institution “%(value)s”.", value=itype))
    data["institution_type"] = registration_imports.INSTITUTION_TYPES.get(key(itype), "government")
    language = v.get("language", "")
    if language and key(language) not in registration_imports.LANGUAGES:
        row.problems.append(_("Unknown language “%(value)s”.", value=language))
    data["language"] = registration_imports.LANGUAGES.get(key(language), event.default_language)
    quota = v.get("quota", "") or "1"
    if not quota.isdigit():
        row.problems.append(_("The number of delegates “%(value)s” is not a number.", value=quota))
    data["quota"] = int(quota) if quota.isdigit() else 1
    try:
        row.data = invitations.validate_invitation(event, data)
    except DomainError as error:
        row.problems.append(error.message)
        row.data = {"email": data["email"].lower()}


def import_rows(
    event: Event, preview: Preview, *, send: bool, by: User | None = None
) -> list[Invitation]:
    """Invite every row of a clean preview (the caller commits once: all or nothing)."""
    if not preview.is_valid:
        raise DomainError(_("Correct the rows with problems first; nothing was imported."))
    created = []
    for row in preview.rows:
        try:
            created.append(invitations.invite(event, dict(row.data), by=by, send=send))
        except DomainError as error:
            raise DomainError(
                _("Line %(line)d: %(problem)s Nothing was imported.", line=row.line,
                  problem=error.message)
            ) from error  # fmt: skip
    audit.record(
        "invitation.imported",
        event=event,
        summary=_("%(n)d invitations imported", n=len(created)),
        by=by,
    )
    return created
