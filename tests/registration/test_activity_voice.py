"""Who did what, in the registration's history and the activity log: a participant's own actions
through their personal link are theirs, never "System"; automatic ones stay "System"."""

from __future__ import annotations

from seminar.audit import AuditEntry
from seminar.registration import links
from seminar.registration.models import RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings


def test_a_participants_own_cancellation_is_theirs_in_both_logs(app, client, db, login_as):
    event = make_event()
    make_settings(event, capacity=1)
    leaving = make_registration(event, given_name="Rosa", family_name="Mamani")
    make_registration(
        event, given_name="Next", family_name="Inline", status=RegistrationStatus.WAITLISTED
    )
    db.commit()
    with app.test_request_context():
        token = links.self_service_token(leaving)
    client.post(
        f"/events/{event.slug}/registration/{token}/cancel", data={"reason": "Viaje oficial"}
    )
    cancelled = db.query(AuditEntry).filter_by(action="registration.status_changed").all()
    by_participant = {e.by_participant for e in cancelled}
    assert by_participant == {True, False}  # her cancellation, then the automatic promotion

    login_as("organizer", event)
    activity = client.get(f"/manage/{event.slug}/activity", headers={"Accept-Language": "es"})
    rows = activity.get_data(as_text=True).split("<tr>")
    [hers] = [row for row in rows if "Rosa Mamani" in row]
    assert "La persona participante" in hers
    assert "Sistema" not in hers
    [promotion] = [row for row in rows if "Next Inline" in row]
    assert "Sistema" in promotion
    history = client.get(
        f"/manage/{event.slug}/registrations/{leaving.id}", headers={"Accept-Language": "es"}
    ).get_data(as_text=True)
    assert "por la persona participante" in history
