"""Database engine settings that SQLAlchemy does not set for us."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from .extensions import db


def _sqlite_pragmas(busy_timeout_ms: int) -> Any:
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms:d}")
        cursor.close()

    return on_connect


def configure(app: Flask) -> None:
    # How long a request waits for another writer before "database is locked" (a 503 page).
    busy_timeout_ms = int(float(app.config.get("SQLITE_BUSY_TIMEOUT", 30)) * 1000)
    with app.app_context():
        engine: Engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas(busy_timeout_ms))


def is_sqlite() -> bool:
    return db.engine.dialect.name == "sqlite"
