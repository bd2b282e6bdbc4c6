"""The source language of texts written before the event's main language changed.

A text's column is in the event's main language unless a ``ContentSource`` row says otherwise.
When organizers switch the main language (Spanish to English, say), the texts already written do
not change language: each gets a row naming the former main language, so translators still see
the Spanish originals and the English as missing, and readers of English are not shown Spanish
as if it were English. Rows that now name the new main language say nothing and are dropped.
"""

from __future__ import annotations

from sqlalchemy import delete, select

from ..events.models import Event
from ..extensions import db
from .models import ContentSource
from .services import forget, owners


def main_language_changed(event: Event, former: str) -> int:
    """Record ``former`` as the source language of every written text of ``event`` that had
    none of its own, now that ``event.default_language`` is another; returns how many."""
    current = event.default_language
    if current == former:
        return 0
    chosen = {
        (row.owner, row.owner_id, row.field)
        for row in db.session.scalars(
            select(ContentSource).where(ContentSource.event_id == event.id)
        )
    }
    recorded = 0
    for entry in owners():
        for obj in entry.objects(event):
            for name in entry.fields:
                if not getattr(obj, name, None) or (entry.kind, obj.id, name) in chosen:
                    continue
                db.session.add(
                    ContentSource(
                        event_id=event.id, owner=entry.kind, owner_id=obj.id, field=name,
                        lang=former,
                    )
                )  # fmt: skip
                recorded += 1
    db.session.execute(
        delete(ContentSource).where(
            ContentSource.event_id == event.id, ContentSource.lang == current
        )
    )
    db.session.flush()
    forget()
    return recorded
