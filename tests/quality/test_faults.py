"""Faults: the mail server down, the database locked or gone, a PDF render killed half-way, a file
store that is full. Each gives a clear message in the visitor's language and loses no registration, note or
version; once the fault is gone, doing it again works.

Faults are made at the real boundary: a closed SMTP port, a second database connection holding a
lock, an unreachable database, a killed worker process, and (for the full file store) a trigger
that makes the database refuse to store a file as a full disk would (files live in the database)
"""

from __future__ import annotations

import contextlib
import io
import os
import signal
import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from PIL import Image
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.engine import make_url

from seminar import create_app
from seminar.agenda.models import Person
from seminar.events.models import Event
from seminar.extensions import db as _db
from seminar.mail import OutboxMessage, deliver_pending
from seminar.registration.models import Registration, RegistrationStatus
from seminar.reports.models import ReportVersion, SessionNote
from seminar.storage import StoredFile
from tests.conftest import CommittingClient, free_port
from tests.factories import make_event
from tests.registration.factories import make_settings
from tests.reports.factories import finalize


def _registration_form(event: Event, email: str) -> dict[str, Any]:
    return {
        "honorific": "Sra.",
        "given_name": "Ana",
        "family_name": "Quispe Mamani",
        "email": email,
        "preferred_language": "es",
        "position": "Directora de Migración",
        "institution": "Ministerio de Gobierno",
        "institution_type": "government",
        "country": "BO",
        "days": [d.isoformat() for d in event.days],
        "privacy_accepted": "y",
    }


