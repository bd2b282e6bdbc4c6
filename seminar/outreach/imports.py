"""Importing a list of invitations (CSV or XLSX): the invitations' kind of list for the shared
``registration.import_pipeline`` (safe reading, preview with every row's problems, the stored
upload between preview and confirmation, all or nothing). Each row is checked by the same rules
as the invitation form.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..accounts.models import User
from ..errors import DomainError
from ..events.models import Event
from ..registration import imports as registration_imports
from ..registration.import_pipeline import ImportPreview, ImportRow, RowHandler, key, lookup
from ..registration.import_pipeline import import_rows as import_list
from ..registration.imports import INSTITUTION_TYPES, LANGUAGES, countries
from ..registration.models import InstitutionType
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


class InvitationRows(RowHandler):
    """A list of institutions and people to invite."""

    headings = HEADINGS

    def __init__(self, event: Event) -> None:
        super().__init__(event)
        self.countries = countries()

    def check_columns(self, found: Collection[str]) -> None:
        if "email" not in found:
            raise DomainError(
                _(
                    "The first row must name the columns; we found no column for the e-mail "
                    "address."
                ),
                field="file",
            )

    def check(self, row: ImportRow) -> None:
        v = row.values
        data: dict[str, Any] = {k: v.get(k, "") for k in ("institution", "contact_name", "email")}
        kind = v.get("kind", "")
        data["kind"] = lookup(
            row, key(kind), KINDS, _("Unknown kind of invitation “%(value)s”.", value=kind)
        ) or (InvitationKind.INSTITUTION if data["institution"] else InvitationKind.PERSON)
        country = v.get("country", "")
        data["country"] = lookup(
            row, country, self.countries, _("Unknown country “%(value)s”.", value=country), ""
        )
        itype = v.get("institution_type", "")
        data["institution_type"] = lookup(
            row,
            itype,
            INSTITUTION_TYPES,
            _("Unknown type of institution “%(value)s”.", value=itype),
            InstitutionType.GOVERNMENT,
        )
        language = v.get("language", "")
        data["language"] = lookup(
            row,
            language,
            LANGUAGES,
            _("Unknown language “%(value)s”.", value=language),
            self.event.default_language,
        )
        quota = v.get("quota", "") or "1"
        if not quota.isdigit():
            row.problems.append(
                _("The number of delegates “%(value)s” is not a number.", value=quota)
            )
        data["quota"] = int(quota) if quota.isdigit() else 1
        try:
            row.data = invitations.validate_invitation(self.event, data)
        except DomainError as error:
            row.problems.append(error.message)
            row.data = {"email": data["email"].lower()}


def import_rows(
    event: Event, preview: ImportPreview, *, send: bool, by: User | None = None
) -> list[Invitation]:
    """Invite every row of a clean preview (the caller commits once: all or nothing)."""
    created = import_list(preview, lambda data: invitations.invite(event, data, by=by, send=send))
    audit.record(
        "invitation.imported",
        event=event,
        summary=_("%(n)d invitations imported", n=len(created)),
        by=by,
    )
    return created
