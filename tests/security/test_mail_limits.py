"""No mail flooding, no enumeration: forms that send e-mail are limited per client address and per
recipient, and the registration form answers a repeated address without saying it is registered."""

from __future__ import annotations

from typing import Any

import pytest

from seminar.mail import OutboxMessage
from seminar.registration.models import Registration
from tests.factories import make_event, make_user
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import form_data, mail_to


def _sent_to(db: Any, address: str) -> int:
    return db.query(OutboxMessage).filter_by(to_address=address).count()


def test_password_reset_mails_one_recipient_only_a_few_times(client, db):
    make_user(email="admin@example.org")
    answers = [
        client.post("/password/forgot", data={"email": "admin@example.org"}).status_code
        for _ in range(7)
    ]
    assert answers == [302] * 5 + [429] * 2
    assert _sent_to(db, "admin@example.org") == 5


def test_the_limit_is_per_recipient_across_forms_and_addresses(client, db):
    event = make_event()
    make_settings(event)
    make_user(email="ana@example.org")
    make_registration(event, email="ana@example.org")
    for n in range(3):
        client.post(
            "/password/forgot",
            data={"email": "ana@example.org"},
            environ_base={"REMOTE_ADDR": f"192.0.2.{n}"},
        )
    for n in range(2):
        client.post(
            f"/events/{event.slug}/register/link",
            data={"email": "ANA@example.org "},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
        )
    response = client.post(f"/events/{event.slug}/register/link", data={"email": "ana@example.org"})
    assert response.status_code == 429
    assert _sent_to(db, "ana@example.org") == 5


def test_one_client_address_cannot_mail_many_recipients(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FORM_LIMIT_PER_ADDRESS", "3 per hour")
    event = make_event()
    make_settings(event)
    for n in range(4):
        make_registration(event, email=f"p{n}@example.org")
    answers = [
        client.post(
            f"/events/{event.slug}/register/link", data={"email": f"p{n}@example.org"}
        ).status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 302, 429]
    other = client.post(
        f"/events/{event.slug}/register/link",
        data={"email": "p3@example.org"},
        environ_base={"REMOTE_ADDR": "203.0.113.9"},
    )
    assert other.status_code == 302


def test_registration_and_invitations_are_limited_too(app, client, db, login_as, monkeypatch):
    monkeypatch.setitem(app.config, "MAIL_FORM_LIMIT_PER_ADDRESS", "2 per hour")
    event = make_event()
    make_settings(event)
    for n in range(2):
        response = client.post(
            f"/events/{event.slug}/register", data=form_data(event, email=f"r{n}@example.org")
        )
        assert response.status_code == 302
    blocked = client.post(
        f"/events/{event.slug}/register", data=form_data(event, email="r9@example.org")
    )
    assert blocked.status_code == 429
    assert db.query(Registration).count() == 2
    login_as("organizer", event)
    invite = client.post(
        f"/manage/{event.slug}/team",
        data={"email": "new@example.org", "name": "Nueva", "role": "rapporteur"},
    )
    assert invite.status_code == 429


def test_forms_with_errors_do_not_use_up_the_limit(client, db):
    for _ in range(8):
        client.post("/password/forgot", data={"email": "not an address"})
    make_user(email="admin@example.org")
    assert client.post("/password/forgot", data={"email": "admin@example.org"}).status_code == 302


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", "This form has been sent too many times."),
        ("es", "Este formulario se ha enviado demasiadas veces."),
    ],
)
def test_a_limited_visitor_gets_a_friendly_page_in_their_language(client, db, language, text):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    for _ in range(5):
        client.post("/password/forgot", data={"email": "someone@example.org"})
    response = client.post("/password/forgot", data={"email": "someone@example.org"})
    assert response.status_code == 429
    assert text in response.get_data(as_text=True)
    assert int(response.headers["Retry-After"]) > 0


def test_registering_a_known_address_answers_neutrally_and_mails_its_link(client, db, mailbox):
    event = make_event()
    make_settings(event)
    make_registration(event, email="ya.inscrita@example.org", given_name="Rosa")
    response = client.post(
        f"/events/{event.slug}/register",
        data=form_data(event, email="ya.inscrita@example.org", given_name="Impostora"),
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "already registered" not in page
    assert "Check your e-mail" in page
    assert "We are sending a message to ya.inscrita@example.org" in page
    assert db.query(Registration).count() == 1
    assert db.query(Registration).one().given_name == "Rosa"
    (message,) = mail_to(mailbox, "ya.inscrita@example.org")
    assert "Su enlace de inscripción" in message["Subject"]


def test_counters_are_shared_through_redis_when_it_is_configured(tmp_path):
    from flask import Flask

    from seminar.config import load_config

    shared = Flask("seminar", instance_path=str(tmp_path))
    load_config(shared, {"SECRET_KEY": "x", "REDIS_URL": "redis://cache.internal:6379/0"})
    assert shared.config["RATELIMIT_STORAGE_URI"] == "redis://cache.internal:6379/0"
    alone = Flask("seminar", instance_path=str(tmp_path))
    load_config(alone, {"SECRET_KEY": "x"})
    assert alone.config["RATELIMIT_STORAGE_URI"] == "memory://"
