"""The registration blueprint; its routes live in one module per use case, registered on ``bp``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("registration", __name__)

from . import (  # noqa: E402,F401
    views_checkin,
    views_desk,
    views_documents,
    views_imports,
    views_public,
)