def _wait_until(predicate: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError("condition not met in time")


@pytest.fixture
def open_event(db: Any) -> Event:
    event = make_event(title="Políticas migratorias", languages="es,en")
    make_settings(event, capacity=100)
    db.commit()
    return event


# --- SMTP server down ------------------------------------------------------------------------


def test_registration_is_kept_when_the_mail_server_is_down_and_mail_leaves_later(
    app: Flask, client: Any, db: Any, open_event: Event, login_as: Any, mailbox: Any
) -> None:
    working_port = app.config["MAIL_PORT"]
    app.config["MAIL_PORT"] = free_port()  # nothing listens there: connection refused
    app.config["MAIL_DISPATCH"] = "off"  # the sender runs below, when the test says so
    try:
        response = client.post(
            f"/events/{open_event.slug}/register",
            data=_registration_form(open_event, "ana.quispe@example.org"),
            follow_redirects=True,
        )
        assert response.status_code == 200
        assert "Ana" in response.get_data(as_text=True)
        registration = db.scalar(
            select(Registration).where(Registration.email == "ana.quispe@example.org")
        )
        assert registration.status == RegistrationStatus.CONFIRMED

        # The sender (background thread or `flask send-mail`) tries, fails, keeps it queued.
        with app.app_context():
            assert deliver_pending() == (0, 1)
            _db.session.remove()
        db.expire_all()
        message = db.scalar(
            select(OutboxMessage).where(OutboxMessage.to_address == "ana.quispe@example.org")
        )
        assert message.attempts == 1
        assert message.status == "pending"
        assert "refused" in message.last_error
        assert mailbox.messages == []

        login_as("organizer", open_event)
        desk = client.get(f"/manage/{open_event.slug}/registrations").get_data(as_text=True)
        assert "E-mails not delivered" in desk
        assert "ana.quispe@example.org" in desk
        assert "Will retry" in desk
        assert "Send again" in desk
    finally:
        app.config["MAIL_PORT"] = working_port
        app.config["MAIL_DISPATCH"] = "thread"

    # The server is back: "Send again" delivers it at once.
    response = client.post(
        f"/manage/{open_event.slug}/registrations/mail/{message.id}/retry",
        follow_redirects=True,
    )
    assert response.status_code == 200
    delivered = mailbox.wait_for(1)
    assert "ana.quispe@example.org" in str(delivered[0]["To"])
    db.expire_all()
    assert _wait_until(lambda: db.get(OutboxMessage, message.id).status == "sent")
    assert db.scalar(select(func.count(Registration.id))) == 1


# --- Database locked or unavailable ----------------------------------------------------------


@pytest.fixture
def impatient_app(app_config: dict[str, Any], app: Flask) -> Iterator[Flask]:
    """The same database, but a request gives up waiting for a lock after 0.3 s."""
    url = app_config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        overrides: dict[str, Any] = {"SQLITE_BUSY_TIMEOUT": 0.3}
    else:
        overrides = {
            "SQLALCHEMY_ENGINE_OPTIONS": {"connect_args": {"options": "-c lock_timeout=300"}}
        }
    # No background mail sender of its own: it would outlive the fixture with an open connection.
    dedicated = create_app({**app_config, **overrides, "MAIL_DISPATCH": "off"})
    dedicated.test_client_class = CommittingClient
    yield dedicated
    from seminar.extensions import db as _db

    with dedicated.app_context():
        _db.engine.dispose()


class _WriteLock:
    """Another process's connection that holds a write lock on the registration table."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._sqlite: sqlite3.Connection | None = None
        self._pg: Any = None

    def __enter__(self) -> _WriteLock:
        parsed = make_url(self.url)
        if parsed.get_backend_name() == "sqlite":
            self._sqlite = sqlite3.connect(parsed.database or "", isolation_level=None)
            self._sqlite.execute("BEGIN IMMEDIATE")
        else:
            engine = create_engine(self.url)
            self._pg = engine.connect()
            self._pg.begin()
            self._pg.execute(text("LOCK TABLE registration IN EXCLUSIVE MODE"))
            self._engine = engine
        return self

    def __exit__(self, *exc: object) -> None:
        if self._sqlite is not None:
            self._sqlite.execute("ROLLBACK")
            self._sqlite.close()
        if self._pg is not None:
            self._pg.rollback()
            self._pg.close()
            self._engine.dispose()


def test_a_locked_database_gives_a_friendly_503_in_spanish_and_saves_nothing(
    impatient_app: Flask, app_config: dict[str, Any], db: Any, open_event: Event
) -> None:
    client = impatient_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "es"
    url = f"/events/{open_event.slug}/register"
    form = _registration_form(open_event, "bloqueo@example.org")
    client.get(url)
    with _WriteLock(app_config["SQLALCHEMY_DATABASE_URI"]):
        response = client.post(url, data=form)
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    assert "no se guardaron" in body, body[:3000]
    assert "<main" in body
    assert response.headers["Retry-After"] == "5"
    db.expire_all()
    assert db.scalar(select(func.count(Registration.id))) == 0
    assert db.scalar(select(func.count(OutboxMessage.id))) == 0

    # The lock is gone: the same form goes through.
    response = client.post(url, data=form)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.expire_all()
    assert db.scalar(select(func.count(Registration.id))) == 1


def test_json_callers_get_problem_details_when_the_database_is_locked(
    impatient_app: Flask, app_config: dict[str, Any], db: Any, open_event: Event
) -> None:
    from tests.agenda.factories import make_room
    from tests.factories import make_membership, make_user

    organizer = make_user(locale="en")
    make_membership(organizer, open_event, "organizer")
    make_room(open_event)
    db.commit()
    client = impatient_app.test_client()
    with client.session_transaction() as sess:
        sess["_user_id"] = organizer.get_id()
        sess["_fresh"] = True
    item = {
        "title": "Apertura",
        "kind": "opening",
        "starts_at": "2026-12-02T09:00",
        "ends_at": "2026-12-02T09:30",
    }
    lock_table = "agenda_item"
    with _WriteLock(app_config["SQLALCHEMY_DATABASE_URI"]) as lock:
        if lock._pg is not None:
            lock._pg.execute(text(f"LOCK TABLE {lock_table} IN EXCLUSIVE MODE"))
        response = client.post(f"/manage/{open_event.slug}/agenda/items", json=item)
    assert response.status_code == 503
    assert response.mimetype == "application/problem+json"
    assert "not saved" in response.get_json()["detail"]
    assert client.post(f"/manage/{open_event.slug}/agenda/items", json=item).status_code == 201


@pytest.fixture
def unreachable_app(app_config: dict[str, Any], tmp_path: Path) -> Iterator[Flask]:
    """The database server is gone (PostgreSQL: nothing listens; SQLite: the file cannot be opened)."""
    url = app_config["SQLALCHEMY_DATABASE_URI"]
    if url.startswith("sqlite"):
        gone = f"sqlite:///{tmp_path / 'missing-dir' / 'seminar.db'}"
    else:
        gone = make_url(url).set(port=free_port()).render_as_string(hide_password=False)
    dedicated = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": gone, "MAIL_DISPATCH": "off"})
    yield dedicated
    from seminar.extensions import db as _db

    with dedicated.app_context():
        _db.engine.dispose()


@pytest.mark.parametrize("language", ["es", "en"])
def test_an_unreachable_database_gives_a_friendly_503_in_the_visitors_language(
    unreachable_app: Flask, language: str
) -> None:
    client = unreachable_app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = language
    response = client.get("/events/lapaz-migration-policies/agenda")
    assert response.status_code == 503
    body = response.get_data(as_text=True)
    expected = "no se guardaron" if language == "es" else "your changes were not saved"
    assert expected in body
    assert f'lang="{language}"' in body
    health = client.get("/healthz")
    assert health.status_code == 503


# --- A PDF render killed half-way -------------------------------------------------------------


@pytest.fixture
def report_in_review(db: Any, login_as: Any, client: Any) -> Event:
    from tests.reports.factories import add_note, add_recommendation, make_seminar

    seminar = make_seminar()
    add_note(seminar, seminar.items[0], summary="Resumen que no debe perderse.")
    add_recommendation(seminar, "Crear un sistema regional de información", theme=seminar.themes[0])
    db.commit()
    login_as("organizer", seminar.event)
    client.get(f"/manage/{seminar.event.slug}/report")
    response = client.post(
        f"/manage/{seminar.event.slug}/report/status", data={"status": "in_review"}
    )
    assert response.status_code == 302
    return seminar.event


def _kill_renderer_when_busy(stop: threading.Event) -> None:
    """Kill the render process as soon as it is busy with a render (mid-render)."""
    from seminar import render

    while not stop.is_set():
        executor = render._executor
        processes = list(getattr(executor, "_processes", {}) or {}) if executor else []
        if processes and executor is not None and executor._pending_work_items:
            time.sleep(0.2)  # let it start rendering
            for pid in processes:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            return
        time.sleep(0.01)


def test_a_killed_pdf_render_is_retried_and_the_version_gets_its_pdf_once(
    client: Any, db: Any, report_in_review: Event
) -> None:
    slug = report_in_review.slug
    stop = threading.Event()
    killer = threading.Thread(target=_kill_renderer_when_busy, args=(stop,), daemon=True)
    killer.start()
    try:
        response = finalize(client, slug, follow_redirects=True)
    finally:
        stop.set()
        killer.join(timeout=5)
    assert response.status_code == 200
    assert "Version 1 is final" in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(func.count(ReportVersion.id))) == 1
    assert db.scalar(select(SessionNote.summary)) == "Resumen que no debe perderse."
    spanish = db.scalar(select(ReportVersion)).file("es")  # rendered first: the one killed
    assert spanish.document.attempts == 2  # the killed render, then the retry
    assert spanish.pdf.startswith(b"%PDF")
    assert spanish.pdf_size == len(spanish.pdf)


def test_a_render_that_takes_too_long_is_stopped_with_a_message_and_can_be_redone(
    app: Flask, client: Any, db: Any, report_in_review: Event
) -> None:
    slug = report_in_review.slug
    previous = app.config.get("RENDER_TIMEOUT")
    app.config["RENDER_TIMEOUT"] = 0.05
    try:
        finalize(client, slug, follow_redirects=True)
    finally:
        app.config["RENDER_TIMEOUT"] = previous
    page = client.get(f"/manage/{slug}/report/versions").get_data(as_text=True)
    assert "took too long to prepare" in page
    db.expire_all()
    version = db.scalar(select(ReportVersion))
    assert not version.is_ready
    assert client.get(f"/manage/{slug}/report/versions/1.pdf").status_code == 503
    response = client.post(f"/manage/{slug}/report/versions/1/render", follow_redirects=True)
    assert "being prepared again" in response.get_data(as_text=True)
    db.expire_all()
    assert db.scalar(select(func.count(ReportVersion.id))) == 1
    pdf = client.get(f"/manage/{slug}/report/versions/1.pdf")
    assert pdf.status_code == 200
    assert pdf.data.startswith(b"%PDF")


# --- A full file store ---------------------------------------------------------------------------


@pytest.fixture
def full_disk(db: Any) -> Iterator[None]:
    """The database refuses to store any file, as it does when its disk is full."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(
            text(
                "CREATE FUNCTION stored_file_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                "RAISE EXCEPTION 'could not extend file: No space left on device' "
                "USING ERRCODE = 'disk_full'; END $$"
            )
        )
        db.execute(
            text(
                "CREATE TRIGGER stored_file_full BEFORE INSERT ON stored_file "
                "FOR EACH ROW EXECUTE FUNCTION stored_file_full()"
            )
        )
    else:
        db.execute(
            text(
                "CREATE TRIGGER stored_file_full BEFORE INSERT ON stored_file "
                "BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END"
            )
        )
    db.commit()
    yield
    db.rollback()
    db.execute(text("DROP TRIGGER stored_file_full" + (
        " ON stored_file" if db.get_bind().dialect.name == "postgresql" else ""
    )))  # fmt: skip
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("DROP FUNCTION stored_file_full()"))
    db.commit()


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "navy").save(buffer, format="PNG")
    return buffer.getvalue()


