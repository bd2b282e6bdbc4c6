"""Runs inside the report renderer's worker process: WeasyPrint through ``seminar.pdf`` only.

The worker has no database and no request: it gets trusted HTML (user text already sanitized by the
template) and the two asset folders, and returns the PDF bytes with the list of refused URLs.
"""

from __future__ import annotations

from flask import Flask

_apps: dict[tuple[str, str], Flask] = {}


def _app(static_folder: str, upload_folder: str) -> Flask:
    key = (static_folder, upload_folder)
    if key not in _apps:
        app = Flask("seminar_pdf_worker", static_folder=static_folder)
        app.config["UPLOAD_FOLDER"] = upload_folder
        _apps[key] = app
    return _apps[key]


def warm_up() -> None:
    """Import WeasyPrint once, so the first real render does not pay for it."""
    import weasyprint  # noqa: F401


def render(
    html: str, static_folder: str, upload_folder: str, variant: str
) -> tuple[bytes, list[str]]:
    from ..pdf import render_pdf

    with _app(static_folder, upload_folder).app_context():
        result = render_pdf(html, variant=variant)
    return result.pdf, result.blocked


def peak_memory_mb() -> float:
    """The worker's peak resident memory (for the benchmark)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
