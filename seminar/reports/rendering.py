"""HTML and PDF of the report: one template for the browser preview and the PDF.

PDFs are rendered by jobs (``seminar.documents``), in a render process with a time limit
(``seminar.render``), and stored in the database keyed by the hash of their HTML: the same draft is
never rendered twice, by any node. Finalized versions keep their own bytes and are never
re-rendered.
"""

from __future__ import annotations

import hashlib
import logging
import re
import zlib
from dataclasses import dataclass, field
from typing import Any

import nh3
from flask import current_app, render_template
from flask_babel import force_locale
from markdown_it import MarkdownIt
from markupsafe import Markup

from ..errors import DomainError
from ..pdf import DEFAULT_VARIANT
from ..text import ALLOWED_ATTRIBUTES, ALLOWED_TAGS

log = logging.getLogger("seminar.reports")


@dataclass
class ReportPdf:
    pdf: bytes
    sha256: str
    blocked: list[str] = field(default_factory=list)

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
_HEADER_CELL = re.compile(r"<th(?=[\s>])")


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
    # Markdown tables have header cells in their first row only: each heads its column.
    html = _HEADER_CELL.sub('<th scope="col"', html)
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


def warm_up() -> None:
    from ..render import warm_up as _warm_up

    _warm_up()


def _render(html: str, variant: str) -> tuple[bytes, list[str]]:
    from ..render import RenderFailed, render

    try:
        result = render(html, variant=variant)
    except RenderFailed as failure:
        raise DomainError(failure.message) from failure
    return result.pdf, result.blocked


def render_report_pdf(html: str, *, variant: str = DEFAULT_VARIANT) -> ReportPdf:
    """The PDF of this HTML, rendered now (the command line; the web asks a job for it)."""
    pdf, blocked = _render(html, variant)
    return ReportPdf(pdf, hashlib.sha256(pdf).hexdigest(), blocked=blocked)
