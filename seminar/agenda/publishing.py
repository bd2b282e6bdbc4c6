"""Publishing the agenda: numbered, frozen versions that every public page and export reads.

The organizers edit a working copy (rooms, themes, items, people). ``publish`` freezes it into an
``AgendaPublication``: its ``snapshot`` (built in ``snapshot``) and its ``changes``, what the public
sees differently from the previous version (compared in ``changes``). Here too: finding the
versions, and what the working copy would change if it were published now.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import Any, NamedTuple

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from .. import cache as shared_cache
from ..audit import ACTION_LABELS, record
from ..errors import ConflictError, DomainError
from ..events.models import Event
from ..extensions import db
from .changes import diff_snapshots
from .models import AgendaPublication
from .snapshot import build_snapshot

ACTION_LABELS.update({"agenda.published": _l("Agenda published")})


def latest_publication(event: Event) -> AgendaPublication | None:
    """The newest published version of the event's agenda (one query), or None."""
    return db.session.scalar(
        select(AgendaPublication)
        .where(AgendaPublication.event_id == event.id)
        .order_by(AgendaPublication.number.desc())
        .limit(1)
    )


@cache
def _latest_summary_statement() -> Any:
    """Built once (on first use, when every mapper is known): the public agenda asks per request."""
    return (
        select(
            AgendaPublication.id,
            AgendaPublication.event_id,
            AgendaPublication.number,
            AgendaPublication.published_at,
        )
        .where(AgendaPublication.event_id == bindparam("event_id"))
        .order_by(AgendaPublication.number.desc())
        .limit(1)
    )


class PublicationSummary(NamedTuple):
    """The newest version's identity: what cache keys and ETags of public pages hold."""

    id: int
    event_id: int
    number: int
    published_at: datetime


def latest_publication_summary(event: Any) -> PublicationSummary | None:
    """The newest version's summary row, or None. Publishing changes the event's version and
    time stamp (see ``publish``), so the answer is kept in the shared cache under them: a visitor's
    conditional request then needs no query for it."""

    def read() -> PublicationSummary | None:
        # Core execution on the session's connection: no ORM entities for one small row.
        connection = db.session.connection()
        row = connection.execute(_latest_summary_statement(), {"event_id": event.id}).first()
        return None if row is None else PublicationSummary(*row)

    return shared_cache.get_or_build(
        ("latest-publication", event.id, event.version, event.updated_at), read
    )


def publications(event: Event) -> list[AgendaPublication]:
    """All versions, newest first, with who published them."""
    return list(
        db.session.scalars(
            select(AgendaPublication)
            .options(selectinload(AgendaPublication.published_by))
            .where(AgendaPublication.event_id == event.id)
            .order_by(AgendaPublication.number.desc())
        )
    )


def pending_changes(event: Event) -> tuple[AgendaPublication | None, dict[str, list[Any]]]:
    """The latest version and what the working copy changes against it (all items)."""
    latest = latest_publication(event)
    current = build_snapshot(event)
    if latest is None:
        added = diff_snapshots({"items": [], "rooms": []}, current, public_only=False)
        return None, added
    return latest, diff_snapshots(latest.snapshot, current, public_only=False)


def publish(event: Event, *, by: Any, note: str = "") -> AgendaPublication:
    """Freeze the working copy as the next numbered version of the public agenda.

    Refuses an agenda without public items, and a version identical to the previous one.
    """
    snapshot = build_snapshot(event)
    if not any(item["is_public"] for item in snapshot["items"]):
        raise DomainError(_("The agenda has no public items yet: add some before publishing."))
    latest = latest_publication(event)
    if latest is not None and _same(latest.snapshot, snapshot):
        raise DomainError(_("Nothing has changed since version %(number)s.", number=latest.number))
    number = (
        db.session.scalar(
            select(func.max(AgendaPublication.number)).where(AgendaPublication.event_id == event.id)
        )
        or 0
    ) + 1
    changes = diff_snapshots(latest.snapshot if latest else None, snapshot, public_only=True)
    publication = AgendaPublication(
        event=event,
        number=number,
        published_at=datetime.now(UTC),
        published_by_id=getattr(by, "id", None),
        note=(note or "").strip()[:500],
        snapshot=snapshot,
        changes=changes,
    )
    db.session.add(publication)
    # A new version of the event: every public cache key and ETag holds the event's version.
    event.updated_at = publication.published_at
    try:
        db.session.flush()
    except IntegrityError as exc:  # another organizer took this number at the same moment
        raise ConflictError(
            _(
                "Another organizer has just published version %(number)s. "
                "Review the changes and publish again.",
                number=number,
            )
        ) from exc
    record(
        "agenda.published",
        event=event,
        obj=publication,
        summary=_("Version %(number)s", number=number),
        changes={kind: len(entries) for kind, entries in changes.items()} or None,
        by=by,
    )
    return publication


def _same(old: dict[str, Any], new: dict[str, Any]) -> bool:
    """Identical for visitors: same items, rooms, themes and people as published."""
    return all(
        old.get(key) == new.get(key) for key in ("event", "rooms", "themes", "people", "items")
    )
