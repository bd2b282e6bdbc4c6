"""The organizer's timetable editor: the grid page, its JSON calls, and the plain-form equivalents."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from ..accounts.permissions import can_manage_event, event_route
from ..errors import ConflictError, DomainError, problem
from ..events.models import Event
from ..extensions import db
from ..i18n import format_clock
from ..uow import work
from ..validation import check_lengths, db_int
from . import conflicts, person_services, services
from .forms import ITEM_TEXT_LIMITS, DeleteForm, ItemForm, person_label
from .labels import KIND_LABELS, ROLE_LABELS
from .models import AgendaItem, ItemKind
from .views import bp

DEFAULT_DAY_START = 8 * 60
DEFAULT_DAY_END = 19 * 60


# --- Presenting items ---------------------------------------------------------------------------


def _minutes(moment: datetime, day: date, zone: ZoneInfo) -> int:
    local = moment.astimezone(zone)
    return (local.date() - day).days * 1440 + local.hour * 60 + local.minute


def item_json(item: AgendaItem) -> dict[str, Any]:
    """What the editor needs to draw and move an item; times in the event's zone."""
    zone = ZoneInfo(item.event.timezone)
    start = item.starts_at.astimezone(zone)
    return {
        "id": item.id,
        "version": item.version,
        "title": item.title,
        "kind": item.kind.value,
        "kind_label": str(KIND_LABELS[item.kind]),
        "day": start.date().isoformat(),
        "start": _minutes(item.starts_at, start.date(), zone),
        "end": _minutes(item.ends_at, start.date(), zone),
        "time_label": f"{format_clock(item.starts_at)}–{format_clock(item.ends_at)}",
        "room_id": item.room_id,
        "theme_id": item.theme_id,
        "language": item.language,
        "has_interpretation": item.has_interpretation,
        "is_public": item.is_public,
        "people": [
            {
                "id": link.person_id,
                "name": link.person.display_name,
                "role": link.role.value,
                "role_label": str(ROLE_LABELS[link.role]),
            }
            for link in item.participants
        ],
        "edit_url": url_for("agenda.edit_item", slug=item.event.slug, item_id=item.id),
    }


