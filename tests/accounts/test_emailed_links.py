"""E-mailed account links (password reset, sign-in, team invitation) that cannot be used: each
page says why and offers the way to a new link."""

from __future__ import annotations

from seminar.accounts.services import password_reset_token, set_account_active
from seminar.accounts.signin import sign_in_token
from tests.factories import make_user


def test_a_link_of_one_kind_never_opens_another_kinds_page(client, db):
    user = make_user()
    for url in (
        f"/login/link/{password_reset_token(user)}",
        f"/password/reset/{sign_in_token(user)}",
        f"/invitation/{password_reset_token(user)}",
    ):
        response = client.get(url)
        assert response.status_code == 400, url
        assert "not valid" in response.get_data(as_text=True)


def test_an_expired_reset_link_offers_to_ask_for_a_new_one(app, client, db, monkeypatch):
    token = password_reset_token(make_user())
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(f"/password/reset/{token}")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<h1>Link not valid</h1>" in page
    assert "This link has expired. Ask for a new one." in page
    assert '<a class="button" href="/password/forgot">Ask for a new link</a>' in page


def test_a_used_sign_in_link_offers_to_sign_in_again(client, db):
    user = make_user()
    link = f"/login/link/{sign_in_token(user)}"
    assert client.post(link).status_code == 302
    client.post("/logout")
    response = client.get(link)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "This link has already been used. Sign in again to get a new one." in page
    assert '<a class="button" href="/login">Sign in</a>' in page


def test_a_forged_team_invitation_says_who_can_send_a_new_one(client, db):
    page = client.get("/invitation/forged").get_data(as_text=True)
    assert "<h1>Invitation not valid</h1>" in page
    assert "can send you a new invitation from their team page." in page


def test_a_reset_link_stops_working_once_the_account_is_disabled(client, db):
    user = make_user(email="ana@example.org")
    link = f"/password/reset/{password_reset_token(user)}"
    set_account_active(user, False)
    db.flush()
    response = client.post(
        link, data={"password": "new password 2026", "confirm": "new password 2026"}
    )
    assert response.status_code == 400
    assert "This link has already been used" in response.get_data(as_text=True)
    assert not user.check_password("new password 2026")


def test_the_refusal_is_written_in_the_readers_language(client, db):
    response = client.get("/password/reset/forged", headers={"Accept-Language": "es"})
    page = response.get_data(as_text=True)
    assert "<h1>Enlace no válido</h1>" in page
    assert "/password/forgot" in page
    assert "Ask for a new link" not in page
