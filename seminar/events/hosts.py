"""Host organizations and signatories of an event: add, edit, reorder and remove them.

Every change makes a new version of the event (``Event.touch``): its public page, agenda PDF,
badges, certificates and report cover show these rows, and their caches are keyed on that version.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any, TypeVar

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from .. import audit
from ..accounts.models import User
from ..errors import ConflictError, DomainError
from ..extensions import db
from ..uploads import delete_file
from .identity import HostOrganization, Signatory
from .logos import save_logo
from .models import Event

MAX_HOSTS = 8
MAX_SIGNATORIES = 3  # what fits side by side at the foot of a certificate

audit.ACTION_LABELS.update(
    {
        "host.added": _l("Host organization added"),
        "host.updated": _l("Host organization changed"),
        "host.moved": _l("Host organizations reordered"),
        "host.removed": _l("Host organization removed"),
        "signatory.added": _l("Signatory added"),
        "signatory.updated": _l("Signatory changed"),
        "signatory.moved": _l("Signatories reordered"),
        "signatory.removed": _l("Signatory removed"),
    }
)

Row = TypeVar("Row", HostOrganization, Signatory)


@dataclass
class Upload:
    """An uploaded image: its bytes and the name the browser gave it."""

    stream: IO[bytes]
    filename: str


def _store(upload: Upload | None, *, folder: str, field: str) -> str | None:
    if upload is None:
        return None
    return save_logo(upload.stream, filename=upload.filename, folder=folder, field=field)


def _replace_file(row: Any, column: str, new_name: str | None, remove: bool) -> None:
    if new_name or remove:
        delete_file(getattr(row, column))
        setattr(row, column, new_name)


def check_version(row: Any, expected_version: int) -> None:
    if expected_version != row.version:
        raise ConflictError(
            _(
                "Someone else changed this while you were editing it. Their version is shown "
                "below; your changes were not saved."
            )
        )


def _changed(event: Event, action: str, row: Any, summary: str, by: User) -> None:
    event.touch()
    db.session.flush()
    audit.record(action, event=event, obj=row, summary=summary, by=by)
    db.session.flush()


# --- host organizations ------------------------------------------------------------------------


def _check_host(host: HostOrganization) -> None:
    if not host.name.strip():
        raise DomainError(_("Enter the organization's name."), field="name")
    if host.logo and not host.logo_alt.strip():
        raise DomainError(
            _("Describe the logo for people who cannot see it, for example its name."),
            field="logo_alt",
        )


def add_host(
    event: Event, data: dict[str, Any], *, logo: Upload | None = None, by: User
) -> HostOrganization:
    """Add a host at the end of the list (the first host is the main one)."""
    if len(event.host_organizations) >= MAX_HOSTS:
        raise DomainError(_("An event has at most %(n)d host organizations.", n=MAX_HOSTS))
    host = HostOrganization(
        name=data.get("name", ""),
        short_name=data.get("short_name", ""),
        logo_alt=data.get("logo_alt", ""),
        logo=_store(logo, folder="logos", field="logo"),
        position=len(event.host_organizations),
    )
    _check_host(host)
    event.host_organizations.append(host)
    _changed(event, "host.added", host, host.name, by)
    return host


def update_host(
    host: HostOrganization,
    data: dict[str, Any],
    *,
    expected_version: int,
    logo: Upload | None = None,
    remove_logo: bool = False,
    by: User,
) -> HostOrganization:
    """Save an edit of a host unless someone else saved it since the form was loaded."""
    check_version(host, expected_version)
    for key in ("name", "short_name", "logo_alt"):
        setattr(host, key, data.get(key, ""))
    _replace_file(host, "logo", _store(logo, folder="logos", field="logo"), remove_logo)
    _check_host(host)
    _changed(host.event, "host.updated", host, host.name, by)
    return host


# --- signatories -------------------------------------------------------------------------------


def _check_signatory(signatory: Signatory) -> None:
    if not signatory.name.strip():
        raise DomainError(_("Enter the name of the person who signs."), field="name")


def add_signatory(
    event: Event, data: dict[str, Any], *, signature: Upload | None = None, by: User
) -> Signatory:
    """Add a person who signs the certificates (at most three fit on a certificate)."""
    if len(event.signatories) >= MAX_SIGNATORIES:
        raise DomainError(
            _("A certificate has room for at most %(n)d signatures.", n=MAX_SIGNATORIES)
        )
    signatory = Signatory(
        name=data.get("name", ""),
        title=data.get("title", ""),
        organization=data.get("organization", ""),
        signature=_store(signature, folder="signatures", field="signature"),
        position=len(event.signatories),
    )
    _check_signatory(signatory)
    event.signatories.append(signatory)
    _changed(event, "signatory.added", signatory, signatory.name, by)
    return signatory


def update_signatory(
    signatory: Signatory,
    data: dict[str, Any],
    *,
    expected_version: int,
    signature: Upload | None = None,
    remove_signature: bool = False,
    by: User,
) -> Signatory:
    """Save an edit of a signatory unless someone else saved it since the form was loaded."""
    check_version(signatory, expected_version)
    for key in ("name", "title", "organization"):
        setattr(signatory, key, data.get(key, ""))
    stored = _store(signature, folder="signatures", field="signature")
    _replace_file(signatory, "signature", stored, remove_signature)
    _check_signatory(signatory)
    _changed(signatory.event, "signatory.updated", signatory, signatory.name, by)
    return signatory


# --- both: order and removal -------------------------------------------------------------------


def _siblings(row: HostOrganization | Signatory) -> list[Any]:
    event = row.event
    return list(
        event.host_organizations if isinstance(row, HostOrganization) else event.signatories
    )


def move(row: Row, offset: int, *, by: User) -> Row:
    """Move a host or signatory one place up (-1) or down (+1); the first host is the main one."""
    rows = _siblings(row)
    index = rows.index(row)
    target = min(max(index + offset, 0), len(rows) - 1)
    rows.insert(target, rows.pop(index))
    for position, sibling in enumerate(rows):
        if sibling.position != position:
            sibling.position = position
    kind = "host" if isinstance(row, HostOrganization) else "signatory"
    _changed(row.event, f"{kind}.moved", row, row.name, by)
    db.session.expire(row.event, ["host_organizations", "signatories"])
    return row


def remove(row: HostOrganization | Signatory, *, by: User) -> None:
    """Remove a host or signatory and, once committed, its image if nothing else uses it."""
    event = row.event
    rows = _siblings(row)
    rows.remove(row)
    if isinstance(row, HostOrganization):
        delete_file(row.logo)
        event.host_organizations = rows
        action = "host.removed"
    else:
        delete_file(row.signature)
        event.signatories = rows
        action = "signatory.removed"
    for position, sibling in enumerate(rows):
        if sibling.position != position:
            sibling.position = position
    _changed(event, action, event, row.name, by)
