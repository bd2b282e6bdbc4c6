"""Signing in and out, password reset and the create-admin command (throttling, sessions and
links: tests/security)."""

from __future__ import annotations

import re

from seminar.accounts.models import LoginAttempt, User
from tests.factories import PASSWORD, make_user


def test_sign_in_with_correct_password_and_sign_out(client, db):
    user = make_user(email="ana@example.org", name="Ana Quispe")
    response = client.post("/login", data={"email": "ANA@example.org ", "password": PASSWORD})
    assert response.status_code == 302
    page = client.get("/").get_data(as_text=True)
    assert "Ana Quispe" in page
    assert "Sign out" in page
    client.post("/logout")
    assert "Ana Quispe" not in client.get("/").get_data(as_text=True)
    assert db.get(User, user.id).last_login_at is not None


def test_wrong_password_says_so_without_revealing_which_part(client, db):
    make_user(email="ana@example.org")
    response = client.post(
        "/login", data={"email": "ana@example.org", "password": "wrong password"}
    )
    assert response.status_code == 401
    assert "The e-mail address or password is not correct." in response.get_data(as_text=True)
    response = client.post(
        "/login", data={"email": "nobody@example.org", "password": "wrong password"}
    )
    assert "The e-mail address or password is not correct." in response.get_data(as_text=True)


def test_successful_sign_in_clears_earlier_failures(client, db):
    make_user(email="ana@example.org")
    for _ in range(3):
        client.post("/login", data={"email": "ana@example.org", "password": "wrong password"})
    client.post("/login", data={"email": "ana@example.org", "password": PASSWORD})
    failures = db.query(LoginAttempt).filter_by(email="ana@example.org").count()
    assert failures == 0


def test_passwords_are_stored_hashed(db):
    user = make_user(password="a very secret phrase")
    assert "a very secret phrase" not in (user.password_hash or "")
    assert user.password_hash.startswith(("scrypt:", "pbkdf2:"))


def test_sign_in_redirects_back_to_the_page_asked_for_but_never_off_site(client, db):
    make_user(email="ana@example.org")
    response = client.post(
        "/login", data={"email": "ana@example.org", "password": PASSWORD, "next": "/manage/new"}
    )
    assert response.headers["Location"] == "/manage/new"
    client.post("/logout")
    response = client.post(
        "/login",
        data={"email": "ana@example.org", "password": PASSWORD, "next": "https://evil.example/"},
    )
    assert response.headers["Location"] == "/"


def _reset_link(message) -> str:
    body = message.get_body(preferencelist=("plain",)).get_content()
    match = re.search(r"http://localhost:5000/password/reset/\S+", body)
    assert match, body
    return match.group(0).replace("http://localhost:5000", "")


def test_password_reset_by_emailed_link_works_once(client, db, mailbox):
    make_user(email="ana@example.org", name="Ana")
    response = client.post("/password/forgot", data={"email": "ana@example.org"})
    assert response.status_code == 302
    [message] = mailbox.wait_for(1)
    assert message["To"] == "Ana <ana@example.org>"
    assert message["Subject"] == "Reset your password"
    link = _reset_link(message)
    response = client.post(
        link, data={"password": "new password 2026", "confirm": "new password 2026"}
    )
    assert response.status_code == 302
    response = client.post(
        "/login", data={"email": "ana@example.org", "password": "new password 2026"}
    )
    assert response.status_code == 302
    client.post("/logout")
    reused = client.get(link)
    assert reused.status_code == 400
    assert "already been used" in reused.get_data(as_text=True)


def test_password_reset_for_unknown_address_sends_nothing_and_reveals_nothing(client, db, mailbox):
    response = client.post(
        "/password/forgot", data={"email": "nobody@example.org"}, follow_redirects=True
    )
    assert "If an account exists for that address" in response.get_data(as_text=True)
    assert mailbox.messages == []


def test_tampered_reset_link_is_refused(client, db):
    response = client.get("/password/reset/not-a-real-token")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_reset_email_is_in_the_users_language(client, db, mailbox):
    make_user(email="eva@example.org", name="Eva", locale="es")
    client.post("/password/forgot", data={"email": "eva@example.org"})
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Restablezca su contraseña"
    assert "Hola, Eva" in message.get_body(preferencelist=("plain",)).get_content()


def test_create_admin_reads_the_password_from_stdin(app, db):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "boss@example.org"], input="a long admin password\n"
    )
    assert result.exit_code == 0, result.output
    db.expire_all()
    user = db.query(User).filter_by(email="boss@example.org").one()
    assert user.is_admin
    assert user.check_password("a long admin password")


def test_create_admin_refuses_a_short_password(app, db):
    result = app.test_cli_runner().invoke(
        args=["create-admin", "boss@example.org"], input="short\n"
    )
    assert result.exit_code != 0
    assert "at least 10 characters" in result.output
