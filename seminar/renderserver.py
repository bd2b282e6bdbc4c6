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

# Taken first: importing WeasyPrint below takes a second or more, and a worker killed during that
# second must still be noticed. A parent already gone (adopted by init) means nobody needs us.
_parent = os.getppid()
if _parent == 1:
    os._exit(0)


def _watch() -> None:
    while True:
        if os.getppid() != _parent:
            os._exit(0)
        time.sleep(0.5)


threading.Thread(target=_watch, name="parent-watchdog", daemon=True).start()

from .reports import pdfworker  # noqa: E402,F401  (WeasyPrint imported once, before any fork)
