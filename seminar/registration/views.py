"""The registration blueprint; its routes live in one module per use case, registered on ``bp``."""

from __future__ import annotations

from flask import Blueprint

from . import capacity, emails

bp = Blueprint("registration", __name__)
# The one wording of seat messages (see capacity.py), for every registration template.
bp.add_app_template_global(capacity.seats_note, "seats_note")
bp.add_app_template_global(capacity.full_notice, "seats_full_notice")
bp.add_app_template_global(emails.self_service_url, "self_service_url")

from . import (  # noqa: E402,F401
    activity,
    views_checkin,
    views_desk,
    views_documents,
    views_imports,
    views_public,
    views_questions,
)
