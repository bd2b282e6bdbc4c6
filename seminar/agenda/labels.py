"""What people read for each kind of agenda item and each role in it, in both languages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from .models import ItemKind, PersonRole

KIND_LABELS = {
    ItemKind.OPENING: _l("Opening"),
    ItemKind.KEYNOTE: _l("Keynote"),
    ItemKind.PANEL: _l("Panel"),
    ItemKind.PRESENTATION: _l("Presentation"),
    ItemKind.WORKING_GROUP: _l("Working group"),
    ItemKind.PLENARY: _l("Plenary discussion"),
    ItemKind.BREAK: _l("Break"),
    ItemKind.MEAL: _l("Meal"),
    ItemKind.CLOSING: _l("Closing"),
}
ROLE_LABELS = {
    PersonRole.SPEAKER: _l("Speaker"),
    PersonRole.MODERATOR: _l("Moderator"),
    PersonRole.DISCUSSANT: _l("Discussant"),
    PersonRole.RAPPORTEUR: _l("Rapporteur"),
}
ROLE_PLURALS = {
    PersonRole.SPEAKER: _l("Speakers"),
    PersonRole.MODERATOR: _l("Moderators"),
    PersonRole.DISCUSSANT: _l("Discussants"),
    PersonRole.RAPPORTEUR: _l("Rapporteurs"),
}
