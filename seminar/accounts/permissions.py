"""Permission predicates: one place that says who may do what on an event.

Views use ``event_route(predicate)``; templates use the same predicates through ``can``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import abort, g, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import bindparam, select

from ..events.models import Event, EventStatus
from ..extensions import db
from .models import Membership, Role

F = TypeVar("F", bound=Callable[..., Any])


def roles_for(user: Any, event: Event) -> frozenset[Role]:
    """The user's roles on the event, loaded once per request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cache: dict[tuple[int, int], frozenset[Role]] = g.setdefault("_roles", {})
    key = (user.id, event.id)
    if key not in cache:
        cache[key] = frozenset(
            db.session.scalars(
                select(Membership.role).where(
                    Membership.user_id == user.id, Membership.event_id == event.id
                )
            )
        )
    return cache[key]


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False) and user.is_admin)


def is_member(user: Any, event: Event) -> bool:
    return is_admin(user) or bool(roles_for(user, event))


def can_view_event(user: Any, event: Event) -> bool:
    return event.status != EventStatus.DRAFT or is_member(user, event)


def can_manage_event(user: Any, event: Event) -> bool:
    """Organizers (and site admins) run the event: settings, team, agenda, registrations."""
    return is_admin(user) or Role.ORGANIZER in roles_for(user, event)


def can_edit_report(user: Any, event: Event) -> bool:
    return is_admin(user) or bool({Role.ORGANIZER, Role.RAPPORTEUR} & roles_for(user, event))


def can_check_in(user: Any, event: Event) -> bool:
    return is_admin(user) or bool({Role.ORGANIZER, Role.CHECKIN} & roles_for(user, event))


def can_enter_manage_area(user: Any, event: Event) -> bool:
    """Any team member sees the organizer area's front page (read-only unless organizer)."""
    return is_member(user, event)


def can_create_events(user: Any) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_admin:
        return True
    return (
        db.session.scalar(
            select(Membership.id)
            .where(Membership.user_id == user.id, Membership.role == Role.ORGANIZER)
            .limit(1)
        )
        is not None
    )


PREDICATES = {
    "view_event": can_view_event,
    "manage_event": can_manage_event,
    "edit_report": can_edit_report,
    "check_in": can_check_in,
    "enter_manage_area": can_enter_manage_area,
}


def can(action: str, event: Event) -> bool:
    """Template helper: ``{% if can('manage_event', event) %}``."""
    return PREDICATES[action](current_user, event)


# Built once: every event page starts with this query, and building it each time is measurable.
_EVENT_BY_SLUG = select(Event).where(Event.slug == bindparam("slug"))


def load_event(slug: str) -> Event:
    event = db.session.scalar(_EVENT_BY_SLUG, {"slug": slug})
    if event is None:
        abort(404)
    g.event = event
    return event


def event_route(predicate: Callable[[Any, Event], bool]) -> Callable[[F], F]:
    """Load the event named by ``slug`` and authorize the current user for it.

    Anonymous visitors are sent to sign in; signed-in users without the role get 403. The event
    reaches the view as ``event`` instead of ``slug``.
    """

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, slug: str, **kwargs: Any) -> Any:
            event = load_event(slug)
            if not predicate(current_user, event):
                if not current_user.is_authenticated:
                    return redirect(url_for("accounts.login", next=request.full_path.rstrip("?")))
                abort(403)
            return view(*args, event=event, **kwargs)

        wrapper.required_permission = predicate.__name__  # type: ignore[attr-defined]
        return cast(F, wrapper)

    return decorator


def public_event_route(view: F) -> F:
    """A public page of an event: drafts are shown only to the event's team (404 for others)."""

    @wraps(view)
    def wrapper(*args: Any, slug: str, **kwargs: Any) -> Any:
        event = load_event(slug)
        if not can_view_event(current_user, event):
            abort(404)
        return view(*args, event=event, **kwargs)

    return cast(F, wrapper)
