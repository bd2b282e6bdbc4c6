"""WeasyPrint in a child process, with a time limit, for every kind of PDF.

Renders run in a small pool of worker processes started through a fork server: WeasyPrint holds a
whole document in memory and a large report takes seconds, so it never runs in a web worker. A
render that takes longer than ``RENDER_TIMEOUT`` seconds is stopped by killing its process. The
processes ask the kernel to kill them when their parent dies, so a job worker that is killed
never leaves a render running behind it.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from flask import current_app
from flask_babel import gettext as _

from .reports import pdfworker

log = logging.getLogger("seminar.render")

_executor: ProcessPoolExecutor | None = None
_lock = threading.Lock()


class RenderFailed(Exception):
    """A render did not produce a PDF; ``message`` can be shown, ``final`` means do not retry."""

    def __init__(self, message: str, *, final: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.final = final


@dataclass
class Rendered:
    pdf: bytes
    blocked: list[str] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        from .reports.rendering import page_count

        return page_count(self.pdf)


def _pool() -> ProcessPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["seminar.renderserver"])
            _executor = ProcessPoolExecutor(
                max_workers=int(current_app.config.get("RENDER_PROCESSES", 1)),
                mp_context=context,
                initializer=pdfworker.warm_up,
                max_tasks_per_child=20,  # WeasyPrint rarely gives memory back to the OS
            )
        return _executor


def discard_pool() -> None:
    """Stop a stuck render: kill the worker processes; the next render starts a fresh pool."""
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is None:
        return
    for process in list(getattr(executor, "_processes", {}).values()):
        process.kill()
    executor.shutdown(wait=False, cancel_futures=True)


def warm_up() -> None:
    """Start a render process ahead of the first render (the CLI, workers and benchmarks)."""
    if current_app.config.get("RENDER_IN_PROCESS", True):
        _pool().submit(pdfworker.warm_up).result(timeout=60)


def peak_memory_mb() -> float:
    return float(_pool().submit(pdfworker.peak_memory_mb).result(timeout=60))


def render(html: str, *, variant: str | None = None) -> Rendered:
    """PDF bytes of trusted template output, rendered in a render process within the time limit."""
    from .pdf import DEFAULT_VARIANT

    variant = DEFAULT_VARIANT if variant is None else variant
    from .pdf import media_names, read_media

    static = str(Path(current_app.static_folder or "static").resolve())
    # The render process has no database: hand it the stored files (logo, photos) the HTML links to.
    media = {name: data for name in media_names(html) if (data := read_media(name)) is not None}
    if not current_app.config.get("RENDER_IN_PROCESS", True):
        pdf, blocked = pdfworker.render(html, static, media, variant)
        return Rendered(pdf, blocked)
    timeout = float(current_app.config.get("RENDER_TIMEOUT", 60))
    future = _pool().submit(pdfworker.render, html, static, media, variant)
    try:
        pdf, blocked = future.result(timeout=timeout)
    except FutureTimeout as exc:
        discard_pool()
        log.error("a render took longer than %s s and was stopped", timeout)
        raise RenderFailed(
            _(
                "The document took too long to prepare. Please try again or contact the administrator."
            )
        ) from exc
    except BrokenProcessPool as exc:
        discard_pool()
        log.exception("the renderer stopped unexpectedly")
        raise RenderFailed(_("The document could not be prepared. Please try again.")) from exc
    if blocked:
        log.warning("a render refused %d resource(s)", len(blocked))
    return Rendered(pdf, blocked)
