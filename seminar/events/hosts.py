"""Host organizations and signatories of an event: add, edit, reorder and remove them.

Every change makes a new version of the event (``Event.touch``): its public page, agenda PDF,
badges, certificates and report cover show these rows, and their caches are keyed on that version.
"""

from __future__ import annotations

from collections.abc import Callable
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


# --- adding and editing ------------------------------------------------------------------------


def _check_host(host: HostOrganization) -> None:
    if not host.name.strip():
        raise DomainError(_("Enter the organization's name."), field="name")
    if host.logo and not host.logo_alt.strip():
        raise DomainError(
            _("Describe the logo for people who cannot see it, for example its name."),
            field="logo_alt",
        )


def _check_signatory(signatory: Signatory) -> None:
    if not signatory.name.strip():
        raise DomainError(_("Enter the name of the person who signs."), field="name")


@dataclass(frozen=True)
class Kind:
    """What differs between a host organization and a signatory: its model, the event's list
    it belongs to, its texts, its image and how many an event may have."""

    name: str
    model: type[HostOrganization] | type[Signatory]
    collection: str
    texts: tuple[str, ...]
    image: str
    folder: str
    limit: int
    too_many: Callable[[], str]
    check: Callable[[Any], None]


KINDS = {
    "host": Kind(
        name="host", model=HostOrganization, collection="host_organizations",
        texts=("name", "short_name", "logo_alt"), image="logo", folder="logos", limit=MAX_HOSTS,
        too_many=lambda: _("An event has at most %(n)d host organizations.", n=MAX_HOSTS),
        check=_check_host,
    ),
    "signatory": Kind(
        name="signatory", model=Signatory, collection="signatories",
        texts=("name", "title", "organization"), image="signature", folder="signatures",
        limit=MAX_SIGNATORIES,
        too_many=lambda: _(
            "A certificate has room for at most %(n)d signatures.", n=MAX_SIGNATORIES
        ),
        check=_check_signatory,
    ),
}  # fmt: skip


def save(
    event: Event,
    kind: Kind,
    row: Any,
    data: dict[str, Any],
    *,
    expected_version: int = 0,
    image: Upload | None = None,
    remove_image: bool = False,
    by: User,
) -> Any:
    """Add a host or signatory at the end of its list (``row`` None; the first host is the main
    one, at most three signatures fit on a certificate), or save an edit of ``row`` unless
    someone else saved it since the form was loaded. ``image`` replaces its logo or signature
    image, ``remove_image`` removes it."""
    siblings = getattr(event, kind.collection)
    is_new = row is None
    if is_new:
        if len(siblings) >= kind.limit:
            raise DomainError(kind.too_many())
        row = kind.model(position=len(siblings))
    else:
        check_version(row, expected_version)
    for key in kind.texts:
        setattr(row, key, data.get(key, ""))
    stored = _store(image, folder=kind.folder, field=kind.image)
    _replace_file(row, kind.image, stored, remove_image)
    kind.check(row)
    if is_new:
        siblings.append(row)
    _changed(event, f"{kind.name}.{'added' if is_new else 'updated'}", row, row.name, by)
    return row


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
