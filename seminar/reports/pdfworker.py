"""Runs inside the report renderer's worker process: WeasyPrint through ``seminar.pdf`` only.

The worker has no database and no request: it gets trusted HTML (user text already sanitized by the
template), the static folder and the bytes of the stored files (``/media/<name>``) the HTML links to,
read by the parent, and returns the PDF bytes with the list of refused URLs.
"""

from __future__ import annotations

from flask import Flask

_apps: dict[str, Flask] = {}


def _app(static_folder: str) -> Flask:
    if static_folder not in _apps:
        _apps[static_folder] = Flask("seminar_pdf_worker", static_folder=static_folder)
    return _apps[static_folder]


def _die_with_parent() -> None:
    """Ask Linux to kill this process when its parent (the fork server) goes: a killed job
    worker must not leave a render running behind it."""
    import ctypes
    import signal
    import sys

    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)


def warm_up() -> None:
    """Import WeasyPrint once, so the first real render does not pay for it."""
    import weasyprint  # noqa: F401

    _die_with_parent()


def render(
    html: str, static_folder: str, media: dict[str, bytes], variant: str
) -> tuple[bytes, list[str]]:
    from ..pdf import render_pdf

    with _app(static_folder).app_context():
        result = render_pdf(html, variant=variant, media_loader=media.get)
    return result.pdf, result.blocked


def peak_memory_mb() -> float:
    """The worker's peak resident memory (for the benchmark)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
