"""The organizer's rooms and themes of the agenda (plain forms, reached from the editor)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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


@dataclass(frozen=True)
class _Kind:
    """What differs between the rooms page and the themes page."""

    name: str  # the row's name in the templates: "room", "theme"
    endpoint: str
    list_template: str  # lists them as ``{name}s``
    edit_template: str
    form: type[RoomForm] | type[ThemeForm]
    create: Callable[[Event, Any], Any]
    update: Callable[[Any, Any], Any]
    added: Callable[[Any], str]
    listed: Callable[[Event], list[Any]]
    new_form: Callable[[Any], None] = lambda form: None  # a new row's suggested values


ROOMS = _Kind(
    name="room", endpoint="agenda.rooms", form=RoomForm,
    list_template="agenda/editor/rooms.html", edit_template="agenda/editor/room_form.html",
    create=lambda event, form: room_rules.create_room(
        event, name=form.name.data or "", capacity=form.capacity.data, by=current_user
    ),
    update=lambda room, form: room_rules.update_room(
        room, name=form.name.data or "", capacity=form.capacity.data, by=current_user
    ),
    added=lambda room: _("%(room)s has been added.", room=room.name),
    listed=services.rooms_for,
)  # fmt: skip
THEMES = _Kind(
    name="theme", endpoint="agenda.themes", form=ThemeForm,
    list_template="agenda/editor/themes.html", edit_template="agenda/editor/theme_form.html",
    create=lambda event, form: theme_rules.create_theme(
        event, name=form.name.data or "", color=form.color.data or "", by=current_user
    ),
    update=lambda theme, form: theme_rules.update_theme(
        theme, name=form.name.data or "", color=form.color.data or "", by=current_user
    ),
    added=lambda theme: _("The theme “%(name)s” has been added.", name=theme.name),
    listed=services.themes_for,
    new_form=lambda form: setattr(form.color, "data", "#0b5cab"),
)  # fmt: skip


def _list_or_edit(event: Event, kind: _Kind, row: Any) -> Any:
    """The list of rooms or themes with the form that adds one (``row`` None), or the page that
    edits ``row``; a save goes back to the list."""
    form = kind.form(obj=row)
    if row is None and request.method == "GET":
        kind.new_form(form)
    if form.validate_on_submit():
        with work(form) as done:
            saved = kind.create(event, form) if row is None else kind.update(row, form)
        if done:
            flash(
                kind.added(saved) if row is None else _("Your changes have been saved."), "success"
            )
            return redirect(url_for(kind.endpoint, slug=event.slug))
    status = 422 if form.errors or form.form_errors else 200
    if row is not None:
        return render_template(kind.edit_template, form=form, **{kind.name: row}), status
    listed = {f"{kind.name}s": kind.listed(event)}
    return render_template(kind.list_template, form=form, **listed), status


def _get_room_or_404(event: Event, room_id: int) -> Any:
    room = db.session.get(Room, room_id)
    if room is None or room.event_id != event.id:
        abort(404)
    return room


@bp.route("/manage/<slug>/agenda/rooms", methods=["GET", "POST"], defaults={"room_id": None})
@bp.route("/manage/<slug>/agenda/rooms/<int:room_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def rooms(event: Event, room_id: int | None) -> Any:
    """The rooms with the form that adds one or, with ``room_id``, the form that edits one."""
    return _list_or_edit(
        event, ROOMS, _get_room_or_404(event, room_id) if room_id is not None else None
    )


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


def _get_theme_or_404(event: Event, theme_id: int) -> Any:
    theme = db.session.get(Theme, theme_id)
    if theme is None or theme.event_id != event.id:
        abort(404)
    return theme


@bp.route("/manage/<slug>/agenda/themes", methods=["GET", "POST"], defaults={"theme_id": None})
@bp.route("/manage/<slug>/agenda/themes/<int:theme_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def themes(event: Event, theme_id: int | None) -> Any:
    """The themes with the form that adds one or, with ``theme_id``, the form that edits one."""
    return _list_or_edit(
        event, THEMES, _get_theme_or_404(event, theme_id) if theme_id is not None else None
    )


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
