"""Absolute links come from SEMINAR_PUBLIC_URL, never from the request's Host header; production
refuses other hosts and refuses to start without a public URL and a secret key."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask

from seminar import create_app
from seminar.agenda.demo import load_demo as load_agenda_demo
from seminar.events.demo import load_demo as load_event_demo
from seminar.extensions import db as _db
from seminar.registration.badges import checkin_url
from tests.factories import make_event, make_user
from tests.registration.factories import make_registration, make_settings
from tests.registration.helpers import mail_to

PUBLIC = "https://seminar.example.org"
EVIL = {"Host": "evil.example"}


@pytest.fixture
def public_url(app: Flask, client: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The site's public address; the test client talks to it under a forged Host header, as an
    attacker would (token and cookies fetched under that host too)."""
    monkeypatch.setitem(app.config, "PUBLIC_URL", PUBLIC)
    client.environ_base["HTTP_HOST"] = "evil.example"
    return PUBLIC


def _body(message: Any) -> str:
    return str(message.get_body(preferencelist=("plain",)).get_content())


def test_password_reset_link_ignores_a_forged_host(client, db, mailbox, public_url):
    make_user(email="admin@example.org")
    response = client.post("/password/forgot", data={"email": "admin@example.org"})
    assert response.status_code == 302
    body = _body(mail_to(mailbox, "admin@example.org")[0])
    assert re.search(rf"{PUBLIC}/password/reset/\S+", body)
    assert "evil.example" not in body


def test_participants_personal_link_ignores_a_forged_host(client, db, mailbox, public_url):
    event = make_event()
    make_settings(event)
    make_registration(event, email="ana@example.org")
    client.post(f"/events/{event.slug}/register/link", data={"email": "ana@example.org"})
    message = mail_to(mailbox, "ana@example.org")[0]
    body = _body(message)
    assert f"{PUBLIC}/events/{event.slug}/registration/" in body
    assert "evil.example" not in message.as_string()


def test_team_invitation_ignores_a_forged_host(client, db, login_as, mailbox, public_url):
    event = make_event()
    login_as("organizer", event)
    client.post(
        f"/manage/{event.slug}/team",
        data={"email": "new@example.org", "name": "Nueva", "role": "rapporteur"},
    )
    body = _body(mail_to(mailbox, "new@example.org")[0])
    assert f"{PUBLIC}/invitation/" in body  # the invitation's own link (choose a password)
    assert "evil.example" not in body


def test_invitation_of_an_existing_account_links_to_the_public_sign_in(
    client, db, login_as, mailbox, public_url
):
    event = make_event()
    make_user(email="known@example.org")
    login_as("organizer", event)
    client.post(
        f"/manage/{event.slug}/team",
        data={"email": "known@example.org", "name": "", "role": "checkin"},
    )
    body = _body(mail_to(mailbox, "known@example.org")[0])
    assert f"{PUBLIC}/login" in body
    assert "evil.example" not in body


def test_cached_exports_never_carry_a_forged_host(client, db, public_url):
    event = load_agenda_demo(load_event_demo(None))
    db.commit()
    for path in ("agenda.ics", "schedule.json", "schedule.xml"):
        forged = client.get(f"/events/{event.slug}/{path}").get_data(as_text=True)
        later = client.get(
            f"/events/{event.slug}/{path}", headers={"Host": "seminar.example.org"}
        ).get_data(as_text=True)
        for text in (forged, later):
            assert "evil.example" not in text, path
            assert PUBLIC in text, path


def test_badge_qr_code_link_uses_the_public_url_inside_any_request(app, db, public_url):
    event = make_event()
    registration = make_registration(event)
    with app.test_request_context("/", headers=EVIL):
        url = checkin_url(registration)
    assert url.startswith(f"{PUBLIC}/manage/{event.slug}/checkin/")


def test_public_url_without_a_request_keeps_a_path_prefix(app, db, monkeypatch):
    from seminar.links import public_url

    monkeypatch.setitem(app.config, "PUBLIC_URL", "https://example.org/seminario/")
    with app.app_context():
        assert public_url("events.show", slug="lapaz", _anchor="agenda") == (
            "https://example.org/seminario/events/lapaz/#agenda"
        )


@pytest.fixture
def production(app_config: dict[str, Any]) -> Any:
    made: list[Flask] = []

    def _make(**overrides: Any) -> Flask:
        config = {
            **app_config,
            "ENV_NAME": "production",
            "PUBLIC_URL": PUBLIC,
            "PUBLIC_URL_ALIASES": ["internal.lan"],
            **overrides,
        }
        made.append(create_app(config))
        return made[-1]

    yield _make
    for application in made:
        with application.app_context():
            _db.engine.dispose()


def test_production_answers_400_to_other_hosts(production, db):
    client = production().test_client()
    assert client.get("/healthz", headers=EVIL).status_code == 400
    assert client.get("/healthz", headers={"Host": "seminar.example.org"}).status_code == 200
    assert client.get("/healthz", headers={"Host": "internal.lan:8000"}).status_code == 200
    page = client.get("/", headers={"Host": "evil.example:443"})
    assert page.status_code == 400
    assert "This site is not served at this address." in page.get_data(as_text=True)


@pytest.mark.parametrize("missing", ["PUBLIC_URL", "SECRET_KEY"])
def test_production_refuses_to_start_without_public_url_or_secret(production, missing):
    with pytest.raises(RuntimeError, match=f"SEMINAR_{missing} must be set in production"):
        production(**{missing: None})
