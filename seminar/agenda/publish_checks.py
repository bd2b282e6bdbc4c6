"""What an organizer should know before publishing the agenda.

Publishing freezes the working copy as it stands: clashes still open in it become public, and
while the event itself is a draft its public pages (the agenda among them) answer "not found".
The publish page says so once, next to the button, rather than after the fact.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..events.models import Event, EventStatus
from . import conflicts, services


@dataclass(frozen=True)
class PublishChecks:
    """The warnings of the publish page: the open clashes, and whether the event is a draft."""

    is_event_draft: bool
    clashes: list[conflicts.Conflict] = field(default_factory=list)

    def __bool__(self) -> bool:
        return self.is_event_draft or bool(self.clashes)


def before_publishing(event: Event) -> PublishChecks:
    """The clashes of the working copy (errors first) and the event's own state."""
    found = conflicts.find_conflicts(event, services.items_for(event))
    return PublishChecks(is_event_draft=event.status == EventStatus.DRAFT, clashes=found)
