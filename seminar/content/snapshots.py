"""A published agenda in a reader's language: the frozen snapshot with today's translations.

A publication freezes the source texts; translations are applied when the page or export is
built, so a translation saved after publishing shows at once (saving it bumps the event's version,
which every cache key of the public pages and exports holds).
"""

from __future__ import annotations

from typing import Any

from ..agenda.models import AgendaPublication
from ..agenda.programme import Programme
from ..events.models import Event
from .services import Localized, preload_event, resolve

_TEXTS = (
    ("rooms", "room", ("name",)),
    ("themes", "theme", ("name",)),
    ("people", "person", ("position", "bio")),
    ("items", "agenda_item", ("title", "description")),
)


def localize_snapshot(event: Event, snapshot: dict[str, Any], lang: str) -> dict[str, Any]:
    """A copy of ``snapshot`` whose texts are ``Localized`` in ``lang`` (two queries)."""
    preload_event(event.id, lang)
    localized = dict(snapshot)
    localized["event"] = {
        **snapshot["event"],
        "title": resolve("event", event.id, event.id, "title", snapshot["event"]["title"], lang),
    }
    for key, kind, fields in _TEXTS:
        localized[key] = [
            {
                **entry,
                **{
                    name: resolve(kind, entry["id"], event.id, name, entry.get(name) or "", lang)
                    for name in fields
                },
            }
            for entry in snapshot.get(key, [])
        ]
    return localized


def localized_programme(event: Event, publication: AgendaPublication, lang: str) -> Programme:
    """The publication's public programme with every text in ``lang`` (or marked as fallback)."""
    return Programme(localize_snapshot(event, publication.snapshot, lang))


def plain(value: Any) -> str:
    """A ``Localized`` as a plain ``str`` (for serializers that check exact types)."""
    return str.__str__(value) if isinstance(value, Localized) else str(value)
