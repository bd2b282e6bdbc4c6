"""Test helpers for the event's identity: the demo's hosts with logos and signatories, PNG logos,
and the raster images a PDF page draws."""

from __future__ import annotations

import subprocess
import tempfile
from io import BytesIO
from typing import Any

from PIL import Image

from seminar import storage
from seminar.events.demo import HOSTS
from seminar.events.demo_identity import load_identity
from seminar.extensions import db


def give_identity(event: Any) -> None:
    """The demo's three hosts with their placeholder logos, and its two signatories."""
    event.hosts = HOSTS
    load_identity(event)
    db.session.flush()


def png(color: str = "navy", size: tuple[int, int] = (120, 48)) -> bytes:
    buffer = BytesIO()
    Image.new("RGB", size, color).save(buffer, format="PNG")
    return buffer.getvalue()


def use_png_logos(event: Any, *colors: str) -> None:
    """Replace the first hosts' logos with PNG images (raster images are countable in a PDF)."""
    for host, color in zip(event.host_organizations, colors, strict=False):
        host.logo = storage.put(png(color), media_type="image/png", kind="logos", public=True)
    db.session.flush()


def images(pdf: bytes, page: int = 1) -> int:
    """Raster images drawn on a page, each time it is drawn (``pdfimages -list``); an SVG logo is
    drawn as vector shapes and text instead."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as file:
        file.write(pdf)
        file.flush()
        listing = subprocess.run(
            ["pdfimages", "-f", str(page), "-l", str(page), "-list", file.name],
            capture_output=True, check=True,
        ).stdout.decode()  # fmt: skip
    return sum(1 for line in listing.splitlines()[2:] if line.split()[2] == "image")
