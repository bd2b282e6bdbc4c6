"""Preloaded into the fork server that starts render processes (see ``seminar.render``).

The fork server must not outlive the job worker that started it: a worker killed with SIGKILL runs
no clean-up code, and an orphaned fork server would keep its render processes (each holding a
whole document in memory) alive. A small watchdog thread ends the fork server as soon as its
parent is gone; the render processes it forked die with it (they ask the kernel for that in
``pdfworker.warm_up``).
"""

from __future__ import annotations

import os
import threading
import time

from .reports import pdfworker  # noqa: F401  (WeasyPrint imported once, before any fork)

_parent = os.getppid()


def _watch() -> None:
    while True:
        if os.getppid() != _parent:
            os._exit(0)
        time.sleep(0.5)


threading.Thread(target=_watch, name="parent-watchdog", daemon=True).start()
