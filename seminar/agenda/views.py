"""The agenda blueprint; its routes live in one module per use case, registered on ``bp``."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("agenda", __name__)

from . import (  # noqa: E402,F401  (routes register on bp)
    views_editor,
    views_people,
    views_public,
    views_rooms,
)
