"""Sessions end when they should: signing out, a new password, disabling the account and "sign out
everywhere" end every session and remember-me cookie of the user; one sign-in lasts 30 days."""

from __future__ import annotations

import time
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from seminar import create_app
from seminar.accounts.models import User
from seminar.extensions import db as _db
from tests.factories import PASSWORD, make_user

SIGNED_IN = "Sign out"


def _sign_in(client: Any, email: str, *, remember: bool = True) -> None:
    data = {"email": email, "password": PASSWORD, "remember": "y" if remember else ""}
    response = client.post("/login", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)


def _signed_in(client: Any) -> bool:
    return SIGNED_IN in client.get("/").get_data(as_text=True)


def _stolen_copy(app: Flask, client: Any, *, with_session: bool = True) -> Any:
    """Another browser holding copies of the client's cookies (a stolen or forgotten device)."""
    thief = app.test_client()
    names = ("session", "remember_token") if with_session else ("remember_token",)
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, name
        thief.set_cookie(name, cookie.value)
    return thief


def test_remember_me_cookie_signs_in_again_until_the_user_signs_out(app, client, db):
    make_user(email="ana@example.org")
    _sign_in(client, "ana@example.org")
    device = _stolen_copy(app, client, with_session=False)
    assert _signed_in(device)
    client.post("/logout")
    replayed = app.test_client()  # the cookie as it was before signing out
    replayed.set_cookie("remember_token", device.get_cookie("remember_token").value)
    assert not _signed_in(replayed)
    assert "/login" in replayed.get("/account").headers["Location"]


def test_signing_out_ends_a_copied_session_cookie(app, client, db):
    make_user(email="ana@example.org")
    _sign_in(client, "ana@example.org", remember=False)
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    assert _signed_in(thief)
    client.post("/logout")
    assert not _signed_in(thief)


def test_changing_the_password_signs_out_other_devices_but_not_this_one(app, client, db):
    make_user(email="ana@example.org")
    _sign_in(client, "ana@example.org")
    other = _stolen_copy(app, client)
    response = client.post(
        "/account",
        data={
            "current_password": PASSWORD,
            "password": "a brand new password",
            "confirm": "a brand new password",
        },
    )
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Your password has been changed. Other devices have been signed out." in page
    assert _signed_in(client)
    assert not _signed_in(other)


def test_changing_the_password_needs_the_current_one(client, db, login_as):
    login_as("user")
    response = client.post(
        "/account",
        data={"current_password": "not it at all", "password": "x" * 12, "confirm": "x" * 12},
    )
    assert response.status_code == 400
    assert "This is not your current password." in response.get_data(as_text=True)


def test_resetting_the_password_ends_every_session(app, client, db, mailbox):
    make_user(email="ana@example.org", name="Ana")
    _sign_in(client, "ana@example.org")
    device = _stolen_copy(app, client)
    client.post("/password/forgot", data={"email": "ana@example.org"})
    body = mailbox.wait_for(1)[0].get_body(preferencelist=("plain",)).get_content()
    link = body[body.index("/password/reset/") :].split()[0]
    response = client.post(
        link, data={"password": "new password 2026", "confirm": "new password 2026"}
    )
    assert response.status_code == 302
    assert not _signed_in(device)
    assert not _signed_in(client)


def test_disabling_an_account_ends_its_sessions_at_once(app, client, db):
    make_user(email="ana@example.org")
    _sign_in(client, "ana@example.org")
    result = app.test_cli_runner().invoke(args=["disable-user", "ana@example.org"])
    assert result.exit_code == 0, result.output
    assert not _signed_in(client)
    db.expire_all()
    assert db.query(User).filter_by(email="ana@example.org").one().is_active_account is False
    response = client.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
    assert response.status_code == 401


def test_sign_out_everywhere_from_the_account_page(app, client, db):
    make_user(email="ana@example.org")
    _sign_in(client, "ana@example.org")
    laptop = _stolen_copy(app, client)
    page = client.get("/account").get_data(as_text=True)
    assert "Sign out everywhere" in page
    response = client.post("/account/sign-out-everywhere", follow_redirects=True)
    assert "You have been signed out on every device, this one included." in response.get_data(
        as_text=True
    )
    assert not _signed_in(client)
    assert not _signed_in(laptop)


def test_a_session_from_before_session_stamps_is_signed_out(client, db):
    user = make_user()
    db.commit()
    with client.session_transaction() as sess:
        sess["_user_id"] = str(user.id)
    assert not _signed_in(client)


def test_one_sign_in_lasts_at_most_thirty_days(client, db):
    user = make_user()
    db.commit()
    recent = int(time.time()) - 29 * 86400
    old = int(time.time()) - 31 * 86400
    with client.session_transaction() as sess:
        sess["_user_id"] = f"{user.id}:{user.session_stamp}:{recent}"
    assert _signed_in(client)
    with client.session_transaction() as sess:
        sess["_user_id"] = f"{user.id}:{user.session_stamp}:{old}"
    assert not _signed_in(client)


@pytest.mark.parametrize("configured", [timedelta(days=365), 90 * 86400])
def test_remember_me_is_capped_at_thirty_days(app_config, configured):
    application = create_app({**app_config, "REMEMBER_COOKIE_DURATION": configured})
    try:
        assert application.config["REMEMBER_COOKIE_DURATION"] == timedelta(days=30)
    finally:
        with application.app_context():
            _db.engine.dispose()
