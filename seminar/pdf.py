"""The one place that calls WeasyPrint.

Templates for PDFs are ordinary Jinja templates that link their assets the same way pages do
(``url_for('static', ...)`` -> ``/static/...``, uploads under ``/media/...``). Rendering resolves
those paths against a fake origin, and the URL fetcher serves them from the app's own folders only.
Everything else -- ``file://``, any network address, paths escaping the folders -- is refused and
recorded, so user text can never make the renderer read a local file or reach the network.
"""

from __future__ import annotations

import logging
import mimetypes
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from flask import current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher, URLFetcherResponse

log = logging.getLogger("seminar.pdf")

ORIGIN = "https://seminar.invalid"
DEFAULT_VARIANT = "pdf/ua-1"  # tagged, accessible PDF


class AppAssetFetcher(URLFetcher):
    """Serves ``/static/`` and ``/media/`` from the app's folders; refuses every other URL."""

    def __init__(self, roots: dict[str, Path]) -> None:
        super().__init__(allowed_protocols={"data"}, allow_redirects=False, timeout=5)
        self.roots = {prefix: root.resolve() for prefix, root in roots.items()}
        self.blocked: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            return super().fetch(url, headers)
        parts = urlsplit(url)
        if f"{parts.scheme}://{parts.netloc}" == ORIGIN:
            path = unquote(parts.path)
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
    return {
        "/static/": Path(current_app.static_folder or "static"),
        "/media/": Path(current_app.config["UPLOAD_FOLDER"]),
    }


def render_pdf(html: str, *, variant: str | None = DEFAULT_VARIANT, **options: Any) -> RenderResult:
    """Turn trusted template output (user text already escaped or sanitized) into PDF bytes."""
    fetcher = AppAssetFetcher(asset_roots())
    document = HTML(string=html, base_url=f"{ORIGIN}/", url_fetcher=fetcher)
    if variant:
        options["pdf_variant"] = variant
    pdf = document.write_pdf(**options)
    return RenderResult(pdf=pdf or b"", blocked=fetcher.blocked)
