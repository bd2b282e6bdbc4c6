"""The agenda's people: speakers, moderators and the others who take part in items.

Looking them up, writing them (with their photo), and finding and merging likely duplicates
(``duplicates``). Their roles in items are set with ``services.set_participants``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import audit, edits, uploads
from ..dbtypes import utcnow
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from .duplicates import Who, may_be_same
from .models import AgendaItem, ItemPerson, Person, PersonRole
from .services import fold

audit.ACTION_LABELS.update(
    {
        "agenda.person_created": _l("Person added"),
        "agenda.person_updated": _l("Person changed"),
        "agenda.person_deleted": _l("Person deleted"),
        "agenda.people_merged": _l("Duplicate people merged"),
    }
)

PERSON_FIELDS = ("honorific", "name", "position", "organization", "country", "bio", "email")


# --- Queries ------------------------------------------------------------------------------------


def people_for(event: Event) -> list[Person]:
    """The event's people, alphabetically, with their roles and items loaded."""
    people = db.session.scalars(
        select(Person)
        .options(selectinload(Person.roles).selectinload(ItemPerson.item))
        .where(Person.event_id == event.id)
    ).all()
    return sorted(people, key=lambda p: (fold(p.name), p.id))


def get_person(event: Event, person_id: int) -> Person | None:
    person = db.session.get(Person, person_id)
    return person if person is not None and person.event_id == event.id else None


def person_items(person: Person) -> list[tuple[AgendaItem, PersonRole]]:
    """The person's items in time order, with their role in each."""
    rows = sorted(person.roles, key=lambda link: (link.item.starts_at, link.position))
    return [(link.item, link.role) for link in rows]


# --- Writes -------------------------------------------------------------------------------------


def _clean_person(values: dict[str, Any]) -> dict[str, Any]:
    clean = {key: (values.get(key) or "").strip() for key in PERSON_FIELDS if key in values}
    if "name" in clean and not clean["name"]:
        raise DomainError(_("Enter the person's name."), field="name")
    if "country" in clean:
        clean["country"] = clean["country"].upper()[:2]
    if "email" in clean:
        clean["email"] = clean["email"].lower()
    return clean


def create_person(event: Event, values: dict[str, Any], *, by: Any = None) -> Person:
    clean = _clean_person({**values, "name": values.get("name", "")})
    person = Person(event=event, **clean)
    db.session.add(person)
    db.session.flush()
    audit.record("agenda.person_created", event=event, obj=person, summary=person.name, by=by)
    return person


def update_person(
    person: Person, values: dict[str, Any], *, expected_version: int | None, by: Any = None
) -> Person:
    message = _(
        "Someone else changed this person since you opened the form. Their version is shown "
        "below; your changes were not saved."
    )
    edits.refuse_stale(person, expected_version, message)
    clean = _clean_person(values)
    changes = audit.diff(person, clean)
    if not changes:
        return person
    with edits.stale_guard(message):
        for key, value in clean.items():
            setattr(person, key, value)
    if "email" in changes:
        changes["email"] = ["…", "…"]  # the audit log never shows private e-mail addresses
    audit.record(
        "agenda.person_updated",
        event=person.event,
        obj=person,
        summary=person.name,
        changes=changes,
        by=by,
    )
    db.session.flush()
    return person


def set_photo(person: Person, stream: IO[bytes], *, by: Any = None) -> Person:
    """Store a vetted copy of the uploaded photo (type and size checked by content)."""
    name = uploads.save_image(stream, folder="photos", field="photo", max_side=800)
    old, person.photo = person.photo, name
    person.updated_at = utcnow()
    db.session.flush()
    uploads.delete_file(old)
    audit.record(
        "agenda.person_updated", event=person.event, obj=person, summary=person.name, by=by
    )
    return person


def remove_photo(person: Person, *, by: Any = None) -> Person:
    old, person.photo = person.photo, None
    person.updated_at = utcnow()
    db.session.flush()
    uploads.delete_file(old)
    audit.record(
        "agenda.person_updated", event=person.event, obj=person, summary=person.name, by=by
    )
    return person


def delete_person(person: Person, *, by: Any = None) -> None:
    """Delete a person and their roles in items (the items stay)."""
    items = {link.item for link in person.roles}
    for item in items:
        item.updated_at = utcnow()
    uploads_name = person.photo
    audit.record(
        "agenda.person_deleted", event=person.event, obj=person, summary=person.name, by=by
    )
    db.session.delete(person)
    db.session.flush()
    uploads.delete_file(uploads_name)


def merge_people(keep: Person, duplicate: Person, *, by: Any = None) -> Person:
    """Fold a duplicate into the person to keep: their roles move over, empty fields fill in."""
    if keep.id == duplicate.id:
        raise DomainError(_("Choose two different people to merge."), field="duplicate")
    if keep.event_id != duplicate.event_id:
        raise DomainError(_("Choose people of this event."), field="duplicate")
    held = {(link.item_id, link.role) for link in keep.roles}
    for link in list(duplicate.roles):
        link.item.updated_at = utcnow()
        if (link.item_id, link.role) in held:
            db.session.delete(link)
        else:
            link.person = keep
            held.add((link.item_id, link.role))
    filled = []
    for key in (*PERSON_FIELDS, "photo"):
        if not getattr(keep, key) and getattr(duplicate, key):
            setattr(keep, key, getattr(duplicate, key))
            filled.append(key)
    if "photo" in filled:
        duplicate.photo = None
    leftover = duplicate.photo
    db.session.flush()
    db.session.expire(duplicate, ["roles"])
    audit.record(
        "agenda.people_merged",
        event=keep.event,
        obj=keep,
        summary=_("%(duplicate)s merged into %(keep)s", duplicate=duplicate.name, keep=keep.name),
        changes={"filled": filled} if filled else None,
        by=by,
    )
    db.session.delete(duplicate)
    keep.updated_at = utcnow()
    db.session.flush()
    uploads.delete_file(leftover)
    return keep


def likely_duplicates(people: Sequence[Person]) -> list[tuple[Person, Person]]:
    """Pairs that are probably the same person (``duplicates.may_be_same``), each later person
    paired with the first one it may be."""
    ordered = sorted(people, key=lambda p: p.id)
    pairs: list[tuple[Person, Person]] = []
    for index, person in enumerate(ordered):
        who = Who.of(person)
        match = next((p for p in ordered[:index] if may_be_same(Who.of(p), who)), None)
        if match is not None:
            pairs.append((match, person))
    return pairs


def possible_duplicates(event: Event, values: dict[str, Any]) -> list[Person]:
    """The event's people whom a person about to be created with ``values`` may already be."""
    who = Who.of(values)
    return [p for p in people_for(event) if may_be_same(Who.of(p), who)]
