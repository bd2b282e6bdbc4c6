"""The mail outbox and its delivery jobs: nothing is lost when the SMTP server is down, delivery
resumes when it is back, a poison message fails alone, and no message is sent twice."""

from __future__ import annotations

import threading

from flask import current_app
from sqlalchemy import update

from seminar import mail
from tests.conftest import free_port


def _set(**values):
    config = current_app.config
    original = {key: config[key] for key in values}
    config.update(values)
    return original


def test_message_survives_an_smtp_outage_and_is_sent_once_the_server_is_back(db, mailbox):
    original = _set(MAIL_PORT=free_port())  # nothing listens there: the server is "down"
    try:
        message = mail.queue(to="ana@example.org", to_name="Ana Ñandú",
                             subject="Inscripción recibida", text="Hola, Ana.",
                             html="<p>Hola, Ana.</p>", kind="test")  # fmt: skip
        db.commit()  # the delivery job runs after the commit, and fails
        db.refresh(message)
        assert message.status == "pending"
        assert message.attempts == 1
        assert message.error_code == "unreachable"
        assert mail.failure_reason(message) == (
            "The mail server could not be reached; another attempt will follow."
        )
        assert mailbox.messages == []
    finally:
        current_app.config.update(original)
    mail.retry(message)
    db.commit()  # the server is back: the retry's job delivers
    [received] = mailbox.wait_for(1)
    assert received["Subject"] == "Inscripción recibida"
    assert str(received["To"]) == "Ana Ñandú <ana@example.org>"
    assert received.get_body(preferencelist=("html",)).get_content().strip() == "<p>Hola, Ana.</p>"
    db.refresh(message)
    assert message.status == "sent"
    assert mail.failure_reason(message) == ""
    assert mail.deliver_pending() == (0, 0)  # never sent twice


def test_message_is_given_up_after_the_maximum_attempts_and_stays_visible(db):
    original = _set(MAIL_DISPATCH="off", MAIL_PORT=free_port(), MAIL_MAX_ATTEMPTS=2)
    try:
        message = mail.queue(to="b@example.org", subject="S", text="T", kind="test")
        db.commit()
        for _ in range(2):
            mail.retry(message)
            db.commit()
            mail.deliver_pending()
            db.refresh(message)
    finally:
        current_app.config.update(original)
    assert message.status == "failed"
    assert message.attempts == 2


def test_poison_message_fails_alone_with_a_readable_reason_and_the_rest_goes_out(db, mailbox):
    original = _set(MAIL_DISPATCH="off")
    try:
        poison = mail.queue(to="c@example.org", subject="Seminario", text="T", kind="test")
        good = mail.queue(to="d@example.org", subject="Bienvenida", text="T", kind="test")
        db.commit()
        assert db.query(mail.OutboxMessage).filter_by(subject="Seminario").one()
        # Saved titles are kept on one line now; a row queued by an older release may not be.
        db.execute(
            update(mail.OutboxMessage)
            .where(mail.OutboxMessage.id == poison.id)
            .values(subject="Seminario\r\nBcc: all@example.org")
        )
        db.commit()
        assert mail.deliver_pending() == (1, 1)
    finally:
        current_app.config.update(original)
    db.refresh(poison)
    db.refresh(good)
    assert (poison.status, good.status) == ("failed", "sent")
    assert mail.failure_reason(poison) == (
        "The message could not be written (a name or title has a line break)."
    )
    [received] = mailbox.wait_for(1)
    assert received["Subject"] == "Bienvenida"
    assert received["Bcc"] is None


def test_two_workers_delivering_at_once_send_each_message_exactly_once(db, mailbox, app):
    original = _set(MAIL_DISPATCH="off")
    try:
        for n in range(30):
            mail.queue(to=f"p{n}@example.org", subject=f"Mensaje {n}", text="T", kind="test")
        db.commit()
        barrier = threading.Barrier(2)
        results = []

        def worker():
            with app.app_context():
                barrier.wait()
                results.append(mail.deliver_pending())

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        current_app.config.update(original)
    assert sum(sent for sent, _ in results) == 30
    received = mailbox.wait_for(30)
    assert sorted(str(m["Subject"]) for m in received) == sorted(f"Mensaje {n}" for n in range(30))
    assert len({m["Message-ID"] for m in received}) == 30


def test_message_id_is_the_same_for_every_attempt_of_one_message(db):
    message = mail.queue(to="e@example.org", subject="S", text="T", kind="test")
    db.flush()
    first = mail.build_message(message, "seminar@example.org")["Message-ID"]
    again = mail.build_message(message, "seminar@example.org")["Message-ID"]
    assert first == again
    assert first.startswith(f"<outbox-{message.id}.")