def editor_state(event: Event) -> dict[str, Any]:
    items = services.items_for(event)
    zone = ZoneInfo(event.timezone)
    start, end = DEFAULT_DAY_START, DEFAULT_DAY_END
    for item in items:
        day = item.starts_at.astimezone(zone).date()
        start = min(start, _minutes(item.starts_at, day, zone) // 60 * 60)
        end = max(end, -(-_minutes(item.ends_at, day, zone) // 60) * 60)
    counts = conflicts.confirmed_by_day(event)
    return {
        "event": {"slug": event.slug, "timezone": event.timezone},
        "days": [
            {"date": d.isoformat(), "label": _day_label(d), "confirmed": counts.get(d, 0)}
            for d in event.days
        ],
        "rooms": [
            {"id": r.id, "name": r.name, "capacity": r.capacity} for r in services.rooms_for(event)
        ],
        "themes": [
            {"id": t.id, "name": t.name, "color": t.color} for t in services.themes_for(event)
        ],
        "kinds": [{"value": k.value, "label": str(label)} for k, label in KIND_LABELS.items()],
        "people": [
            {"id": p.id, "label": person_label(p)} for p in person_services.people_for(event)
        ],
        "roles": [{"value": r.value, "label": str(label)} for r, label in ROLE_LABELS.items()],
        "window": {"start": max(0, start), "end": min(1440, end)},
        "items": [item_json(item) for item in items],
        "conflicts": [c.as_json() for c in conflicts.find_conflicts(event, items)],
        "urls": {
            "items": url_for("agenda.create_item", slug=event.slug),
            "state": url_for("agenda.editor_state_json", slug=event.slug),
            "new_item": url_for("agenda.new_item", slug=event.slug),
            "new_person": url_for("agenda.new_person", slug=event.slug),
        },
    }


def _day_label(day: date) -> str:
    from ..i18n import format_day

    return format_day(day, "full")


def _all_conflicts(event: Event) -> list[dict[str, Any]]:
    return [c.as_json() for c in conflicts.find_conflicts(event, services.items_for(event))]


@bp.app_template_filter("clock")
def clock(value: datetime) -> str:
    """'09:00': a time of day in the event's zone, the one pattern of every page (i18n.py)."""
    return format_clock(value)


def editor_strings() -> dict[str, str]:
    """The editor's messages in the reader's language; placeholders are filled in by the JS."""
    return {
        "no_room": _("No room"),
        "no_theme": _("No theme"),
        "seats": _("%(n)s seats"),
        "confirmed": _("%(n)s confirmed participants"),
        "new_item": _("New agenda item"),
        "edit_item": _("Edit agenda item"),
        "create": _("Add to the agenda"),
        "save": _("Save changes"),
        "saving": _("Saving…"),
        "saved": _("All changes saved"),
        "created": _("“%(title)s” has been added to the agenda."),
        "deleted": _("“%(title)s” has been deleted."),
        "moved": _("“%(title)s”: %(span)s, %(room)s, %(day)s."),
        "confirm_delete": _("Delete “%(title)s”? The public agenda changes when you next publish."),
        "stale": _(
            "Someone else changed this item since you loaded it. Their version is shown; your change was not saved."
        ),
        "network": _(
            "The change could not be saved: the server did not answer. Check your connection and try again."
        ),
        "conflict_flag": _("Conflict"),
        "warning_flag": _("Warning"),
        "internal": _("Internal"),
        "show": _("Show"),
        "conflicts_title_one": _("1 conflict to look at"),
        "conflicts_title": _("%(n)s conflicts to look at"),
        "ends_before_start": _("The item must end after it starts."),
        "room_overlap": _("“%(title)s” and “%(other)s” (%(span)s) overlap in %(room)s."),
        "person_overlap": _(
            "%(person)s is in “%(title)s” and in “%(other)s” (%(span)s) at the same time."
        ),
        "capacity": _(
            "%(room)s seats %(capacity)d, but %(count)d participants are confirmed for that day."
        ),
        "column": _("%(room)s, %(day)s"),
        "item_at": _("%(room)s, %(day)s"),
        "add_here": _("Add an item at %(time)s"),
        "people": _("People"),
        "person_n": _("Person %(n)d"),
        "role_n": _("Role of person %(n)d"),
        "remove_n": _("Remove person %(n)d"),
        "add_person_row": _("Add a person"),
        "no_person": _("Choose a person…"),
        "new_person": _("Someone missing? Add them to the people list"),
        "title_required": _("Give the item a title."),
        "untitled": _("New item"),
    }


# --- The grid and its JSON calls ----------------------------------------------------------------


@bp.get("/manage/<slug>/agenda")
@event_route(can_manage_event)
def editor(event: Event) -> str:
    return render_template(
        "agenda/editor/editor.html",
        event=event,
        state=editor_state(event),
        strings=editor_strings(),
    )


@bp.get("/manage/<slug>/agenda/state.json")
@event_route(can_manage_event)
def editor_state_json(event: Event) -> Any:
    return editor_state(event)


def _payload() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        abort(problem(400, _("Send the change as a JSON object.")))
    return data


def _json_values(event: Event, data: dict[str, Any]) -> dict[str, Any]:
    """Translate the editor's JSON fields into service values (ids to the event's objects)."""
    values: dict[str, Any] = {}
    for key in ("title", "kind", "starts_at", "ends_at", "description", "language"):
        if key in data:
            if data[key] is not None and not isinstance(data[key], str):
                abort(
                    problem(
                        400, _("Send text for the title, kind, times, description and language.")
                    )
                )
            values[key] = data[key]
    check_lengths(values, ITEM_TEXT_LIMITS)
    for key in ("has_interpretation", "is_public"):
        if key in data:
            values[key] = bool(data[key])
    if "room_id" in data:
        values["room"] = services.get_room(event, _int_or_none(data["room_id"]))
    if "theme_id" in data:
        values["theme"] = services.get_theme(event, _int_or_none(data["theme_id"]))
    return values


def _json_participants(event: Event, data: dict[str, Any]) -> list[tuple[Any, str]] | None:
    """The dialog's people rows ([{"person_id", "role"}, ...]) as service entries; None when the
    call does not send them (a move or a resize leaves the people alone)."""
    rows = data.get("participants")
    if rows is None:
        return None
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        abort(problem(400, _("Send the people as a list of people and roles.")))
    entries = []
    for row in rows:
        person = person_services.get_person(event, db_int(row.get("person_id")) or 0)
        if person is None:
            raise DomainError(_("Choose people of this event."), field="participants")
        entries.append((person, str(row.get("role") or "")))
    return entries


def _int_or_none(value: Any) -> int | None:
    """Room, theme and version numbers as the database holds them (InvalidValue: a 400)."""
    return db_int(value)


def _refused(error: DomainError, item: AgendaItem | None = None) -> Response:
    db.session.rollback()
    if isinstance(error, ConflictError) and item is not None:
        db.session.refresh(item)
        return problem(409, error.message, item=item_json(item))
    extra: dict[str, Any] = {"field": error.field}
    if isinstance(error, services.ScheduleConflict):
        extra["conflicts"] = [c.as_json() for c in error.conflicts]
    return problem(error.status, error.message, **extra)


def _get_item_or_404(event: Event, item_id: int) -> AgendaItem:
    item = services.get_item(event, item_id)
    if item is None:
        abort(404)
    return item


@bp.post("/manage/<slug>/agenda/items")
@event_route(can_manage_event)
def create_item(event: Event) -> Any:
    data = _payload()
    with work(flash_errors=False) as done:
        item = services.create_item(event, _json_values(event, data), by=current_user)
        entries = _json_participants(event, data)
        if entries:
            services.set_participants(item, entries, expected_version=item.version, by=current_user)
    if done.failure is not None:
        return _refused(done.failure)
    return {"item": item_json(item), "conflicts": _all_conflicts(event)}, 201


@bp.patch("/manage/<slug>/agenda/items/<int:item_id>")
@event_route(can_manage_event)
def update_item(event: Event, item_id: int) -> Any:
    item = _get_item_or_404(event, item_id)
    data = _payload()
    with work(flash_errors=False) as done:
        values = _json_values(event, data)
        services.update_item(
            item, values, expected_version=_int_or_none(data.get("version")), by=current_user
        )
        entries = _json_participants(event, data)
        if entries is not None:
            services.set_participants(item, entries, expected_version=item.version, by=current_user)
    if done.failure is not None:
        return _refused(done.failure, item)
    return {"item": item_json(item), "conflicts": _all_conflicts(event)}


@bp.delete("/manage/<slug>/agenda/items/<int:item_id>")
@event_route(can_manage_event)
def delete_item(event: Event, item_id: int) -> Any:
    item = _get_item_or_404(event, item_id)
    data = _payload()
    with work(flash_errors=False) as done:
        services.delete_item(
            item, expected_version=_int_or_none(data.get("version")), by=current_user
        )
    if done.failure is not None:
        return _refused(done.failure, item)
    return {"deleted": item_id, "conflicts": _all_conflicts(event)}


# --- Plain forms: the list per day and the item form ---------------------------------------------


@bp.get("/manage/<slug>/agenda/list")
@event_route(can_manage_event)
def item_list(event: Event) -> str:
    items = services.items_for(event)
    found = conflicts.find_conflicts(event, items)
    zone = ZoneInfo(event.timezone)
    by_day: dict[date, list[AgendaItem]] = {day: [] for day in event.days}
    for item in items:
        by_day.setdefault(item.starts_at.astimezone(zone).date(), []).append(item)
    return render_template(
        "agenda/editor/list.html",
        event=event,
        by_day=by_day,
        conflicts=found,
        conflicts_by_item=conflicts.conflicts_by_item(found),
        kind_labels=KIND_LABELS,
        role_labels=ROLE_LABELS,
        pauses={ItemKind.BREAK, ItemKind.MEAL},
    )


def _item_form(event: Event) -> tuple[ItemForm, dict[int, Any], dict[int, Any]]:
    rooms, themes = services.rooms_for(event), services.themes_for(event)
    form = ItemForm()
    if form.adds_row:
        form.participants.append_entry()
    form.setup(event, rooms, themes, person_services.people_for(event))
    return form, {r.id: r for r in rooms}, {t.id: t for t in themes}


def _save_participants(event: Event, item: AgendaItem, form: ItemForm) -> None:
    entries = []
    for person_id, role in form.participant_rows():
        person = person_services.get_person(event, person_id)
        if person is None:
            raise DomainError(_("Choose people of this event."), field="participants")
        entries.append((person, role))
    services.set_participants(item, entries, expected_version=item.version, by=current_user)


def _flash_warnings(event: Event, item: AgendaItem) -> None:
    for conflict in conflicts.check_slot(event, conflicts.slot_of(item)):
        flash(conflict.message, "warning")


@bp.route("/manage/<slug>/agenda/items/new", methods=["GET", "POST"])
@event_route(can_manage_event)
def new_item(event: Event) -> Any:
    form, rooms, themes = _item_form(event)
    if request.method == "GET":
        form.day.data = request.args.get("day") or event.starts_on.isoformat()
        form.room.data = request.args.get("room", "")
    if not form.adds_row and form.validate_on_submit():
        with work(form) as done:
            item = services.create_item(event, form.item_values(rooms, themes), by=current_user)
            _save_participants(event, item, form)
        if done:
            flash(_("“%(title)s” has been added to the agenda.", title=item.title), "success")
            _flash_warnings(event, item)
            return redirect(url_for("agenda.item_list", slug=event.slug) + f"#item-{item.id}")
    status = 422 if form.errors or form.form_errors else 200
    return render_template("agenda/editor/item_form.html", form=form, item=None), status


@bp.route("/manage/<slug>/agenda/items/<int:item_id>/edit", methods=["GET", "POST"])
@event_route(can_manage_event)
def edit_item(event: Event, item_id: int) -> Any:
    item = _get_item_or_404(event, item_id)
    form, rooms, themes = _item_form(event)
    if request.method == "GET":
        form.fill_from(item)
        form.setup(
            event, list(rooms.values()), list(themes.values()), person_services.people_for(event)
        )
    conflict = None
    if not form.adds_row and form.validate_on_submit():
        with work(form) as done:
            services.update_item(
                item,
                form.item_values(rooms, themes),
                expected_version=_int_or_none(form.version.data),
                by=current_user,
            )
            _save_participants(event, item, form)
        if done.conflict:
            conflict = done.conflict.message
            db.session.refresh(item)
        elif done:
            flash(_("Your changes to “%(title)s” have been saved.", title=item.title), "success")
            _flash_warnings(event, item)
            return redirect(url_for("agenda.item_list", slug=event.slug) + f"#item-{item.id}")
    if conflict:
        form.version.data = str(item.version)  # the next save is a deliberate overwrite
    status = 409 if conflict else 422 if form.errors or form.form_errors else 200
    return render_template(
        "agenda/editor/item_form.html",
        form=form,
        item=item,
        conflict=conflict,
        theirs=item_json(item) if conflict else None,
        delete_form=DeleteForm(version=str(item.version)),
    ), status


@bp.post("/manage/<slug>/agenda/items/<int:item_id>/delete")
@event_route(can_manage_event)
def remove_item(event: Event, item_id: int) -> Response:
    item = _get_item_or_404(event, item_id)
    form = DeleteForm()
    if not form.validate_on_submit():
        abort(400)
    title = item.title
    with work() as done:
        services.delete_item(
            item, expected_version=_int_or_none(form.version.data), by=current_user
        )
    if not done:
        return redirect(url_for("agenda.edit_item", slug=event.slug, item_id=item_id))
    flash(_("“%(title)s” has been deleted.", title=title), "success")
    return redirect(url_for("agenda.item_list", slug=event.slug))
