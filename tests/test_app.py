"""App-wide behaviour: configuration, security headers, CSRF, health, error pages, migrations."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from seminar import create_app
from seminar.extensions import db as _db
from tests.factories import make_event

ROOT = Path(__file__).resolve().parent.parent


def test_models_and_migrations_do_not_drift(app, db):
    with _db.engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"compare_type": True}), _db.metadata
        )
    assert diff == [], f"models differ from migrations; run `flask db migrate`: {diff}"


def test_every_page_carries_security_headers(client, db):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_session_cookie_is_httponly_and_lax(client, db, login_as):
    response = client.get("/login")  # the sign-in form puts its CSRF token in the session
    cookie = response.headers.get("Set-Cookie", "")
    assert cookie.startswith("session=")
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Secure" not in cookie
    language = client.get("/language/es?next=/").headers.get("Set-Cookie", "")
    assert language.startswith("lang=es")
    assert "HttpOnly" in language
    assert "SameSite=Lax" in language


def test_https_configuration_makes_cookies_secure(app_config, tmp_path):
    secure_app = create_app({**app_config, "PREFERRED_URL_SCHEME": "https"})
    assert secure_app.config["SESSION_COOKIE_SECURE"] is True
    assert secure_app.config["REMEMBER_COOKIE_SECURE"] is True


def test_post_without_csrf_token_is_refused(csrf_client, db):
    response = csrf_client.post("/login", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    assert "security token" in response.get_data(as_text=True)


def test_json_write_without_csrf_header_gets_problem_details(csrf_client, db):
    response = csrf_client.post("/language", json={"lang": "es"})
    assert response.status_code == 400
    assert response.mimetype == "application/problem+json"
    assert "security token" in response.get_json()["detail"]


def test_healthz_checks_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_not_found_page_is_friendly_in_spanish(client, db):
    response = client.get("/no-such-page", headers={"Accept-Language": "es"})
    assert response.status_code == 404
    page = response.get_data(as_text=True)
    assert "Página no encontrada" in page
    assert '<html lang="es">' in page


def test_unexpected_error_shows_friendly_500(app_config, db):
    failing = create_app(app_config)

    @failing.get("/__boom")
    def _boom():
        raise RuntimeError("boom")

    response = failing.test_client().get("/__boom", headers={"Accept-Language": "en"})
    with failing.app_context():
        _db.engine.dispose()
    assert response.status_code == 500
    assert "Something went wrong" in response.get_data(as_text=True)
    assert "RuntimeError" not in response.get_data(as_text=True)


def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    from flask import Flask

    from seminar.config import load_config

    monkeypatch.delenv("SEMINAR_SECRET_KEY", raising=False)
    first = Flask("a", instance_path=str(tmp_path))
    load_config(first, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    second = Flask("b", instance_path=str(tmp_path))
    load_config(second, {"SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert len(first.config["SECRET_KEY"]) == 64
    assert first.config["SECRET_KEY"] == second.config["SECRET_KEY"]
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_environment_variables_override_configuration(tmp_path, monkeypatch):
    from flask import Flask

    from seminar.config import load_config

    monkeypatch.setenv("SEMINAR_DATABASE_URL", "sqlite:////tmp/elsewhere.db")
    monkeypatch.setenv("SEMINAR_MAIL_SERVER", "smtp.example.org")
    monkeypatch.setenv("SEMINAR_MAIL_PORT", "587")
    app = Flask("c", instance_path=str(tmp_path))
    load_config(app, None)
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:////tmp/elsewhere.db"
    assert app.config["MAIL_SERVER"] == "smtp.example.org"
    assert app.config["MAIL_PORT"] == 587


def test_sqlite_runs_in_wal_mode_with_foreign_keys(app, db):
    if _db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific behaviour")
    with _db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_cli_lists_the_documented_commands():
    result = subprocess.run(
        [sys.executable, "-m", "flask", "--app", "seminar", "--help"],
        capture_output=True, text=True, cwd=ROOT, check=True,
    )  # fmt: skip
    for command in ("db", "create-admin", "load-demo", "backup"):
        assert f"  {command} " in result.stdout


def test_backup_writes_a_consistent_sqlite_copy(app, db, tmp_path):
    if _db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite-specific behaviour")
    event = make_event(title="Copia de seguridad")
    db.commit()
    target = tmp_path / "backup.db"
    result = app.test_cli_runner().invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    import sqlite3

    with sqlite3.connect(target) as conn:
        titles = [row[0] for row in conn.execute("SELECT title FROM event")]
    assert event.title in titles


def test_forwarded_address_is_trusted_only_behind_a_configured_proxy(app_config, db):
    seen = {}
    for hops in (0, 1):
        application = create_app({**app_config, "TRUSTED_PROXIES": hops})

        @application.get("/__addr")
        def _addr():
            from flask import request

            return request.remote_addr or ""

        response = application.test_client().get(
            "/__addr", headers={"X-Forwarded-For": "203.0.113.7"}
        )
        seen[hops] = response.get_data(as_text=True)
        with application.app_context():
            _db.engine.dispose()
    assert seen[1] == "203.0.113.7"
    assert seen[0] == "127.0.0.1"  # a client cannot spoof its address to dodge throttling


def test_line_breaks_never_reach_a_one_line_field(db):
    event = make_event(title="Seminario\r\nBcc: todos@example.org", venue="Hotel\tCasa Grande")
    db.flush()
    assert event.title == "Seminario Bcc: todos@example.org"
    assert event.venue == "Hotel Casa Grande"
    event.description = "Primer párrafo.\n\nSegundo párrafo."
    db.flush()
    assert event.description == "Primer párrafo.\n\nSegundo párrafo."  # multi-line text stays


def test_every_message_of_the_code_and_templates_has_a_spanish_translation(tmp_path):
    import subprocess
    import sys

    from babel.messages.pofile import read_po

    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).parent / "pybabel"
    subprocess.run(
        [
            str(pybabel),
            "-q",
            "extract",
            "--ignore-dirs=.*",  # templates/_macros/ too: pybabel skips "_" folders by default
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            ".",
        ],  # fmt: skip
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(fh) if m.id}
    po = ROOT / "seminar/translations/es/LC_MESSAGES/messages.po"
    with po.open("rb") as fh:
        catalog = read_po(fh)
    done = set()
    for message in catalog:
        if not message.id or message.fuzzy:
            continue
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        if all(strings):
            done.add(message.id if isinstance(message.id, str) else message.id[0])
    assert sorted(wanted - done) == []
