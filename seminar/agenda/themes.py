"""Themes (tracks) and their colours, which must keep AA contrast with the text drawn on them."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select

from .. import audit
from ..errors import DomainError
from ..events.models import Event
from ..extensions import db
from .models import AgendaItem, Theme
from .services import fold, themes_for

THEME_TEXT_COLOR = "#ffffff"  # the editor and public pages draw white text on theme colours
MIN_CONTRAST = 4.5


def _luminance(color: str) -> float:
    channels = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two '#rrggbb' colours (1 to 21)."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def darker_passing(color: str, text: str = THEME_TEXT_COLOR) -> str:
    """The nearest darker shade of ``color`` that keeps AA contrast with ``text``."""
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    for step in range(1, 101):
        factor = 1 - step / 100
        candidate = "#" + "".join(f"{round(c * factor):02x}" for c in rgb)
        if contrast_ratio(candidate, text) >= MIN_CONTRAST:
            return candidate
    return "#000000"


def _clean_theme(event: Event, name: str, color: str, theme: Theme | None) -> tuple[str, str]:
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Give the theme a name."), field="name")
    color = (color or "").strip().lower()
    if len(color) != 7 or color[0] != "#" or any(c not in "0123456789abcdef" for c in color[1:]):
        raise DomainError(_("Enter a colour such as #0b5cab."), field="color")
    ratio = contrast_ratio(color, THEME_TEXT_COLOR)
    if ratio < MIN_CONTRAST:
        raise DomainError(
            _(
                "White text on this colour has a contrast of %(ratio)s:1; at least 4.5:1 is "
                "needed to be readable. Choose a darker colour, for example %(suggestion)s.",
                ratio=f"{ratio:.1f}",
                suggestion=darker_passing(color),
            ),
            field="color",
        )
    for other in themes_for(event):
        if fold(other.name) == fold(name) and (theme is None or other.id != theme.id):
            raise DomainError(_("This event already has a theme with this name."), field="name")
    return name, color


def create_theme(event: Event, *, name: str, color: str, by: Any = None) -> Theme:
    name, color = _clean_theme(event, name, color, None)
    position = (
        db.session.scalar(select(func.max(Theme.position)).where(Theme.event_id == event.id)) or 0
    )
    theme = Theme(event=event, name=name, color=color, position=position + 1)
    db.session.add(theme)
    db.session.flush()
    audit.record("agenda.theme_created", event=event, obj=theme, summary=name, by=by)
    return theme


def update_theme(theme: Theme, *, name: str, color: str, by: Any = None) -> Theme:
    name, color = _clean_theme(theme.event, name, color, theme)
    changes = audit.diff(theme, {"name": name, "color": color})
    if changes:
        theme.name, theme.color = name, color
        audit.record(
            "agenda.theme_updated",
            event=theme.event,
            obj=theme,
            summary=name,
            changes=changes,
            by=by,
        )
        db.session.flush()
    return theme


def delete_theme(theme: Theme, *, by: Any = None) -> None:
    """Delete a theme; its items stay, without a theme."""
    for item in db.session.scalars(select(AgendaItem).where(AgendaItem.theme_id == theme.id)):
        item.theme = None
    audit.record("agenda.theme_deleted", event=theme.event, obj=theme, summary=theme.name, by=by)
    db.session.delete(theme)
    db.session.flush()
