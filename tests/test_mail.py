"""The mail outbox: nothing is lost when the SMTP server is down; delivery resumes when it is back."""

from __future__ import annotations

from flask import current_app

from seminar import mail
from tests.conftest import free_port


def test_message_survives_an_smtp_outage_and_is_sent_once_the_server_is_back(db, mailbox):
    message = mail.queue(to="ana@example.org", to_name="Ana Ñandú", subject="Inscripción recibida",
                         text="Hola, Ana.", html="<p>Hola, Ana.</p>", kind="test")  # fmt: skip
    config = current_app.config
    original = config["MAIL_PORT"], config["MAIL_DISPATCH"]
    config["MAIL_DISPATCH"] = "off"
    db.commit()
    try:
        config["MAIL_PORT"] = free_port()  # nothing listens there: the server is "down"
        sent, failed = mail.deliver_pending()
        assert (sent, failed) == (0, 1)
        db.refresh(message)
        assert message.status == "pending"
        assert message.attempts == 1
        assert "Connection refused" in message.last_error or "Errno" in message.last_error
        assert mailbox.messages == []

        config["MAIL_PORT"] = original[0]
        mail.retry(message)
        db.commit()
        sent, failed = mail.deliver_pending()
        assert (sent, failed) == (1, 0)
    finally:
        config["MAIL_PORT"], config["MAIL_DISPATCH"] = original
    [received] = mailbox.wait_for(1)
    assert received["Subject"] == "Inscripción recibida"
    assert str(received["To"]) == "Ana Ñandú <ana@example.org>"
    assert received.get_body(preferencelist=("html",)).get_content().strip() == "<p>Hola, Ana.</p>"
    db.refresh(message)
    assert message.status == "sent"
    assert mail.deliver_pending() == (0, 0)  # never sent twice


def test_message_is_given_up_after_the_maximum_attempts_and_stays_visible(db):
    message = mail.queue(to="b@example.org", subject="S", text="T", kind="test")
    config = current_app.config
    original = config["MAIL_PORT"], config["MAIL_DISPATCH"], config["MAIL_MAX_ATTEMPTS"]
    config.update(MAIL_DISPATCH="off", MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=2)
    db.commit()
    try:
        for _ in range(2):
            mail.retry(message)
            db.commit()
            mail.deliver_pending()
            db.refresh(message)
    finally:
        config["MAIL_PORT"], config["MAIL_DISPATCH"], config["MAIL_MAX_ATTEMPTS"] = original
    assert message.status == "failed"
    assert message.attempts == 2


def test_background_sender_delivers_after_commit_without_blocking_the_request(db, mailbox):
    mail.queue(to="c@example.org", subject="Confirmada", text="Su inscripción está confirmada.")
    db.commit()
    [received] = mailbox.wait_for(1)
    assert received["Subject"] == "Confirmada"
