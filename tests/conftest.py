"""Shared fixtures.

Two app objects share one database: ``app`` serves requests (test client and live server) and
``db`` gives test code its own application context on a twin app, exactly as a second process would
see the data. The test client commits the test's pending work before each request, so tests read as
arrange (factories add and flush) -> act (request) -> assert, on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import email
import email.policy
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import text
from werkzeug.serving import make_server

from seminar import cache, create_app
from seminar.extensions import db as _db
from seminar.extensions import limiter

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Mailbox:
    """An SMTP sink (aiosmtpd) that keeps the real messages the app sent."""

    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self.lock:
            self.messages.append(message)  # type: ignore[arg-type]
        return "250 OK"

    def clear(self) -> None:
        with self.lock:
            self.messages.clear()

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[email.message.EmailMessage]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"expected {count} e-mail(s), got {len(self.messages)}")

    def to(self, address: str) -> list[email.message.EmailMessage]:
        return [m for m in self.messages if address in str(m["To"])]


@pytest.fixture(scope="session")
def smtp_sink() -> Iterator[tuple[Mailbox, int]]:
    box = Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port)
    controller.start()
    yield box, port
    controller.stop()


@pytest.fixture(scope="session")
def database_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = os.environ.get("SEMINAR_TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


@pytest.fixture(scope="session")
def app_config(
    database_url: str, smtp_sink: tuple[Mailbox, int], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Any]:
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key-not-for-production",  # noqa: S105
        "SQLALCHEMY_DATABASE_URI": database_url,
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": smtp_sink[1],
        "MAIL_DEFAULT_SENDER": "Seminar <seminar@example.org>",
        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
        "LOG_LEVEL": "WARNING",
        "JOBS_IMMEDIATE": True,  # a job runs right after the commit that queued it
        "SERVER_NAME": None,
    }


@pytest.fixture(scope="session")
def app(app_config: dict[str, Any]) -> Iterator[Flask]:
    application = create_app(app_config)
    with application.app_context():
        if _db.engine.dialect.name == "postgresql":
            with _db.engine.begin() as conn:
                conn.execute(text("DROP SCHEMA public CASCADE"))
                conn.execute(text("CREATE SCHEMA public"))
        from flask_migrate import upgrade

        upgrade()
        _db.session.remove()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture(scope="session")
def twin_app(app_config: dict[str, Any], app: Flask) -> Iterator[Flask]:
    twin = create_app(app_config)
    yield twin
    with twin.app_context():
        _db.engine.dispose()


def _wipe(session: Any) -> None:
    tables = list(reversed(_db.metadata.sorted_tables))
    if session.get_bind().dialect.name == "postgresql":
        names = ", ".join(f'"{t.name}"' for t in tables)
        session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in tables:
            session.execute(table.delete())
    session.commit()


@pytest.fixture
def db(twin_app: Flask, smtp_sink: tuple[Mailbox, int]) -> Iterator[Any]:
    """The database session of the test code, in its own application context."""
    with twin_app.app_context():
        yield _db.session
        _db.session.rollback()
        _wipe(_db.session)
        _db.session.remove()
        cache.clear()  # the wiped events' pages and states are not the next test's
    smtp_sink[0].clear()
    limiter.reset()  # rate-limit counters (memory storage) start afresh for every test


class CommittingClient(FlaskClient):
    """Commits what the test arranged before each request, and sees fresh data after it.

    With ``auto_csrf`` it sends a valid CSRF token with every write, as the app's own pages do
    (a form field, or the X-CSRFToken header for JSON); ``csrf_client`` turns that off.
    """

    auto_csrf = True
    _token: str | None = None

    def csrf_token(self) -> str:
        if self._token is None:
            # Team pages carry the token in a meta tag; visitors find it in a form (sign-in).
            page = super().open("/", method="GET").get_data(as_text=True)
            match = re.search(r'<meta name="csrf-token" content="([^"]+)"', page)
            if match is None:
                page = super().open("/login", method="GET").get_data(as_text=True)
                match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page)
            assert match, "the page exposes no CSRF token"
            self._token = match.group(1)
        return self._token

    def open(self, *args: Any, **kwargs: Any) -> Any:
        method = str(kwargs.get("method", "GET")).upper()
        if self.auto_csrf and method in {"POST", "PUT", "PATCH", "DELETE"}:
            data = kwargs.get("data")
            if kwargs.get("json") is not None or data is None or not isinstance(data, dict):
                headers = dict(kwargs.get("headers") or {})
                headers.setdefault("X-CSRFToken", self.csrf_token())
                kwargs["headers"] = headers
            if isinstance(data, dict) and "csrf_token" not in data:
                kwargs["data"] = {**data, "csrf_token": self.csrf_token()}
        session = _db.session if _has_twin_context() else None
        if session is not None:
            session.commit()
        response = super().open(*args, **kwargs)
        if session is not None:
            session.expire_all()
        return response


def _has_twin_context() -> bool:
    from flask import has_app_context

    return has_app_context()


@pytest.fixture
def client(app: Flask, db: Any) -> FlaskClient:
    app.test_client_class = CommittingClient
    test_client = app.test_client()
    test_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # as a browser would send
    return test_client


@pytest.fixture
def mailbox(smtp_sink: tuple[Mailbox, int]) -> Mailbox:
    smtp_sink[0].clear()
    return smtp_sink[0]


@pytest.fixture
def login_as(client: FlaskClient, db: Any) -> Any:
    """``login_as("organizer", event)`` signs the test client in as a new user with that role."""
    from tests.factories import make_membership, make_user

    def _login(role: str | None = None, event: Any = None, **user_fields: Any) -> Any:
        user = make_user(is_admin=(role == "admin"), **user_fields)
        if role not in (None, "admin", "user"):
            make_membership(user, event, role)
        db.commit()
        with client.session_transaction() as sess:
            sess["_user_id"] = user.get_id()
            sess["_fresh"] = True
        return user

    return _login


@pytest.fixture
def csrf_client(app: Flask, db: Any) -> FlaskClient:
    """A client for asserting CSRF behaviour: the app's CSRF protection stays on (as in production)."""
    app.test_client_class = CommittingClient
    test_client = app.test_client()
    test_client.auto_csrf = False  # type: ignore[attr-defined]
    test_client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    return test_client


# --- Browser harness -------------------------------------------------------------------------


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def base_url(live_server: str) -> str:
    return live_server


@pytest.fixture
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "en-GB", "timezone_id": "America/La_Paz"}
