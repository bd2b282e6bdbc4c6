"""The activity log reads in the organizer's language: stored summaries keep internal values
(statuses, field keys, roles), the page shows them with the labels of the desk and its forms."""

from __future__ import annotations

from seminar.accounts.invitations import add_member
from seminar.accounts.models import Role
from seminar.audit import AuditEntry
from seminar.events.services import EDITABLE_FIELDS as EVENT_FIELDS
from seminar.events.services import update_event
from seminar.registration import links, services, states
from seminar.registration.models import RegistrationStatus
from seminar.registration.settings import update_settings
from tests.factories import make_event, make_user
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import form_data

SPANISH = {"Accept-Language": "es"}


def _rows(client, event):
    page = client.get(f"/manage/{event.slug}/activity", headers=SPANISH).get_data(as_text=True)
    return page.split("<tr>")[2:]  # after the header row


def test_statuses_fields_and_roles_show_as_spanish_labels(app, client, db, login_as):
    event = make_event()
    settings = make_settings(event, capacity=40)
    registration = make_registration(event, given_name="Rosa", family_name="Mamani")
    db.commit()
    states.change_status(registration, RegistrationStatus.CANCELLED, notify=False)
    services.update_registration(
        registration, {"dietary_needs": "Sin gluten"}, expected_version=registration.version
    )
    update_settings(event, {"capacity": 45}, expected_version=settings.version)
    add_member(event, email="relatora@example.org", role=Role.RAPPORTEUR)
    settings_now = {key: getattr(event, key) for key in EVENT_FIELDS}
    update_event(
        event,
        {**settings_now, "venue": "Hotel Europa"},
        expected_version=event.version,
        by=make_user(),
    )
    db.commit()
    stored = {e.action: e.summary for e in db.query(AuditEntry)}
    assert stored["registration.status_changed"] == "Rosa Mamani: confirmed → cancelled"

    login_as("organizer", event)
    rows = _rows(client, event)
    [status] = [row for row in rows if "Estado de inscripción cambiado" in row]
    assert "Rosa Mamani: Confirmada → Cancelada" in status
    [edit] = [row for row in rows if "Inscripción modificada" in row]
    assert "Rosa Mamani: Necesidades alimentarias" in edit
    assert "dietary_needs" not in edit
    [seats] = [row for row in rows if "Número de plazas" in row]
    assert "capacity" not in seats
    [venue] = [row for row in rows if "Configuración del evento modificada" in row]
    assert "<td>Sede</td>" in venue
    assert "venue" not in venue
    [member] = [row for row in rows if "Miembro del equipo añadido" in row]
    assert "relatora@example.org: Relator/a" in member
    assert "rapporteur" not in member
    # The stored data is untouched: only the page translates it.
    assert db.query(AuditEntry).filter_by(action="registration.updated").one().summary == (
        "Rosa Mamani: dietary_needs"
    )


def test_a_participants_own_edit_is_theirs_in_the_activity_log(app, client, db, login_as):
    event = make_event()
    make_settings(event)
    registration = make_registration(event, given_name="Ana", family_name="Choque")
    db.commit()
    with app.test_request_context():
        token = links.self_service_token(registration)
    response = client.post(
        f"/events/{event.slug}/registration/{token}/edit",
        data={
            **form_data(event, email=registration.email, dietary_needs="Vegetariana"),
            "version": str(registration.version),
        },
    )
    assert response.status_code == 302
    entry = db.query(AuditEntry).filter_by(action="registration.updated").one()
    assert entry.by_participant

    login_as("organizer", event)
    [row] = [row for row in _rows(client, event) if "Inscripción modificada" in row]
    assert "La persona participante" in row
    assert "Sistema" not in row
