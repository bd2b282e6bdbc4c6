"""The organizer's "Hosts and signatories" page: the logos and names on the report cover, the
certificates and the badges. Plain forms; reordering is a pair of buttons per row."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response

from .. import edits
from ..accounts.forms import ConfirmForm
from ..accounts.permissions import can_manage_event, event_route
from ..extensions import db
from ..uow import work
from . import hosts
from .forms_identity import HostForm, SignatoryForm
from .identity import HostOrganization, Signatory
from .models import Event
from .views import bp


def _host(event: Event, host_id: int) -> HostOrganization:
    host = db.session.get(HostOrganization, host_id)
    if host is None or host.event_id != event.id:
        abort(404)
    return host


def _signatory(event: Event, signatory_id: int) -> Signatory:
    signatory = db.session.get(Signatory, signatory_id)
    if signatory is None or signatory.event_id != event.id:
        abort(404)
    return signatory


def _back(event: Event) -> Response:
    return redirect(url_for("events.identity", slug=event.slug))


def _page(event: Event, host_form: HostForm | None = None, sig_form: Any = None) -> Any:
    status = 400 if (host_form and host_form.errors) or (sig_form and sig_form.errors) else 200
    return render_template(
        "events/identity/index.html",
        event=event,
        host_form=host_form or HostForm(formdata=None, prefix="host"),
        signatory_form=sig_form or SignatoryForm(formdata=None, prefix="signatory"),
        max_hosts=hosts.MAX_HOSTS,
        max_signatories=hosts.MAX_SIGNATORIES,
    ), status


@bp.get("/manage/<slug>/identity")
@event_route(can_manage_event)
def identity(event: Event) -> Any:
    return _page(event)


@bp.post("/manage/<slug>/identity/hosts")
@event_route(can_manage_event)
def add_host(event: Event) -> Any:
    form = HostForm(prefix="host")
    if form.validate_on_submit():
        with work(form) as done:
            host = hosts.add_host(event, form.values(), logo=form.upload(), by=current_user)
        if done:
            flash(_("%(name)s has been added.", name=host.name), "success")
            return _back(event)
    return _page(event, host_form=form)


@bp.post("/manage/<slug>/identity/signatories")
@event_route(can_manage_event)
def add_signatory(event: Event) -> Any:
    form = SignatoryForm(prefix="signatory")
    if form.validate_on_submit():
        with work(form) as done:
            signatory = hosts.add_signatory(
                event, form.values(), signature=form.upload(), by=current_user
            )
        if done:
            flash(_("%(name)s has been added.", name=signatory.name), "success")
            return _back(event)
    return _page(event, sig_form=form)


def _edit(event: Event, row: HostOrganization | Signatory) -> Any:
    """Edit form of a host or signatory; a stale save shows both versions (409)."""
    is_host = isinstance(row, HostOrganization)
    form_class: Any = HostForm if is_host else SignatoryForm
    form = form_class()  # alone on its page: no prefix (the conflict panel compares by name)
    if request.method == "GET":
        form.fill_from(row)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            if isinstance(row, HostOrganization):
                hosts.update_host(
                    row,
                    form.values(),
                    expected_version=edits.expected_version(form),
                    logo=form.upload(),
                    remove_logo=bool(form.remove_logo.data),
                    by=current_user,
                )
            else:
                hosts.update_signatory(
                    row,
                    form.values(),
                    expected_version=edits.expected_version(form),
                    signature=form.upload(),
                    remove_signature=bool(form.remove_signature.data),
                    by=current_user,
                )
        if done:
            flash(_("Your changes have been saved."), "success")
            return _back(event)
        if done.conflict:
            saved = form_class(formdata=None)
            saved.fill_from(row)
            conflict = edits.conflict_for(done.conflict, form, saved, saved_at=row.updated_at)
    return render_template(
        "events/identity/edit.html", event=event, row=row, is_host=is_host, form=form,
        conflict=conflict,
    ), edits.status(form, conflict)  # fmt: skip


@bp.route("/manage/<slug>/identity/hosts/<int:host_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def edit_host(event: Event, host_id: int) -> Any:
    return _edit(event, _host(event, host_id))


@bp.route("/manage/<slug>/identity/signatories/<int:signatory_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def edit_signatory(event: Event, signatory_id: int) -> Any:
    return _edit(event, _signatory(event, signatory_id))


def _move_or_remove(event: Event, row: HostOrganization | Signatory, action: str) -> Response:
    if not ConfirmForm().validate_on_submit():
        abort(400)
    with work():
        if action == "remove":
            hosts.remove(row, by=current_user)
        else:
            hosts.move(row, -1 if action == "up" else 1, by=current_user)
    if action == "remove":
        flash(_("%(name)s has been removed.", name=row.name), "success")
    return _back(event)


@bp.post("/manage/<slug>/identity/hosts/<int:host_id>/<any(up, down, remove):action>")
@event_route(can_manage_event)
def change_host(event: Event, host_id: int, action: str) -> Response:
    return _move_or_remove(event, _host(event, host_id), action)


@bp.post("/manage/<slug>/identity/signatories/<int:signatory_id>/<any(up, down, remove):action>")
@event_route(can_manage_event)
def change_signatory(event: Event, signatory_id: int, action: str) -> Response:
    return _move_or_remove(event, _signatory(event, signatory_id), action)
