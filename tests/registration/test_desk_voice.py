"""The desk's registration page speaks about the participant, not to them; the public form and
the participant's own edit page keep addressing the participant."""

from __future__ import annotations

import re

from seminar.registration import links
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings

SPANISH = {"Accept-Language": "es"}


def _legends(page: str) -> list[str]:
    """The numbered section headings of the form."""
    steps = re.findall(r'<legend><span class="reg-step"[^>]*>\d+</span>([^<]*)</legend>', page)
    return [step.strip() for step in steps]


def test_the_desk_page_names_the_participant_in_spanish(app, client, db, login_as):
    event = make_event()
    make_settings(event)
    registration = make_registration(event)
    login_as("organizer", event)
    page = client.get(
        f"/manage/{event.slug}/registrations/{registration.id}", headers=SPANISH
    ).get_data(as_text=True)
    legends = _legends(page)
    assert legends[:3] == ["Participante", "Institución", "Asistencia"]
    assert "Sus datos" not in page
    assert "Su institución" not in page


def test_the_participant_is_still_addressed_on_their_own_pages(app, client, db):
    event = make_event()
    make_settings(event)
    registration = make_registration(event)
    db.commit()
    with app.test_request_context():
        token = links.self_service_token(registration)
    edit = client.get(f"/events/{event.slug}/registration/{token}/edit", headers=SPANISH).get_data(
        as_text=True
    )
    assert _legends(edit)[0] == "Sus datos"
    form = client.get(f"/events/{event.slug}/register", headers=SPANISH).get_data(as_text=True)
    assert _legends(form)[0] == "Sus datos"
