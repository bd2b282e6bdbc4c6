"""Uploaded images (speaker photos, report logos): checked by content, size-limited, stored under
random names in the upload folder and served at ``/media/<name>``."""

from __future__ import annotations

import io
import secrets
from pathlib import Path
from typing import IO

from flask import current_app
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from .errors import DomainError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000


def upload_root() -> Path:
    root = Path(current_app.config["UPLOAD_FOLDER"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def save_image(
    stream: IO[bytes], *, folder: str, field: str | None = None, max_side: int = 1600
) -> str:
    """Validate an uploaded image by its content and store a re-encoded copy.

    Returns the stored name relative to the upload folder (e.g. ``photos/3f9c....jpg``). Re-encoding
    drops metadata (EXIF location) and anything appended to the file.
    """
    data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise DomainError(_("The image is larger than 5 MB."), field=field)
    if not data:
        raise DomainError(_("The file is empty."), field=field)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            kind = probe.format
            probe.verify()
        if kind not in ALLOWED_FORMATS:
            raise DomainError(_("Upload a JPEG, PNG or WebP image."), field=field)
        image: Image.Image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise DomainError(_("The image has too many pixels."), field=field)
        image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError) as exc:
        raise DomainError(
            _("This file is not an image we can read. Upload a JPEG, PNG or WebP image."),
            field=field,
        ) from exc
    image.thumbnail((max_side, max_side))
    extension = ALLOWED_FORMATS[kind or "PNG"]
    if extension == "jpg" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    name = f"{folder}/{secrets.token_urlsafe(16)}.{extension}"
    target = upload_root() / name
    target.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **({"quality": 88} if extension == "jpg" else {}))
    try:
        target.write_bytes(buffer.getvalue())
    except OSError as exc:  # a full disk must not look like success
        raise DomainError(
            _("The file could not be stored. Please try again later."), field=field
        ) from exc
    return name


def delete_file(name: str | None) -> None:
    if not name:
        return
    target = (upload_root() / name).resolve()
    if target.is_relative_to(upload_root().resolve()) and target.is_file():
        target.unlink()
