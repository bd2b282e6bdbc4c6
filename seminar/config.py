"""Configuration: defaults here, then ``instance/config.py``, then ``SEMINAR_*`` environment variables,
then the mapping a caller (the tests) passes to ``create_app``."""

from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any

from flask import Flask


class DefaultConfig:
    ENV_NAME = "development"  # "production" makes load-demo refuse unless forced
    DATABASE_URL: str | None = None  # defaults to SQLite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS: dict[str, Any] = {"pool_pre_ping": True}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PREFERRED_URL_SCHEME = "http"
    PERMANENT_SESSION_LIFETIME = 60 * 60 * 12
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    # Form bodies (urlencoded too, see seminar/validation.py): a page's form has at most a few
    # hundred fields; a body of millions of tiny fields is refused with a 413 before parsing.
    MAX_FORM_PARTS = 5000
    MAX_FORM_MEMORY_SIZE = 2 * 1024 * 1024  # text fields; files count against MAX_CONTENT_LENGTH
    WTF_CSRF_TIME_LIMIT = 60 * 60 * 8
    LANGUAGES = ("en", "es")
    BABEL_DEFAULT_LOCALE = "en"
    BABEL_DEFAULT_TIMEZONE = "UTC"
    # Sign-in throttling never locks an account: past the free failures in the window, each further
    # failure doubles the wait (from the base delay up to the cap) for that account from that
    # address, and for a noisy address; the owner gets in with an e-mailed link meanwhile.
    LOGIN_FREE_FAILURES_PER_ACCOUNT = 3
    LOGIN_FREE_FAILURES_PER_ADDRESS = 20
    LOGIN_BASE_DELAY_SECONDS = 5
    LOGIN_MAX_DELAY_SECONDS = 15 * 60
    LOGIN_WINDOW_MINUTES = 60
    LOGIN_UNLOCK_MAX_AGE = 15 * 60
    # Signing in lasts at most this long, remember-me cookie included (capped at 30 days).
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    # Forms that send e-mail: per client address, and per recipient address (Flask-Limiter syntax).
    # RATELIMIT_STORAGE_URI defaults to REDIS_URL when set (shared by every process), else memory.
    MAIL_FORM_LIMIT_PER_ADDRESS = "30 per hour"
    MAIL_FORM_LIMIT_PER_RECIPIENT = "5 per hour;10 per day"
    RATELIMIT_HEADERS_ENABLED = False  # the 429 page sets its own Retry-After
    PASSWORD_RESET_MAX_AGE = 60 * 60 * 24
    INVITATION_MAX_AGE = 60 * 60 * 24 * 7  # a team invitation's link to choose a password
    # The only base of absolute links (mail, QR codes, exports): https://seminar.example.org.
    # Required in production, where requests for other hosts than it and its aliases get 400.
    PUBLIC_URL: str | None = None  # development: http://localhost:5000
    PUBLIC_URL_ALIASES: list[str] = []
    # Outgoing mail
    MAIL_SERVER = "127.0.0.1"
    MAIL_PORT = 25
    MAIL_USE_TLS = False
    MAIL_USE_SSL = False
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_DEFAULT_SENDER = "seminar@localhost"
    MAIL_TIMEOUT = 10
    MAIL_MAX_ATTEMPTS = 8
    MAIL_DISPATCH = "jobs"  # "jobs": a delivery job after each commit; "off": `flask send-mail`
    # Number of reverse proxies in front of the app whose X-Forwarded-* headers are trusted (0: none).
    TRUSTED_PROXIES = 0
    # Job queue, shared cache and rate-limit storage: Redis in production (redis://host:6379/0).
    # Unset: jobs go through a SQLite file in the instance folder (``make run`` starts a worker).
    REDIS_URL: str | None = None
    JOBS_IMMEDIATE = False  # run each job in the web process right after its commit (tests)
    JOBS_SQLITE_PATH: str | None = None  # defaults to instance/jobs.db
    # Rate limits never take the site down with Redis: counters fall back to this process.
    RATELIMIT_SWALLOW_ERRORS = True
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RENDER_TIMEOUT = 60  # seconds one PDF render may take before it is stopped
    RENDER_LEASE_MARGIN = 30  # seconds past the time limit before a claimed render is retaken
    RENDER_PROCESSES = 1  # WeasyPrint processes per job worker
    RENDERED_DOCUMENT_DAYS = 7  # rendered drafts, badge sheets... kept this long
    LOG_LEVEL = "INFO"
    LOG_JSON = True
    # Where earlier versions kept uploads (default instance/uploads); files now live in the database
    # and `flask import-uploads` copies old ones from here.
    UPLOAD_FOLDER: str | None = None


def _secret_key(instance_path: Path) -> str:
    """Read the instance's generated secret, creating it once (never a fixed secret in the repo)."""
    path = instance_path / "secret_key"
    if not path.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            fh.write(secrets.token_hex(32))
    return path.read_text().strip()


def _require_production_settings(app: Flask) -> None:
    """Refuse to start a production site that would build links from requests or sign with a
    per-machine secret (behind a load balancer that breaks sessions, CSRF and e-mailed links)."""
    if app.config["ENV_NAME"] != "production":
        return
    for key in ("PUBLIC_URL", "SECRET_KEY"):
        if not app.config.get(key):
            raise RuntimeError(
                f"SEMINAR_{key} must be set in production (SEMINAR_ENV_NAME=production)."
            )


def load_config(app: Flask, overrides: dict[str, Any] | None) -> None:
    app.config.from_object(DefaultConfig)
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("SEMINAR")
    if overrides:
        app.config.update(overrides)
    _require_production_settings(app)
    if not app.config.get("PUBLIC_URL"):
        app.config["PUBLIC_URL"] = "http://localhost:5000"
    if isinstance(app.config["PUBLIC_URL_ALIASES"], str):
        app.config["PUBLIC_URL_ALIASES"] = app.config["PUBLIC_URL_ALIASES"].split(",")
    duration = app.config["REMEMBER_COOKIE_DURATION"]
    if not isinstance(duration, timedelta):
        duration = timedelta(seconds=int(duration))
    app.config["REMEMBER_COOKIE_DURATION"] = min(duration, timedelta(days=30))
    if not app.config.get("RATELIMIT_STORAGE_URI"):
        app.config["RATELIMIT_STORAGE_URI"] = app.config.get("REDIS_URL") or "memory://"
    instance = Path(app.instance_path)
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        url = app.config.get("DATABASE_URL") or f"sqlite:///{instance / 'seminar.db'}"
        app.config["SQLALCHEMY_DATABASE_URI"] = url
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _secret_key(instance)
    if not app.config.get("UPLOAD_FOLDER"):
        app.config["UPLOAD_FOLDER"] = str(instance / "uploads")
    if app.config["PREFERRED_URL_SCHEME"] == "https":
        app.config["SESSION_COOKIE_SECURE"] = True
        app.config["REMEMBER_COOKIE_SECURE"] = True
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite"):
        # Requests wait for a writer instead of failing at once with "database is locked".
        options = dict(app.config["SQLALCHEMY_ENGINE_OPTIONS"])
        options.setdefault("connect_args", {"timeout": 30})
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = options
