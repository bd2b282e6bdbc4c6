"""The demo's next edition: the La Paz seminar copied a year ahead, as a draft."""

from __future__ import annotations

from ..accounts.services import get_user_by_email
from .copying import copy_event, next_year_start
from .models import Event
from .services import get_event


def load_next_edition(event: Event) -> Event | None:
    """Copy the demo seminar once, as “… 2027” (the year after its own) on the same weekday."""
    starts_on = next_year_start(event.starts_on)
    slug = f"{event.slug}-{starts_on.year}"
    organizer = get_user_by_email("organizer@example.org")
    if get_event(slug) is not None or organizer is None:
        return None
    return copy_event(event, f"{event.title} {starts_on.year}", slug, starts_on, organizer).event
