"""What a visitor's conditional request needs to know about an event, without loading it.

A 304 for a public page or export needs the event's id, version and time stamp (every public
cache key and ETag holds them), whether anyone may see it, and its main language. They are read
as one Core row and kept in the shared cache under the event's address, so that a reverse proxy
revalidating a page costs no query at all.

Correctness rests on one rule: a commit that changes an event replaces its entry with a marker
("changed") for a short while, and readers only ever *add* an entry where there is none. A
reader that read the row just before the commit cannot then put the old state back over the
marker; while the marker lives, requests read the row again. Entries also expire on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Any

from sqlalchemy import bindparam, event, inspect, select
from sqlalchemy.orm import Session

from .. import cache
from ..extensions import db
from ..uow import after_commit
from .models import Event, EventStatus, language_codes

STATE_SECONDS = 60
CHANGED = "changed"
CHANGED_SECONDS = 10


@dataclass(frozen=True)
class PublicState:
    id: int
    version: int
    updated_at: datetime
    is_public: bool
    default_language: str


_ROW = select(Event.id, Event.version, Event.updated_at, Event.status, Event.languages).where(
    Event.slug == bindparam("slug")
)


def _key(slug: str) -> tuple[str, str]:
    return ("public-state", slug)


def public_state(slug: str) -> PublicState | None:
    """The event's public state by address: from the shared cache, else one Core row."""
    cached = cache.peek(_key(slug))
    if isinstance(cached, PublicState):
        return cached
    row = db.session.connection().execute(_ROW, {"slug": slug}).first()
    if row is None:
        return None
    languages = language_codes(row.languages)
    state = PublicState(
        id=row.id,
        version=row.version,
        updated_at=row.updated_at,
        is_public=row.status != EventStatus.DRAFT,
        default_language=languages[0] if languages else "es",
    )
    if cached is None:  # never over a "changed" marker
        cache.add(_key(slug), state, timeout=STATE_SECONDS)
    return state


def forget(slug: str) -> None:
    cache.put(_key(slug), CHANGED, timeout=CHANGED_SECONDS)


@event.listens_for(Session, "after_flush")
def _events_changed(session: Session, _context: Any) -> None:
    for obj in chain(session.new, session.dirty, session.deleted):
        if isinstance(obj, Event):
            old_slugs: tuple[str, ...] = tuple(inspect(obj).attrs.slug.history.deleted or ())
            for slug in {obj.slug, *old_slugs}:
                if slug:
                    after_commit(forget, slug)
