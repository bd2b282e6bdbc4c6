"""The organizer's rooms and themes of the agenda (plain forms, reached from the editor)."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.permissions import can_manage_event, event_route
from ..events.models import Event
from ..extensions import db
from ..uow import work
from . import rooms as room_rules
from . import services
from . import themes as theme_rules
from .forms import DeleteForm, RoomForm, ThemeForm
from .models import Room, Theme
from .views import bp


@bp.route("/manage/<slug>/agenda/rooms", methods=["GET", "POST"])
@event_route(can_manage_event)
def rooms(event: Event) -> Any:
    form = RoomForm()
    if form.validate_on_submit():
        with work(form) as done:
            room = room_rules.create_room(
                event, name=form.name.data or "", capacity=form.capacity.data, by=current_user
            )
        if done:
            flash(_("%(room)s has been added.", room=room.name), "success")
            return redirect(url_for("agenda.rooms", slug=event.slug))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "agenda/editor/rooms.html", form=form, rooms=services.rooms_for(event)
    ), status


def _get_room_or_404(event: Event, room_id: int) -> Any:
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        abort(404)
    return room


@bp.route("/manage/<slug>/agenda/rooms/<int:room_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def edit_room(event: Event, room_id: int) -> Any:
    room = _get_room_or_404(event, room_id)
    form = RoomForm(obj=room)
    if form.validate_on_submit():
        with work(form) as done:
            room_rules.update_room(
                room, name=form.name.data or "", capacity=form.capacity.data, by=current_user
            )
        if done:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("agenda.rooms", slug=event.slug))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("agenda/editor/room_form.html", form=form, room=room), status


@bp.post("/manage/<slug>/agenda/rooms/<int:room_id>/<any(up, down, delete):action>")
@event_route(can_manage_event)
def change_room(event: Event, room_id: int, action: str) -> Response:
    room = _get_room_or_404(event, room_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    name = room.name
    with work() as done:
        if action == "delete":
            room_rules.delete_room(room, by=current_user)
        else:
            room_rules.move_room(room, offset=-1 if action == "up" else 1, by=current_user)
    if done and action == "delete":
        flash(_("%(room)s has been deleted.", room=name), "success")
    return redirect(url_for("agenda.rooms", slug=event.slug))


@bp.route("/manage/<slug>/agenda/themes", methods=["GET", "POST"])
@event_route(can_manage_event)
def themes(event: Event) -> Any:
    form = ThemeForm()
    if request.method == "GET":
        form.color.data = "#0b5cab"
    if form.validate_on_submit():
        with work(form) as done:
            theme = theme_rules.create_theme(
                event, name=form.name.data or "", color=form.color.data or "", by=current_user
            )
        if done:
            flash(_("The theme “%(name)s” has been added.", name=theme.name), "success")
            return redirect(url_for("agenda.themes", slug=event.slug))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "agenda/editor/themes.html", form=form, themes=services.themes_for(event)
    ), status


def _get_theme_or_404(event: Event, theme_id: int) -> Any:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.event_id != event.id:
        abort(404)
    return theme


@bp.route("/manage/<slug>/agenda/themes/<int:theme_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def edit_theme(event: Event, theme_id: int) -> Any:
    theme = _get_theme_or_404(event, theme_id)
    form = ThemeForm(obj=theme)
    if form.validate_on_submit():
        with work(form) as done:
            theme_rules.update_theme(
                theme, name=form.name.data or "", color=form.color.data or "", by=current_user
            )
        if done:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("agenda.themes", slug=event.slug))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("agenda/editor/theme_form.html", form=form, theme=theme), status


@bp.post("/manage/<slug>/agenda/themes/<int:theme_id>/delete")
@event_route(can_manage_event)
def delete_theme(event: Event, theme_id: int) -> Response:
    theme = _get_theme_or_404(event, theme_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    name = theme.name
    with work() as done:
        theme_rules.delete_theme(theme, by=current_user)
    if done:
        flash(_("The theme “%(name)s” has been deleted.", name=name), "success")
    return redirect(url_for("agenda.themes", slug=event.slug))
