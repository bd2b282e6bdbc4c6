"""The organizer's people pages: speakers, moderators, discussants and rapporteurs."""

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
from ..validation import db_int
from . import person_services, services
from .forms import DeleteForm, MergeForm, PersonForm
from .labels import KIND_LABELS, ROLE_LABELS
from .models import Person
from .views import bp


def _get_person_or_404(event: Event, person_id: int) -> Person:
    person = person_services.get_person(event, person_id)
    if person is None:
        abort(404)
    return person


def _save_photo(person: Person, form: PersonForm) -> None:
    upload = form.photo.data
    if upload and getattr(upload, "filename", ""):
        person_services.set_photo(person, upload.stream, by=current_user)


@bp.get("/manage/<slug>/people")
@event_route(can_manage_event)
def people(event: Event) -> str:
    everyone = person_services.people_for(event)
    query = (request.args.get("q") or "").strip()
    shown = everyone
    if query:
        needle = services.fold(query)
        shown = [
            p
            for p in everyone
            if needle in services.fold(" ".join((p.name, p.position, p.organization, p.email)))
        ]
    return render_template(
        "agenda/people/list.html",
        people=shown,
        total=len(everyone),
        query=query,
        duplicates=person_services.likely_duplicates(everyone),
        role_labels=ROLE_LABELS,
    )


@bp.route("/manage/<slug>/people/new", methods=["GET", "POST"])
@event_route(can_manage_event)
def new_person(event: Event) -> Any:
    form = PersonForm()
    duplicates: list[Person] = []
    if form.validate_on_submit():
        # A step before creating someone who may already be in the list: use them, or go on.
        if not form.create_anyway.data:
            duplicates = person_services.possible_duplicates(event, form.person_values())
        if not duplicates:
            with work(form) as done:
                person = person_services.create_person(event, form.person_values(), by=current_user)
                _save_photo(person, form)
            if done:
                flash(_("%(name)s has been added.", name=person.display_name), "success")
                return redirect(url_for("agenda.people", slug=event.slug))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "agenda/people/form.html", form=form, person=None, duplicates=duplicates
    ), status


@bp.route("/manage/<slug>/people/<int:person_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def edit_person(event: Event, person_id: int) -> Any:
    person = _get_person_or_404(event, person_id)
    form = PersonForm()
    if request.method == "GET":
        form.fill_from(person)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            person_services.update_person(
                person,
                form.person_values(),
                expected_version=db_int(form.version.data) or 0,
                by=current_user,
            )
            _save_photo(person, form)
        if done.conflict:
            db.session.refresh(person)
            conflict = done.conflict.message
            form.version.data = str(person.version)
        elif done:
            flash(_("Your changes have been saved."), "success")
            return redirect(url_for("agenda.edit_person", slug=event.slug, person_id=person.id))
    status = 409 if conflict else 422 if form.errors or form.form_errors else 200
    return render_template(
        "agenda/people/form.html",
        form=form,
        person=person,
        conflict=conflict,
        items=person_services.person_items(person),
        role_labels=ROLE_LABELS,
        kind_labels=KIND_LABELS,
        delete_form=DeleteForm(),
    ), status


@bp.post("/manage/<slug>/people/<int:person_id>/photo/delete")
@event_route(can_manage_event)
def remove_photo(event: Event, person_id: int) -> Response:
    person = _get_person_or_404(event, person_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    with work() as done:
        person_services.remove_photo(person, by=current_user)
    if done:
        flash(_("The photo has been removed."), "success")
    return redirect(url_for("agenda.edit_person", slug=event.slug, person_id=person.id))


@bp.post("/manage/<slug>/people/<int:person_id>/delete")
@event_route(can_manage_event)
def delete_person(event: Event, person_id: int) -> Response:
    person = _get_person_or_404(event, person_id)
    if not DeleteForm().validate_on_submit():
        abort(400)
    name = person.display_name
    with work() as done:
        person_services.delete_person(person, by=current_user)
    if done:
        flash(_("%(name)s has been deleted.", name=name), "success")
    return redirect(url_for("agenda.people", slug=event.slug))


@bp.route("/manage/<slug>/people/merge", methods=["GET", "POST"])
@event_route(can_manage_event)
def merge_people(event: Event) -> Any:
    everyone = person_services.people_for(event)
    form = MergeForm()
    form.setup(everyone)
    if request.method == "GET":
        form.keep.data = request.args.get("keep", "")
        form.duplicate.data = request.args.get("duplicate", "")
    if form.validate_on_submit():
        keep = person_services.get_person(event, int(form.keep.data))
        duplicate = person_services.get_person(event, int(form.duplicate.data))
        if keep is None or duplicate is None:
            abort(404)
        with work(form) as done:
            person_services.merge_people(keep, duplicate, by=current_user)
        if done:
            flash(
                _("The duplicate has been merged into %(name)s.", name=keep.display_name), "success"
            )
            return redirect(url_for("agenda.edit_person", slug=event.slug, person_id=keep.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template(
        "agenda/people/merge.html",
        form=form,
        duplicates=person_services.likely_duplicates(everyone),
    ), status
