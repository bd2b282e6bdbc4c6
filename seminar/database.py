"""Database engine settings that SQLAlchemy does not set for us."""

from __future__ import annotations

import re
from itertools import chain
from typing import Any

from flask import Flask
from sqlalchemy import Enum, String, Text, event, inspect
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session

from .extensions import db

# Line and page breaks, tabs and other separators: never part of a one-line value.
_BREAKS = re.compile(r"[\t\n\x0b\x0c\r\x85\u2028\u2029]+")


@event.listens_for(Session, "before_flush")
def _one_line_values(session: Session, _context: Any, _instances: Any) -> None:
    """Titles, names, addresses -- every bounded ``String`` column -- are stored on one line.

    A line break pasted into a title would otherwise end up in an e-mail header (where it makes
    the message impossible to send, or worse) or break a CSV row; multi-line text lives in
    ``Text`` columns, which are left alone.
    """
    for obj in chain(session.new, session.dirty):
        state = inspect(obj)
        for attr in state.mapper.column_attrs:
            column_type = attr.columns[0].type
            if not isinstance(column_type, String) or isinstance(column_type, Text | Enum):
                continue
            value = state.dict.get(attr.key)
            if isinstance(value, str) and _BREAKS.search(value):
                setattr(obj, attr.key, _BREAKS.sub(" ", value).strip())


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