def _stored_files() -> int:
    return _db.session.scalar(select(func.count()).select_from(StoredFile)) or 0


def test_a_full_disk_refuses_the_photo_next_to_its_field_and_keeps_the_person(
    client: Any, db: Any, login_as: Any, full_disk: None
) -> None:
    from tests.agenda.factories import make_person

    event = make_event()
    person = make_person(event, name="Íñigo Arrieta Núñez", position="Director General")
    db.commit()
    login_as("organizer", event)
    before = _stored_files()
    response = client.post(
        f"/manage/{event.slug}/people/{person.id}",
        data={
            "name": "Íñigo Arrieta Núñez",
            "position": "Director General de Migraciones",
            "version": str(person.version),
            "photo": (io.BytesIO(_png()), "foto.png"),
        },
        content_type="multipart/form-data",
    )
    body = response.get_data(as_text=True)
    assert response.status_code in (200, 422), response.status_code
    assert "could not be stored" in body
    assert 'class="error"' in body  # next to the field
    db.expire_all()
    stored = db.get(Person, person.id)
    assert stored.photo in (None, "")
    assert stored.position == "Director General"
    assert _stored_files() == before


def test_a_full_disk_refuses_an_import_upload_with_a_message(
    client: Any, db: Any, login_as: Any, full_disk: None
) -> None:
    event = make_event()
    make_settings(event)
    db.commit()
    login_as("organizer", event)
    csv = (
        b"given_name,family_name,email,institution,country\n"
        b"Ana,Quispe,ana@example.org,Ministerio,BO\n"
    )
    response = client.post(
        f"/manage/{event.slug}/registrations/import",
        data={"file": (io.BytesIO(csv), "lista.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (200, 400, 422)
    assert "could not be stored" in response.get_data(as_text=True)
    assert db.scalar(select(func.count(Registration.id))) == 0
    assert _stored_files() == 0
