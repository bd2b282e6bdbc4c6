"""Public event pages and the organizer's event settings."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import audit, cache, edits
from ..accounts.permissions import (
    can_create_events,
    can_manage_event,
    event_route,
    public_event_route,
)
from ..content.jinja import page_language
from ..content.services import preload
from ..uow import work
from . import services
from .forms import EventForm
from .models import Event, EventStatus
from .publish_checks import opens_unlimited_registration

bp = Blueprint("events", __name__)


@bp.get("/")
def home() -> str:
    mine = services.events_for_user(current_user) if current_user.is_authenticated else []
    events = services.published_events()
    preload([*events, *(ev for ev, _roles in mine)], page_language())  # titles: one query
    return render_template(
        "events/home.html",
        events=events,
        mine=mine,
        can_create=can_create_events(current_user),
    )


def _page_parts(event: Any) -> tuple[Any, ...]:
    """Everything the overview is made from but the language: the event as it is now."""
    return ("event-page", event.id, event.version)


@bp.get("/events/<slug>/")
@cache.revalidated(_page_parts)
@public_event_route
def show(event: Event) -> Any:
    if not cache.is_anonymous_visit():
        return render_template("events/show.html", event=event)
    # Every anonymous visitor sees the same page: browsers and proxies may revalidate it (304).
    return cache.visitor_page(
        _page_parts(event), lambda: render_template("events/show.html", event=event)
    )


@bp.route("/manage/new", methods=["GET", "POST"])
@login_required
def create() -> Response | str | tuple[str, int]:
    if not can_create_events(current_user):
        abort(403)
    form = EventForm()
    if request.method == "GET":
        form.timezone.data = "America/La_Paz"
        form.main_language.data = "es"
        form.languages.data = ["es", "en"]
        form.status.data = EventStatus.DRAFT.value
        form.offer_timezones()
    if form.validate_on_submit():
        with work(form) as done:
            event = services.create_event(form.event_data(), by=current_user)
        if done:
            flash(_("The event “%(title)s” has been created.", title=event.title), "success")
            return redirect(url_for("events.settings", slug=event.slug))
    return render_template(
        "events/form.html",
        form=form,
        event=None,
        opens_unlimited_registration=opens_unlimited_registration(None),
    ), 400 if form.errors else 200


@bp.route("/manage/<slug>/", methods=["GET", "POST"])
@event_route(can_manage_event)
def settings(event: Event) -> Response | str | tuple[str, int]:
    form = EventForm(saved_timezone=event.timezone)
    if request.method == "GET":
        form.fill_from(event)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            services.update_event(
                event,
                form.event_data(),
                expected_version=edits.expected_version(form),
                by=current_user,
            )
        if done:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("events.settings", slug=event.slug))
        if done.conflict:
            # Their saved event next to what this person typed; the next save is deliberate.
            saved = EventForm(formdata=None)
            saved.fill_from(event)
            conflict = edits.conflict_for(done.conflict, form, saved, saved_at=event.updated_at)
    return render_template(
        "events/form.html",
        form=form,
        event=event,
        conflict=conflict,
        opens_unlimited_registration=opens_unlimited_registration(event),
    ), edits.status(form, conflict)


@bp.get("/manage/<slug>/activity")
@event_route(can_manage_event)
def activity(event: Event) -> str:
    page = request.args.get("page", 1, type=int) or 1
    entries = audit.entries_for(event, page=min(max(page, 1), 100_000))  # an offset the DB takes
    return render_template("events/activity.html", event=event, entries=entries)


from . import (  # noqa: E402,F401  (routes on this blueprint)
    views_copy,  # “copy this event”
    views_identity,  # hosts and signatories
)
