"""Logos and signature images: PNG, JPEG or WebP (checked and re-encoded by ``seminar.uploads``) or
SVG, which is XML and may carry scripts, event handlers, external references and entity bombs.

An SVG is parsed with defusedxml (no DTD, no entities), then rebuilt from an allow-list of drawing
elements and attributes: scripts, ``foreignObject``, event handlers, links to anything but the
document itself and styles that load resources are dropped. What is stored is our own
serialization of that clean tree, so the browser and the PDF renderer only ever see vector shapes.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET  # noqa: S405 (only serializes; parsing is defusedxml's)
from typing import IO

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from flask_babel import gettext as _
from PIL import Image, UnidentifiedImageError

from .. import storage
from ..errors import DomainError
from ..uploads import MAX_IMAGE_BYTES, save_image

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
SVG_MEDIA_TYPE = "image/svg+xml"

ELEMENTS = {
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline",
    "polygon", "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
    "symbol", "use",
}  # fmt: skip
ATTRIBUTES = {
    "id", "class", "viewBox", "width", "height", "x", "y", "x1", "x2", "y1", "y2", "cx", "cy", "r",
    "rx", "ry", "d", "points", "transform", "fill", "fill-opacity", "fill-rule", "clip-rule",
    "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-miterlimit",
    "stroke-dasharray", "stroke-dashoffset", "stroke-opacity", "opacity", "offset", "stop-color",
    "stop-opacity", "gradientUnits", "gradientTransform", "spreadMethod", "fx", "fy",
    "clip-path", "clipPathUnits", "mask", "maskUnits", "font-family", "font-size", "font-weight",
    "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "preserveAspectRatio",
    "role", "aria-label", "version", "style", "href", "visibility", "display",
}  # fmt: skip
# Paint and style values may refer to the document's own gradients (url(#id)) and nothing else.
_UNSAFE_VALUE = re.compile(r"url\s*\(\s*(?!['\"]?#)|@import|expression|javascript:|\\", re.I)
MAX_SVG_ELEMENTS = 5000


def _local(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _sep, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _clean(element: ET.Element) -> ET.Element | None:
    namespace, tag = _local(element.tag) if isinstance(element.tag, str) else ("", "")
    if namespace != SVG or tag not in ELEMENTS:
        return None
    clean = ET.Element(f"{{{SVG}}}{tag}")
    for name, value in element.attrib.items():
        attr_ns, attr = _local(name)
        if attr_ns not in ("", XLINK) or attr not in ATTRIBUTES or _UNSAFE_VALUE.search(value):
            continue
        if attr == "href" and not value.startswith("#"):
            continue
        clean.set(attr, value)
    clean.text = element.text if tag in ("title", "desc", "text", "tspan") else None
    for child in element:
        kept = _clean(child)
        if kept is not None:
            kept.tail = child.tail if tag in ("text", "tspan") else None
            clean.append(kept)
    return clean


def sanitize_svg(data: bytes, *, field: str | None = None) -> bytes:
    """A clean copy of an SVG drawing, or ``DomainError`` if it is not one we can read."""
    refusal = DomainError(
        _("This SVG file could not be read. Export it again as plain SVG, or upload a PNG."),
        field=field,
    )
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise refusal from exc
    if root.tag != f"{{{SVG}}}svg" or sum(1 for _el in root.iter()) > MAX_SVG_ELEMENTS:
        raise refusal
    clean = _clean(root)
    if clean is None or not (clean.get("viewBox") or (clean.get("width") and clean.get("height"))):
        raise refusal
    ET.register_namespace("", SVG)
    return ET.tostring(clean, encoding="utf-8", xml_declaration=False)


def _looks_like_svg(data: bytes, filename: str) -> bool:
    head = data[:1024].lstrip().lower()
    return filename.lower().endswith(".svg") or head.startswith((b"<svg", b"<?xml"))


def save_logo(stream: IO[bytes], *, filename: str, folder: str, field: str) -> str:
    """Store an uploaded logo or signature (SVG sanitized, others re-encoded); its stored name."""
    data = stream.read(MAX_IMAGE_BYTES + 1)
    if len(data) > MAX_IMAGE_BYTES:
        raise DomainError(_("The image is larger than 5 MB."), field=field)
    if not data:
        raise DomainError(_("The file is empty."), field=field)
    if not _looks_like_svg(data, filename):
        try:
            with Image.open(io.BytesIO(data)) as probe:
                known = probe.format in ("PNG", "JPEG", "WEBP")
        except (UnidentifiedImageError, OSError) as exc:
            raise DomainError(_("Upload a PNG, JPEG, WebP or SVG image."), field=field) from exc
        if not known:
            raise DomainError(_("Upload a PNG, JPEG, WebP or SVG image."), field=field)
        return save_image(io.BytesIO(data), folder=folder, field=field, max_side=1200)
    try:
        return storage.put(
            sanitize_svg(data, field=field), media_type=SVG_MEDIA_TYPE, kind=folder, public=True
        )
    except storage.StorageError as error:
        error.field = field
        raise
