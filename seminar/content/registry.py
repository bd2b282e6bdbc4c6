"""The texts of the event, the agenda, the people and the registration form that are translated.

Other areas register their own owners the same way (the report registers its texts).
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from ..agenda.models import AgendaItem, Person, Room, Theme
from ..events.models import Event
from ..registration.models import RegistrationSettings
from .services import register

# Translated by organizers; other registered kinds (the report) by rapporteurs too.
CORE_KINDS = frozenset({"event", "room", "theme", "agenda_item", "person", "registration_settings"})

register(
    "event",
    Event,
    ("title", "subtitle", "description", "venue"),
    lambda event: event.id,
    label=_l("Event"),
    query=lambda event: select(Event).where(Event.id == event.id),
)
register("room", Room, ("name",), label=_l("Rooms"))
register(
    "theme",
    Theme,
    ("name",),
    label=_l("Themes"),
    query=lambda event: select(Theme).where(Theme.event_id == event.id).order_by(Theme.position),
)
register(
    "agenda_item",
    AgendaItem,
    ("title", "description"),
    label=_l("Agenda items"),
    query=lambda event: (
        select(AgendaItem)
        .where(AgendaItem.event_id == event.id)
        .order_by(AgendaItem.starts_at, AgendaItem.id)
    ),
)
register(
    "person",
    Person,
    ("position", "bio"),
    label=_l("People"),
    query=lambda event: select(Person).where(Person.event_id == event.id).order_by(Person.name),
)
register(
    "registration_settings",
    RegistrationSettings,
    ("privacy_notice",),
    label=_l("Registration form"),
)
