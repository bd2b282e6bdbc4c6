"""Periodic housekeeping jobs, run by every worker's scheduler (whichever worker takes them).

Each is idempotent and safe to run on two workers at once: it deletes what is past its time.
"""

from __future__ import annotations

import logging

from huey import crontab

from .extensions import db
from .jobs import periodic

log = logging.getLogger("seminar.housekeeping")


@periodic(crontab(minute="*/10"))
def purge_expired_files() -> int:
    """Uploaded lists waiting for confirmation past their two hours, and other temporary files."""
    from .storage import purge_expired

    removed = purge_expired()
    db.session.commit()
    return removed


@periodic(crontab(minute="7"))
def purge_old_sign_in_attempts() -> int:
    """Failed sign-ins older than the throttling window are of no use to anyone."""
    from .accounts.signin import purge_login_attempts

    removed = purge_login_attempts()
    db.session.commit()
    return removed
