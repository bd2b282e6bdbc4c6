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


def _save(event: Event, kind: hosts.Kind, row: HostOrganization | Signatory | None) -> Any:
    """Add (``row`` None, from the identity page) or edit (on its own page) a host or
    signatory; a stale edit shows both versions (409)."""
    form_class: Any = HostForm if kind.model is HostOrganization else SignatoryForm
    # The add forms share the identity page, so they are prefixed; an edit form is alone on its
    # page, unprefixed (the conflict panel compares fields by name).
    form = form_class(prefix=kind.name if row is None else "")
    if row is not None and request.method == "GET":
        form.fill_from(row)
    conflict = None
    if form.validate_on_submit():
        with work(form) as done:
            saved = hosts.save(
                event, kind, row, form.values(),
                expected_version=edits.expected_version(form), image=form.upload(),
                remove_image=bool(form[f"remove_{kind.image}"].data), by=current_user,
            )  # fmt: skip
        if done:
            if row is None:
                flash(_("%(name)s has been added.", name=saved.name), "success")
            else:
                flash(_("Your changes have been saved."), "success")
            return _back(event)
        if done.conflict and row is not None:
            theirs = form_class(formdata=None)
            theirs.fill_from(row)
            conflict = edits.conflict_for(done.conflict, form, theirs, saved_at=row.updated_at)
    if row is None:
        return _page(event, **{"host_form" if kind.name == "host" else "sig_form": form})
    return render_template(
        "events/identity/edit.html", event=event, row=row, is_host=kind.name == "host",
        form=form, conflict=conflict,
    ), edits.status(form, conflict)  # fmt: skip


@bp.post("/manage/<slug>/identity/hosts", defaults={"host_id": None})
@bp.route("/manage/<slug>/identity/hosts/<int:host_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def save_host(event: Event, host_id: int | None) -> Any:
    return _save(event, hosts.KINDS["host"], _host(event, host_id) if host_id is not None else None)


@bp.post("/manage/<slug>/identity/signatories", defaults={"signatory_id": None})
@bp.route("/manage/<slug>/identity/signatories/<int:signatory_id>", methods=["GET", "POST"])
@event_route(can_manage_event)
def save_signatory(event: Event, signatory_id: int | None) -> Any:
    row = _signatory(event, signatory_id) if signatory_id is not None else None
    return _save(event, hosts.KINDS["signatory"], row)


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
