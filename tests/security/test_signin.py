"""Sign-in abuse cannot lock anyone out: throttling per (account, address) and per address slows
guessing down, the owner always gets in with the right password plus an e-mailed link, a wrong
password costs the same whether or not the account exists, and old failures are purged."""

from __future__ import annotations

import re
import time
from datetime import timedelta
from typing import Any

from seminar.accounts.models import LoginAttempt
from seminar.dbtypes import utcnow
from tests.factories import PASSWORD, make_user

ATTACKER = {"REMOTE_ADDR": "203.0.113.66"}
OWNER = {"REMOTE_ADDR": "198.51.100.7"}
WRONG = "wrong password"  # noqa: S105


def _login(client: Any, email: str, password: str, address: dict[str, str]) -> Any:
    return client.post("/login", data={"email": email, "password": password}, environ_base=address)


def _fail(client: Any, email: str, times: int, address: dict[str, str] = ATTACKER) -> None:
    for _ in range(times):
        _login(client, email, WRONG, address)


def test_failures_from_elsewhere_never_keep_the_owner_out(client, db):
    make_user(email="admin@example.org")
    _fail(client, "admin@example.org", 12)
    response = _login(client, "admin@example.org", PASSWORD, OWNER)
    assert response.status_code == 302
    assert "Sign out" in client.get("/").get_data(as_text=True)


def test_repeated_failures_slow_that_address_down_with_a_clear_wait(client, db):
    make_user(email="ana@example.org")
    _fail(client, "ana@example.org", 4)
    response = _login(client, "ana@example.org", WRONG, ATTACKER)
    assert response.status_code == 429
    text = response.get_data(as_text=True)
    wait = int(response.headers["Retry-After"])
    assert 0 < wait <= 20
    assert re.search(rf"Try again in {wait} seconds?\.", text)


def test_a_throttled_answer_is_the_same_for_the_right_and_the_wrong_password(client, db, mailbox):
    make_user(email="ana@example.org")
    _fail(client, "ana@example.org", 4)
    wrong = _login(client, "ana@example.org", WRONG, ATTACKER)
    right = _login(client, "ana@example.org", PASSWORD, ATTACKER)
    assert wrong.status_code == right.status_code == 429

    def message(response: Any) -> str:
        return re.sub(r"\d+ seconds?", "N seconds", response.get_data(as_text=True))

    assert "we have also sent you an e-mail" in message(right)
    assert re.search(r'role="alert".*?</', message(right), re.S).group(0) == re.search(
        r'role="alert".*?</', message(wrong), re.S
    ).group(0)
    assert "Sign out" not in client.get("/").get_data(as_text=True)


def test_the_owner_gets_in_past_the_throttle_with_the_emailed_link_once(client, db, mailbox):
    make_user(email="ana@example.org", name="Ana")
    _fail(client, "ana@example.org", 6, OWNER)
    response = _login(client, "ana@example.org", PASSWORD, OWNER)
    assert response.status_code == 429
    [message] = mailbox.wait_for(1)
    assert message["Subject"] == "Your link to sign in"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"http://localhost:5000(/login/link/\S+)", body).group(1)
    page = client.get(link)
    assert "Sign in as ana@example.org" in page.get_data(as_text=True)
    response = client.post(link, environ_base=OWNER)
    assert response.status_code == 302
    assert "Sign out" in client.get("/").get_data(as_text=True)
    client.post("/logout")
    used = client.get(link)
    assert used.status_code == 400
    assert "already been used" in used.get_data(as_text=True)
    # Signing in cleared the failures of that address: the right password works directly again.
    assert _login(client, "ana@example.org", PASSWORD, OWNER).status_code == 302


def test_a_noisy_address_is_slowed_down_for_every_account(client, db):
    make_user(email="real@example.org")
    for n in range(21):
        _login(client, f"guess{n}@example.org", WRONG, ATTACKER)
    assert _login(client, "real@example.org", WRONG, ATTACKER).status_code == 429
    assert _login(client, "real@example.org", PASSWORD, OWNER).status_code == 302


def test_the_wait_ends_it_is_never_a_permanent_lock(client, db):
    make_user(email="ana@example.org")
    _fail(client, "ana@example.org", 8)
    assert _login(client, "ana@example.org", PASSWORD, ATTACKER).status_code == 429
    for attempt in db.query(LoginAttempt).all():
        attempt.attempted_at = attempt.attempted_at - timedelta(minutes=16)
    db.commit()
    assert _login(client, "ana@example.org", PASSWORD, ATTACKER).status_code == 302


def test_a_wrong_password_takes_as_long_for_an_unknown_account(client, db):
    make_user(email="ana@example.org")
    addresses = (f"192.0.2.{n}" for n in range(1, 255))  # a fresh one each: no throttling here

    def duration(email: str) -> float:
        start = time.perf_counter()
        response = _login(client, email, WRONG, {"REMOTE_ADDR": next(addresses)})
        assert response.status_code == 401
        return time.perf_counter() - start

    # Interleaved, and the fastest of each kept: other processes only ever make a try slower.
    known, unknown = [], []
    for _ in range(4):
        known.append(duration("ana@example.org"))
        unknown.append(duration("nobody-here@example.org"))
    # Without a password hash to check, an unknown address answers many times faster.
    assert min(unknown) > min(known) * 0.6


def test_old_failures_are_purged(app, client, db):
    make_user(email="ana@example.org")
    _fail(client, "ana@example.org", 2)
    db.add(
        LoginAttempt(
            email="x@example.org", address="1.2.3.4", attempted_at=utcnow() - timedelta(days=2)
        )
    )
    db.commit()
    result = app.test_cli_runner().invoke(args=["purge-login-attempts"])
    assert result.exit_code == 0, result.output
    assert "1 old failed sign-in attempts removed." in result.output
    db.expire_all()
    assert {a.email for a in db.query(LoginAttempt)} == {"ana@example.org"}
