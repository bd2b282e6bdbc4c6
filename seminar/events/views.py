"""Public event pages and the organizer's event settings."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response

from .. import audit
from ..accounts.permissions import (
    can_create_events,
    can_manage_event,
    event_route,
    public_event_route,
)
from ..errors import ConflictError, DomainError
from ..extensions import db
from ..forms import attach_error
from . import services
from .forms import EventForm
from .models import Event, EventStatus

bp = Blueprint("events", __name__)


@bp.get("/")
def home() -> str:
    mine = services.events_for_user(current_user) if current_user.is_authenticated else []
    return render_template(
        "events/home.html",
        events=services.published_events(),
        mine=mine,
        can_create=can_create_events(current_user),
    )


@bp.get("/events/<slug>/")
@public_event_route
def show(event: Event) -> str:
    return render_template("events/show.html", event=event)


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
    if form.validate_on_submit():
        try:
            event = services.create_event(form.event_data(), by=current_user)
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("The event “%(title)s” has been created.", title=event.title), "success")
            return redirect(url_for("events.settings", slug=event.slug))
    return render_template("events/form.html", form=form, event=None), 400 if form.errors else 200


@bp.route("/manage/<slug>/", methods=["GET", "POST"])
@event_route(can_manage_event)
def settings(event: Event) -> Response | str | tuple[str, int]:
    form = EventForm()
    if request.method == "GET":
        form.fill_from(event)
    conflict = None
    if form.validate_on_submit():
        try:
            services.update_event(
                event,
                form.event_data(),
                expected_version=int(form.version.data or 0),
                by=current_user,
            )
        except ConflictError as error:
            db.session.rollback()
            conflict = error.message
        except DomainError as error:
            db.session.rollback()
            attach_error(form, error)
        else:
            db.session.commit()
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("events.settings", slug=event.slug))
    status = 409 if conflict else 400 if form.errors else 200
    theirs = {}
    if conflict:
        # Show what the other person saved next to what this person typed; the next save is deliberate.
        typed = form.event_data()
        theirs = {
            key: getattr(event, key) for key, value in typed.items() if getattr(event, key) != value
        }
        form.version.data = str(event.version)
    return render_template(
        "events/form.html", form=form, event=event, conflict=conflict, theirs=theirs
    ), status


@bp.get("/manage/<slug>/activity")
@event_route(can_manage_event)
def activity(event: Event) -> str:
    page = request.args.get("page", 1, type=int) or 1
    entries = audit.entries_for(event, page=min(max(page, 1), 100_000))  # an offset the DB takes
    return render_template("events/activity.html", event=event, entries=entries)
