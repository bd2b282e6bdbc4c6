"""The La Paz demo in two languages: Spanish source with its English translations."""

from __future__ import annotations

from typing import Any

import pytest

from seminar.agenda.demo import load_demo as load_agenda_demo
from seminar.content.demo import load_demo as load_content_demo
from seminar.events.demo import load_demo as load_event_demo
from seminar.registration.demo import load_demo as load_registration_demo


@pytest.fixture
def bilingual(db: Any) -> Any:
    event = load_event_demo(None)
    for load in (load_agenda_demo, load_registration_demo, load_content_demo):
        load(event)
        db.commit()
    return event
