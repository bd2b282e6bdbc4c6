"""The event's navigation bar: public pages for everyone, team pages by role.

An area's entry appears once its endpoint exists, so areas plug in without touching this list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Flask, current_app, g, request, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from .accounts import permissions as perms

# (endpoint, label, predicate; None means public)
EVENT_NAV: tuple[tuple[str, Any, Any], ...] = (
    ("events.show", _l("Overview"), None),
    ("agenda.public_agenda", _l("Agenda"), None),
    ("agenda.public_speakers", _l("Speakers"), None),
    ("registration.register", _l("Register"), None),
    ("reports.published_report", _l("Report"), None),
    ("events.settings", _l("Settings"), perms.can_manage_event),
    ("events.identity", _l("Hosts and signatories"), perms.can_manage_event),
    ("accounts.team", _l("Team"), perms.can_manage_event),
    ("agenda.editor", _l("Agenda editor"), perms.can_manage_event),
    ("registration.desk", _l("Registrations"), perms.can_manage_event),
    ("outreach.invitations_desk", _l("Invitations"), perms.can_manage_event),
    ("outreach.messages_log", _l("Messages"), perms.can_manage_event),
    ("registration.checkin", _l("Check-in"), perms.can_check_in),
    ("reports.workspace", _l("Report editor"), perms.can_edit_report),
    ("content.overview", _l("Translations"), perms.can_edit_report),
    ("events.activity", _l("Activity"), perms.can_manage_event),
)


@dataclass(frozen=True)
class NavItem:
    url: str
    label: str
    # aria-current: "page" on the entry's own page, "true" on a page inside its section (a
    # message, a registration, the rooms of the agenda editor), "" elsewhere.
    current: str
    is_team: bool


def event_nav(event: Any) -> list[NavItem]:
    entries = []
    views = current_app.view_functions
    for endpoint, label, predicate in EVENT_NAV:
        if endpoint not in views:
            continue
        if predicate is not None and not predicate(current_user, event):
            continue
        entries.append((endpoint, url_for(endpoint, slug=event.slug), label, predicate))
    # A page belongs to the entry whose address is the longest start of its own address; the
    # event's home and its settings (the roots of the public and team addresses) hold no section.
    path = request.path
    on_entry = any(request.endpoint == endpoint for endpoint, _, _, _ in entries)
    section = max(
        (url for _, url, _, _ in entries if not url.endswith("/") and path.startswith(url + "/")),
        key=len,
        default=None,
    )
    if on_entry:
        section = None
    return [
        NavItem(
            url=url,
            label=str(label),
            current="page" if request.endpoint == endpoint else "true" if url == section else "",
            is_team=predicate is not None,
        )
        for endpoint, url, label, predicate in entries
    ]


def role_label(role: Any) -> str:
    from .accounts.forms import ROLE_LABELS
    from .accounts.models import Role

    return str(ROLE_LABELS[Role(role)])


def init_app(app: Flask) -> None:
    app.jinja_env.globals["role_label"] = role_label

    @app.context_processor
    def _inject() -> dict[str, Any]:
        return {"event": g.get("event"), "event_nav": event_nav, "can": perms.can}
