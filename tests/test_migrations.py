"""Upgrades: a database filled with the demo survives every migration, down a step and up again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from seminar import create_app
from seminar.extensions import db as _db


@pytest.fixture
def scratch_app(app_config: dict[str, Any], database_url: str, tmp_path) -> Iterator[Flask]:
    """An app on a database of its own, so migrating it up and down leaves the suite's alone."""
    url = make_url(database_url)
    if url.get_backend_name() == "postgresql":
        name = f"migrations_{uuid.uuid4().hex[:8]}"
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        scratch_url = url.set(database=name).render_as_string(hide_password=False)
    else:
        admin, name = None, None
        scratch_url = f"sqlite:///{tmp_path / 'migrations.db'}"
    scratch = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": scratch_url})
    yield scratch
    with scratch.app_context():
        _db.session.remove()
        _db.engine.dispose()
    if admin is not None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()


def _row_counts() -> dict[str, int]:
    names = inspect(_db.engine).get_table_names()
    with _db.engine.connect() as conn:
        return {
            name: conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar_one()
            for name in names
            if name != "alembic_version"
        }


def test_demo_data_survives_each_migration_down_and_up(scratch_app):
    with scratch_app.app_context():
        upgrade()
        result = scratch_app.test_cli_runner().invoke(args=["load-demo"])
        assert result.exit_code == 0, result.output
        _db.session.remove()
        full = _row_counts()
        assert full["event"] == 1
        assert full["user"] == 4
        script = ScriptDirectory.from_config(scratch_app.extensions["migrate"].migrate.get_config())
        revisions = [rev.revision for rev in script.walk_revisions()]  # newest first
        for revision in revisions[:-1]:
            downgrade(revision="-1")
            after_down = _row_counts()
            for table, count in after_down.items():
                assert count == full[table], f"{table} lost rows going below {revision}"
            upgrade()
            assert _row_counts() == full, f"rows changed coming back up to {revision}"
