"""The job queue: PDF renders, mail delivery and periodic housekeeping run outside the request.

Huey gives one API over three brokers, chosen by configuration:

- ``SEMINAR_REDIS_URL`` set (production): Redis, shared by every web node and every worker;
- otherwise (``make run``): a SQLite file in the instance folder, no extra server;
- ``JOBS_IMMEDIATE`` (the tests): a job runs in the same process right after the commit that
  queued it.

The database stays the source of truth: a queued message is an outbox row, a queued render is a
``rendered_document`` row. A job only carries an id; if the broker is down or loses a job, the
periodic sweep finds the row and queues it again, and every job claims its row atomically first,
so a job that runs twice does its work once.

Jobs are queued with :func:`enqueue`, which waits for the surrounding transaction to commit.
``flask --app seminar worker`` runs a consumer with its periodic scheduler.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from flask import Flask, current_app, has_app_context
from huey import Huey, crontab
from huey.api import TaskWrapper
from huey.storage import MemoryStorage, RedisStorage, SqliteStorage

from .uow import after_commit

log = logging.getLogger("seminar.jobs")

F = TypeVar("F", bound=Callable[..., Any])

# Tasks register on this instance at import time; ``init_app`` points it at the configured broker.
huey = Huey("seminar", results=False, utc=True, storage_class=MemoryStorage)
_bound: dict[str, Flask] = {}


def _configure(app: Flask) -> None:
    redis_url = app.config.get("REDIS_URL")
    if app.config.get("JOBS_IMMEDIATE"):
        huey.storage_class = MemoryStorage
        huey.storage_kwargs = {}
        huey.immediate = True
        return
    huey.immediate = False
    if redis_url:
        from redis import ConnectionPool

        # Short socket time-outs: a broker that does not answer never holds a web request long.
        huey.storage_class = RedisStorage
        huey.storage_kwargs = {
            "blocking": True,
            "read_timeout": 2,
            "connection_pool": ConnectionPool.from_url(
                redis_url, socket_timeout=5, socket_connect_timeout=2
            ),
        }
    else:
        filename = app.config.get("JOBS_SQLITE_PATH") or str(Path(app.instance_path) / "jobs.db")
        Path(filename).parent.mkdir(parents=True, exist_ok=True)
        huey.storage_class = SqliteStorage
        huey.storage_kwargs = {"filename": filename}
    huey.storage = huey.create_storage()


def _app() -> Flask:
    if has_app_context():
        return current_app._get_current_object()  # type: ignore[attr-defined]
    return _bound["app"]


def job(**options: Any) -> Callable[[F], TaskWrapper]:
    """Declare a job. It runs in an application context of its own, with its own database
    session, whether in a worker or (immediate mode) right after the commit that queued it."""

    def decorate(fn: F) -> TaskWrapper:
        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            with _app().app_context():
                return fn(*args, **kwargs)

        return huey.task(name=fn.__name__, **options)(run)

    return decorate


def periodic(schedule: Any, **options: Any) -> Callable[[F], TaskWrapper]:
    """Declare a periodic job (a ``huey.crontab``), run by every worker's scheduler."""

    def decorate(fn: F) -> TaskWrapper:
        @functools.wraps(fn)
        def run() -> Any:
            with _app().app_context():
                return fn()

        return huey.periodic_task(schedule, name=fn.__name__, **options)(run)

    return decorate


def send_now(task: TaskWrapper, *args: Any) -> bool:
    """Hand a job to the broker at once. A broker that is down is logged, not raised: the row
    the job works on is already committed, and the periodic sweep queues it again later."""
    try:
        task(*args)
    except Exception:  # the broker (Redis, a SQLite file) is unreachable or failed
        log.warning("job %s could not be queued; the sweep will retry", task.name, exc_info=True)
        return False
    return True


def enqueue(task: TaskWrapper, *args: Any) -> None:
    """Queue ``task(*args)`` once the current transaction commits (never if it rolls back)."""
    after_commit(send_now, task, *args)


def every_minute() -> Any:
    return crontab(minute="*")


@click.command("worker")
@click.option("--workers", default=2, show_default=True, help="Jobs run at the same time.")
@click.option("--no-periodic", is_flag=True, help="Do not run the periodic jobs here.")
def worker_command(workers: int, no_periodic: bool) -> None:
    """Run a job worker: PDF renders, mail delivery and periodic housekeeping."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]
    if huey.immediate:
        raise click.ClickException("JOBS_IMMEDIATE is set: jobs run in the web process.")
    _bound["app"] = app
    _import_jobs()
    consumer = huey.create_consumer(
        workers=workers,
        worker_type="thread",
        periodic=not no_periodic,
        check_worker_health=True,
        initial_delay=0.1,
        max_delay=1.0,
    )
    _sweep_on_start(app)
    click.echo(f"Worker started: {workers} thread(s), broker {type(huey.storage).__name__}")
    consumer.run()


def _sweep_on_start(app: Flask) -> None:
    """A worker that starts picks up at once what a stopped or killed one left behind."""
    from .documents import sweep_documents
    from .mail import sweep_outbox

    with app.app_context():
        for sweep in (sweep_documents, sweep_outbox):
            try:
                sweep.call_local()
            except Exception:  # the broker or the database is not there yet: the timer retries
                log.warning("start-up sweep %s failed", sweep.name, exc_info=True)


def _import_jobs() -> None:
    """Import every module that declares jobs, so the worker knows them by name."""
    from . import documents, housekeeping, mail  # noqa: F401
    from .areas import area_modules

    area_modules("jobs")


def init_app(app: Flask) -> None:
    _configure(app)
    _bound.setdefault("app", app)
    app.cli.add_command(worker_command)
    _import_jobs()
    from .documents import stage_label

    app.jinja_env.globals["stage_label"] = stage_label
