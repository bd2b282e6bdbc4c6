"""One unit of work per request, and side effects that wait for the commit.

Views call services inside ``with work(form) as done:``. The block commits once when it succeeds;
a ``DomainError`` rolls back and becomes the form error (or a flash message) it belongs to; a
``ConflictError`` -- or a stale row or a unique-constraint race found at commit time -- rolls back
and is kept on ``done.conflict`` so the view can show both versions; any other exception rolls
back and propagates to the error pages.

Side effects (queue a mail delivery, render a PDF, delete a stored file) are registered with
``after_commit(fn, *args)`` while the work is being done. They run only after the transaction that
asked for them commits, and are forgotten when it rolls back, so nothing is sent, rendered or
deleted for a change that never happened.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from flask import flash
from flask_babel import gettext as _
from sqlalchemy import event
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from .errors import ConflictError, DomainError
from .extensions import db

log = logging.getLogger("seminar.uow")

_KEY = "seminar.after_commit"


def after_commit(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run ``fn(*args, **kwargs)`` once the current transaction has committed (never if it rolls
    back). Effects registered twice with equal arguments run once."""
    pending: list[tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]]
    pending = db.session.info.setdefault(_KEY, [])
    entry = (fn, args, kwargs)
    if entry not in pending:
        pending.append(entry)


_READY = "seminar.committed_effects"


@event.listens_for(Session, "after_commit")
def _commit_effects(session: Session) -> None:
    session.info.setdefault(_READY, []).extend(session.info.pop(_KEY, []))


@event.listens_for(Session, "after_transaction_end")
def _run_effects(session: Session, transaction: Any) -> None:
    # Run once the transaction has ended and given its connection back: an effect that uses the
    # database (a job in immediate mode) never holds a second connection of the same request.
    if transaction.parent is not None:
        return
    effects = session.info.pop(_READY, [])
    for fn, args, kwargs in effects:
        try:
            fn(*args, **kwargs)
        except Exception:  # an effect must never undo or hide a commit that already happened
            log.exception("after-commit effect %s failed", getattr(fn, "__name__", fn))


@event.listens_for(Session, "after_rollback")
def _forget_effects(session: Session) -> None:
    session.info.pop(_KEY, None)


@dataclass
class Outcome:
    """What happened to a unit of work: ``ok`` after the commit, else the error or the conflict."""

    ok: bool = False
    error: DomainError | None = None
    conflict: ConflictError | None = None

    def __bool__(self) -> bool:
        return self.ok

    @property
    def failure(self) -> DomainError | None:
        """The error or the conflict that stopped the work, if any."""
        return self.conflict or self.error


def _attach(form: Any, error: DomainError) -> None:
    from .forms import attach_error

    attach_error(form, error)


@contextmanager
def work(form: Any = None, *, flash_errors: bool | None = None) -> Iterator[Outcome]:
    """Commit what the block did, or roll it back and report why.

    ``form``: a ``DomainError`` is shown next to the field it names (or at the top of the form).
    Without a form (or with ``flash_errors=True``) the message is flashed instead.
    """
    outcome = Outcome()
    show_flash = form is None if flash_errors is None else flash_errors
    try:
        yield outcome
        db.session.commit()
    except ConflictError as conflict:
        db.session.rollback()
        outcome.conflict = conflict
        if show_flash:
            flash(conflict.message, "error")
        return
    except DomainError as error:
        db.session.rollback()
        outcome.error = error
        if form is not None:
            _attach(form, error)
        if show_flash:
            flash(error.message, "error")
        return
    except (StaleDataError, IntegrityError) as race:
        # Two people saved the same thing at the same moment: the other one won.
        db.session.rollback()
        log.info("concurrent change refused: %s", type(race).__name__)
        outcome.conflict = ConflictError(
            _("Someone else saved a change at the same moment. Review their version and try again.")
        )
        if show_flash:
            flash(outcome.conflict.message, "error")
        return
    except BaseException:
        db.session.rollback()
        raise
    outcome.ok = True
