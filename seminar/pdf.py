"""The one place that calls WeasyPrint.

Templates for PDFs are ordinary Jinja templates that link their assets the same way pages do
(``url_for('static', ...)`` -> ``/static/...``, uploads under ``/media/...``). Rendering resolves
those paths against a fake origin, and the URL fetcher serves ``/static/`` from the app's own folder
and ``/media/`` from the public files of the database store (``seminar.storage``) only.
Everything else -- ``file://``, any network address, paths escaping the folders -- is refused and
recorded, so user text can never make the renderer read a local file or reach the network.
"""

from __future__ import annotations

import logging
import mimetypes
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger("seminar.pdf")

ORIGIN = "https://seminar.invalid"
MEDIA_PREFIX = "/media/"
DEFAULT_VARIANT = "pdf/ua-1"  # tagged, accessible PDF


class AppAssetFetcher(URLFetcher):
    """Serves ``/static/`` from the app's folder and ``/media/<name>`` through ``media_loader``
    (name -> bytes or None); refuses every other URL."""

    def __init__(
        self,
        roots: dict[str, Path],
        media_loader: Callable[[str], bytes | None] | None = None,
    ) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=5)
        self.roots = {prefix: root.resolve() for prefix, root in roots.items()}
        self.media_loader = media_loader
        self.blocked: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == ORIGIN:
            path = unquote(parts.path)
            if path.startswith(MEDIA_PREFIX) and self.media_loader is not None:
                name = path[len(MEDIA_PREFIX) :]
                data = self.media_loader(name)
                if data is not None:
                    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, data, headers={"Content-Type": mime})
            for prefix, root in self.roots.items():
                if path.startswith(prefix):
                    target = (root / path[len(prefix) :]).resolve()
                    if target.is_file() and target.is_relative_to(root):
                        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
                        return URLFetcherResponse(
                            url, target.read_bytes(), headers={"Content-Type": mime}
                        )
        self.blocked.append(url)
        log.warning("PDF renderer refused a resource: %s", url[:200])
        raise ValueError(f"resource not allowed in PDFs: {url[:200]}")


@dataclass
class RenderResult:
    pdf: bytes
    blocked: list[str] = field(default_factory=list)


def asset_roots() -> dict[str, Path]:
    return {"/static/": Path(current_app.static_folder or "static")}


def read_media(name: str) -> bytes | None:
    """A public stored file (photo, logo) as ``/media/<name>`` would serve it."""
    from .storage import read

    return read(name, public_only=True)


_MEDIA_URL = re.compile(r"""/media/([^"'()\s<>?#]{1,200})""")


def media_names(html: str) -> set[str]:
    """The stored files an HTML document links to under ``/media/``."""
    return {unquote(m) for m in _MEDIA_URL.findall(html)}


def render_pdf(
    html: str,
    *,
    variant: str | None = DEFAULT_VARIANT,
    media_loader: Callable[[str], bytes | None] | None = read_media,
    **options: Any,
) -> RenderResult:
    """Turn trusted template output (user text already escaped or sanitized) into PDF bytes.

    ``media_loader`` gives the bytes behind ``/media/<name>``: the database store by default; a
    process without the database passes a loader over bytes read for it beforehand."""
    fetcher = AppAssetFetcher(asset_roots(), media_loader)
    document = HTML(string=html, base_url=f"{ORIGIN}/", url_fetcher=fetcher)
    if variant:
        options["pdf_variant"] = variant
    pdf = document.write_pdf(**options)
    return RenderResult(pdf=pdf or b"", blocked=fetcher.blocked)
