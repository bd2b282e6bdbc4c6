"""Uploaded images (speaker photos, report logos): checked by content, size-limited, re-encoded and
kept in the database store (``seminar.storage``), served to anyone at ``/media/<name>``."""

from __future__ import annotations

import io
from typing import IO

from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from . import storage
from .errors import DomainError

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MEDIA_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000


def save_image(
    stream: IO[bytes], *, folder: str, field: str | None = None, max_side: int = 1600
) -> str:
    """Validate an uploaded image by its content and store a re-encoded copy.

    Returns the stored name (``<folder>/<sha256>.<ext>``, e.g. ``photos/3f9c....jpg``), which is also
    its address under ``/media/``. Re-encoding drops metadata (EXIF location) and anything appended
    to the file. The file is written in the caller's transaction.
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
    buffer = io.BytesIO()
    image.save(buffer, format=kind, **({"quality": 88} if extension == "jpg" else {}))
    try:
        return storage.put(
            buffer.getvalue(), media_type=MEDIA_TYPES[kind or "PNG"], kind=folder, public=True
        )
    except storage.StorageError as error:
        error.field = field
        raise


def delete_file(name: str | None) -> None:
    """Remove a stored image once the current transaction commits, unless still in use."""
    storage.delete_later(name)
