"""Upgrades: a database filled with the demo survives every migration, down a step and up again."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import downgrade, upgrade
from sqlalchemy import MetaData, create_engine, inspect, select, text
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


def _first_release_demo(app_config: dict[str, Any], tmp_path: Any) -> None:
    """Fill the first release's tables with what that release knew: the demo's accounts and event.

    Today's models have columns the first release lacks, so the demo is made in a database of
    today's schema and copied over, with the columns the first release's tables have.
    """
    from seminar.accounts import demo as accounts_demo
    from seminar.events import demo as events_demo

    target = _db.engine
    url = f"sqlite:///{tmp_path / 'now.db'}"
    maker = create_app({**app_config, "SQLALCHEMY_DATABASE_URI": url})
    with maker.app_context():
        _db.metadata.create_all(_db.engine)
        events_demo.load_demo(accounts_demo.load_demo(None))
        _db.session.commit()
        first, now = MetaData(), MetaData()
        first.reflect(target)
        now.reflect(_db.engine)  # raw column values, as stored
        with _db.engine.connect() as source, target.begin() as conn:
            for table in first.sorted_tables:
                if table.name == "alembic_version":
                    continue
                made = now.tables[table.name]
                shared = [c.name for c in table.columns if c.name in made.columns]
                rows = source.execute(select(*(made.c[name] for name in shared))).mappings().all()
                if table.name == "event":  # the first release kept the hosts as lines of text
                    hosts = now.tables["host_organization"]
                    lines: dict[int, list[str]] = {}
                    for event_id, name in source.execute(
                        select(hosts.c.event_id, hosts.c.name).order_by(hosts.c.position)
                    ):
                        lines.setdefault(event_id, []).append(name)
                    rows = [{**row, "hosts": "\n".join(lines.get(row["id"], []))} for row in rows]
                if rows:
                    conn.execute(table.insert(), [dict(row) for row in rows])
            if conn.dialect.name == "postgresql":  # rows came with their ids: sequences follow
                for table in first.sorted_tables:
                    if "id" in table.columns:
                        conn.execute(
                            text(
                                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', 'id'), "
                                f'coalesce(max(id), 0) + 1, false) FROM "{table.name}"'
                            )
                        )
        _db.session.remove()
        _db.engine.dispose()


def test_demo_data_survives_each_migration_down_and_up(scratch_app, app_config, tmp_path):
    with scratch_app.app_context():
        script = ScriptDirectory.from_config(scratch_app.extensions["migrate"].migrate.get_config())
        revisions = [rev.revision for rev in script.walk_revisions()]  # newest first
        first = revisions[-1]

        # A database of the first release, filled with what that release knew: accounts and events.
        upgrade(revision=first)
        _first_release_demo(app_config, tmp_path)
        at_first = _row_counts()
        assert at_first["event"] == 1
        assert at_first["user"] == 4

        # Upgraded to the newest schema, it keeps every row.
        upgrade()
        after_upgrade = _row_counts()
        assert {t: after_upgrade[t] for t in at_first} == at_first
        assert after_upgrade["host_organization"] == 3  # the hosts text became rows (0009)

        # With the whole demo in it, each migration goes down and up again: the tables that exist on
        # both sides of a step keep all their rows.
        result = scratch_app.test_cli_runner().invoke(args=["load-demo"])
        assert result.exit_code == 0, result.output
        _db.session.remove()
        full = _row_counts()
        assert full["registration"] >= 55
        for revision in revisions[:-1]:
            downgrade(revision="-1")
            below = _row_counts()
            assert below == {t: full[t] for t in below}, f"rows lost going below {revision}"
            upgrade()
            again = _row_counts()
            assert {t: again[t] for t in below} == below, f"rows lost coming back up to {revision}"
            assert set(again) == set(full)
            full = again
