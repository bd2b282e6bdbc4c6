"""HTML and PDF of the report: one template for the browser preview and the PDF.

PDFs render in a separate worker process (WeasyPrint holds the whole document in memory and a big
report takes seconds), with a time limit, and the result is cached on disk by the hash of its HTML:
the same draft is never rendered twice, by any web worker. Finalized versions are served from the
database and never re-rendered.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import re
import threading
import zlib
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nh3
from flask import current_app, render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..errors import DomainError
from ..pdf import DEFAULT_VARIANT
from ..text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS
from . import pdfworker

log = logging.getLogger("seminar.reports")

_executor: ProcessPoolExecutor | None = None
_lock = threading.Lock()
CACHE_KEEP = 40


@dataclass
class ReportPdf:
    pdf: bytes
    sha256: str
    blocked: list[str] = field(default_factory=list)
    from_cache: bool = False

    @property
    def page_count(self) -> int:
        return page_count(self.pdf)


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")
_STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def page_count(pdf: bytes) -> int:
    """Page objects in the PDF, including those inside compressed object streams."""
    count = len(_PAGE.findall(pdf))
    for match in _STREAM.finditer(pdf):
        try:
            count += len(_PAGE.findall(zlib.decompress(match.group(1))))
        except zlib.error:
            continue
    return count


_markdown = MarkdownIt("commonmark", {"html": True, "linkify": False, "typographer": False}).enable(
    ["table", "strikethrough"]
)
REPORT_TAGS = ALLOWED_TAGS - {"a"}


def report_markdown(text: str | None) -> Markup:
    """User Markdown as the report shows it (preview and PDF alike).

    Stricter than ``seminar.text.render_markdown``: raw HTML tags are removed rather than shown
    (``<img src="file:///etc/passwd">`` leaves no trace; ``<script>`` loses its content too), and
    links become plain text, so no URL typed by a user ends up in the PDF as a link.
    """
    if not text:
        return Markup("")
    html = nh3.clean(
        _markdown.render(text),
        tags=REPORT_TAGS,
        attributes={k: v for k, v in ALLOWED_ATTRIBUTES.items() if k != "a"},
        url_schemes=set(),
    )
    return Markup(html)  # noqa: S704 - sanitized just above with an allow-list


def render_html(doc: dict[str, Any], *, toolbar: dict[str, str] | None = None) -> str:
    """The report document (a complete HTML page), labels in the report's language.

    ``toolbar`` adds the browser preview's navigation, which print media never show.
    """
    with force_locale(doc["language"]):
        return render_template(
            "reports/pdf/document.html",
            doc=doc,
            static=current_app.static_url_path,
            toolbar=toolbar,
        )


def _cache_dir() -> Path:
    folder = current_app.config.get("REPORT_CACHE_FOLDER") or (
        Path(current_app.config["UPLOAD_FOLDER"]).resolve().parent / "report-cache"
    )
    path = Path(folder)
    path.mkdir(parents=True, exist_ok=True)
    return path


def _pool() -> ProcessPoolExecutor:
    global _executor
    with _lock:
        if _executor is None:
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload(["seminar.reports.pdfworker"])
            _executor = ProcessPoolExecutor(
                max_workers=int(current_app.config.get("REPORT_RENDER_WORKERS", 1)),
                mp_context=context,
                initializer=pdfworker.warm_up,
                max_tasks_per_child=20,  # WeasyPrint rarely gives memory back to the OS
            )
        return _executor


def _discard_pool() -> None:
    """Stop a stuck render: kill the worker processes; the next render starts a fresh pool."""
    global _executor
    with _lock:
        executor, _executor = _executor, None
    if executor is None:
        return
    for process in list(getattr(executor, "_processes", {}).values()):
        process.terminate()
    executor.shutdown(wait=False, cancel_futures=True)


def warm_up() -> None:
    """Start the worker process ahead of the first render (the CLI and benchmarks use it)."""
    if current_app.config.get("REPORT_RENDER_IN_PROCESS", True):
        _pool().submit(pdfworker.warm_up).result(timeout=60)


def _render(html: str, variant: str) -> tuple[bytes, list[str]]:
    static = str(Path(current_app.static_folder or "static").resolve())
    uploads = str(Path(current_app.config["UPLOAD_FOLDER"]).resolve())
    if not current_app.config.get("REPORT_RENDER_IN_PROCESS", True):
        return pdfworker.render(html, static, uploads, variant)
    timeout = float(current_app.config.get("REPORT_RENDER_TIMEOUT", 120))
    future = _pool().submit(pdfworker.render, html, static, uploads, variant)
    try:
        return future.result(timeout=timeout)
    except FutureTimeout as exc:
        _discard_pool()
        log.error("report rendering took longer than %s s and was stopped", timeout)
        raise DomainError(
            _("The report took too long to render. Please try again or contact the administrator.")
        ) from exc
    except BrokenProcessPool as exc:
        _discard_pool()
        log.exception("the report renderer stopped unexpectedly")
        raise DomainError(_("The report could not be rendered. Please try again.")) from exc


def render_report_pdf(
    html: str, *, variant: str = DEFAULT_VARIANT, use_cache: bool = True
) -> ReportPdf:
    """The PDF of this exact HTML, from the cache when the same HTML was rendered before."""
    key = hashlib.sha256(f"{variant}\n{html}".encode()).hexdigest()
    cached = _cache_dir() / f"{key}.pdf"
    if use_cache and cached.is_file():
        data = cached.read_bytes()
        return ReportPdf(data, hashlib.sha256(data).hexdigest(), from_cache=True)
    pdf, blocked = _render(html, variant)
    if blocked:
        log.warning("report rendering refused %d resource(s)", len(blocked))
    temporary = cached.with_suffix(f".{os.getpid()}.tmp")
    temporary.write_bytes(pdf)
    os.replace(temporary, cached)
    _prune(cached.parent)
    return ReportPdf(pdf, hashlib.sha256(pdf).hexdigest(), blocked=blocked)


def _prune(folder: Path) -> None:
    files = sorted(folder.glob("*.pdf"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in files[CACHE_KEEP:]:
        old.unlink(missing_ok=True)
