"""One wording for seats: the same situation reads the same everywhere, with correct plurals in
English and Spanish, and never promises a waiting list when registrations await approval."""

from __future__ import annotations

import pytest
from flask_babel import force_locale

from seminar.registration import capacity
from seminar.registration.models import Registration, RegistrationStatus
from tests.factories import make_event
from tests.registration.factories import make_registration, make_settings

NOTES = {
    ("en", 0, False): "Full: new registrations join the waiting list",
    ("en", 0, True): "Full: new registrations await approval",
    ("en", 1, False): "1 seat left",
    ("en", 2, True): "2 seats left",
    ("en", None, True): "No seat limit",
    ("es", 0, False): "Completo: las nuevas inscripciones pasan a la lista de espera",
    ("es", 0, True): "Completo: las nuevas inscripciones quedan pendientes de aprobación",
    ("es", 1, False): "Queda 1 plaza",
    ("es", 2, True): "Quedan 2 plazas",
    ("es", None, False): "Sin límite de plazas",
}


@pytest.mark.parametrize(("lang", "free", "approval"), list(NOTES))
def test_seats_note_per_language_free_seats_and_approval(app, lang, free, approval):
    with app.test_request_context(), force_locale(lang):
        assert capacity.seats_note(free, requires_approval=approval) == NOTES[lang, free, approval]


REFUSALS = {
    ("en", 0, 1): "No seat is free, and 1 registration would need one.",
    ("en", 1, 2): "Only 1 seat is free, and 2 registrations would need one.",
    ("en", 2, 3): "Only 2 seats are free, and 3 registrations would need one.",
    ("es", 0, 1): "No hay ninguna plaza libre, y 1 inscripción necesitaría una.",
    ("es", 1, 2): "Solo queda 1 plaza libre, y 2 inscripciones necesitarían una.",
    ("es", 2, 3): "Solo quedan 2 plazas libres, y 3 inscripciones necesitarían una.",
}


@pytest.mark.parametrize(("lang", "free", "needed"), list(REFUSALS))
def test_not_enough_seats_never_says_only_0_and_agrees_in_number(app, lang, free, needed):
    with app.test_request_context(), force_locale(lang):
        message = capacity.not_enough_seats(free, needed)
    assert message.startswith(REFUSALS[lang, free, needed])
    assert "Only 0" not in message


def test_one_seat_refusal_in_both_languages(app):
    with app.test_request_context():
        with force_locale("en"):
            assert capacity.no_seat_for(1).startswith("The only seat is taken.")
            assert capacity.no_seat_for(2).startswith("All 2 seats are taken.")
        with force_locale("es"):
            assert capacity.no_seat_for(1).startswith("La única plaza está ocupada.")
            assert capacity.no_seat_for(30).startswith("Las 30 plazas están ocupadas.")


def _full_event(db, *, approval: bool):
    event = make_event()
    make_settings(event, capacity=1, requires_approval=approval)
    make_registration(event)
    db.commit()
    return event


@pytest.mark.parametrize("lang", ["en", "es"])
def test_full_event_with_approval_never_mentions_the_waiting_list(client, db, lang):
    event = _full_event(db, approval=True)
    page = client.get(f"/events/{event.slug}/register", headers={"Accept-Language": lang}).get_data(
        as_text=True
    )
    if lang == "en":
        assert "Full: new registrations await approval" in page
        assert "the organizers review every registration" in page
        assert "waiting list" not in page
    else:
        assert "Completo: las nuevas inscripciones quedan pendientes de aprobación" in page
        assert "lista de espera" not in page


def test_full_event_without_approval_promises_the_waiting_list(client, db):
    event = _full_event(db, approval=False)
    page = client.get(f"/events/{event.slug}/register", headers={"Accept-Language": "en"}).get_data(
        as_text=True
    )
    assert "Full: new registrations join the waiting list" in page
    assert "you will join the waiting list" in page


def test_desk_note_matches_the_public_note_when_approval_is_required(client, db, login_as):
    event = _full_event(db, approval=True)
    login_as("organizer", event)
    page = client.get(
        f"/manage/{event.slug}/registrations", headers={"Accept-Language": "es"}
    ).get_data(as_text=True)
    assert "Completo: las nuevas inscripciones quedan pendientes de aprobación" in page


def test_bulk_confirm_with_no_free_seat_is_refused_in_spanish(client, db, login_as):
    event = _full_event(db, approval=True)
    pending = make_registration(event, status=RegistrationStatus.PENDING)
    db.commit()
    login_as("organizer", event)
    response = client.post(
        f"/manage/{event.slug}/registrations/status",
        data={"ids": [str(pending.id)], "action": "confirm"},
        headers={"Accept-Language": "es"},
        follow_redirects=True,
    )
    assert "No hay ninguna plaza libre, y 1 inscripción necesitaría una." in response.get_data(
        as_text=True
    )
    db.expire_all()
    assert db.get(Registration, pending.id).status == RegistrationStatus.PENDING
