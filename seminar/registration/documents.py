"""Shared helpers of the registration PDFs: rendering, download responses, QR codes, file names."""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from typing import Any

import segno
from flask import Response, render_template
from flask_babel import gettext as _
from markupsafe import Markup

from ..pdf import render_pdf


@functools.lru_cache(maxsize=4096)
def qr_svg_data_uri(content: str) -> str:
    """A QR code as an SVG data URI: vector, so it prints sharp at any size.

    Cached: a badge's URL never changes, and choosing the best mask pattern is the slow part."""
    qr = segno.make(content, error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=4, border=0, xmldecl=False, svgns=True, dark="#000")
    return "data:image/svg+xml;base64," + _b64(buffer.getvalue())


def _b64(data: bytes) -> str:
    import base64

    return base64.b64encode(data).decode("ascii")


def document_html(template: str, **context: Any) -> str:
    """The HTML of a template of templates/registration/pdf/ (the whole input of its PDF)."""
    return render_template(
        f"registration/pdf/{template}",
        css_string=css_string,
        page_counter_css=page_counter_css,
        **context,
    )


def render_document(template: str, **context: Any) -> bytes:
    """Render a template of templates/registration/pdf/ to PDF bytes (tagged, accessible PDF)."""
    return render_pdf(document_html(template, **context)).pdf


def safe_filename(*parts: str) -> str:
    """An ASCII file name from readable parts: 'badge-maria-quispe.pdf'."""
    text = "-".join(p for p in parts if p)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9.]+", "-", ascii_text).strip("-").lower()
    return slug or "document"


def pdf_response(pdf: bytes, filename: str, *, inline: bool = True) -> Response:
    response = Response(pdf, mimetype="application/pdf")
    disposition = "inline" if inline else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def css_string(text: str) -> Markup:
    """``text`` as a CSS string literal, every character outside [A-Za-z0-9 ] hex-escaped, so user
    text (an event title) can sit in a <style> block of a PDF template without breaking out."""
    escaped = "".join(
        c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):x} " for c in text
    )
    return Markup(f'"{escaped}"')  # noqa: S704 (fully escaped above)


def page_counter_css() -> Markup:
    """CSS ``content`` for a translated 'Page 3 of 12' in a page margin box."""
    text = _("Page %(page)s of %(pages)s", page="\x00", pages="\x01")
    tokens = []
    for part in re.split("(\x00|\x01)", text):
        if part == "\x00":
            tokens.append("counter(page)")
        elif part == "\x01":
            tokens.append("counter(pages)")
        elif part:
            tokens.append(str(css_string(part)))
    return Markup(" ".join(tokens))  # noqa: S704 (built from escaped parts)
